package dev.mxsdk.testkit;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Authenticates homeserver requests: the access tokens configured on the builder, then those
 * issued by logins and refreshes.
 *
 * <p>Security: tokens are compared in constant time, and no token is put into a response, an
 * exception or {@link #toString()}. Thread-safe.
 */
final class AccessTokens {
  /** The scheme prefix of {@code Authorization: Bearer <token>}, matched case-insensitively. */
  private static final String BEARER = "Bearer ";

  private final List<String> configured;
  private final Accounts accounts;

  AccessTokens(List<String> configured, Accounts accounts) {
    this.configured = Collections.unmodifiableList(new ArrayList<>(configured));
    this.accounts = accounts;
  }

  /**
   * Returns {@code route} behind authentication: a request without a valid token is answered
   * {@code 401}; the route sees the token as {@link RouteRequest#accessToken()}.
   */
  Route required(Route route) {
    return (exchange, request) -> {
      String token = authenticate(exchange);
      if (token != null) route.handle(exchange, request.withAccessToken(token));
    };
  }

  /** Returns the caller's token, or answers 401 and returns null. */
  @Nullable String authenticate(HttpExchange exchange) throws IOException {
    String token = bearer(exchange);
    if (token == null) {
      Exchanges.error(exchange, 401, "M_MISSING_TOKEN", "Missing access token");
      return null;
    }
    for (String accepted : configured) {
      if (MessageDigest.isEqual(accepted.getBytes(StandardCharsets.UTF_8),
          token.getBytes(StandardCharsets.UTF_8))) {
        return accepted;
      }
    }
    switch (accounts.check(token)) {
      case VALID:
        return token;
      case EXPIRED:
        Exchanges.json(exchange, 401, "{\"errcode\":\"M_UNKNOWN_TOKEN\","
            + "\"error\":\"Access token has expired\",\"soft_logout\":true}");
        return null;
      default:
        Exchanges.error(exchange, 401, "M_UNKNOWN_TOKEN", "Unrecognised access token");
        return null;
    }
  }

  /**
   * The request's access token: from {@code Authorization: Bearer}, or, only when no
   * {@code Authorization} header was sent, from the deprecated {@code access_token} query
   * parameter; null if there is none.
   */
  static @Nullable String bearer(HttpExchange exchange) {
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return authorization.substring(BEARER.length()).trim();
    }
    return authorization == null ? Exchanges.query(exchange).get("access_token") : null;
  }

  @Override
  public String toString() {
    return "AccessTokens[" + configured.size() + " configured]";
  }
}
