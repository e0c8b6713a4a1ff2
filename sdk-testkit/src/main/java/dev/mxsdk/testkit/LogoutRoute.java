package dev.mxsdk.testkit;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;

/**
 * {@code POST /_matrix/client/v3/logout}: deletes the device of the caller's token. Only tokens
 * issued by a login can log out; a configured one is answered {@code 401 M_UNKNOWN_TOKEN}.
 */
final class LogoutRoute implements Route {
  private final Accounts accounts;

  LogoutRoute(Accounts accounts) {
    this.accounts = accounts;
  }

  @Override
  public void handle(HttpExchange exchange, RouteRequest request) throws IOException {
    String token = AccessTokens.bearer(exchange);
    if (token == null || !accounts.logout(token)) {
      Exchanges.error(exchange, 401, "M_UNKNOWN_TOKEN", "Unrecognised access token");
      return;
    }
    Exchanges.json(exchange, 200, "{}");
  }
}
