package dev.mxsdk.media.internal.flow;

import dev.mxsdk.media.RedirectPolicy;
import dev.mxsdk.media.RedirectPolicyException;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/** The built-in rules every URL of a download must pass, and origin helpers. */
final class UrlRules {
  private UrlRules() {}

  /** Returns {@code scheme://host:port}: what diagnostics and messages may show of a URL. */
  static String origin(HttpUrl url) {
    String host = url.host();
    if (host.indexOf(':') >= 0) host = "[" + host + "]";
    return url.scheme() + "://" + host + ":" + url.port();
  }

  static boolean sameOrigin(HttpUrl a, HttpUrl b) {
    return a.scheme().equals(b.scheme()) && a.host().equals(b.host()) && a.port() == b.port();
  }

  /** Returns true for {@code localhost}, {@code 127.0.0.0/8} and {@code ::1}. */
  static boolean isLoopback(String host) {
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
   * Checks {@code url} against the scheme rules. {@code from} is the URL that redirected here, or
   * null for the first request.
   */
  static void checkScheme(HttpUrl url, @Nullable HttpUrl from, boolean allowInsecureLoopback)
      throws RedirectPolicyException {
    if (!url.username().isEmpty() || !url.password().isEmpty()) {
      // The user name and password are never put in the message: they are someone's credentials.
      throw new RedirectPolicyException("refused a " + (from != null ? "redirect to a " : "")
          + "URL with a user name or password (" + origin(url) + ")");
    }
    if (url.isHttps()) return;
    if (from != null && from.isHttps()) {
      throw new RedirectPolicyException(
          "refused a redirect from https to plain http (" + origin(url) + ")");
    }
    if (!allowInsecureLoopback) {
      throw new RedirectPolicyException(
          "refused plain http to " + origin(url) + ": only https is allowed");
    }
    if (!isLoopback(url.host())) {
      throw new RedirectPolicyException(
          "refused plain http to " + origin(url)
              + ": insecure http is allowed to loopback addresses only");
    }
  }

  /** Applies the caller's policy to a redirect target. */
  static void checkPolicy(HttpUrl url, @Nullable RedirectPolicy policy)
      throws RedirectPolicyException {
    if (policy != null && !policy.allow(url)) {
      throw new RedirectPolicyException(
          "the redirect policy refused a redirect to " + origin(url));
    }
  }
}
