package dev.mxsdk.testkit;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import org.jspecify.annotations.Nullable;

/**
 * Receives the body of an upload into the media store, within {@code m.upload.size}: refused up
 * front when {@code Content-Length} is above it, and cut off when the body grows past it (a chunked
 * body declares no length).
 */
final class UploadBody {
  /** The type stored when the upload names none, as the spec has it. */
  private static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";

  private final MediaStore store;
  private final long maxUploadSize;

  UploadBody(MediaStore store, long maxUploadSize) {
    this.store = store;
    this.maxUploadSize = maxUploadSize;
  }

  /**
   * Stores the body with its {@code Content-Type} and the {@code filename} query parameter, or
   * answers {@code 413 M_TOO_LARGE} and returns null.
   */
  MediaStore.@Nullable StoredObject receive(HttpExchange exchange) throws IOException {
    String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
    if (contentType == null) contentType = DEFAULT_CONTENT_TYPE;
    String fileName = Exchanges.query(exchange).get("filename");
    String length = exchange.getRequestHeaders().getFirst("Content-Length");
    if (length != null && length.matches("[0-9]{1,18}") && Long.parseLong(length) > maxUploadSize) {
      tooLarge(exchange);
      return null;
    }
    try (InputStream in = exchange.getRequestBody()) {
      return store.store(in, contentType, fileName, maxUploadSize);
    } catch (MediaStore.TooLargeException e) {
      tooLarge(exchange);
      return null;
    }
  }

  private static void tooLarge(HttpExchange exchange) throws IOException {
    Exchanges.error(exchange, 413, "M_TOO_LARGE", "Upload larger than m.upload.size");
  }
}
