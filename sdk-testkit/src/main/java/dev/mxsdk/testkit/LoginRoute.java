package dev.mxsdk.testkit;

import com.sun.net.httpserver.HttpExchange;
import dev.mxsdk.testkit.internal.Json;
import java.io.IOException;
import java.util.Map;

/**
 * {@code POST /_matrix/client/v3/login}: {@code m.login.password} with identifier {@code
 * m.id.user} (or the deprecated top-level {@code user}), given as a localpart or as a full user ID
 * on the server name or on the server's own {@code host:port}.
 */
final class LoginRoute implements Route {
  /** The login flows {@code GET /_matrix/client/v3/login} advertises. */
  static final String FLOWS = "{\"flows\":[{\"type\":\"m.login.password\"}]}";

  /** Bound on a login or refresh body: far above any real one, far below a memory problem. */
  static final long MAX_BODY_BYTES = 64 * 1024;

  private final Accounts accounts;
  private final String serverName;
  private final String authority;

  LoginRoute(Accounts accounts, String serverName, String authority) {
    this.accounts = accounts;
    this.serverName = serverName;
    this.authority = authority;
  }

  @Override
  public void handle(HttpExchange exchange, RouteRequest request) throws IOException {
    Map<?, ?> body = Exchanges.readJsonObject(exchange, MAX_BODY_BYTES);
    if (body == null) return;
    if (!"m.login.password".equals(body.get("type"))) {
      Exchanges.error(exchange, 400, "M_UNKNOWN", "Unknown login type");
      return;
    }
    Object user = null;
    Object identifier = body.get("identifier");
    if (identifier instanceof Map) {
      Map<?, ?> id = (Map<?, ?>) identifier;
      if (!"m.id.user".equals(id.get("type"))) {
        Exchanges.error(exchange, 400, "M_UNKNOWN", "Unknown identifier type");
        return;
      }
      user = id.get("user");
    } else if (identifier == null) {
      user = body.get("user");
    }
    Object password = body.get("password");
    Object deviceId = body.get("device_id");
    if (!(user instanceof String) || !(password instanceof String)
        || (deviceId != null && !(deviceId instanceof String))) {
      Exchanges.error(exchange, 400, "M_BAD_JSON", "user, password and device_id must be strings");
      return;
    }
    String localpart = (String) user;
    String userServer = serverName;
    if (localpart.startsWith("@")) {
      int colon = localpart.indexOf(':');
      String name = colon < 0 ? "" : localpart.substring(colon + 1);
      if (!name.equals(serverName) && !name.equals(authority)) {
        Exchanges.error(exchange, 403, "M_FORBIDDEN", "Invalid username or password");
        return;
      }
      userServer = name;
      localpart = localpart.substring(1, colon);
    }
    Accounts.Device device = accounts.login(localpart, "@" + localpart + ":" + userServer,
        (String) password, (String) deviceId, Boolean.TRUE.equals(body.get("refresh_token")));
    if (device == null) {
      Exchanges.error(exchange, 403, "M_FORBIDDEN", "Invalid username or password");
      return;
    }
    Exchanges.json(exchange, 200, "{\"user_id\":" + Json.quote(device.userId)
        + ",\"device_id\":" + Json.quote(device.deviceId) + "," + tokenFields(accounts, device)
        + "}");
  }

  /**
   * The token fields of a login or refresh answer: {@code access_token}, and {@code
   * refresh_token} and {@code expires_in_ms} when the device has them.
   */
  static String tokenFields(Accounts accounts, Accounts.Device device) {
    StringBuilder b = new StringBuilder("\"access_token\":").append(Json.quote(device.accessToken));
    if (device.refreshToken != null) {
      b.append(",\"refresh_token\":").append(Json.quote(device.refreshToken));
    }
    long expiresIn = accounts.expiresInMillis(device);
    if (expiresIn >= 0) b.append(",\"expires_in_ms\":").append(expiresIn);
    return b.toString();
  }
}
