package dev.mxsdk.testkit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One request as a testkit server received it: method, target (path and query, as sent) and
 * headers, in arrival order.
 *
 * <pre>{@code
 * RecordedRequest hop = server.cdnRequests().get(0);
 * assertNull(hop.header("Authorization"));
 * assertEquals("aes128gcm", hop.header("Accept-Encoding"));
 * }</pre>
 *
 * <p>Security: {@link #toString()} prints the method and the path with the CDN token and any
 * {@code access_token} query value redacted, never a header; the accessors return everything,
 * credentials included, because tests assert on them. Immutable and thread-safe.
 */
public final class RecordedRequest {
  private final String method;
  private final String target;
  private final List<String[]> headers;

  RecordedRequest(String method, String target, List<String[]> headers) {
    this.method = method;
    this.target = target;
    this.headers = Collections.unmodifiableList(new ArrayList<>(headers));
  }

  static RecordedRequest of(String method, String target, Map<String, List<String>> headers) {
    List<String[]> list = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      for (String value : e.getValue()) list.add(new String[] {e.getKey(), value});
    }
    return new RecordedRequest(method, target, list);
  }

  /** {@return the request method, e.g. {@code GET}} */
  public String method() {
    return method;
  }

  /** {@return the request target as sent: path and, if present, {@code ?} and the raw query} */
  public String target() {
    return target;
  }

  /** {@return the raw path (no query)} */
  public String path() {
    int q = target.indexOf('?');
    return q < 0 ? target : target.substring(0, q);
  }

  /** {@return the raw query without {@code ?}, or null if the target had none} */
  public @Nullable String query() {
    int q = target.indexOf('?');
    return q < 0 ? null : target.substring(q + 1);
  }

  /**
   * The first value of header {@code name} (case-insensitive), or null if it was not sent.
   *
   * @param name the header name, in any case
   * @return the first value, or null
   */
  public @Nullable String header(String name) {
    for (String[] h : headers) {
      if (h[0].equalsIgnoreCase(name)) return h[1];
    }
    return null;
  }

  /**
   * Every value of header {@code name} (case-insensitive), in arrival order; empty if none.
   *
   * @param name the header name, in any case
   * @return the values, unmodifiable
   */
  public List<String> headers(String name) {
    List<String> values = new ArrayList<>();
    for (String[] h : headers) {
      if (h[0].equalsIgnoreCase(name)) values.add(h[1]);
    }
    return Collections.unmodifiableList(values);
  }

  /** {@return the names of all headers received, lower-cased} */
  public Set<String> headerNames() {
    Set<String> names = new LinkedHashSet<>();
    for (String[] h : headers) names.add(h[0].toLowerCase(Locale.ROOT));
    return Collections.unmodifiableSet(names);
  }

  @Override
  public String toString() {
    return method + " " + redacted(target);
  }

  /**
   * Returns {@code target} (a path and query, or a URL) with the sealed CDN token and any
   * {@code access_token} query value replaced, for logs.
   */
  static String redacted(String target) {
    int q = target.indexOf('?');
    String shown = q < 0 ? target : target.substring(0, q);
    int token = shown.indexOf(CdnProtocol.CDN_PATH_PREFIX);
    if (token >= 0) {
      shown = shown.substring(0, token + CdnProtocol.CDN_PATH_PREFIX.length()) + "[token]";
    }
    if (q >= 0) {
      shown += "?" + target.substring(q + 1)
          .replaceAll("(^|&)(access_token=)[^&]*", "$1$2[redacted]");
    }
    return shown;
  }
}
