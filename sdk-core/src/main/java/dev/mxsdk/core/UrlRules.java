package dev.mxsdk.core;

import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * The URL rules every request of the SDK obeys, in one place: what an origin is, which hosts are
 * loopback, and when plain http is allowed.
 *
 * <ul>
 *   <li>An origin is scheme, host and port ({@code https://example.org:443}); credentials go to
 *       the homeserver's origin only.
 *   <li>Plain http is allowed only with the client's {@code allowInsecureLoopback} setting, only to
 *       a loopback host ({@code 127.0.0.0/8}, {@code ::1}, {@code localhost}), and never after an
 *       https URL (no https to http redirect).
 *   <li>A URL carrying a user name or password is refused: it is someone's credentials.
 * </ul>
 *
 * <p>Messages built by these methods show origins only, never paths, queries or user info.
 */
public final class UrlRules {
  private UrlRules() {}

  /**
   * Returns {@code scheme://host:port}: all that messages and diagnostics may show of a URL.
   *
   * @param url the URL
   * @return the URL's origin, with an IPv6 host in brackets and the port always written
   */
  public static String origin(HttpUrl url) {
    String host = url.host();
    if (host.indexOf(':') >= 0) host = "[" + host + "]";
    return url.scheme() + "://" + host + ":" + url.port();
  }

  /**
   * Whether {@code a} and {@code b} have the same scheme, host and port.
   *
   * @param a a URL
   * @param b another URL
   * @return true if both URLs are on the same origin
   */
  public static boolean sameOrigin(HttpUrl a, HttpUrl b) {
    return a.scheme().equals(b.scheme()) && a.host().equals(b.host()) && a.port() == b.port();
  }

  /**
   * Whether {@code host} is {@code localhost}, in {@code 127.0.0.0/8}, or {@code ::1}.
   *
   * @param host a host name or IP address literal, as {@link HttpUrl#host()} gives it
   * @return true if {@code host} is a loopback host
   */
  public static boolean isLoopback(String host) {
    if (host.equalsIgnoreCase("localhost")) return true;
    if (host.equals("::1") || host.equals("0:0:0:0:0:0:0:1")) return true;
    String[] parts = host.split("\\.", -1);
    if (parts.length != 4 || !parts[0].equals("127")) return false;
    for (String part : parts) {
      if (part.isEmpty() || part.length() > 3) return false;
      for (int i = 0; i < part.length(); i++) {
        char c = part.charAt(i);
        if (c < '0' || c > '9') return false;
      }
      if (Integer.parseInt(part) > 255) return false;
    }
    return true;
  }

  /**
   * Returns why {@code url} may not be requested, or null if it may: user info, plain http without
   * the loopback allowance or to a non-loopback host, or plain http after {@code from} was https.
   *
   * @param url the URL to check
   * @param from the URL that redirected here, or null for the first request of a chain
   * @param allowInsecureLoopback the client's setting
   * @return a description of the problem, or null if {@code url} may be requested
   */
  public static @Nullable String problem(HttpUrl url, @Nullable HttpUrl from,
      boolean allowInsecureLoopback) {
    if (!url.username().isEmpty() || !url.password().isEmpty()) {
      return "refused a " + (from != null ? "redirect to a " : "")
          + "URL with a user name or password (" + origin(url) + ")";
    }
    if (url.isHttps()) return null;
    if (from != null && from.isHttps()) {
      return "refused a redirect from https to plain http (" + origin(url) + ")";
    }
    if (!allowInsecureLoopback) {
      return "refused plain http to " + origin(url)
          + ": only https is allowed (allowInsecureLoopback(true) permits loopback hosts)";
    }
    if (!isLoopback(url.host())) {
      return "refused plain http to " + origin(url)
          + ": insecure http is allowed to loopback addresses only";
    }
    return null;
  }
}
