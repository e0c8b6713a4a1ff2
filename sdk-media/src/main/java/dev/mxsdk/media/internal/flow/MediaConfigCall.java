package dev.mxsdk.media.internal.flow;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonEncodingException;
import com.squareup.moshi.JsonReader;
import dev.mxsdk.core.CallHandle;
import dev.mxsdk.core.HomeserverPath;
import dev.mxsdk.core.MatrixApiException;
import dev.mxsdk.core.MatrixClient;
import dev.mxsdk.media.MediaProtocolException;
import java.io.EOFException;
import java.io.IOException;
import okhttp3.Request;
import okhttp3.Response;
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
  public long uploadSize(final CallHandle handle) throws IOException {
    return path.retrying(new HomeserverPath.Attempt<Long>() {
      @Override
      public Long run(int attempt) throws IOException {
        Negotiation.Route route = negotiation.route();
        while (true) {
          Request request = path.newRequest(negotiation.config(route)).build();
          Response response = path.execute(request, true, handle);
          try {
            return parseUploadSize(path.successBody(response, "GET /media/config").source());
          } catch (MatrixApiException e) {
            if (route.family == Negotiation.Family.V1 && e.status() == 404
                && "M_UNRECOGNIZED".equals(e.errcode())) {
              route = negotiation.fallBack(route);
              continue;
            }
            throw e;
          } finally {
            response.close();
          }
        }
      }
    }, true, handle);
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
