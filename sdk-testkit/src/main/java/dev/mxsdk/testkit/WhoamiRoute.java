package dev.mxsdk.testkit;

import com.sun.net.httpserver.HttpExchange;
import dev.mxsdk.testkit.internal.Json;
import java.io.IOException;

/**
 * {@code GET /_matrix/client/v3/account/whoami}: the user and device of a login's token; a
 * configured token belongs to {@code @testkit}, without a device.
 */
final class WhoamiRoute implements Route {
  private final Accounts accounts;
  private final String serverName;

  WhoamiRoute(Accounts accounts, String serverName) {
    this.accounts = accounts;
    this.serverName = serverName;
  }

  @Override
  public void handle(HttpExchange exchange, RouteRequest request) throws IOException {
    Accounts.Device device = accounts.device(request.accessToken());
    Exchanges.json(exchange, 200, device != null
        ? "{\"user_id\":" + Json.quote(device.userId) + ",\"device_id\":"
            + Json.quote(device.deviceId) + "}"
        : "{\"user_id\":" + Json.quote("@testkit:" + serverName) + "}");
  }
}
