package dev.mxsdk.testkit;

import com.squareup.moshi.JsonReader;
import com.sun.net.httpserver.HttpExchange;
import dev.mxsdk.testkit.internal.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Map;
import okio.Buffer;
import org.jspecify.annotations.Nullable;

/**
 * The account endpoints of the homeserver origin: {@code .well-known/matrix/client}, login
 * (password), refresh, logout and whoami.
 */
final class AccountHandler {
  private static final long MAX_BODY = 64 * 1024;

  private final TestHomeserver server;
  private final Accounts accounts;

  AccountHandler(TestHomeserver server, Accounts accounts) {
    this.server = server;
    this.accounts = accounts;
  }

  /** Answers {@code path} if it is an account endpoint; returns false otherwise. */
  boolean handle(HttpExchange exchange, String path) throws IOException {
    String method = exchange.getRequestMethod();
    switch (path) {
      case "/.well-known/matrix/client":
        if (!method.equals("GET")) return methodNotAllowed(exchange);
        String body = server.wellKnownBody();
        if (body == null) {
          Exchanges.error(exchange, 404, "M_NOT_FOUND", "No .well-known");
        } else {
          Exchanges.json(exchange, 200, body);
        }
        return true;
      case "/_matrix/client/v3/login":
        if (method.equals("GET")) {
          Exchanges.json(exchange, 200, "{\"flows\":[{\"type\":\"m.login.password\"}]}");
        } else if (method.equals("POST")) {
          login(exchange);
        } else {
          methodNotAllowed(exchange);
        }
        return true;
      case "/_matrix/client/v3/refresh":
        if (!method.equals("POST")) return methodNotAllowed(exchange);
        refresh(exchange);
        return true;
      case "/_matrix/client/v3/logout":
        if (!method.equals("POST")) return methodNotAllowed(exchange);
        logout(exchange);
        return true;
      default:
        return false;
    }
  }

  private static boolean methodNotAllowed(HttpExchange exchange) throws IOException {
    Exchanges.error(exchange, 405, "M_UNRECOGNIZED", "Unrecognized request method");
    return true;
  }

  private void login(HttpExchange exchange) throws IOException {
    Map<?, ?> body = readObject(exchange);
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
      user = body.get("user"); // the deprecated top-level form
    }
    Object password = body.get("password");
    Object deviceId = body.get("device_id");
    if (!(user instanceof String) || !(password instanceof String)
        || (deviceId != null && !(deviceId instanceof String))) {
      Exchanges.error(exchange, 400, "M_BAD_JSON", "user, password and device_id must be strings");
      return;
    }
    String localpart = (String) user;
    String serverName = server.serverName();
    if (localpart.startsWith("@")) {
      int colon = localpart.indexOf(':');
      String name = colon < 0 ? "" : localpart.substring(colon + 1);
      if (!name.equals(serverName) && !name.equals(server.authority())) {
        Exchanges.error(exchange, 403, "M_FORBIDDEN", "Invalid username or password");
        return;
      }
      serverName = name;
      localpart = localpart.substring(1, colon);
    }
    Accounts.Device device = accounts.login(localpart, "@" + localpart + ":" + serverName,
        (String) password, (String) deviceId, Boolean.TRUE.equals(body.get("refresh_token")));
    if (device == null) {
      Exchanges.error(exchange, 403, "M_FORBIDDEN", "Invalid username or password");
      return;
    }
    Exchanges.json(exchange, 200, "{\"user_id\":" + Json.quote(device.userId)
        + ",\"device_id\":" + Json.quote(device.deviceId) + tokens(device) + "}");
  }

  private void refresh(HttpExchange exchange) throws IOException {
    Map<?, ?> body = readObject(exchange);
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
    Exchanges.json(exchange, 200, "{" + tokens(device).substring(1) + "}");
  }

  private void logout(HttpExchange exchange) throws IOException {
    String token = HomeserverHandler.bearer(exchange);
    if (token == null || !accounts.logout(token)) {
      Exchanges.error(exchange, 401, "M_UNKNOWN_TOKEN", "Unrecognised access token");
      return;
    }
    Exchanges.json(exchange, 200, "{}");
  }

  private String tokens(Accounts.Device device) {
    StringBuilder b = new StringBuilder(",\"access_token\":").append(Json.quote(device.accessToken));
    if (device.refreshToken != null) {
      b.append(",\"refresh_token\":").append(Json.quote(device.refreshToken));
    }
    long expiresIn = accounts.expiresInMillis(device);
    if (expiresIn >= 0) b.append(",\"expires_in_ms\":").append(expiresIn);
    return b.toString();
  }

  /** Reads a JSON object body, or answers 400 and returns null. */
  private static @Nullable Map<?, ?> readObject(HttpExchange exchange) throws IOException {
    Buffer buffer = new Buffer();
    try (InputStream in = exchange.getRequestBody()) {
      byte[] chunk = new byte[8192];
      for (int n; (n = in.read(chunk)) != -1; ) {
        buffer.write(chunk, 0, n);
        if (buffer.size() > MAX_BODY) {
          Exchanges.error(exchange, 413, "M_TOO_LARGE", "Body too large");
          return null;
        }
      }
    }
    try {
      Object value = JsonReader.of(buffer).readJsonValue();
      if (value instanceof Map) return (Map<?, ?>) value;
    } catch (IOException | RuntimeException e) {
      // answered below
    }
    Exchanges.error(exchange, 400, "M_NOT_JSON", "Content not JSON.");
    return null;
  }

  static String authority(String baseUrl) {
    URI uri = URI.create(baseUrl);
    return uri.getHost() + ":" + uri.getPort();
  }
}
