package dev.mxsdk.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mxsdk.core.MatrixApiException;
import dev.mxsdk.core.MatrixClient;
import dev.mxsdk.core.MxcUri;
import dev.mxsdk.core.RetryPolicy;
import dev.mxsdk.core.Session;
import dev.mxsdk.core.UnexpectedRedirectException;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every media call inherits from the one homeserver path: downloads retried on 503 and on a
 * dropped connection under the client's own {@link RetryPolicy}, the token refreshed once on
 * {@code 401 M_UNKNOWN_TOKEN} for uploads and previews (and never a one-shot body sent twice), no
 * redirect from https to http followed by the config call, and an upload's file changing while it
 * is read caught in the same attempt.
 */
final class CallPathContractsTest {
  private static final MxcUri MXC = MxcUri.parse("mxc://media.example/contracts");
  private static final String EXPIRED =
      "{\"errcode\":\"M_UNKNOWN_TOKEN\",\"error\":\"expired\",\"soft_logout\":true}";
  private static final String UPLOADED = "{\"content_uri\":\"mxc://example.org/up1\"}";

  private FlowFixture f;
  @TempDir Path dir;

  @BeforeEach
  void setUp() throws IOException {
    f = new FlowFixture();
    f.configJson = "{\"m.upload.size\":52428800}";
  }

  @AfterEach
  void tearDown() throws IOException {
    f.close();
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
        .setBody(body);
  }

  private MediaClient mediaClient(RetryPolicy policy) {
    // OkHttp's own silent retry off: what is retried here is retried by the policy.
    MatrixClient matrix = TestClients.matrixClientBuilder(f.homeserverUrl(),
        f.okHttpClient().newBuilder().retryOnConnectionFailure(false).build(), FlowFixture.TOKEN)
        .clock(f.clock).retryPolicy(policy).build();
    return MediaClient.builder(matrix).build();
  }

  /** A client on a refreshable session whose first access token the server will call expired. */
  private MediaClient sessionClient() {
    MatrixClient matrix = MatrixClient.builder()
        .homeserver(f.homeserverUrl())
        .allowInsecureLoopback(true)
        .okHttpClient(f.okHttpClient())
        .clock(f.clock)
        .session(Session.builder().userId("@a:media.example").deviceId("D")
            .accessToken("at1").refreshToken("rt1").build(), s -> { })
        .build();
    return MediaClient.builder(matrix).build();
  }

  private static String read(MediaClient client) throws IOException {
    try (MediaResponse response = client.newCall(MediaRequest.download(MXC)).execute()) {
      return response.source().readUtf8();
    }
  }

  // Downloads retry through the client's RetryPolicy.

  @Test
  void aDownloadIsRetriedAfterA503WithTheServersDelay() throws Exception {
    f.enqueue(json(503, "{\"errcode\":\"M_UNKNOWN\",\"error\":\"busy\"}")
        .setHeader("Retry-After", "3"));
    f.enqueue(new MockResponse().setBody("served"));
    assertEquals("served", read(mediaClient(RetryPolicy.defaults())));
    assertEquals(Collections.singletonList(3000L), f.clock.sleeps);
    assertEquals(2, f.homeserverMediaRequests().size());
  }

  @Test
  void aDownloadObeysTheClientsOwnPolicy() throws Exception {
    f.enqueue(json(503, "{\"errcode\":\"M_UNKNOWN\",\"error\":\"busy\"}"));
    f.enqueue(json(503, "{\"errcode\":\"M_UNKNOWN\",\"error\":\"busy\"}"));
    f.enqueue(new MockResponse().setBody("never reached"));
    MatrixApiException none = assertThrows(MatrixApiException.class,
        () -> read(mediaClient(RetryPolicy.none())));
    assertEquals(503, none.status());
    assertEquals(1, f.homeserverMediaRequests().size(), "RetryPolicy.none(): one attempt");

    f.homeserverQueue.clear();
    f.clock.sleeps.clear();
    for (int i = 0; i < 3; i++) f.enqueue(json(503, "{\"errcode\":\"M_UNKNOWN\"}"));
    MatrixApiException two = assertThrows(MatrixApiException.class,
        () -> read(mediaClient(RetryPolicy.builder().maxAttempts(2).build())));
    assertEquals(503, two.status());
    assertEquals(2, f.homeserverMediaRequests().size(), "maxAttempts(2): two attempts");
    // One wait between them, unless the full-jitter delay came out as 0 ms (no sleep at all).
    assertTrue(f.clock.sleeps.size() <= 1, "waits: " + f.clock.sleeps);
  }

  @Test
  void aRefusedConnectionIsRetriedByThePolicyAndACloseBeforeAnsweringIsNot() throws Exception {
    // Closed before answering: the request may have been acted on, and the policy says no.
    f.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
    f.enqueue(new MockResponse().setBody("never reached"));
    assertThrows(IOException.class, () -> read(mediaClient(RetryPolicy.defaults())));
    assertEquals(1, f.homeserverMediaRequests().size());
    assertTrue(f.clock.sleeps.isEmpty());

    // Refused: nothing was sent, so every attempt the policy allows is made.
    MockWebServer gone = new MockWebServer();
    gone.start();
    okhttp3.HttpUrl url = gone.url("/");
    gone.shutdown();
    AtomicInteger connects = new AtomicInteger();
    OkHttpClient counting = f.okHttpClient().newBuilder().retryOnConnectionFailure(false)
        .addInterceptor(chain -> {
          connects.incrementAndGet();
          return chain.proceed(chain.request());
        }).build();
    MatrixClient matrix = TestClients.matrixClientBuilder(url, counting, FlowFixture.TOKEN)
        .clock(f.clock).retryPolicy(RetryPolicy.builder().maxAttempts(3).build()).build();
    assertThrows(java.net.ConnectException.class,
        () -> read(MediaClient.builder(matrix).build()));
    // Every attempt the policy allows, each one a call that fails to connect (/versions and the
    // download alike, so at least the download's three).
    assertTrue(connects.get() >= 3, "connection attempts: " + connects.get());
  }

  // The token refresh for uploads and previews.

  @Test
  void anUploadOfAFileIsSentAgainWithTheRefreshedToken() throws Exception {
    File file = dir.resolve("a.bin").toFile();
    byte[] content = "the file's bytes".getBytes(StandardCharsets.UTF_8);
    Files.write(file.toPath(), content);
    f.enqueue(json(401, EXPIRED));
    f.enqueue(json(200, "{\"access_token\":\"at2\",\"refresh_token\":\"rt2\"}"));
    f.enqueue(json(200, UPLOADED));
    UploadResult result = sessionClient().newUpload(UploadRequest.file(file).build()).execute();
    assertEquals("mxc://example.org/up1", result.mxcUri().toString());
    List<RecordedRequest> requests = f.homeserverUploadRequests();
    assertEquals(3, requests.size());
    assertEquals("Bearer at1", requests.get(0).getHeader("Authorization"));
    assertEquals("/_matrix/client/v3/refresh", requests.get(1).getPath());
    assertEquals("Bearer at2", requests.get(2).getHeader("Authorization"));
    assertArrayEquals(content, requests.get(0).getBody().readByteArray());
    assertArrayEquals(content, requests.get(2).getBody().readByteArray());
  }

  @Test
  void aOneShotUploadIsNeverSentTwiceNotEvenAfterARefresh() throws Exception {
    f.enqueue(json(401, EXPIRED));
    f.enqueue(json(200, "{\"access_token\":\"at2\",\"refresh_token\":\"rt2\"}"));
    f.enqueue(json(200, UPLOADED));
    MatrixApiException e = assertThrows(MatrixApiException.class, () -> sessionClient()
        .newUpload(UploadRequest.source(new Buffer().writeUtf8("once"), 4).build()).execute());
    assertEquals(401, e.status());
    assertEquals("M_UNKNOWN_TOKEN", e.errcode());
    assertEquals(1, f.homeserverUploadRequests().size(), "the body could not be sent again");
  }

  @Test
  void aPreviewIsAskedAgainWithTheRefreshedToken() throws Exception {
    f.enqueue(json(401, EXPIRED));
    f.enqueue(json(200, "{\"access_token\":\"at2\",\"refresh_token\":\"rt2\"}"));
    f.enqueue(json(200, "{\"og:title\":\"A page\"}"));
    UrlPreview preview = sessionClient().previewUrl("https://example.org/page");
    assertEquals("A page", preview.title());
    List<RecordedRequest> requests = f.homeserverMediaRequests();
    assertEquals(3, requests.size());
    assertEquals("Bearer at2", requests.get(2).getHeader("Authorization"));
    assertEquals(requests.get(0).getPath(), requests.get(2).getPath());
  }

  // The config call refuses a redirect from https to plain http.

  @Test
  void theConfigNeverFollowsARedirectFromHttpsToHttp() throws Exception {
    f.close();
    f = new FlowFixture(true);
    try (MockWebServer plain = new MockWebServer()) {
      plain.start();
      f.enqueue(new MockResponse().setResponseCode(307)
          .setHeader("Location", plain.url("/_matrix/client/v1/media/config").toString()));
      MediaClient client = MediaClient.builder(TestClients.matrixClientBuilder(f.homeserverUrl(),
          f.okHttpClient(), FlowFixture.TOKEN).clock(f.clock).build()).build();
      UnexpectedRedirectException e =
          assertThrows(UnexpectedRedirectException.class, client::config);
      assertEquals(307, e.status());
      assertEquals(0, plain.getRequestCount(), "nothing, and no token, went to the http origin");
      assertEquals(1, f.homeserverMediaRequests().size());
    }
  }

  // A file that changes while one attempt reads it.

  private File bigFile() throws IOException {
    byte[] bytes = new byte[1 << 20];
    new Random(7).nextBytes(bytes);
    File file = dir.resolve("changing.bin").toFile();
    Files.write(file.toPath(), bytes);
    return file;
  }

  @Test
  void aFileCutShortWhileItIsSentFailsThatAttemptAndNothingIsComplete() throws Exception {
    final File file = bigFile();
    final AtomicBoolean cut = new AtomicBoolean();
    f.enqueue(json(200, UPLOADED));
    MediaIntegrityException e = assertThrows(MediaIntegrityException.class, () ->
        f.mediaClient().newUpload(UploadRequest.file(file).progressListener((done, total) -> {
          if (done > 0 && cut.compareAndSet(false, true)) {
            try (RandomAccessFile raf = new RandomAccessFile(file, "rw")) {
              raf.setLength(200_000);
            } catch (IOException io) {
              throw new AssertionError(io);
            }
          }
        }).build()).execute());
    assertTrue(e.getMessage().contains("ended after"), e.getMessage());
    assertNoCompleteUpload(1 << 20);
  }

  @Test
  void aFileThatGrowsWhileItIsSentFailsThatAttemptAndNothingIsComplete() throws Exception {
    final File file = bigFile();
    final AtomicBoolean grown = new AtomicBoolean();
    f.enqueue(json(200, UPLOADED));
    MediaIntegrityException e = assertThrows(MediaIntegrityException.class, () ->
        f.mediaClient().newUpload(UploadRequest.file(file).progressListener((done, total) -> {
          if (done > 0 && grown.compareAndSet(false, true)) {
            try (FileOutputStream out = new FileOutputStream(file, true)) {
              out.write(new byte[4096]);
            } catch (IOException io) {
              throw new AssertionError(io);
            }
          }
        }).build()).execute());
    assertTrue(e.getMessage().contains("yielded more"), e.getMessage());
    assertNoCompleteUpload(1 << 20);
  }

  /** The server never received a body of the declared length. */
  private void assertNoCompleteUpload(long declared) throws InterruptedException {
    for (RecordedRequest r : f.homeserverUploadRequests()) {
      assertTrue(r.getBodySize() < declared,
          "a complete body of " + r.getBodySize() + " bytes reached the server");
    }
  }
}
