package dev.mxsdk.core;

import org.jspecify.annotations.Nullable;

/**
 * A Matrix content URI, {@code mxc://<server-name>/<media-id>}, parsed strictly per the
 * client-server specification's grammar.
 *
 * <p>The server name is {@code hostname[:port]} where the hostname is an IPv4 address, a bracketed
 * IPv6 address, or a DNS name of at most 255 characters drawn from {@code [A-Za-z0-9.-]}; the port
 * is 1 to 5 digits no greater than 65535. The media ID is one or more characters from
 * {@code [A-Za-z0-9_-]}. Anything else is rejected with an {@link IllegalArgumentException} naming
 * the problem, so no request path is ever built from an unvalidated ID.
 *
 * <pre>{@code
 * MxcUri uri = MxcUri.parse("mxc://example.org/SEsfnsuifSDFSSEF");
 * uri.serverName(); // "example.org"
 * uri.mediaId();    // "SEsfnsuifSDFSSEF"
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class MxcUri {
  private static final String SCHEME = "mxc://";
  private static final int MAX_DNS_NAME = 255;
  private static final int MAX_IPV6 = 45;

  private final String serverName;
  private final String mediaId;

  private MxcUri(String serverName, String mediaId) {
    this.serverName = serverName;
    this.mediaId = mediaId;
  }

  /**
   * Parses {@code uri}.
   *
   * @param uri the URI to parse, e.g. {@code "mxc://example.org/SEsfnsuifSDFSSEF"}
   * @return the parsed URI
   * @throws IllegalArgumentException if {@code uri} is not a valid mxc URI; the message names the
   *     part that is wrong
   */
  public static MxcUri parse(String uri) {
    if (uri == null) throw new NullPointerException("uri == null");
    if (!uri.startsWith(SCHEME)) {
      throw new IllegalArgumentException("mxc URI must start with \"mxc://\": " + quote(uri));
    }
    String rest = uri.substring(SCHEME.length());
    int slash = rest.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("mxc URI has no media ID: " + quote(uri));
    }
    String server = rest.substring(0, slash);
    String media = rest.substring(slash + 1);
    String problem = serverNameProblem(server);
    if (problem != null) {
      throw new IllegalArgumentException("mxc URI has an invalid server name (" + problem + "): "
          + quote(uri));
    }
    problem = mediaIdProblem(media);
    if (problem != null) {
      throw new IllegalArgumentException("mxc URI has an invalid media ID (" + problem + "): "
          + quote(uri));
    }
    return new MxcUri(server, media);
  }

  /**
   * Returns the mxc URI for {@code serverName} and {@code mediaId}.
   *
   * @param serverName the server name, {@code hostname[:port]}
   * @param mediaId the media ID, from {@code [A-Za-z0-9_-]}
   * @return the URI {@code mxc://<serverName>/<mediaId>}
   * @throws IllegalArgumentException if either part is invalid
   */
  public static MxcUri of(String serverName, String mediaId) {
    if (serverName == null) throw new NullPointerException("serverName == null");
    if (mediaId == null) throw new NullPointerException("mediaId == null");
    String problem = serverNameProblem(serverName);
    if (problem != null) {
      throw new IllegalArgumentException("invalid server name (" + problem + "): "
          + quote(serverName));
    }
    problem = mediaIdProblem(mediaId);
    if (problem != null) {
      throw new IllegalArgumentException("invalid media ID (" + problem + "): " + quote(mediaId));
    }
    return new MxcUri(serverName, mediaId);
  }

  /**
   * Returns true if {@code uri} would be accepted by {@link #parse}.
   *
   * @param uri the string to check; null is not valid
   * @return true if {@code uri} is a valid mxc URI
   */
  public static boolean isValid(@Nullable String uri) {
    if (uri == null) return false;
    try {
      parse(uri);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** {@return the server name, {@code hostname[:port]}, exactly as it appeared in the URI} */
  public String serverName() {
    return serverName;
  }

  /**
   * {@return the media ID: one or more characters from {@code [A-Za-z0-9_-]}, safe in a URL path}
   */
  public String mediaId() {
    return mediaId;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    if (this == other) return true;
    if (!(other instanceof MxcUri)) return false;
    MxcUri that = (MxcUri) other;
    return serverName.equals(that.serverName) && mediaId.equals(that.mediaId);
  }

  @Override
  public int hashCode() {
    return 31 * serverName.hashCode() + mediaId.hashCode();
  }

  /** Returns the URI in its canonical form, {@code mxc://<server-name>/<media-id>}. */
  @Override
  public String toString() {
    return SCHEME + serverName + "/" + mediaId;
  }

  /** Returns null if {@code s} is a valid server name, else a short description of the problem. */
  static @Nullable String serverNameProblem(String s) {
    if (s.isEmpty()) return "empty";
    String host;
    String port = null;
    if (s.charAt(0) == '[') {
      int close = s.indexOf(']');
      if (close < 0) return "unterminated IPv6 literal";
      host = s.substring(1, close);
      String after = s.substring(close + 1);
      if (!after.isEmpty()) {
        if (after.charAt(0) != ':') return "unexpected characters after IPv6 literal";
        port = after.substring(1);
      }
      if (host.length() < 2 || host.length() > MAX_IPV6) return "IPv6 literal has a bad length";
      for (int i = 0; i < host.length(); i++) {
        char c = host.charAt(i);
        boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
            || c == ':' || c == '.';
        if (!ok) return "IPv6 literal contains " + describe(c);
      }
    } else {
      int colon = s.indexOf(':');
      if (colon >= 0) {
        host = s.substring(0, colon);
        port = s.substring(colon + 1);
      } else {
        host = s;
      }
      if (host.isEmpty()) return "empty hostname";
      if (host.length() > MAX_DNS_NAME) return "hostname longer than 255 characters";
      for (int i = 0; i < host.length(); i++) {
        char c = host.charAt(i);
        boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
            || c == '-' || c == '.';
        if (!ok) return "hostname contains " + describe(c);
      }
    }
    if (port != null) {
      if (port.isEmpty() || port.length() > 5) return "port must be 1 to 5 digits";
      for (int i = 0; i < port.length(); i++) {
        char c = port.charAt(i);
        if (c < '0' || c > '9') return "port contains " + describe(c);
      }
      if (Integer.parseInt(port) > 65535) return "port above 65535";
    }
    return null;
  }

  /** Returns null if {@code s} is a valid media ID, else a short description of the problem. */
  static @Nullable String mediaIdProblem(String s) {
    if (s.isEmpty()) return "empty";
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
          || c == '_' || c == '-';
      if (!ok) return "contains " + describe(c);
    }
    return null;
  }

  private static String describe(char c) {
    if (c >= 0x21 && c < 0x7f) return "'" + c + "'";
    return String.format("U+%04X", (int) c);
  }

  /** Quotes user input for a message, truncating it and escaping control characters. */
  static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    int limit = Math.min(s.length(), 100);
    for (int i = 0; i < limit; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f || c == '"' || c == '\\') {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    if (s.length() > limit) b.append("...");
    return b.append('"').toString();
  }
}
