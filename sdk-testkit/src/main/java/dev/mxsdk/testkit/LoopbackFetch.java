package dev.mxsdk.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Fetches what a URL preview needs, from loopback hosts only: {@code 127.0.0.0/8}, {@code [::1]}
 * and {@code localhost} (fetched as {@code 127.0.0.1}, so no name is looked up), over http or
 * https, without a proxy, following at most {@value #MAX_REDIRECTS} redirects and only to loopback
 * hosts, with bounded bodies and time. No request ever goes to another host. Thread-safe.
 */
final class LoopbackFetch {
  static final int MAX_REDIRECTS = 5;
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  private static final Pattern IPV4_LOOPBACK =
      Pattern.compile("127\\.(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])){2}");

  /** A URL that may not be fetched: not http(s), not absolute, or not a loopback host. */
  static final class RefusedException extends IOException {
    RefusedException(String message) {
      super(message);
    }
  }

  /** A fetched body, cut at the limit it was fetched with. */
  static final class Fetched {
    final int status;
    final @Nullable String contentType;
    final byte[] body;
    /** True if the body was longer than the limit. */
    final boolean truncated;
    /** Where the body came from, after redirects. */
    final URI uri;

    Fetched(int status, @Nullable String contentType, byte[] body, boolean truncated, URI uri) {
      this.status = status;
      this.contentType = contentType;
      this.body = body;
      this.truncated = truncated;
      this.uri = uri;
    }
  }

  private @Nullable HttpClient client;

  /** Made on first use, so that servers that never preview start no client threads. */
  private synchronized HttpClient client() {
    if (client == null) {
      client = HttpClient.newBuilder()
          .proxy(HttpClient.Builder.NO_PROXY)
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(CONNECT_TIMEOUT)
          .build();
    }
    return client;
  }

  /**
   * Returns {@code url} as an absolute http(s) URI on a loopback host, with {@code localhost}
   * replaced by {@code 127.0.0.1}, without user info or fragment.
   *
   * @throws RefusedException if it is not one
   */
  static URI loopback(String url) throws RefusedException {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new RefusedException("not a URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
      throw new RefusedException("not an absolute http or https URL");
    }
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    if (host.equals("localhost")) {
      host = "127.0.0.1";
    } else if (!host.equals("[::1]") && !IPV4_LOOPBACK.matcher(host).matches()) {
      throw new RefusedException("not a loopback host");
    }
    // Rebuilt from its parts: user info and fragment are never sent.
    try {
      return new URI(scheme + "://" + host + (uri.getPort() != -1 ? ":" + uri.getPort() : "")
          + (uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
          + (uri.getRawQuery() != null ? "?" + uri.getRawQuery() : ""));
    } catch (URISyntaxException e) {
      throw new RefusedException("not a URL");
    }
  }

  /**
   * GETs {@code uri} (from {@link #loopback}), following loopback redirects, and returns the
   * final answer's body cut at {@code maxBytes}.
   *
   * @throws RefusedException if a redirect leaves loopback, or there are too many
   * @throws IOException if the fetch fails
   */
  Fetched get(URI uri, long maxBytes) throws IOException {
    URI current = uri;
    for (int hop = 0; ; hop++) {
      HttpRequest request = HttpRequest.newBuilder(current).timeout(REQUEST_TIMEOUT)
          .header("User-Agent", "mxsdk-testkit URL preview").GET().build();
      HttpResponse<InputStream> response;
      try {
        response = client().send(request, HttpResponse.BodyHandlers.ofInputStream());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted");
      }
      int status = response.statusCode();
      String location = response.headers().firstValue("Location").orElse(null);
      if (status >= 300 && status < 400 && location != null) {
        response.body().close();
        if (hop == MAX_REDIRECTS) throw new RefusedException("too many redirects");
        current = loopback(current.resolve(location.trim()).toString());
        continue;
      }
      try (InputStream in = response.body()) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        boolean truncated = false;
        for (int n; (n = in.read(buffer)) != -1; ) {
          int keep = (int) Math.min(n, maxBytes - body.size());
          body.write(buffer, 0, keep);
          if (keep < n) {
            truncated = true;
            break;
          }
        }
        return new Fetched(status, response.headers().firstValue("Content-Type").orElse(null),
            body.toByteArray(), truncated, current);
      }
    }
  }
}
