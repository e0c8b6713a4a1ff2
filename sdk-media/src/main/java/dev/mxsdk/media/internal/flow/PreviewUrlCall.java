package dev.mxsdk.media.internal.flow;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonEncodingException;
import com.squareup.moshi.JsonReader;
import dev.mxsdk.core.CallHandle;
import dev.mxsdk.core.HomeserverPath;
import dev.mxsdk.core.MalformedResponseException;
import dev.mxsdk.core.MatrixClient;
import java.io.EOFException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import okhttp3.HttpUrl;
import okio.BufferedSource;

/**
 * {@code GET /_matrix/client/v1/media/preview_url?url=[&ts=]} (or the legacy
 * {@code /_matrix/media/v3/preview_url}): authenticated, no redirect followed, retried as an
 * idempotent request, with the same v1 fallback as downloads and config. Reads the OpenGraph
 * object: strings, numbers and booleans; {@code og:image} must be a string and
 * {@code matrix:image:size} a whole number when present.
 */
public final class PreviewUrlCall {
  static final String WHAT = "GET /media/preview_url";
  static final String OG_IMAGE = "og:image";
  static final String MATRIX_IMAGE_SIZE = "matrix:image:size";

  private final HomeserverPath path;
  private final Negotiation negotiation;

  public PreviewUrlCall(MatrixClient client, Negotiation negotiation) {
    this.path = client.homeserverPath();
    this.negotiation = negotiation;
  }

  /** Fetches the preview of {@code url} ({@code ts} negative for none). */
  public Map<String, Object> preview(final String url, final long ts) throws IOException {
    // The URL goes in as a secret: it may carry what its owner keeps private, and the server's
    // error text is never to echo it into a message.
    return NegotiatedGet.run(path, negotiation, new NegotiatedGet.Endpoint() {
      @Override
      public HttpUrl on(Negotiation.Route route) {
        return negotiation.previewUrl(route, url, ts);
      }
    }, new NegotiatedGet.BodyReader<Map<String, Object>>() {
      @Override
      public Map<String, Object> read(BufferedSource body) throws IOException {
        return parse(body);
      }
    }, WHAT, new CallHandle(), url);
  }

  static Map<String, Object> parse(BufferedSource source) throws IOException {
    JsonReader reader = JsonReader.of(source);
    Map<String, Object> result = new LinkedHashMap<String, Object>();
    try {
      if (reader.peek() != JsonReader.Token.BEGIN_OBJECT) {
        throw new MalformedResponseException(WHAT + ": expected an object but was "
            + reader.peek());
      }
      reader.beginObject();
      while (reader.hasNext()) {
        String name = reader.nextName();
        JsonReader.Token token = reader.peek();
        if (name.equals(OG_IMAGE) && token != JsonReader.Token.STRING
            && token != JsonReader.Token.NULL) {
          throw new MalformedResponseException(WHAT + ": " + OG_IMAGE
              + " expected a string but was " + token);
        }
        Object value;
        switch (token) {
          case STRING:
            value = reader.nextString();
            break;
          case NUMBER:
            value = number(reader.nextString());
            break;
          case BOOLEAN:
            value = reader.nextBoolean();
            break;
          default:
            // null, arrays and objects are no OpenGraph values.
            reader.skipValue();
            continue;
        }
        if (name.equals(MATRIX_IMAGE_SIZE) && !(value instanceof Long)) {
          throw new MalformedResponseException(WHAT + ": " + MATRIX_IMAGE_SIZE
              + " expected a whole number but was " + token);
        }
        // A repeated name keeps its first value.
        if (!result.containsKey(name)) result.put(name, value);
      }
      reader.endObject();
    } catch (JsonDataException | JsonEncodingException | EOFException e) {
      throw new MalformedResponseException(WHAT + ": not valid JSON: " + e.getMessage(), e);
    }
    return result;
  }

  /** A JSON number as a Long when it is a whole number that fits, else a Double. */
  private static Object number(String text) {
    if (text.matches("-?[0-9]{1,18}")) return Long.parseLong(text);
    return Double.valueOf(text);
  }
}
