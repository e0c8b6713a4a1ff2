package dev.mxsdk.testkit;

import com.squareup.moshi.JsonReader;
import com.sun.net.httpserver.HttpExchange;
import dev.mxsdk.testkit.internal.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import okio.Buffer;
import org.jspecify.annotations.Nullable;

/** Small helpers for answering {@link HttpExchange}s. */
final class Exchanges {
  private Exchanges() {}

  /** Parses the raw query of {@code exchange}; the first value of a repeated name wins. */
  static Map<String, String> query(HttpExchange exchange) {
    Map<String, String> result = new LinkedHashMap<>();
    String raw = exchange.getRequestURI().getRawQuery();
    if (raw == null || raw.isEmpty()) return result;
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) continue;
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      result.putIfAbsent(name, value);
    }
    return result;
  }

  /**
   * Percent-decodes {@code s} as a form value (so {@code +} is a space); a malformed escape leaves
   * {@code s} as it is.
   */
  static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }

  static void json(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    if (!sendHeaders(exchange, status, bytes.length)) return;
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  static void error(HttpExchange exchange, int status, String errcode, String message)
      throws IOException {
    json(exchange, status, Json.error(errcode, message));
  }

  static void empty(HttpExchange exchange, int status) throws IOException {
    sendHeaders(exchange, status, 0);
  }

  /** Whether {@code exchange} is a {@code HEAD} request. */
  static boolean isHead(HttpExchange exchange) {
    return exchange.getRequestMethod().equals("HEAD");
  }

  /**
   * Sends {@code status} and the headers set so far for a body of {@code length} bytes, and
   * returns true if the caller must now write that body. A {@code HEAD} request gets the same
   * status and headers as its {@code GET} (RFC 9110 section 9.3.2), {@code Content-Length}
   * included, and no body; so does an empty body. When this returns false the exchange is closed.
   */
  static boolean sendHeaders(HttpExchange exchange, int status, long length) throws IOException {
    if (isHead(exchange)) {
      // The JDK server sends no Content-Length of its own for HEAD (a length passed to
      // sendResponseHeaders only draws a warning), so the one GET would send is set here.
      if (status != 204) exchange.getResponseHeaders().set("Content-Length", Long.toString(length));
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
      return false;
    }
    if (length == 0) {
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
      return false;
    }
    exchange.sendResponseHeaders(status, length);
    return true;
  }

  /**
   * Reads a JSON object body of at most {@code maxBytes}, or answers {@code 413} or {@code 400
   * M_NOT_JSON} and returns null.
   */
  static @Nullable Map<?, ?> readJsonObject(HttpExchange exchange, long maxBytes)
      throws IOException {
    Buffer buffer = new Buffer();
    try (InputStream in = exchange.getRequestBody()) {
      byte[] chunk = new byte[8192];
      for (int n; (n = in.read(chunk)) != -1; ) {
        buffer.write(chunk, 0, n);
        if (buffer.size() > maxBytes) {
          error(exchange, 413, "M_TOO_LARGE", "Body too large");
          return null;
        }
      }
    }
    try {
      Object value = JsonReader.of(buffer).readJsonValue();
      if (value instanceof Map) return (Map<?, ?>) value;
    } catch (IOException | RuntimeException e) {
      // Not JSON: answered below, like JSON that is not an object.
    }
    error(exchange, 400, "M_NOT_JSON", "Content not JSON.");
    return null;
  }
}
