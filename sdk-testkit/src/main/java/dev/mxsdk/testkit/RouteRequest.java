package dev.mxsdk.testkit;

import java.util.Collections;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the router and the layers in front of a {@link Route} learned about a request: the values
 * of the path template's parameters and, behind {@link AccessTokens#required(Route)}, the caller's
 * access token.
 *
 * <p>Security: {@link #toString()} names the parameters but prints no value, so neither an access
 * token nor a sealed CDN token can reach a log line through it. Immutable.
 */
final class RouteRequest {
  private final Map<String, String> rawPath;
  private final @Nullable String accessToken;

  RouteRequest(Map<String, String> rawPath) {
    this(Collections.unmodifiableMap(rawPath), null);
  }

  private RouteRequest(Map<String, String> rawPath, @Nullable String accessToken) {
    this.rawPath = rawPath;
    this.accessToken = accessToken;
  }

  /**
   * The percent-decoded value of path parameter {@code name}.
   *
   * @throws IllegalArgumentException if the matched template has no such parameter
   */
  String path(String name) {
    return Exchanges.decode(rawPath(name));
  }

  /** Like {@link #path(String)}, or null if the matched template has no parameter {@code name}. */
  @Nullable String optionalPath(String name) {
    String raw = rawPath.get(name);
    return raw == null ? null : Exchanges.decode(raw);
  }

  /**
   * The value of path parameter {@code name} as sent, not decoded.
   *
   * @throws IllegalArgumentException if the matched template has no such parameter
   */
  String rawPath(String name) {
    String raw = rawPath.get(name);
    if (raw == null) throw new IllegalArgumentException("no path parameter " + name);
    return raw;
  }

  /**
   * The access token the request was authenticated with.
   *
   * @throws IllegalStateException if the route is not behind {@link AccessTokens#required(Route)}
   */
  String accessToken() {
    if (accessToken == null) throw new IllegalStateException("route is not authenticated");
    return accessToken;
  }

  RouteRequest withAccessToken(String accessToken) {
    return new RouteRequest(rawPath, accessToken);
  }

  @Override
  public String toString() {
    return "RouteRequest" + rawPath.keySet() + (accessToken != null ? ", authenticated" : "");
  }
}
