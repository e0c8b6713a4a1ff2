package dev.mxsdk.testkit;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /.well-known/matrix/client}: the body the test set with {@link
 * TestHomeserver#wellKnown(String)}, served as it is (so it may be broken on purpose), or {@code
 * 404} when it is null.
 */
final class WellKnownRoute implements Route {
  private final AtomicReference<@Nullable String> body;

  WellKnownRoute(AtomicReference<@Nullable String> body) {
    this.body = body;
  }

  @Override
  public void handle(HttpExchange exchange, RouteRequest request) throws IOException {
    String json = body.get();
    if (json == null) {
      Exchanges.error(exchange, 404, "M_NOT_FOUND", "No .well-known");
    } else {
      Exchanges.json(exchange, 200, json);
    }
  }
}
