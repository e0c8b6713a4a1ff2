package dev.mxsdk.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;

/**
 * The outermost handler of one origin: records the request, sets the origin's CORS headers,
 * answers preflights, and hands everything else to the origin's router.
 */
final class OriginHandler implements HttpHandler {
  private final RequestLog log;
  private final Cors cors;
  private final HttpHandler router;

  OriginHandler(RequestLog log, Cors cors, HttpHandler router) {
    this.log = log;
    this.cors = cors;
    this.router = router;
  }

  @Override
  public void handle(HttpExchange exchange) {
    log.record(exchange);
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

  private static void closeQuietly(HttpExchange exchange) {
    try {
      exchange.close();
    } catch (RuntimeException e) {
      // Already closed: nothing left to release.
    }
  }
}
