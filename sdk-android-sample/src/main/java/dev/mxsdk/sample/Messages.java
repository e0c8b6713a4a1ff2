package dev.mxsdk.sample;

import dev.mxsdk.core.MatrixApiException;
import dev.mxsdk.media.MediaIntegrityException;
import dev.mxsdk.media.MediaProtocolException;
import dev.mxsdk.media.MediaTooLargeException;
import dev.mxsdk.media.RedirectPolicyException;
import java.io.FileNotFoundException;
import java.io.IOException;

/**
 * What the user reads when a load or an upload fails: one short sentence per kind of failure, never the
 * exception's message (which is for logs, and for a user says too little or too much).
 */
final class Messages {
  static final String NOT_SIGNED_IN = "Not signed in: no Matrix session in this process.";
  static final String NO_MEDIA = "No media to show.";
  static final String DAMAGED = "Could not show this image: it was damaged or tampered with in "
      + "transit.";
  static final String PROTOCOL = "Could not show this image: the server broke the media protocol.";
  static final String TOO_LARGE = "Too large to show here.";
  static final String NOT_FOUND = "This image is no longer on the server.";
  static final String BLOCKED = "Could not show this image: its server redirected somewhere unsafe.";
  static final String NOT_AN_IMAGE = "This file is not an image.";
  static final String NETWORK = "Could not load this image. Check your connection.";
  static final String CANNOT_PLAY = "Could not play this video.";
  static final String UPLOADING = "Uploading, end-to-end encrypted...";
  static final String UPLOAD_CANCELED = "Upload canceled.";
  static final String UPLOAD_TOO_LARGE = "This file is larger than your server accepts.";
  static final String UPLOAD_CHANGED = "The file changed while it was being uploaded. Try again.";
  static final String UPLOAD_UNREADABLE = "This file can no longer be read. Pick it again.";
  static final String UPLOAD_BUSY = "Your server is busy. Try again in a moment.";
  static final String UPLOAD_NETWORK = "Could not upload this file. Check your connection.";

  private Messages() {}

  /** What a finished upload shows. */
  static String uploaded(String name, String mxcUri) {
    return "Uploaded " + name + " as " + mxcUri + ".";
  }

  /** The sentence shown for a failed upload. */
  static String describeUpload(IOException e) {
    if (e instanceof MediaTooLargeException) return UPLOAD_TOO_LARGE;
    if (e instanceof MediaIntegrityException) return UPLOAD_CHANGED;
    if (e instanceof FileNotFoundException) return UPLOAD_UNREADABLE;
    if (e instanceof MatrixApiException) {
      MatrixApiException api = (MatrixApiException) e;
      if (api.status() == 429 || api.status() == 503) return UPLOAD_BUSY;
      return "Could not upload this file: the server answered HTTP " + api.status() + ".";
    }
    return UPLOAD_NETWORK;
  }

  /** The sentence shown for {@code e}. */
  static String describe(IOException e) {
    if (e instanceof MediaIntegrityException) return DAMAGED;
    if (e instanceof MediaProtocolException) return PROTOCOL;
    if (e instanceof MediaTooLargeException) return TOO_LARGE;
    if (e instanceof RedirectPolicyException) return BLOCKED;
    if (e instanceof SampledDecoder.NotAnImageException) return NOT_AN_IMAGE;
    if (e instanceof MatrixApiException) {
      MatrixApiException api = (MatrixApiException) e;
      if (api.status() == 404) return NOT_FOUND;
      return "Could not load this image: the server answered HTTP " + api.status() + ".";
    }
    return NETWORK;
  }
}
