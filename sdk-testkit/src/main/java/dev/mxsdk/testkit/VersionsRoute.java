package dev.mxsdk.testkit;

import com.sun.net.httpserver.HttpExchange;
import dev.mxsdk.testkit.internal.Json;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** {@code GET /_matrix/client/versions}: the configured spec versions and unstable features. */
final class VersionsRoute implements Route {
  private final String body;

  VersionsRoute(List<String> versions, Map<String, Boolean> unstableFeatures) {
    StringBuilder b = new StringBuilder("{\"versions\":[");
    for (int i = 0; i < versions.size(); i++) {
      if (i > 0) b.append(',');
      b.append(Json.quote(versions.get(i)));
    }
    b.append("],\"unstable_features\":{");
    boolean first = true;
    for (Map.Entry<String, Boolean> e : unstableFeatures.entrySet()) {
      if (!first) b.append(',');
      first = false;
      b.append(Json.quote(e.getKey())).append(':').append(e.getValue());
    }
    this.body = b.append("}}").toString();
  }

  @Override
  public void handle(HttpExchange exchange, RouteRequest request) throws IOException {
    Exchanges.json(exchange, 200, body);
  }
}
