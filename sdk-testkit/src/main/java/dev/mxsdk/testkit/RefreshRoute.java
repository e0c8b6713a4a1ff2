package dev.mxsdk.testkit;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.Map;

/**
 * {@code POST /_matrix/client/v3/refresh}: rotates a device's tokens. A refresh token works once;
 * a used or unknown one is answered {@code 401 M_UNKNOWN_TOKEN} without soft logout.
 */
final class RefreshRoute implements Route {
  private final Accounts accounts;

  RefreshRoute(Accounts accounts) {
    this.accounts = accounts;
  }

  @Override
  public void handle(HttpExchange exchange, RouteRequest request) throws IOException {
    Map<?, ?> body = Exchanges.readJsonObject(exchange, LoginRoute.MAX_BODY_BYTES);
    if (body == null) return;
    Object token = body.get("refresh_token");
    if (!(token instanceof String)) {
      Exchanges.error(exchange, 400, "M_BAD_JSON", "refresh_token must be a string");
      return;
    }
    Accounts.Device device = accounts.refresh((String) token);
    if (device == null) {
      Exchanges.json(exchange, 401, "{\"errcode\":\"M_UNKNOWN_TOKEN\","
          + "\"error\":\"Unknown refresh token\",\"soft_logout\":false}");
      return;
    }
    Exchanges.json(exchange, 200, "{" + LoginRoute.tokenFields(accounts, device) + "}");
  }
}
