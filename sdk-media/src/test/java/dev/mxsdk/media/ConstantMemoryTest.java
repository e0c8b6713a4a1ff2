package dev.mxsdk.media;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import okio.Buffer;
import okio.BufferedSource;
import okio.Okio;
import okio.Source;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A 256 MiB download through the full flow (307 + key, CDN layer encoded on the fly) in a forked
 * JVM whose heap is 32 MiB: it can only pass if no layer holds the body in memory.
 */
final class ConstantMemoryTest {
  private static final long SIZE = 256L * 1024 * 1024;
  private static final int CHUNK = 64 * 1024;
  private final byte[] cdnKey = new byte[16];
  private HttpServer server;

  @BeforeEach
  void setUp() throws IOException {
    new SecureRandom().nextBytes(cdnKey);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/_matrix/client/versions", exchange -> {
      byte[] body = "{\"versions\":[\"v1.11\"]}".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.createContext("/_matrix/client/v1/media/download/", exchange -> {
      exchange.getResponseHeaders().set("Location", "/cdn/large");
      exchange.getResponseHeaders().set("X-Matrix-Media-Encryption",
          "alg=aes128gcm, key=" + okio.ByteString.of(cdnKey).base64Url().replace("=", ""));
      exchange.sendResponseHeaders(307, -1);
      exchange.close();
    });
    server.createContext("/cdn/large", exchange -> {
      exchange.getResponseHeaders().set("Content-Encoding", "aes128gcm");
      exchange.sendResponseHeaders(200, 0);
      try (OutputStream out = exchange.getResponseBody();
          BufferedSource encoded = Okio.buffer(Rfc8188.encoding(pattern(), cdnKey, 65536))) {
        byte[] buffer = new byte[CHUNK];
        for (int n; (n = encoded.read(buffer)) != -1; ) out.write(buffer, 0, n);
      }
    });
    server.start();
  }

  @AfterEach
  void tearDown() {
    server.stop(0);
  }

  /** SIZE bytes of a repeating pattern, generated as read. */
  private static Source pattern() {
    return new Source() {
      long produced;

      @Override
      public long read(Buffer sink, long byteCount) {
        if (produced == SIZE) return -1;
        int n = (int) Math.min(Math.min(byteCount, CHUNK), SIZE - produced);
        for (int i = 0; i < n; i++) sink.writeByte((int) ((produced + i) * 7 + ((produced + i) >>> 16)));
        produced += n;
        return n;
      }

      @Override
      public okio.Timeout timeout() {
        return okio.Timeout.NONE;
      }

      @Override
      public void close() {}
    };
  }

  private static long expectedCrc() throws IOException {
    CRC32 crc = new CRC32();
    try (BufferedSource source = Okio.buffer(pattern())) {
      byte[] buffer = new byte[CHUNK];
      for (int n; (n = source.read(buffer)) != -1; ) crc.update(buffer, 0, n);
    }
    return crc.getValue();
  }

  @Test
  void aLargeKeyedDownloadStreamsThroughA32MiBHeap() throws Exception {
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    ProcessBuilder builder = new ProcessBuilder(java, "-Xmx32m", "-cp",
        System.getProperty("java.class.path"), LargeDownloadMain.class.getName(),
        "http://127.0.0.1:" + server.getAddress().getPort() + "/");
    builder.redirectErrorStream(true);
    Process process = builder.start();
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    try (InputStream in = process.getInputStream()) {
      in.transferTo(output);
    }
    process.waitFor(5, TimeUnit.MINUTES);
    String printed = output.toString(StandardCharsets.UTF_8).trim();
    assertEquals(0, process.exitValue(), printed);
    assertEquals(SIZE + " " + expectedCrc() + " true", printed);
  }
}
