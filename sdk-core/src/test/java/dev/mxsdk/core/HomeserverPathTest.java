package dev.mxsdk.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

final class HomeserverPathTest {
  private static final String TOKEN = "syt_secret_access_token";

  private MockWebServer server;
  private MockWebServer cdn;
  private final FakeClock clock = new FakeClock(0);

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start();
    cdn = new MockWebServer();
    cdn.start();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    cdn.close();
  }

  private MatrixClient.Builder client(Clock clock) {
    return MatrixClient.builder()
        .homeserver(server.url("/"))
        .allowInsecureLoopback(true)
        .accessTokenProvider(() -> TOKEN)
        .userAgent("agent/1")
        .clock(clock)
        .random(new Random(1));
  }

  private HomeserverPath path(RetryPolicy policy) {
    return client(clock).retryPolicy(policy).build().homeserverPath();
  }

  /** One attempt: GET /r, authenticated, body as the result. */
  private static HomeserverPath.Attempt<String> get(HomeserverPath path, CallHandle handle,
      AtomicInteger attempts) {
    return attempt -> {
      attempts.incrementAndGet();
      Request request = path.newRequest("r").build();
      try (Response response = path.execute(request, true, handle)) {
        return path.successBody(response, "GET /r").string();
      }
    };
  }

  @Test
  void requestsCarryTheUserAgentAndTheTokenToTheHomeserverOnly() throws Exception {
    server.enqueue(new MockResponse().setBody("ok"));
    HomeserverPath path = path(RetryPolicy.defaults());
    assertEquals("ok", path.retrying(get(path, new CallHandle(), new AtomicInteger()), true,
        new CallHandle()));
    RecordedRequest r = server.takeRequest();
    assertEquals("Bearer " + TOKEN, r.getHeader("Authorization"));
    assertEquals("agent/1", r.getHeader("User-Agent"));
    assertThrows(IllegalArgumentException.class, () -> path.newRequest(cdn.url("/x")));
  }

  @Test
  void theOriginGuardRemovesCredentialsThatAnAppInterceptorAddsForAnotherOrigin()
      throws Exception {
    Interceptor leaky = chain -> chain.proceed(chain.request().newBuilder()
        .header("Authorization", "Bearer " + TOKEN).header("Cookie", "session=1")
        .header("X-Matrix-Content-Token", "content-token-secret").build());
    MatrixClient client = client(clock)
        .okHttpClient(new OkHttpClient.Builder().addNetworkInterceptor(leaky).build()).build();
    cdn.enqueue(new MockResponse().setBody("a"));
    cdn.enqueue(new MockResponse().setBody("b"));
    HomeserverPath path = client.homeserverPath();
    Request toCdn = new Request.Builder().url(cdn.url("/media")).build();
    path.homeserverClient(null).newCall(toCdn).execute().close();
    path.foreignClient(null).newCall(toCdn).execute().close();
    for (int i = 0; i < 2; i++) {
      RecordedRequest r = cdn.takeRequest();
      assertNull(r.getHeader("Authorization"));
      assertNull(r.getHeader("Cookie"));
      assertNull(r.getHeader("X-Matrix-Content-Token"));
    }
  }

  @Test
  void anErrorThatQuotesTheContentTokenItWasSentWithHasItRedacted() throws Exception {
    String contentToken = "msc3910-content-token-secret";
    server.enqueue(new MockResponse().setResponseCode(403).setBody("{\"errcode\":\"M_UNAUTHORIZED\","
        + "\"error\":\"bad token " + contentToken + " for " + TOKEN + "\"}"));
    HomeserverPath path = path(RetryPolicy.none());
    Request request = path.newRequest("r").header("X-Matrix-Content-Token", contentToken).build();
    MatrixApiException e;
    try (Response response = path.execute(request, true, new CallHandle())) {
      e = assertThrows(MatrixApiException.class, () -> path.successBody(response, "GET /r"));
    }
    assertEquals(contentToken, server.takeRequest().getHeader("X-Matrix-Content-Token"));
    assertFalse(e.getMessage().contains(contentToken), e.getMessage());
    assertFalse(String.valueOf(e.error()).contains(contentToken), e.error());
    assertFalse(e.getMessage().contains(TOKEN), e.getMessage());
  }

  @Test
  void theForeignPathDropsTheAppsInterceptors() throws Exception {
    AtomicInteger seen = new AtomicInteger();
    Interceptor counting = chain -> {
      seen.incrementAndGet();
      return chain.proceed(chain.request());
    };
    MatrixClient client = client(clock)
        .okHttpClient(new OkHttpClient.Builder().addInterceptor(counting).build()).build();
    cdn.enqueue(new MockResponse().setBody("a"));
    client.homeserverPath().foreignClient(null)
        .newCall(new Request.Builder().url(cdn.url("/media")).build()).execute().close();
    assertEquals(0, seen.get());
  }

  @Test
  void retriesWaitTheServersDelayThenBackoff() throws Exception {
    server.enqueue(new MockResponse().setResponseCode(429).setHeader("Retry-After", "4"));
    server.enqueue(new MockResponse().setResponseCode(503));
    server.enqueue(new MockResponse().setBody("ok"));
    HomeserverPath path = path(RetryPolicy.builder().initialBackoffMillis(1000).build());
    CallHandle handle = new CallHandle();
    assertEquals("ok", path.retrying(get(path, handle, new AtomicInteger()), true, handle));
    List<Long> sleeps = clock.sleeps();
    assertEquals(4000L, sleeps.get(0));
    // Then the jittered backoff, not slept at all when it comes out as 0 ms.
    assertTrue(sleeps.size() == 2 || sleeps.size() == 1, "waits " + sleeps);
    if (sleeps.size() == 2) {
      assertTrue(sleeps.get(1) > 0 && sleeps.get(1) <= 2000, "backoff " + sleeps);
    }
    assertEquals(3, server.getRequestCount());
  }

  @Test
  void notYetUploadedIsRetried() throws Exception {
    server.enqueue(new MockResponse().setResponseCode(504)
        .setBody("{\"errcode\":\"M_NOT_YET_UPLOADED\",\"error\":\"not yet\"}"));
    server.enqueue(new MockResponse().setBody("ok"));
    HomeserverPath path = path(RetryPolicy.defaults());
    CallHandle handle = new CallHandle();
    assertEquals("ok", path.retrying(get(path, handle, new AtomicInteger()), true, handle));
  }

  @Test
  void theTotalWaitBoundEndsRetriesWithTheLastError() throws Exception {
    server.enqueue(new MockResponse().setResponseCode(429).setHeader("Retry-After", "3"));
    server.enqueue(new MockResponse().setResponseCode(429).setHeader("Retry-After", "3"));
    HomeserverPath path = path(
        RetryPolicy.builder().maxAttempts(10).maxTotalWaitMillis(5000).build());
    CallHandle handle = new CallHandle();
    MatrixApiException e = assertThrows(MatrixApiException.class,
        () -> path.retrying(get(path, handle, new AtomicInteger()), true, handle));
    assertEquals(429, e.status());
    assertEquals(List.of(3000L), clock.sleeps());
  }

  @Test
  void noWaitRunsPastTheHandlesDeadline() throws Exception {
    server.enqueue(new MockResponse().setResponseCode(429).setHeader("Retry-After", "3"));
    HomeserverPath path = path(RetryPolicy.defaults());
    CallHandle handle = new CallHandle();
    handle.deadlineMillis(clock.nowMillis() + 2000);
    assertThrows(MatrixApiException.class,
        () -> path.retrying(get(path, handle, new AtomicInteger()), true, handle));
    assertTrue(clock.sleeps().isEmpty());
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void networkFailuresAreRetriedForIdempotentRequestsOnly() throws Exception {
    OkHttpClient impatient = new OkHttpClient.Builder()
        .readTimeout(200, TimeUnit.MILLISECONDS)
        .build();
    server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
    server.enqueue(new MockResponse().setBody("ok"));
    HomeserverPath path = client(clock).okHttpClient(impatient).build().homeserverPath();
    CallHandle handle = new CallHandle();
    AtomicInteger attempts = new AtomicInteger();
    assertEquals("ok", path.retrying(get(path, handle, attempts), true, handle));
    assertEquals(2, attempts.get());

    server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
    server.enqueue(new MockResponse().setBody("never"));
    AtomicInteger once = new AtomicInteger();
    CallHandle second = new CallHandle();
    assertThrows(java.net.SocketTimeoutException.class,
        () -> path.retrying(get(path, second, once), false, second));
    assertEquals(1, once.get());
  }

  @Test
  void aServerThatClosesBeforeAnsweringIsNotAskedAgain() throws Exception {
    server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AT_START));
    server.enqueue(new MockResponse().setBody("never"));
    HomeserverPath path = path(RetryPolicy.defaults());
    CallHandle handle = new CallHandle();
    AtomicInteger attempts = new AtomicInteger();
    assertThrows(IOException.class, () -> path.retrying(get(path, handle, attempts), true, handle));
    assertEquals(1, attempts.get());
  }

  @Test
  void aRefusedConnectionIsRetriedThenReported() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    MatrixClient client = client(clock)
        .homeserver(HttpUrl.get("http://127.0.0.1:" + port + "/")).build();
    HomeserverPath path = client.homeserverPath();
    CallHandle handle = new CallHandle();
    AtomicInteger attempts = new AtomicInteger();
    assertThrows(java.net.ConnectException.class,
        () -> path.retrying(get(path, handle, attempts), true, handle));
    assertEquals(RetryPolicy.defaults().maxAttempts(), attempts.get());
  }

  @Test
  void aRejectedTokenIsRefreshedOnceAndTheRequestSentAgain() throws Exception {
    server.enqueue(new MockResponse().setResponseCode(401)
        .setBody("{\"errcode\":\"M_UNKNOWN_TOKEN\",\"error\":\"expired\",\"soft_logout\":true}"));
    server.enqueue(new MockResponse()
        .setBody("{\"access_token\":\"syt_fresh_token_1\",\"refresh_token\":\"syr_2\"}"));
    server.enqueue(new MockResponse().setBody("ok"));
    MatrixClient client = client(clock).session(Session.builder().userId("@a:example.org")
        .deviceId("D").accessToken("syt_stale_token_0").refreshToken("syr_1").build(), s -> { })
        .build();
    HomeserverPath path = client.homeserverPath();
    CallHandle handle = new CallHandle();
    assertEquals("ok", path.retrying(get(path, handle, new AtomicInteger()), true, handle));
    assertEquals("Bearer syt_stale_token_0", server.takeRequest().getHeader("Authorization"));
    assertEquals("/_matrix/client/v3/refresh", server.takeRequest().getPath());
    assertEquals("Bearer syt_fresh_token_1", server.takeRequest().getHeader("Authorization"));
  }

  @Test
  void aServerThatEchoesTheTokenHasItRedacted() throws Exception {
    server.enqueue(new MockResponse().setResponseCode(403)
        .setBody("{\"errcode\":\"M_FORBIDDEN\",\"error\":\"bad token " + TOKEN + "\"}"));
    HomeserverPath path = path(RetryPolicy.none());
    CallHandle handle = new CallHandle();
    MatrixApiException e = assertThrows(MatrixApiException.class,
        () -> path.retrying(get(path, handle, new AtomicInteger()), true, handle));
    assertFalse(e.getMessage().contains(TOKEN), e.getMessage());
    assertFalse(String.valueOf(e.error()).contains(TOKEN));
    assertTrue(e.getMessage().contains(ServerText.REDACTED), e.getMessage());
  }

  @Test
  void cancelDuringAWaitStopsBeforeTheNextAttempt() throws Exception {
    server.enqueue(new MockResponse().setResponseCode(503).setHeader("Retry-After", "1"));
    server.enqueue(new MockResponse().setBody("never"));
    HomeserverPath path = path(RetryPolicy.defaults());
    CallHandle handle = new CallHandle();
    clock.onSleep(handle::cancel);
    IOException e = assertThrows(IOException.class,
        () -> path.retrying(get(path, handle, new AtomicInteger()), true, handle));
    assertEquals("Canceled", e.getMessage());
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void aCanceledHandleMakesNoRequest() {
    HomeserverPath path = path(RetryPolicy.defaults());
    CallHandle handle = new CallHandle();
    handle.cancel();
    assertThrows(IOException.class,
        () -> path.retrying(get(path, handle, new AtomicInteger()), true, handle));
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void cancelWakesASystemClockWaitAtOnce() throws Exception {
    // The server asks for 30 s; the call must end as soon as it is canceled, not after 30 s.
    server.enqueue(new MockResponse().setResponseCode(429).setHeader("Retry-After", "30"));
    HomeserverPath path = client(Clock.SYSTEM).build().homeserverPath();
    CallHandle handle = new CallHandle();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(1);
    Thread t = new Thread(() -> {
      try {
        path.retrying(get(path, handle, new AtomicInteger()), true, handle);
      } catch (Throwable e) {
        failure.set(e);
      }
      done.countDown();
    });
    t.start();
    server.takeRequest(10, TimeUnit.SECONDS);
    for (int spins = 0; t.getState() != Thread.State.TIMED_WAITING && spins < 10_000; spins++) {
      Thread.sleep(1);
    }
    handle.cancel();
    assertTrue(done.await(10, TimeUnit.SECONDS), "still waiting after cancel");
    assertEquals("Canceled", failure.get().getMessage());
  }
}
