package dev.mxsdk.testkit;

import com.sun.net.httpserver.HttpExchange;
import dev.mxsdk.testkit.internal.Json;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /_matrix/client/v3/account/whoami}: the user and device of a login's token; a
 * configured token belongs to {@code @testkit}, without a device. With MSC4250 on, {@code
 * ?org.matrix.msc4250.set_auth_cookie=true} also sets a media cookie ({@link MediaCookies}).
 */
final class WhoamiRoute implements Route {
  private final Accounts accounts;
  private final String serverName;
  private final @Nullable MediaCookies cookies;

  WhoamiRoute(Accounts accounts, String serverName, @Nullable MediaCookies cookies) {
    this.accounts = accounts;
    this.serverName = serverName;
    this.cookies = cookies;
  }

  @Override
  public void handle(HttpExchange exchange, RouteRequest request) throws IOException {
    Accounts.Device device = accounts.device(request.accessToken());
    if (cookies != null && MediaCookies.asked(exchange)) {
      exchange.getResponseHeaders().add("Set-Cookie", cookies.issue(request.accessToken()));
    }
    Exchanges.json(exchange, 200, device != null
        ? "{\"user_id\":" + Json.quote(device.userId) + ",\"device_id\":"
            + Json.quote(device.deviceId) + "}"
        : "{\"user_id\":" + Json.quote("@testkit:" + serverName) + "}");
  }
}
