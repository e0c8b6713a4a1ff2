package dev.mxsdk.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/** A plain HTTP client that never follows redirects, for testing the testkit from outside. */
final class Http {
  private final HttpClient client;

  Http() {
    this(null);
  }

  Http(SSLContext sslContext) {
    HttpClient.Builder builder = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER);
    if (sslContext != null) builder.sslContext(sslContext);
    client = builder.build();
  }

  HttpResponse<byte[]> get(String url, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
    if (headers.length > 0) request.headers(headers);
    return send(request.build());
  }

  HttpResponse<byte[]> send(HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  static String header(HttpResponse<?> response, String name) {
    Optional<String> value = response.headers().firstValue(name);
    return value.orElse(null);
  }

  static String body(HttpResponse<byte[]> response) {
    return new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
  }

  /** The key from a well-formed {@code X-Matrix-Media-Encryption: alg=aes128gcm, key=...}. */
  static byte[] key(HttpResponse<?> response) {
    String value = header(response, "X-Matrix-Media-Encryption");
    if (value == null) throw new AssertionError("no key header");
    for (String part : value.split(",")) {
      String p = part.trim();
      if (p.startsWith("key=")) return Base64.getUrlDecoder().decode(p.substring(4));
    }
    throw new AssertionError("no key in " + value);
  }
}
