package dev.mxsdk.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mxsdk.core.MxcUri;
import java.io.File;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.SocketPolicy;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Servers that lie or attack: redirects to other schemes and to URLs with credentials, huge
 * headers, bodies beyond the limit or endless, Content-Length lies, bodies too slow to finish.
 * Each gives a typed error that names the problem, with no secret in it, and a file target is never
 * created.
 */
final class HostileServerTest {
  private static final MxcUri MXC = MxcUri.parse("mxc://media.example/hostile");
  /** An MSC3910 content token every download carries: never in a failure either. */
  private static final String CONTENT_TOKEN = "hostile-content-token_0123456789";
  private FlowFixture f;

  @TempDir Path dir;

  @BeforeEach
  void setUp() throws IOException {
    f = new FlowFixture();
  }

  @AfterEach
  void tearDown() throws IOException {
    f.close();
  }

  private MediaClient client(MediaOptions.Builder options) {
    return f.mediaClient(f.okHttpClient(), options.build());
  }

  /** Downloads to a file and returns the failure; the file must not exist afterwards. */
  private IOException failsToFile(MediaClient client) {
    File target = dir.resolve("target.bin").toFile();
    IOException e = assertThrows(IOException.class, () -> {
      try (MediaResponse response = client.newCall(MediaRequest.download(MXC).newBuilder()
          .contentToken(CONTENT_TOKEN).build()).execute()) {
        response.downloadTo(target);
      }
    });
    assertFalse(target.exists(), "the target was created");
    for (Throwable t = e; t != null; t = t.getCause()) {
      assertFalse(t.toString().contains(CONTENT_TOKEN), t.toString());
    }
    String[] left = dir.toFile().list();
    assertEquals(0, left.length, "left behind: " + String.join(",", left));
    assertFalse(e.toString().contains(FlowFixture.TOKEN), e.toString());
    return e;
  }

  @ParameterizedTest
  @ValueSource(strings = {"file:///etc/passwd", "ftp://cdn.example/object",
      "data:text/plain,hello", "javascript:alert(1)", "gopher://cdn.example/1"})
  void aRedirectToAnotherSchemeIsRefusedWithoutFollowingIt(String location) throws Exception {
    f.enqueue(new MockResponse().setResponseCode(307).setHeader("Location", location));
    IOException e = failsToFile(client(MediaOptions.builder()));
    assertTrue(e instanceof MediaProtocolException, e.toString());
    assertTrue(e.getMessage().contains("unusable Location header"), e.getMessage());
    assertEquals(0, f.cdn.getRequestCount());
  }

  @Test
  void aRedirectToAUrlWithCredentialsIsRefusedAndTheMessageHidesThem() throws Exception {
    String location = f.cdn.url("/object").newBuilder()
        .username("user").password("SECRET_PASSWORD").build().toString();
    f.enqueue(new MockResponse().setResponseCode(307).setHeader("Location", location));
    IOException e = failsToFile(client(MediaOptions.builder()));
    assertTrue(e instanceof RedirectPolicyException, e.toString());
    assertFalse(e.getMessage().contains("SECRET_PASSWORD"), e.getMessage());
    assertFalse(e.getMessage().contains("user:"), e.getMessage());
    assertEquals(0, f.cdn.getRequestCount(), "the credentials must not be sent anywhere");
  }

  @Test
  void aHugeResponseHeaderIsAnErrorNotAnOutOfMemory() throws Exception {
    StringBuilder huge = new StringBuilder();
    while (huge.length() < 1 << 20) huge.append("0123456789abcdef");
    f.enqueue(f.redirectToCdn("/object"));
    f.cdn.enqueue(new MockResponse().setHeader("X-Huge", huge).setBody("never"));
    IOException e = failsToFile(client(MediaOptions.builder()));
    assertFalse(e.toString().contains("0123456789abcdef0123456789abcdef"), "header echoed");
  }

  @Test
  void aBodyBeyondMaxSizeWithoutContentLengthStopsAtTheLimit() throws Exception {
    f.enqueue(f.redirectToCdn("/object"));
    Buffer body = new Buffer();
    for (int i = 0; i < 4 << 10; i++) body.write(new byte[1024]); // 4 MiB, chunked
    f.cdn.enqueue(new MockResponse().setChunkedBody(body, 65536));
    IOException e = failsToFile(client(MediaOptions.builder().maxSize(1 << 20)));
    assertTrue(e instanceof MediaTooLargeException, e.toString());
  }

  @Test
  void aContentLengthLongerThanTheBodyIsATruncationError() throws Exception {
    f.enqueue(f.redirectToCdn("/object"));
    f.cdn.enqueue(new MockResponse().setBody("only twenty-six bytes here")
        .setHeader("Content-Length", "1000")
        .setSocketPolicy(SocketPolicy.DISCONNECT_AT_END));
    IOException e = failsToFile(client(MediaOptions.builder()));
    assertTrue(e.getMessage() != null && e.getMessage().contains("unexpected end of stream"),
        e.toString());
  }

  @Test
  void aContentLengthShorterThanTheBodyDeliversExactlyContentLengthBytes() throws Exception {
    f.enqueue(f.redirectToCdn("/object"));
    f.cdn.enqueue(new MockResponse().setBody("0123456789EXTRA-BYTES-THAT-WERE-NOT-ANNOUNCED")
        .setHeader("Content-Length", "10"));
    File target = dir.resolve("ten.bin").toFile();
    try (MediaResponse response =
        client(MediaOptions.builder()).newCall(MediaRequest.download(MXC)).execute()) {
      assertEquals(10, response.downloadTo(target));
    }
    assertEquals("0123456789", Files.readString(target.toPath(), StandardCharsets.UTF_8));
  }

  @Test
  void aBodyThatStallsFiresTheReadTimeout() throws Exception {
    f.enqueue(f.redirectToCdn("/object"));
    f.cdn.enqueue(new MockResponse().setBody(new Buffer().write(new byte[100_000]))
        .throttleBody(1024, 2, TimeUnit.SECONDS));
    OkHttpClient impatient = f.okHttpClient().newBuilder()
        .readTimeout(300, TimeUnit.MILLISECONDS).build();
    MediaClient client = f.mediaClient(impatient,
        MediaOptions.defaults());
    IOException e = failsToFile(client);
    assertTrue(e instanceof SocketTimeoutException || e instanceof InterruptedIOException,
        e.toString());
  }

  @Test
  void aServerThatNeverAnswersFiresTheCallTimeout() throws Exception {
    f.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
    OkHttpClient impatient = f.okHttpClient().newBuilder()
        .callTimeout(500, TimeUnit.MILLISECONDS).build();
    MediaClient client = f.mediaClient(impatient,
        MediaOptions.defaults());
    IOException e = failsToFile(client);
    assertTrue(e instanceof InterruptedIOException, e.toString());
  }
}
