package dev.mxsdk.testkit;

import com.sun.net.httpserver.HttpExchange;
import dev.mxsdk.core.MxcUri;
import java.io.IOException;
import java.io.InputStream;
import org.jspecify.annotations.Nullable;

/**
 * Receives the body of an upload into the media store as a real server does, and records each
 * judgement in the {@link UploadLog}:
 *
 * <ul>
 *   <li>the limit {@code m.upload.size}: refused up front when {@code Content-Length} is above it,
 *       cut off when a chunked body grows past it ({@code 413 M_TOO_LARGE});
 *   <li>the declared length: a body that ends before its {@code Content-Length} (the client broke
 *       off) is not stored and not answered; its bytes are only recorded;
 *   <li>the body goes to a file as it arrives, never into memory, whatever its size.
 * </ul>
 */
final class UploadBody {
  /** The type stored when the upload names none, as the spec has it. */
  private static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";

  /** What one upload's body turned out to be. */
  static final class Received {
    final String method;
    final @Nullable String contentType;
    final @Nullable String fileName;
    final long declaredLength;
    final long receivedLength;
    /** The stored object, or null when the upload was refused (and answered). */
    final MediaStore.@Nullable StoredObject object;

    Received(String method, @Nullable String contentType, @Nullable String fileName,
        long declaredLength, long receivedLength, MediaStore.@Nullable StoredObject object) {
      this.method = method;
      this.contentType = contentType;
      this.fileName = fileName;
      this.declaredLength = declaredLength;
      this.receivedLength = receivedLength;
      this.object = object;
    }
  }

  private final MediaStore store;
  private final long maxUploadSize;
  private final UploadLog log;

  UploadBody(MediaStore store, long maxUploadSize, UploadLog log) {
    this.store = store;
    this.maxUploadSize = maxUploadSize;
    this.log = log;
  }

  /**
   * Stores the body with its {@code Content-Type} and the {@code filename} query parameter; when
   * it is too large, answers {@code 413 M_TOO_LARGE}, records that, and returns a result without
   * an object. A body that breaks off is recorded (for {@code target}) and its failure thrown,
   * which closes the connection unanswered.
   */
  Received receive(HttpExchange exchange, @Nullable MxcUri target) throws IOException {
    String method = exchange.getRequestMethod();
    String sentType = exchange.getRequestHeaders().getFirst("Content-Type");
    String contentType = sentType != null ? sentType : DEFAULT_CONTENT_TYPE;
    String fileName = Exchanges.query(exchange).get("filename");
    String length = exchange.getRequestHeaders().getFirst("Content-Length");
    long declared = length != null && length.matches("[0-9]{1,18}") ? Long.parseLong(length) : -1;
    if (declared > maxUploadSize) {
      Received refused = new Received(method, sentType, fileName, declared, 0, null);
      record(refused, target, 413);
      tooLarge(exchange);
      return refused;
    }
    long[] received = new long[1];
    try (InputStream in = exchange.getRequestBody()) {
      MediaStore.StoredObject object =
          store.store(in, contentType, fileName, maxUploadSize, received);
      return new Received(method, sentType, fileName, declared, received[0], object);
    } catch (MediaStore.TooLargeException e) {
      Received refused = new Received(method, sentType, fileName, declared, received[0], null);
      record(refused, target, 413);
      tooLarge(exchange);
      return refused;
    } catch (IOException e) {
      // The body ended before its declared length or mid-chunk: nothing is stored or answered.
      record(new Received(method, sentType, fileName, declared, received[0], null), target, -1);
      throw e;
    }
  }

  /** Records the outcome of {@code received} for {@code mxc}, answered with {@code status}. */
  void record(Received received, @Nullable MxcUri mxc, int status) {
    MediaStore.StoredObject object = status == 200 ? received.object : null;
    log.record(new RecordedUpload(received.method, mxc, received.contentType, received.fileName,
        received.declaredLength, received.receivedLength, object != null ? object.sha256 : null,
        status));
  }

  private static void tooLarge(HttpExchange exchange) throws IOException {
    Exchanges.error(exchange, 413, "M_TOO_LARGE", "Upload larger than m.upload.size");
  }
}
