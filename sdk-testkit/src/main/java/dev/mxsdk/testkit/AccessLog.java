package dev.mxsdk.testkit;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import dev.mxsdk.core.Clock;
import dev.mxsdk.testkit.internal.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes one JSON line per answered request of either origin, so that a developer sees what their
 * client asked and got (see {@link TestHomeserverBuilder#accessLog}):
 *
 * <pre>{@code
 * {"time":"2026-01-02T03:04:05.678Z","origin":"homeserver","method":"GET",
 *  "target":"/_matrix/client/v1/media/download/localhost/abc?timeout_ms=20000","status":307,
 *  "bytes":0,"ms":2,"request_headers":{"authorization":"[redacted]",...},
 *  "response_headers":{"location":"http://127.0.0.1:41236/_msc4097/v1/[token]",
 *  "x-matrix-media-encryption":"[redacted]",...}}
 * }</pre>
 *
 * <p>{@code bytes} counts the response body sent; {@code ms} the time from arrival to the end of
 * the answer; {@code status} is -1 when no answer was sent (the connection was dropped).
 *
 * <p>Security: credentials never reach the log. The values of {@code Authorization}, {@code
 * Cookie}, {@code Set-Cookie} and {@code X-Matrix-Media-Encryption} are replaced by {@code
 * [redacted]}; the sealed CDN token in paths and {@code Location} by {@code [token]}; an {@code
 * access_token} query value by {@code [redacted]}. Bodies (which carry passwords, tokens and JSON
 * redirect keys) are never logged. Thread-safe: lines are written whole, one at a time.
 */
final class AccessLog {
  private static final Set<String> REDACTED = new HashSet<>(Arrays.asList(
      "authorization", "cookie", "set-cookie", CdnProtocol.KEY_HEADER.toLowerCase(Locale.ROOT)));

  private final OutputStream out;
  private final Clock clock;

  AccessLog(OutputStream out, Clock clock) {
    this.out = out;
    this.clock = clock;
  }

  /** The wall-clock time to log as the arrival of a request, read when it arrives. */
  long now() {
    return clock.nowMillis();
  }

  /** Logs {@code exchange}, answered or abandoned, that arrived at {@code arrivedMillis}. */
  void write(String origin, HttpExchange exchange, long arrivedMillis, long elapsedNanos,
      long bytes) {
    String query = exchange.getRequestURI().getRawQuery();
    String target = exchange.getRequestURI().getRawPath() + (query != null ? "?" + query : "");
    StringBuilder line = new StringBuilder(512)
        .append("{\"time\":").append(Json.quote(Instant.ofEpochMilli(arrivedMillis).toString()))
        .append(",\"origin\":").append(Json.quote(origin))
        .append(",\"method\":").append(Json.quote(exchange.getRequestMethod()))
        .append(",\"target\":").append(Json.quote(RecordedRequest.redacted(target)))
        .append(",\"status\":").append(exchange.getResponseCode())
        .append(",\"bytes\":").append(bytes)
        .append(",\"ms\":").append(elapsedNanos / 1_000_000)
        .append(",\"request_headers\":");
    headers(line, exchange.getRequestHeaders());
    line.append(",\"response_headers\":");
    headers(line, exchange.getResponseHeaders());
    line.append("}\n");
    byte[] bytesOfLine = line.toString().getBytes(StandardCharsets.UTF_8);
    synchronized (this) {
      try {
        out.write(bytesOfLine);
        out.flush();
      } catch (IOException e) {
        // A log that cannot be written must not fail the request it describes.
      }
    }
  }

  private static void headers(StringBuilder line, Headers headers) {
    Map<String, String> sorted = new TreeMap<>();
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      String name = e.getKey().toLowerCase(Locale.ROOT);
      String value = REDACTED.contains(name) ? "[redacted]"
          : name.equals("location") ? RecordedRequest.redacted(String.join(", ", e.getValue()))
          : String.join(", ", e.getValue());
      sorted.merge(name, value, (a, b) -> a + ", " + b);
    }
    line.append('{');
    boolean first = true;
    for (Map.Entry<String, String> e : sorted.entrySet()) {
      if (!first) line.append(',');
      first = false;
      line.append(Json.quote(e.getKey())).append(':').append(Json.quote(e.getValue()));
    }
    line.append('}');
  }
}
