package dev.mxsdk.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.jspecify.annotations.Nullable;

/**
 * The outermost handler of one origin: records the request, sets the origin's CORS headers,
 * answers preflights, hands everything else to the origin's router, and writes the access log
 * line, if there is an access log, once the answer is done.
 */
final class OriginHandler implements HttpHandler {
  private final RequestLog log;
  private final Cors cors;
  private final HttpHandler router;
  private final @Nullable AccessLog accessLog;
  private final String origin;

  /** @param origin the origin's name in the access log: {@code homeserver} or {@code cdn} */
  OriginHandler(RequestLog log, Cors cors, HttpHandler router, @Nullable AccessLog accessLog,
      String origin) {
    this.log = log;
    this.cors = cors;
    this.router = router;
    this.accessLog = accessLog;
    this.origin = origin;
  }

  @Override
  public void handle(HttpExchange exchange) {
    log.record(exchange);
    if (accessLog == null) {
      answer(exchange);
      return;
    }
    long arrived = accessLog.now();
    long start = System.nanoTime();
    CountingOutputStream body = new CountingOutputStream(exchange.getResponseBody());
    exchange.setStreams(null, body);
    try {
      answer(exchange);
    } finally {
      accessLog.write(origin, exchange, arrived, System.nanoTime() - start, body.count);
    }
  }

  private void answer(HttpExchange exchange) {
    try {
      cors.everyResponse(exchange.getResponseHeaders());
      if (exchange.getRequestMethod().equals("OPTIONS")) {
        cors.preflight(exchange.getResponseHeaders());
        Exchanges.empty(exchange, 204);
        return;
      }
      router.handle(exchange);
    } catch (IOException | RuntimeException e) {
      // The client went away mid-response, or a fault abandoned the body on purpose: close the
      // exchange, which closes the connection when the body is incomplete.
      closeQuietly(exchange);
    }
  }

  /** Counts the bytes of the response body, for the access log. */
  private static final class CountingOutputStream extends FilterOutputStream {
    long count;

    CountingOutputStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }

  private static void closeQuietly(HttpExchange exchange) {
    try {
      exchange.close();
    } catch (RuntimeException e) {
      // Already closed: nothing left to release.
    }
  }
}
