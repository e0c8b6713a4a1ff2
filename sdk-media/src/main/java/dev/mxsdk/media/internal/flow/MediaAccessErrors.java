package dev.mxsdk.media.internal.flow;

import com.squareup.moshi.JsonReader;
import dev.mxsdk.core.MatrixApiException;
import dev.mxsdk.media.MediaNotAttachedException;
import dev.mxsdk.media.MediaNotViewableException;
import java.io.IOException;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.jspecify.annotations.Nullable;

/**
 * Turns the homeserver's refusals of a media request into the typed errors of MSC3910 and
 * MSC3911: {@code 401 M_MISSING_CONTENT_TOKEN}, {@code 403 M_UNAUTHORIZED} and
 * {@code 403 M_FORBIDDEN} become {@link MediaNotViewableException}, and a 403 whose body says
 * {@code "org.matrix.msc3911.attached": false} a {@link MediaNotAttachedException}. Other errors
 * are returned as they are.
 */
final class MediaAccessErrors {
  /** How much of an error body is looked at for the attached marker. */
  private static final long MAX_PEEK = 16 * 1024;

  private MediaAccessErrors() {}

  /**
   * Peeks at {@code response}'s body (not consuming it) for the attached marker: true when the
   * body is a JSON object with {@code "org.matrix.msc3911.attached": false}.
   */
  static boolean markedNotAttached(Response response) {
    if (response.code() != 403) return false;
    try {
      ResponseBody peeked = response.peekBody(MAX_PEEK);
      JsonReader reader = JsonReader.of(peeked.source());
      if (reader.peek() != JsonReader.Token.BEGIN_OBJECT) return false;
      reader.beginObject();
      while (reader.hasNext()) {
        String name = reader.nextName();
        if (name.equals(MediaNotAttachedException.ATTACHED_FIELD)
            && reader.peek() == JsonReader.Token.BOOLEAN) {
          return !reader.nextBoolean();
        }
        reader.skipValue();
      }
    } catch (IOException | RuntimeException e) {
      // Not a readable JSON object: no marker.
    }
    return false;
  }

  /** {@code error} as its typed form, {@code notAttached} from {@link #markedNotAttached}. */
  static MatrixApiException typed(MatrixApiException error, boolean notAttached) {
    if (error instanceof MediaNotViewableException) return error;
    String errcode = error.errcode();
    MatrixApiException typed;
    if (error.status() == 401 && "M_MISSING_CONTENT_TOKEN".equals(errcode)) {
      typed = new MediaNotViewableException(401, errcode, error.error());
    } else if (error.status() == 403
        && ("M_UNAUTHORIZED".equals(errcode) || "M_FORBIDDEN".equals(errcode))) {
      typed = notAttached
          ? new MediaNotAttachedException(403, errcode, error.error())
          : new MediaNotViewableException(403, errcode, error.error());
    } else {
      return error;
    }
    typed.initCause(error);
    return typed;
  }

  /** {@link #typed} for an error read from {@code response} (not yet closed). */
  static MatrixApiException typed(MatrixApiException error, @Nullable Response response) {
    return typed(error, response != null && markedNotAttached(response));
  }
}
