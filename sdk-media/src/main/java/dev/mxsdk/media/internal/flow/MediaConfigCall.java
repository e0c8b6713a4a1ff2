package dev.mxsdk.media.internal.flow;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonEncodingException;
import com.squareup.moshi.JsonReader;
import dev.mxsdk.core.CallHandle;
import dev.mxsdk.core.HomeserverPath;
import dev.mxsdk.core.MatrixClient;
import dev.mxsdk.media.MediaProtocolException;
import java.io.EOFException;
import java.io.IOException;
import okhttp3.HttpUrl;
import okio.BufferedSource;

/**
 * {@code GET /_matrix/client/v1/media/config} (or the legacy {@code /_matrix/media/v3/config}):
 * authenticated, no redirect followed, retried as an idempotent request, with the same v1
 * fallback as downloads. Reads {@code m.upload.size}.
 */
public final class MediaConfigCall {
  static final String UPLOAD_SIZE = "m.upload.size";

  private final HomeserverPath path;
  private final Negotiation negotiation;

  public MediaConfigCall(MatrixClient client, Negotiation negotiation) {
    this.path = client.homeserverPath();
    this.negotiation = negotiation;
  }

  /** Fetches {@code m.upload.size}; -1 when the server omits it. */
  public long uploadSize() throws IOException {
    return uploadSize(new CallHandle());
  }

  /** As {@link #uploadSize()}, as part of the operation {@code handle} cancels (an upload). */
  public long uploadSize(CallHandle handle) throws IOException {
    return NegotiatedGet.run(path, negotiation, new NegotiatedGet.Endpoint() {
      @Override
      public HttpUrl on(Negotiation.Route route) {
        return negotiation.config(route);
      }
    }, new NegotiatedGet.BodyReader<Long>() {
      @Override
      public Long read(BufferedSource body) throws IOException {
        return parseUploadSize(body);
      }
    }, "GET /media/config", handle);
  }

  static long parseUploadSize(BufferedSource source) throws IOException {
    JsonReader reader = JsonReader.of(source);
    long size = -1;
    try {
      reader.beginObject();
      while (reader.hasNext()) {
        if (reader.nextName().equals(UPLOAD_SIZE) && reader.peek() == JsonReader.Token.NUMBER) {
          size = reader.nextLong();
        } else {
          reader.skipValue();
        }
      }
      reader.endObject();
    } catch (JsonDataException | JsonEncodingException | EOFException e) {
      // Truncated or malformed JSON is the server's fault: a typed error, not a bare EOFException.
      throw new MediaProtocolException("the media config is not valid JSON: " + e.getMessage(), e);
    }
    return size;
  }
}
