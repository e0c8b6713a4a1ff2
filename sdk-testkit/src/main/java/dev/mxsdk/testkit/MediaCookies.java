package dev.mxsdk.testkit;

import com.sun.net.httpserver.HttpExchange;
import dev.mxsdk.core.Clock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * MSC4250 ("Authenticated media v2"): the short-lived media cookies the homeserver sets on {@code
 * GET /_matrix/client/v3/account/whoami?org.matrix.msc4250.set_auth_cookie=true}, and the
 * authentication of the v1 download and thumbnail routes by cookie, token or both.
 *
 * <ul>
 *   <li>A cookie is {@value #NAME}, a random 192-bit value, host-only (no {@code Domain}), {@code
 *       Path=/_matrix/client/v1/media/}, {@code Max-Age} and {@code Expires} from the configured
 *       lifetime on the server's clock, {@code HttpOnly}, {@code SameSite=Strict} (the proposal's
 *       example), and {@code Secure} when the server runs TLS.
 *   <li>Expiry is checked against this server's own record, never the client's copy (as the
 *       proposal asks): an expired or unknown {@value #NAME} is answered {@code 401
 *       M_UNKNOWN_TOKEN}; so is a cookie whose device has logged out.
 *   <li>Cookie and access token together must name the same user and device (the mismatch rule),
 *       else {@code 401 M_UNKNOWN_TOKEN}. Cookies of other names are ignored (no cookie at all:
 *       {@code 401 M_MISSING_TOKEN}), as are media cookies on every other route.
 * </ul>
 *
 * <p>Security: cookie values are compared in constant time and never put into a response body, an
 * exception or {@link #toString()}. Thread-safe (every method touching the table is synchronized).
 */
final class MediaCookies {
  /** The {@code unstable_features} flag advertised while the switch is on. */
  static final String FEATURE = "org.matrix.msc4250";
  /** The query parameter that asks {@code whoami} for a cookie (the proposal's unstable name). */
  static final String PARAMETER = "org.matrix.msc4250.set_auth_cookie";
  /** The cookie's name (the proposal leaves it to the implementation). */
  static final String NAME = "mxsdk_testkit_media";
  /** The cookie's path: the endpoints that accept it live under it. */
  static final String PATH = "/_matrix/client/v1/media/";

  private static final int VALUE_BYTES = 24;

  /** One issued cookie: whose it is and until when. */
  private static final class Issued {
    final String value;
    final String userId;
    final @Nullable String deviceId;
    /** The token it was issued for; stands in for a device-less (configured) token's identity. */
    final String issuingToken;
    final long expiresAtMillis;

    Issued(String value, String userId, @Nullable String deviceId, String issuingToken,
        long expiresAtMillis) {
      this.value = value;
      this.userId = userId;
      this.deviceId = deviceId;
      this.issuingToken = issuingToken;
      this.expiresAtMillis = expiresAtMillis;
    }
  }

  private final Accounts accounts;
  private final AccessTokens auth;
  private final String serverName;
  private final Clock clock;
  private final long lifetimeMillis;
  private final boolean secure;
  private final SecureRandom random = new SecureRandom();
  private final List<Issued> issued = new ArrayList<>();

  MediaCookies(Accounts accounts, AccessTokens auth, String serverName, Clock clock,
      long lifetimeMillis, boolean secure) {
    this.accounts = accounts;
    this.auth = auth;
    this.serverName = serverName;
    this.clock = clock;
    this.lifetimeMillis = lifetimeMillis;
    this.secure = secure;
  }

  /** Whether {@code exchange} asks for a cookie: {@value #PARAMETER} is exactly {@code true}. */
  static boolean asked(HttpExchange exchange) {
    return "true".equals(Exchanges.query(exchange).get(PARAMETER));
  }

  /** Issues a cookie for the user and device of the valid {@code accessToken}; the header value. */
  String issue(String accessToken) {
    byte[] raw = new byte[VALUE_BYTES];
    random.nextBytes(raw);
    String value = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    long now = clock.nowMillis();
    Accounts.Device device = accounts.device(accessToken);
    Issued cookie = new Issued(value, device != null ? device.userId : configuredUser(),
        device != null ? device.deviceId : null, accessToken, now + lifetimeMillis);
    synchronized (this) {
      issued.removeIf(c -> now >= c.expiresAtMillis);
      issued.add(cookie);
    }
    return NAME + "=" + value + "; Path=" + PATH + "; Max-Age=" + lifetimeMillis / 1000
        + "; Expires=" + DateTimeFormatter.RFC_1123_DATE_TIME.format(
            Instant.ofEpochMilli(cookie.expiresAtMillis).atOffset(ZoneOffset.UTC))
        + (secure ? "; Secure" : "") + "; HttpOnly; SameSite=Strict";
  }

  /**
   * Returns {@code route} behind MSC4250 authentication: a valid media cookie, a valid access
   * token, or both for the same user and device. The route sees an access token of the
   * authenticated identity as {@link RouteRequest#accessToken()} (for a cookie alone: its device's
   * current token, or the configured token it was issued for).
   */
  Route required(Route route) {
    return (exchange, request) -> {
      String token = authenticate(exchange);
      if (token != null) route.handle(exchange, request.withAccessToken(token));
    };
  }

  private @Nullable String authenticate(HttpExchange exchange) throws IOException {
    String value = cookieValue(exchange);
    if (value == null) return auth.authenticate(exchange);
    Issued cookie = find(value);
    String cookieToken = cookie == null ? null : currentToken(cookie);
    if (cookie == null || cookieToken == null) {
      Exchanges.error(exchange, 401, "M_UNKNOWN_TOKEN", "Unrecognised or expired media cookie");
      return null;
    }
    if (AccessTokens.bearer(exchange) == null) return cookieToken;
    String token = auth.authenticate(exchange);
    if (token == null) return null;
    Accounts.Device device = accounts.device(token);
    String userId = device != null ? device.userId : configuredUser();
    String deviceId = device != null ? device.deviceId : null;
    if (!userId.equals(cookie.userId) || !Objects.equals(deviceId, cookie.deviceId)) {
      Exchanges.error(exchange, 401, "M_UNKNOWN_TOKEN",
          "The media cookie and the access token belong to different users or devices");
      return null;
    }
    return token;
  }

  /** The valid cookie with {@code value}, or null if unknown or expired on this server's clock. */
  private synchronized @Nullable Issued find(String value) {
    byte[] wanted = value.getBytes(StandardCharsets.UTF_8);
    long now = clock.nowMillis();
    for (Iterator<Issued> it = issued.iterator(); it.hasNext(); ) {
      Issued c = it.next();
      if (MessageDigest.isEqual(c.value.getBytes(StandardCharsets.UTF_8), wanted)) {
        return now < c.expiresAtMillis ? c : null;
      }
    }
    return null;
  }

  /** The access token that stands for {@code cookie} now; null if its device logged out. */
  private @Nullable String currentToken(Issued cookie) {
    if (cookie.deviceId == null) return cookie.issuingToken;
    return accounts.accessToken(cookie.userId, cookie.deviceId);
  }

  private String configuredUser() {
    return "@testkit:" + serverName;
  }

  /** The value of the first {@value #NAME} in the request's {@code Cookie} headers, or null. */
  static @Nullable String cookieValue(HttpExchange exchange) {
    List<String> headers = exchange.getRequestHeaders().get("Cookie");
    if (headers == null) return null;
    for (String header : headers) {
      for (String pair : header.split(";")) {
        int eq = pair.indexOf('=');
        if (eq < 0) continue;
        if (pair.substring(0, eq).trim().equals(NAME)) {
          String v = pair.substring(eq + 1).trim();
          if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1);
          }
          return v;
        }
      }
    }
    return null;
  }

  @Override
  public synchronized String toString() {
    return "MediaCookies[" + issued.size() + " issued]";
  }
}
