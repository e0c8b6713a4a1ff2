package dev.mxsdk.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mxsdk.core.MatrixApiException;
import dev.mxsdk.core.MxcUri;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import okhttp3.Cookie;
import okhttp3.CookieJar;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The flow against MockWebServer: endpoints, opt-in, redirects, the origin rule, retries. */
final class MediaFlowTest {
  private static final MxcUri MXC = MxcUri.parse("mxc://media.example/abcDEF123");
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

  private static MockResponse plain(String body) {
    return new MockResponse().setHeader("Content-Type", "text/plain").setBody(body);
  }

  private String download(MediaClient client) throws IOException {
    try (MediaResponse response = client.newCall(MediaRequest.download(MXC)).execute()) {
      return response.source().readUtf8();
    }
  }

  @Test
  void v1_11ServerGetsTheAuthenticatedEndpointWithOptInAndNoRedirectParameter() throws Exception {
    f.enqueue(plain("hello"));
    assertEquals("hello", download(f.mediaClient()));
    RecordedRequest r = f.homeserverMediaRequests().get(0);
    HttpUrl url = r.getRequestUrl();
    assertEquals("/_matrix/client/v1/media/download/media.example/abcDEF123", url.encodedPath());
    assertEquals("aes128gcm", url.queryParameter("org.matrix.msc4097.encryption"));
    assertNull(url.queryParameter("allow_redirect"));
    assertEquals("Bearer " + FlowFixture.TOKEN, r.getHeader("Authorization"));
    assertNull(url.queryParameter("access_token"));
  }

  @Test
  void msc3916StableFlagSelectsTheAuthenticatedEndpoint() throws Exception {
    f.versionsJson = "{\"versions\":[\"v1.5\"],"
        + "\"unstable_features\":{\"org.matrix.msc3916.stable\":true}}";
    f.enqueue(plain("x"));
    download(f.mediaClient());
    assertTrue(f.homeserverMediaRequests().get(0).getPath()
        .startsWith("/_matrix/client/v1/media/download/"));
  }

  @Test
  void v1_10ServerGetsLegacyEndpointWithStableAllowRedirect() throws Exception {
    f.versionsJson = "{\"versions\":[\"v1.7\",\"v1.10\"]}";
    f.enqueue(plain("x"));
    download(f.mediaClient());
    HttpUrl url = f.homeserverMediaRequests().get(0).getRequestUrl();
    assertEquals("/_matrix/media/v3/download/media.example/abcDEF123", url.encodedPath());
    assertEquals("true", url.queryParameter("allow_redirect"));
    assertNull(url.queryParameter("com.beeper.msc3860.allow_redirect"));
    assertEquals("aes128gcm", url.queryParameter("org.matrix.msc4097.encryption"));
  }

  @Test
  void olderServerGetsTheUnstableAllowRedirect() throws Exception {
    f.versionsJson = "{\"versions\":[\"r0.6.1\",\"v1.1\",\"v1.6\"]}";
    f.enqueue(plain("x"));
    download(f.mediaClient());
    HttpUrl url = f.homeserverMediaRequests().get(0).getRequestUrl();
    assertTrue(url.encodedPath().startsWith("/_matrix/media/v3/download/"));
    assertEquals("true", url.queryParameter("com.beeper.msc3860.allow_redirect"));
    assertNull(url.queryParameter("allow_redirect"));
  }

  @Test
  void optInIsAbsentWhenCdnEncryptionIsOff() throws Exception {
    f.enqueue(plain("x"));
    MediaClient client = f.mediaClient(f.okHttpClient(),
        MediaOptions.builder().cdnEncryption(false).build());
    download(client);
    assertNull(f.homeserverMediaRequests().get(0).getRequestUrl()
        .queryParameter("org.matrix.msc4097.encryption"));
  }

  @Test
  void v1UnrecognizedFallsBackToLegacyAndRemembersIt() throws Exception {
    f.enqueue(new MockResponse().setResponseCode(404)
        .setBody("{\"errcode\":\"M_UNRECOGNIZED\",\"error\":\"Unrecognized request\"}"));
    f.enqueue(plain("one"));
    f.enqueue(plain("two"));
    MediaClient client = f.mediaClient();
    try (MediaResponse response = client.newCall(MediaRequest.download(MXC)).execute()) {
      assertEquals("one", response.source().readUtf8());
      assertTrue(response.diagnostics().fellBackToLegacy());
      assertEquals("legacy", response.diagnostics().endpoint());
    }
    assertEquals("two", download(client));
    List<RecordedRequest> requests = f.homeserverMediaRequests();
    assertEquals(3, requests.size());
    assertTrue(requests.get(0).getPath().startsWith("/_matrix/client/v1/media/download/"));
    assertTrue(requests.get(1).getPath().startsWith("/_matrix/media/v3/download/"));
    assertTrue(requests.get(2).getPath().startsWith("/_matrix/media/v3/download/"));
  }

  @Test
  void fallbackIsForgottenWhenTheVersionsCacheIsRefreshed() throws Exception {
    f.enqueue(new MockResponse().setResponseCode(404)
        .setBody("{\"errcode\":\"M_UNRECOGNIZED\",\"error\":\"Unrecognized request\"}"));
    f.enqueue(plain("one"));
    f.enqueue(plain("two"));
    dev.mxsdk.core.MatrixClient uncached = dev.mxsdk.core.MatrixClient.builder()
        .homeserver(f.homeserverUrl())
        .allowInsecureLoopback(true)
        .okHttpClient(f.okHttpClient())
        .accessTokenProvider(() -> FlowFixture.TOKEN)
        .versionsCacheMillis(0)
        .build();
    MediaClient client = MediaClient.builder(uncached)
        .defaultOptions(MediaOptions.defaults())
        .build();
    assertEquals("one", download(client));
    assertEquals("two", download(client));
    List<RecordedRequest> requests = f.homeserverMediaRequests();
    assertEquals(3, requests.size());
    assertTrue(requests.get(1).getPath().startsWith("/_matrix/media/v3/download/"));
    assertTrue(requests.get(2).getPath().startsWith("/_matrix/client/v1/media/download/"),
        "a fresh /versions answer starts from v1 again");
  }

  @Test
  void v1NotFoundWithOtherErrcodeIsNotAFallback() throws Exception {
    f.enqueue(new MockResponse().setResponseCode(404)
        .setBody("{\"errcode\":\"M_NOT_FOUND\",\"error\":\"no such media\"}"));
    MatrixApiException e = assertThrows(MatrixApiException.class, () -> download(f.mediaClient()));
    assertEquals("M_NOT_FOUND", e.errcode());
    assertEquals(1, f.homeserverMediaRequests().size());
  }

  @Test
  void thumbnailCarriesSizeMethodAnimatedAndOptIn() throws Exception {
    f.enqueue(plain("thumb"));
    MediaRequest request = MediaRequest.thumbnail(MXC, 64, 48, ThumbnailMethod.CROP)
        .newBuilder().animated(true).build();
    try (MediaResponse response = f.mediaClient().newCall(request).execute()) {
      assertEquals("thumb", response.source().readUtf8());
      assertEquals("mxc://media.example/abcDEF123#thumbnail/64x48/crop/true",
          response.cacheKey());
    }
    HttpUrl url = f.homeserverMediaRequests().get(0).getRequestUrl();
    assertEquals("/_matrix/client/v1/media/thumbnail/media.example/abcDEF123", url.encodedPath());
    assertEquals("64", url.queryParameter("width"));
    assertEquals("48", url.queryParameter("height"));
    assertEquals("crop", url.queryParameter("method"));
    assertEquals("true", url.queryParameter("animated"));
    assertEquals("aes128gcm", url.queryParameter("org.matrix.msc4097.encryption"));
  }

  @Test
  void plainRedirectToCdnCarriesNoAuthorizationAndNoCookie() throws Exception {
    f.enqueue(f.redirectToCdn("/cdn/object?sig=one-time"));
    f.cdn.enqueue(plain("from cdn"));
    CookieJar jar = new CookieJar() {
      @Override
      public void saveFromResponse(HttpUrl url, List<Cookie> cookies) {}

      @Override
      public List<Cookie> loadForRequest(HttpUrl url) {
        return List.of(new Cookie.Builder().name("session").value("s3cret")
            .domain(url.host()).build());
      }
    };
    OkHttpClient ok = f.okHttpClient().newBuilder().cookieJar(jar).build();
    MediaClient client = f.mediaClient(ok, MediaOptions.defaults());
    try (MediaResponse response = client.newCall(MediaRequest.download(MXC)).execute()) {
      assertEquals("from cdn", response.source().readUtf8());
      String described = response.describe();
      assertFalse(described.contains("sig=one-time"), described);
      assertFalse(described.contains("/cdn/object"), described);
      assertFalse(response.diagnostics().keyReceived());
    }
    RecordedRequest atHomeserver = f.homeserverMediaRequests().get(0);
    assertEquals("Bearer " + FlowFixture.TOKEN, atHomeserver.getHeader("Authorization"));
    RecordedRequest atCdn = f.cdnRequests().get(0);
    assertEquals("/cdn/object?sig=one-time", atCdn.getPath());
    assertNull(atCdn.getHeader("Authorization"));
    assertNull(atCdn.getHeader("Cookie"));
  }

  @Test
  void noCredentialsAfterTheChainBouncesBackToTheHomeserver() throws Exception {
    f.enqueue(f.redirectToCdn("/hop"));
    f.cdn.enqueue(new MockResponse().setResponseCode(302)
        .setHeader("Location", f.homeserver.url("/back").toString()));
    f.enqueue(plain("back home"));
    assertEquals("back home", download(f.mediaClient()));
    List<RecordedRequest> requests = f.homeserverMediaRequests();
    assertEquals(2, requests.size());
    assertEquals("Bearer " + FlowFixture.TOKEN, requests.get(0).getHeader("Authorization"));
    assertEquals("/back", requests.get(1).getPath());
    assertNull(requests.get(1).getHeader("Authorization"));
    assertNull(f.cdnRequests().get(0).getHeader("Authorization"));
  }

  @Test
  void relativeRedirectOnTheHomeserverKeepsAuthorization() throws Exception {
    f.enqueue(new MockResponse().setResponseCode(307).setHeader("Location", "/elsewhere/x"));
    f.enqueue(plain("moved"));
    assertEquals("moved", download(f.mediaClient()));
    List<RecordedRequest> requests = f.homeserverMediaRequests();
    assertEquals("/elsewhere/x", requests.get(1).getPath());
    assertEquals("Bearer " + FlowFixture.TOKEN, requests.get(1).getHeader("Authorization"));
  }

  @Test
  void moreThanFiveRedirectsFail() throws Exception {
    for (int i = 0; i < 6; i++) {
      f.enqueue(new MockResponse().setResponseCode(302).setHeader("Location", "/loop" + i));
    }
    RedirectPolicyException e =
        assertThrows(RedirectPolicyException.class, () -> download(f.mediaClient()));
    assertTrue(e.getMessage().contains("more than 5 redirects"), e.getMessage());
    assertEquals(6, f.homeserverMediaRequests().size());
  }

  @Test
  void plainHttpIsRefusedWithoutTheLoopbackOption() throws Exception {
    // One setting for one rule: the MatrixClient's allowInsecureLoopback covers every hop.
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> dev.mxsdk.core.MatrixClient.builder().homeserver(f.homeserverUrl()).build());
    assertTrue(e.getMessage().contains("only https"), e.getMessage());
    assertEquals(0, f.homeserverMediaRequests().size());
  }

  @Test
  void insecureLoopbackOptionDoesNotAllowHttpToOtherHosts() throws Exception {
    f.enqueue(new MockResponse().setResponseCode(307)
        .setHeader("Location", "http://cdn.example.com/object"));
    RedirectPolicyException e =
        assertThrows(RedirectPolicyException.class, () -> download(f.mediaClient()));
    assertTrue(e.getMessage().contains("loopback"), e.getMessage());
    assertFalse(e.getMessage().contains("/object"), e.getMessage());
  }

  @Test
  void callersRedirectPolicyCanRefuseATarget() throws Exception {
    f.enqueue(f.redirectToCdn("/private"));
    MediaClient client = f.mediaClient(f.okHttpClient(), MediaOptions.builder()
        .redirectPolicy(url -> !url.encodedPath().startsWith("/private"))
        .build());
    assertThrows(RedirectPolicyException.class, () -> download(client));
    assertTrue(f.cdnRequests().isEmpty());
  }

  @Test
  void requiredCdnEncryptionRefusesARedirectWithoutKey() throws Exception {
    f.enqueue(f.redirectToCdn("/plain"));
    MediaClient client = f.mediaClient(f.okHttpClient(),
        MediaOptions.builder().requireCdnEncryption(true).build());
    MediaProtocolException e = assertThrows(MediaProtocolException.class, () -> download(client));
    assertTrue(e.getMessage().contains("carried no key"), e.getMessage());
    assertTrue(f.cdnRequests().isEmpty());
  }

  @Test
  void encryptedBodyWithoutAKeyFailsClosed() throws Exception {
    f.enqueue(f.redirectToCdn("/enc"));
    f.cdn.enqueue(new MockResponse().setHeader("Content-Encoding", "aes128gcm")
        .setBody("not really"));
    MediaProtocolException e =
        assertThrows(MediaProtocolException.class, () -> download(f.mediaClient()));
    assertTrue(e.getMessage().contains("no key"), e.getMessage());
  }

  @Test
  void rateLimitIsRetriedAfterTheServersDelayFromTheHomeserver() throws Exception {
    f.enqueue(new MockResponse().setResponseCode(429)
        .setBody("{\"errcode\":\"M_LIMIT_EXCEEDED\",\"error\":\"slow down\",\"retry_after_ms\":1500}"));
    f.enqueue(f.redirectToCdn("/after-limit"));
    f.cdn.enqueue(plain("ok"));
    try (MediaResponse response = f.mediaClient().newCall(MediaRequest.download(MXC)).execute()) {
      assertEquals("ok", response.source().readUtf8());
      assertEquals(2, response.diagnostics().attempts());
    }
    assertEquals(List.of(1500L), f.clock.sleeps);
    List<RecordedRequest> requests = f.homeserverMediaRequests();
    assertEquals(2, requests.size());
    assertEquals("Bearer " + FlowFixture.TOKEN, requests.get(1).getHeader("Authorization"));
  }

  @Test
  void rateLimitLongerThanTheCapIsNotWaitedFor() throws Exception {
    f.enqueue(new MockResponse().setResponseCode(429)
        .setBody("{\"errcode\":\"M_LIMIT_EXCEEDED\",\"retry_after_ms\":600000}"));
    MatrixApiException e = assertThrows(MatrixApiException.class, () -> download(f.mediaClient()));
    assertEquals(429, e.status());
    assertTrue(f.clock.sleeps.isEmpty());
  }

  @Test
  void notYetUploadedIsRetriedUntilTheTimeoutThenFails() throws Exception {
    for (int i = 0; i < 10; i++) {
      f.enqueue(new MockResponse().setResponseCode(504)
          .setBody("{\"errcode\":\"M_NOT_YET_UPLOADED\",\"error\":\"not yet\"}"));
    }
    MediaClient client = f.mediaClient(f.okHttpClient(),
        MediaOptions.builder().timeoutMillis(3000).build());
    MatrixApiException e = assertThrows(MatrixApiException.class, () -> download(client));
    assertEquals("M_NOT_YET_UPLOADED", e.errcode());
    long waited = 0;
    for (long s : f.clock.sleeps) waited += s;
    assertTrue(waited <= 3000, "waited " + waited + " ms within the 3000 ms budget");
    List<RecordedRequest> requests = f.homeserverMediaRequests();
    // A wait before every retry, except those whose full-jitter delay came out as 0 ms.
    assertTrue(f.clock.sleeps.size() + 1 <= requests.size(),
        f.clock.sleeps + " for " + requests.size());
    // The backoff is jittered: the budget may end the retries before the attempts run out.
    int max = dev.mxsdk.core.RetryPolicy.defaults().maxAttempts();
    assertTrue(requests.size() >= 2 && requests.size() <= max,
        requests.size() + " attempts, expected 2 to " + max);
    assertEquals("3000", requests.get(0).getRequestUrl().queryParameter("timeout_ms"));
    long lastTimeout = Long.parseLong(
        requests.get(requests.size() - 1).getRequestUrl().queryParameter("timeout_ms"));
    assertTrue(lastTimeout < 3000, "timeout_ms shrinks with the remaining budget");
  }

  @Test
  void notYetUploadedThenAvailableSucceeds() throws Exception {
    f.enqueue(new MockResponse().setResponseCode(504)
        .setBody("{\"errcode\":\"M_NOT_YET_UPLOADED\",\"error\":\"not yet\"}"));
    f.enqueue(plain("uploaded"));
    assertEquals("uploaded", download(f.mediaClient()));
    // Full jitter: the first backoff is anywhere in [0, 500] ms, and a wait of 0 is not slept.
    assertTrue(f.clock.sleeps.size() <= 1, f.clock.sleeps.toString());
    for (long s : f.clock.sleeps) assertTrue(s <= 500, "the first backoff is at most 500 ms");
    assertEquals(2, f.homeserverMediaRequests().size());
  }

  @Test
  void tooLargeIsNotRetried() throws Exception {
    f.enqueue(new MockResponse().setResponseCode(502)
        .setBody("{\"errcode\":\"M_TOO_LARGE\",\"error\":\"remote media too large\"}"));
    MatrixApiException e = assertThrows(MatrixApiException.class, () -> download(f.mediaClient()));
    assertEquals("M_TOO_LARGE", e.errcode());
    assertEquals(1, f.homeserverMediaRequests().size());
    assertTrue(f.clock.sleeps.isEmpty());
  }

  @Test
  void errorsNeverContainTheToken() throws Exception {
    f.enqueue(new MockResponse().setResponseCode(403)
        .setBody("{\"errcode\":\"M_FORBIDDEN\",\"error\":\"nope\"}"));
    MatrixApiException e = assertThrows(MatrixApiException.class, () -> download(f.mediaClient()));
    assertFalse(String.valueOf(e.getMessage()).contains(FlowFixture.TOKEN));
    assertFalse(e.toString().contains(FlowFixture.TOKEN));
  }

  @Test
  void contentDispositionFileNameIsSanitised() throws Exception {
    f.enqueue(plain("x").setHeader("Content-Disposition",
        "attachment; filename=\"../../etc/passwd\"; filename*=UTF-8''..%2F.bashrc%0A"));
    try (MediaResponse response = f.mediaClient().newCall(MediaRequest.download(MXC)).execute()) {
      assertEquals("bashrc", response.fileName());
      assertEquals(1, response.contentLength());
      assertEquals("text/plain", response.contentType());
    }
  }

  @Test
  void maxSizeRefusesALargerContentLengthBeforeReading() throws Exception {
    f.enqueue(plain("0123456789"));
    MediaClient client = f.mediaClient(f.okHttpClient(),
        MediaOptions.builder().maxSize(5).build());
    MediaTooLargeException e = assertThrows(MediaTooLargeException.class, () -> download(client));
    assertEquals(5, e.maxSize());
  }

  @Test
  void maxSizeStopsAChunkedBodyAtTheLimit() throws Exception {
    f.enqueue(new MockResponse().setChunkedBody("0123456789", 3));
    MediaClient client = f.mediaClient(f.okHttpClient(),
        MediaOptions.builder().maxSize(5).build());
    File target = dir.resolve("limited").toFile();
    try (MediaResponse response = client.newCall(MediaRequest.download(MXC)).execute()) {
      assertThrows(MediaTooLargeException.class, () -> response.downloadTo(target));
    }
    assertFalse(target.exists());
  }

  @Test
  void downloadToFileReplacesTheTargetOnlyOnSuccess() throws Exception {
    File target = dir.resolve("photo.bin").toFile();
    Files.write(target.toPath(), "old".getBytes(StandardCharsets.UTF_8));
    f.enqueue(plain("new contents"));
    try (MediaResponse response = f.mediaClient().newCall(MediaRequest.download(MXC)).execute()) {
      assertEquals(12, response.downloadTo(target));
    }
    assertEquals("new contents", Files.readString(target.toPath()));
    String[] left = dir.toFile().list();
    assertEquals(1, left.length, String.join(",", left));
  }

  @Test
  void progressCountsWireBytesAgainstContentLength() throws Exception {
    f.enqueue(plain("0123456789"));
    long[] last = new long[2];
    MediaClient client = f.mediaClient(f.okHttpClient(), MediaOptions.builder()
        .progressListener((read, length) -> {
          last[0] = read;
          last[1] = length;
        })
        .build());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (MediaResponse response = client.newCall(MediaRequest.download(MXC)).execute()) {
      assertEquals(10, response.downloadTo(out));
    }
    assertEquals("0123456789", out.toString(StandardCharsets.UTF_8));
    assertEquals(10, last[0]);
    assertEquals(10, last[1]);
  }

  @Test
  void configReadsUploadSizeAuthenticated() throws Exception {
    f.enqueue(new MockResponse().setBody("{\"m.upload.size\":52428800,\"other\":[1,2]}"));
    MediaConfig config = f.mediaClient().config();
    assertEquals(52428800L, config.uploadSize());
    RecordedRequest r = f.homeserverMediaRequests().get(0);
    assertEquals("/_matrix/client/v1/media/config", r.getPath());
    assertEquals("Bearer " + FlowFixture.TOKEN, r.getHeader("Authorization"));
  }

  @Test
  void aCallRunsOnce() throws Exception {
    f.enqueue(plain("x"));
    MediaCall call = f.mediaClient().newCall(MediaRequest.download(MXC));
    call.execute().close();
    assertThrows(IllegalStateException.class, call::execute);
  }

  @Test
  void timeoutMsStaysBelowTheClientsReadTimeout() throws Exception {
    f.enqueue(plain("bytes"));
    okhttp3.OkHttpClient tenSeconds = f.okHttpClient().newBuilder()
        .readTimeout(10, java.util.concurrent.TimeUnit.SECONDS).build();
    MediaClient client = f.mediaClient(tenSeconds, MediaOptions.defaults());
    try (MediaResponse response = client.newCall(MediaRequest.download(
        dev.mxsdk.core.MxcUri.parse("mxc://example.org/wait"))).execute()) {
      response.source().readUtf8();
    }
    // The default budget is 20 s, but a server that waits that long would outlast the 10 s read
    // timeout: the wait asked for leaves a margin below it.
    assertEquals("8000",
        f.homeserverMediaRequests().get(0).getRequestUrl().queryParameter("timeout_ms"));
  }
}
