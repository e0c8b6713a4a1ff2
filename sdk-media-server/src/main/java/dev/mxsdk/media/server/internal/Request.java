package dev.mxsdk.media.server.internal;

import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A request head interpreted under the server's rules: GET or HEAD only, no body, the right
 * {@code Host}, an origin-form target. What is left to decide is whether its capability is valid
 * and what its {@code Range} means for the content.
 */
public final class Request {
  /** Methods that exist but that this server never allows: 405 rather than 501. */
  private static final String[] KNOWN_METHODS = {
      "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"};

  private final boolean head;
  private final int minorVersion;
  private final @Nullable String capability;
  private final @Nullable String range;
  private final boolean closeRequested;
  private final @Nullable String origin;

  private Request(boolean head, int minorVersion, @Nullable String capability,
      @Nullable String range, boolean closeRequested, @Nullable String origin) {
    this.head = head;
    this.minorVersion = minorVersion;
    this.capability = capability;
    this.range = range;
    this.closeRequested = closeRequested;
    this.origin = origin;
  }

  /**
   * Applies the server's rules to {@code h}, for a server on {@code 127.0.0.1:port}.
   *
   * @throws HttpRefusal 405 or 501 for a method other than GET and HEAD, 501 for
   *     {@code Transfer-Encoding}, 413 for a body, 400 for a bad {@code Content-Length},
   *     {@code Host} or target, 421 for a {@code Host} that is not this server (DNS rebinding)
   */
  public static Request interpret(RequestHead h, int port) throws HttpRefusal {
    String method = h.method();
    boolean head;
    if (method.equals("GET")) {
      head = false;
    } else if (method.equals("HEAD")) {
      head = true;
    } else {
      for (String known : KNOWN_METHODS) {
        if (known.equals(method)) throw new HttpRefusal(405);
      }
      throw new HttpRefusal(501);
    }

    // A body is never read: refusing every framing of one keeps request smuggling out.
    if (!h.values("transfer-encoding").isEmpty()) throw new HttpRefusal(501);
    List<String> contentLength = h.values("content-length");
    if (contentLength.size() > 1) throw new HttpRefusal(400);
    if (contentLength.size() == 1) {
      String value = contentLength.get(0);
      if (value.isEmpty() || value.length() > 19) throw new HttpRefusal(400);
      for (int i = 0; i < value.length(); i++) {
        if (!HttpSyntax.isDigit(value.charAt(i))) throw new HttpRefusal(400);
      }
      for (int i = 0; i < value.length(); i++) {
        if (value.charAt(i) != '0') throw new HttpRefusal(413);
      }
    }

    List<String> hosts = h.values("host");
    if (hosts.size() != 1) throw new HttpRefusal(400);
    if (!isThisServer(hosts.get(0), port)) throw new HttpRefusal(421);

    String capability = capability(h.target());

    List<String> ranges = h.values("range");
    String range = null;
    // Range is defined for GET only (RFC 9110 section 14.2); a repeated field is not a valid
    // ranges-specifier; a validator in If-Range can never match, as this server sends none
    // (RFC 9110 section 13.1.5): in each case the whole representation is sent.
    if (!head && ranges.size() == 1 && h.values("if-range").isEmpty()) range = ranges.get(0);

    boolean close = h.minorVersion() == 0;
    for (String value : h.values("connection")) {
      for (String token : value.split(",", -1)) {
        if (token.trim().equalsIgnoreCase("close")) close = true;
      }
    }

    List<String> origins = h.values("origin");
    String origin = origins.size() == 1 ? origins.get(0) : null;
    return new Request(head, h.minorVersion(), capability, range, close, origin);
  }

  /**
   * Only the two names of this server. Anything else, including names that resolve to loopback
   * ({@code 127.0.0.1.nip.io}) or a rebound DNS name, is a page on another origin reaching in.
   */
  static boolean isThisServer(String host, int port) {
    String suffix = ":" + port;
    if (!host.endsWith(suffix)) return false;
    String name = host.substring(0, host.length() - suffix.length());
    return name.equals("127.0.0.1") || name.toLowerCase(Locale.ROOT).equals("localhost");
  }

  /**
   * The capability in an origin-form target {@code /<capability>[/<name>][?query]}, or null if
   * the path has another shape (404). The name and any query are ignored.
   *
   * @throws HttpRefusal 400 for a target that is not origin-form or has characters that RFC 3986
   *     does not allow there
   */
  static @Nullable String capability(String target) throws HttpRefusal {
    if (target.isEmpty() || target.charAt(0) != '/') throw new HttpRefusal(400);
    int query = target.length();
    for (int i = 0; i < target.length(); i++) {
      char c = target.charAt(i);
      if (c == '?' && query == target.length()) {
        query = i;
      } else if (c == '%') {
        if (i + 2 >= target.length() || !isHex(target.charAt(i + 1))
            || !isHex(target.charAt(i + 2))) {
          throw new HttpRefusal(400);
        }
      } else if (!isUriChar(c)) {
        throw new HttpRefusal(400);
      }
    }
    String path = target.substring(1, query);
    int slash = path.indexOf('/');
    String first = slash < 0 ? path : path.substring(0, slash);
    if (slash >= 0 && path.indexOf('/', slash + 1) >= 0) return null;
    return Capabilities.isWellFormed(first) ? first : null;
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /** unreserved, sub-delims, ":", "@", "/", "?" (RFC 3986 path and query characters). */
  private static boolean isUriChar(char c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
    return "-._~!$&'()*+,;=:@/?".indexOf(c) >= 0;
  }

  public boolean isHead() {
    return head;
  }

  public int minorVersion() {
    return minorVersion;
  }

  /** The capability as sent, well-formed but not yet checked; null for a path of another shape. */
  public @Nullable String capability() {
    return capability;
  }

  /** The {@code Range} value to apply, or null to send the whole representation. */
  public @Nullable String range() {
    return range;
  }

  /** Whether the connection closes after the response: HTTP/1.0 or {@code Connection: close}. */
  public boolean closeRequested() {
    return closeRequested;
  }

  public @Nullable String origin() {
    return origin;
  }

  @Override
  public String toString() {
    return "Request{" + (head ? "HEAD" : "GET") + ", range=" + (range != null) + "}";
  }
}
