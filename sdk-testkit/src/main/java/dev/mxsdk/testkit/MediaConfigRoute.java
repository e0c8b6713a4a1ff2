package dev.mxsdk.testkit;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;

/** {@code GET .../media/config}: the upload limit, {@code m.upload.size}. */
final class MediaConfigRoute implements Route {
  private final String body;

  MediaConfigRoute(long maxUploadSize) {
    this.body = "{\"m.upload.size\":" + maxUploadSize + "}";
  }

  @Override
  public void handle(HttpExchange exchange, RouteRequest request) throws IOException {
    Exchanges.json(exchange, 200, body);
  }
}
