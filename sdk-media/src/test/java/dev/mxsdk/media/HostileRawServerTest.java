package dev.mxsdk.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mxsdk.core.MxcUri;
import java.io.File;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile servers beyond {@link HostileServerTest}, mostly on a raw socket (what MockWebServer
 * cannot send): endless headers, endless chunked and until-close bodies, a body cut short of its
 * Content-Length, credentials in a plain-http loopback redirect, a body trickling past the call
 * timeout. Each ends in its typed error with a pre-existing target untouched and no temporary
 * file, every connection acquired was released (counted by an EventListener), and no secret
 * (token, CDN URL and signature, URL credentials) in the exception chain, in java.util.logging
 * output at level ALL or on System.err.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS) // a safety net against hangs, not an assertion
final class HostileRawServerTest {
  private static final MxcUri MXC = MxcUri.parse("mxc://media.example/hostile");
  private static final byte[] PREVIOUS = "previous".getBytes(StandardCharsets.UTF_8);

  private FlowFixture f;
  private LeakWatch watch;
  private RawHttpServer raw;

  @TempDir Path dir;

  @BeforeEach
  void setUp() throws IOException {
    f = new FlowFixture();
    watch = new LeakWatch();
    watch.secret(FlowFixture.TOKEN);
  }

  @AfterEach
  void tearDown() throws IOException {
    watch.close();
    if (raw != null) raw.close();
    f.close();
  }

  private OkHttpClient.Builder ok() {
    return watch.instrument(f.okHttpClient().newBuilder());
  }

  private MediaClient client(OkHttpClient ok, long maxSize) {
    return f.mediaClient(ok, MediaOptions.builder().maxSize(maxSize).build());
  }

  /** Redirects the media request to {@code location} and registers it as a secret. */
  private void redirectTo(String location) {
    watch.secret(location);
    f.enqueue(new MockResponse().setResponseCode(307).setHeader("Location", location)
        .setHeader("Cache-Control", "no-store"));
  }

  private void redirectToRaw(RawHttpServer.Script script) throws IOException {
    raw = new RawHttpServer(script);
    watch.secret("cdn-one-time-signature");
    redirectTo(raw.url("/cdn/object").newBuilder().addQueryParameter("sig", "cdn-one-time-signature")
        .build().toString());
  }

  /** Downloads to a pre-existing file, asserts it failed with {@code type} and left everything as it was. */
  private <T extends IOException> T assertDownloadFails(Class<T> type, OkHttpClient ok, MediaClient client)
      throws IOException {
    File folder = Files.createDirectory(dir.resolve("target")).toFile();
    File target = new File(folder, "media.bin");
    Files.write(target.toPath(), PREVIOUS);
    IOException e = assertThrows(IOException.class, () -> {
      try (MediaResponse response = client.newCall(MediaRequest.download(MXC)).execute()) {
        response.downloadTo(target);
      }
    });
    assertTrue(type.isInstance(e), () -> "expected " + type.getSimpleName() + ", got " + LeakWatch.chain(e));
    assertArrayEquals(PREVIOUS, Files.readAllBytes(target.toPath()));
    assertEquals(Arrays.asList("media.bin"), Arrays.asList(folder.list()));
    watch.assertConnectionsReleased(ok);
    watch.assertNoSecret(e);
    return type.cast(e);
  }

  private static void write(OutputStream out, String s) throws IOException {
    out.write(s.getBytes(StandardCharsets.ISO_8859_1));
  }

  // OkHttp bounds response headers (256 KiB) and fails the call with an IOException of its own
  // ("unexpected end of stream on <origin>/..."); the SDK passes it on unchanged.

  @Test
  void endlessHeadersFailFastWithoutExhaustingMemory() throws Exception {
    redirectToRaw(out -> {
      write(out, "HTTP/1.1 200 OK\r\n");
      String line = "X-Filler: " + "a".repeat(1000) + "\r\n";
      while (true) write(out, line);
    });
    OkHttpClient ok = ok().build();
    IOException e = assertDownloadFails(IOException.class, ok, client(ok, -1));
    assertTrue(String.valueOf(e.getMessage()).contains("unexpected end of stream"), e.toString());
  }

  @Test
  void endlessChunkedBodyStopsAtTheMaximumSize() throws Exception {
    redirectToRaw(out -> {
      write(out, "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n");
      byte[] chunk = new byte[8192];
      while (true) {
        write(out, "2000\r\n");
        out.write(chunk);
        write(out, "\r\n");
      }
    });
    OkHttpClient ok = ok().build();
    MediaTooLargeException e = assertDownloadFails(MediaTooLargeException.class, ok, client(ok, 100_000));
    assertEquals(100_000, e.maxSize());
  }

  @Test
  void endlessBodyUntilCloseStopsAtTheMaximumSizeOnAStream() throws Exception {
    redirectToRaw(out -> {
      write(out, "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n\r\n");
      byte[] chunk = new byte[8192];
      while (true) out.write(chunk);
    });
    OkHttpClient ok = ok().build();
    MediaClient client = client(ok, 100_000);
    IOException e = assertThrows(MediaTooLargeException.class, () -> {
      try (MediaResponse response = client.newCall(MediaRequest.download(MXC)).execute()) {
        response.source().readByteArray();
      }
    });
    watch.assertConnectionsReleased(ok);
    watch.assertNoSecret(e);
  }

  @Test
  void contentLengthLongerThanTheBodyIsATruncation() throws Exception {
    redirectToRaw(out -> {
      write(out, "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: 10000\r\n\r\n");
      out.write(new byte[5000]);
      out.flush();
    });
    OkHttpClient ok = ok().build();
    assertDownloadFails(MediaIntegrityException.class, ok, client(ok, -1));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"https", "http"})
  void redirectToAUrlWithCredentialsIsRefusedWithoutRepeatingThem(String scheme) throws Exception {
    String location = scheme + "://mxuser:hunter2pass@127.0.0.1:" + f.cdn.getPort() + "/cdn/object";
    redirectTo(location);
    watch.secret("hunter2pass");
    watch.secret("mxuser:");
    OkHttpClient ok = ok().build();
    RedirectPolicyException e = assertDownloadFails(RedirectPolicyException.class, ok, client(ok, -1));
    assertTrue(e.getMessage().contains("user name or password"), e.getMessage());
    assertTrue(f.cdnRequests().isEmpty());
  }

  @Test
  void aTricklingBodyFiresTheCallTimeout() throws Exception {
    f.enqueue(f.redirectToCdn("/cdn/slow?sig=trickle-signature"));
    watch.secret("trickle-signature");
    f.cdn.enqueue(new MockResponse().setBody(new Buffer().write(new byte[1_000_000]))
        .throttleBody(100, 20, TimeUnit.MILLISECONDS));
    OkHttpClient ok = ok().callTimeout(500, TimeUnit.MILLISECONDS).build();
    assertDownloadFails(InterruptedIOException.class, ok, client(ok, -1));
  }
}
