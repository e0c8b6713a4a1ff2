package dev.mxsdk.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.mxsdk.core.MxcUri;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.mockwebserver.MockResponse;
import okio.BufferedSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The body streams: plaintext is readable while the CDN is still sending. */
final class StreamingTest {
  private static final int HALF = 64 * 1024;
  private FlowFixture f;
  private HttpServer cdn;
  private final CountDownLatch clientReadFirstHalf = new CountDownLatch(1);
  private final AtomicBoolean serverFinished = new AtomicBoolean();

  @BeforeEach
  void setUp() throws IOException {
    f = new FlowFixture();
    cdn = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    cdn.createContext("/stream", exchange -> {
      exchange.sendResponseHeaders(200, 0);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(pattern(0, HALF));
        out.flush();
        clientReadFirstHalf.await(60, TimeUnit.SECONDS);
        out.write(pattern(HALF, HALF));
        serverFinished.set(true);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    cdn.start();
  }

  @AfterEach
  void tearDown() throws IOException {
    clientReadFirstHalf.countDown();
    cdn.stop(0);
    f.close();
  }

  static byte[] pattern(int offset, int length) {
    byte[] b = new byte[length];
    for (int i = 0; i < length; i++) b[i] = (byte) ((offset + i) * 31 + ((offset + i) >>> 9));
    return b;
  }

  @Test
  void firstBytesAreReadableBeforeTheCdnHasFinishedSending() throws Exception {
    String location = "http://127.0.0.1:" + cdn.getAddress().getPort() + "/stream";
    f.enqueue(new MockResponse().setResponseCode(307).setHeader("Location", location));
    MediaRequest request = MediaRequest.download(MxcUri.parse("mxc://media.example/stream"));
    try (MediaResponse response = f.mediaClient().newCall(request).execute()) {
      BufferedSource source = response.source();
      byte[] first = source.readByteArray(HALF);
      assertFalse(serverFinished.get(), "the first half arrived while the CDN was still sending");
      clientReadFirstHalf.countDown();
      byte[] rest = source.readByteArray();
      assertArrayEquals(pattern(0, HALF), first);
      assertEquals(HALF, rest.length);
      assertTrue(Arrays.equals(pattern(HALF, HALF), rest));
    }
    assertTrue(serverFinished.get());
  }
}
