package dev.mxsdk.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

final class MatrixClientTest {
  private static final String VERSIONS =
      "{\"versions\":[\"v1.10\",\"v1.11\"],\"unstable_features\":{\"org.matrix.msc3916\":true}}";

  private MockWebServer server;
  private final FakeClock clock = new FakeClock(1_000_000L);

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private MatrixClient.Builder client() {
    return MatrixClient.builder()
        .homeserver(server.url("/"))
        .allowInsecureLoopback(true)
        .okHttpClient(new OkHttpClient())
        .clock(clock)
        .random(new Random(7));
  }

  @Test
  void versionsAreFetchedOnceUnauthenticatedAndCached() throws Exception {
    server.enqueue(new MockResponse().setBody(VERSIONS));
    MatrixClient client = client().accessTokenProvider(() -> "secret").userAgent("test-agent")
        .build();
    ServerVersions first = client.serverVersions();
    assertSame(first, client.serverVersions());
    assertTrue(first.supportsSpec(1, 11));
    assertTrue(first.isUnstableFeatureEnabled("org.matrix.msc3916"));
    assertEquals(1, server.getRequestCount());
    RecordedRequest r = server.takeRequest();
    assertEquals("GET", r.getMethod());
    assertEquals("/_matrix/client/versions", r.getPath());
    assertNull(r.getHeader("Authorization"));
    assertEquals("test-agent", r.getHeader("User-Agent"));
  }

  @Test
  void versionsAreFetchedAgainWhenTheCacheExpires() throws Exception {
    server.enqueue(new MockResponse().setBody(VERSIONS));
    server.enqueue(new MockResponse().setBody("{\"versions\":[\"v1.12\"]}"));
    MatrixClient client = client().versionsCacheMillis(60_000).build();
    ServerVersions first = client.serverVersions();
    clock.advance(59_999);
    assertSame(first, client.serverVersions());
    clock.advance(1);
    ServerVersions second = client.serverVersions();
    assertNotSame(first, second);
    assertEquals("v1.12", second.latest());
    assertEquals(2, server.getRequestCount());
  }

  @Test
  void invalidateForgetsTheCachedVersionsAndANewInstanceIsReturned() throws Exception {
    server.enqueue(new MockResponse().setBody(VERSIONS));
    server.enqueue(new MockResponse().setBody(VERSIONS));
    MatrixClient client = client().build();
    ServerVersions first = client.serverVersions();
    client.invalidateServerVersions();
    ServerVersions second = client.serverVersions();
    assertNotSame(first, second);
    assertEquals(first, second);
    assertEquals(2, server.getRequestCount());
  }

  @Test
  void concurrentCallersShareExactlyOneRequest() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        release.await(10, TimeUnit.SECONDS);
        return new MockResponse().setBody(VERSIONS);
      }
    });
    // No cache: only the shared in-flight fetch can keep the followers from making requests.
    MatrixClient client = client().versionsCacheMillis(0).build();
    int n = 6;
    List<Thread> threads = new ArrayList<>();
    List<ServerVersions> results = Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < n; i++) {
      Thread t = new Thread(() -> {
        try {
          results.add(client.serverVersions());
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      });
      threads.add(t);
      t.start();
    }
    server.takeRequest(10, TimeUnit.SECONDS);
    // The leader is blocked in the server; wait until every follower waits for its flight.
    for (int spins = 0; countWaiting(threads) < n - 1 && spins < 10_000; spins++) {
      Thread.sleep(1);
    }
    assertEquals(n - 1, countWaiting(threads));
    release.countDown();
    for (Thread t : threads) t.join(10_000);
    assertEquals(n, results.size());
    for (ServerVersions v : results) assertSame(results.get(0), v);
    assertEquals(1, server.getRequestCount());
  }

  private static int countWaiting(List<Thread> threads) {
    int waiting = 0;
    for (Thread t : threads) {
      if (t.getState() == Thread.State.WAITING) waiting++;
    }
    return waiting;
  }

  @Test
  void aFailedFetchIsNotCached() throws Exception {
    server.enqueue(new MockResponse().setResponseCode(500));
    server.enqueue(new MockResponse().setBody(VERSIONS));
    MatrixClient client = client().build();
    assertEquals(500, assertThrows(MatrixApiException.class, client::serverVersions).status());
    assertTrue(client.serverVersions().supportsAuthenticatedMedia());
    assertEquals(2, server.getRequestCount());
  }

  @Test
  void versionsErrorIsTypedAndA502IsNotRetried() throws Exception {
    server.enqueue(new MockResponse().setResponseCode(502).setBody("<html>bad gateway</html>"));
    MatrixClient client = client().build();
    MatrixApiException e = assertThrows(MatrixApiException.class, client::serverVersions);
    assertEquals(502, e.status());
    assertNull(e.errcode());
    assertEquals(1, server.getRequestCount());
    assertTrue(clock.sleeps().isEmpty());
  }

  @Test
  void rateLimitedVersionsAreRetriedAfterTheServersDelay() throws Exception {
    server.enqueue(new MockResponse().setResponseCode(429)
        .setBody("{\"errcode\":\"M_LIMIT_EXCEEDED\",\"retry_after_ms\":1500}"));
    server.enqueue(new MockResponse().setResponseCode(503).setHeader("Retry-After", "2"));
    server.enqueue(new MockResponse().setBody(VERSIONS));
    MatrixClient client = client().build();
    assertTrue(client.serverVersions().supportsSpec(1, 10));
    assertEquals(List.of(1500L, 2000L), clock.sleeps());
    assertEquals(3, server.getRequestCount());
  }

  @Test
  void retriesStopAfterMaxAttemptsAndTheLastErrorIsThrown() throws Exception {
    for (int i = 0; i < 3; i++) server.enqueue(new MockResponse().setResponseCode(504));
    MatrixClient client = client()
        .retryPolicy(RetryPolicy.builder().maxAttempts(3).build()).build();
    assertEquals(504, assertThrows(MatrixApiException.class, client::serverVersions).status());
    assertEquals(3, server.getRequestCount());
    // One wait between attempts, but none for a full-jitter delay that came out as 0 ms.
    assertTrue(clock.sleeps().size() <= 2, "waits " + clock.sleeps());
  }

  @Test
  void retryPolicyNoneMakesOneAttempt() throws Exception {
    server.enqueue(new MockResponse().setResponseCode(503));
    MatrixClient client = client().retryPolicy(RetryPolicy.none()).build();
    assertThrows(MatrixApiException.class, client::serverVersions);
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void malformedVersionsNameTheField() throws Exception {
    server.enqueue(new MockResponse().setBody("{\"versions\":[\"v1.1\",2]}"));
    server.enqueue(new MockResponse().setBody("{\"versions\":\"v1.11\"}"));
    server.enqueue(new MockResponse().setBody("{\"versions\":[],\"unstable_features\":{\"x\":1}}"));
    server.enqueue(new MockResponse().setBody("{\"unstable_features\":{}}"));
    server.enqueue(new MockResponse().setBody("<html>"));
    server.enqueue(new MockResponse().setBody(""));
    MatrixClient client = client().build();
    assertTrue(message(client).contains("versions[1] expected a string but was NUMBER"));
    assertTrue(message(client).contains("versions expected an array but was STRING"));
    assertTrue(message(client).contains("unstable_features.x expected a boolean"));
    assertTrue(message(client).contains("versions is missing"));
    assertTrue(message(client).contains("not valid JSON"));
    assertTrue(message(client).contains("/versions"));
  }

  private static String message(MatrixClient client) {
    return assertThrows(MalformedResponseException.class, client::serverVersions).getMessage();
  }

  @Test
  void unknownFieldsAreIgnored() throws Exception {
    server.enqueue(new MockResponse().setBody("{\"extra\":{\"a\":[1,{}]},\"versions\":[\"v1.7\"],"
        + "\"unstable_features\":{\"org.matrix.msc3916.stable\":true},\"more\":null}"));
    ServerVersions v = client().build().serverVersions();
    assertEquals(List.of("v1.7"), v.versions());
    assertTrue(v.supportsAuthenticatedMedia());
  }

  @Test
  void plainHttpIsRefusedWithoutTheLoopbackOptIn() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MatrixClient.builder().homeserver(server.url("/")).build());
    assertTrue(e.getMessage().contains("only https"), e.getMessage());
  }

  @Test
  void plainHttpToANonLoopbackHostIsRefusedEvenWithTheOptIn() {
    for (String url : new String[] {"http://matrix.example.org/", "http://10.0.0.1/",
        "http://128.0.0.1/", "http://[::2]/", "http://localhost.example.org/"}) {
      assertThrows(IllegalArgumentException.class, () -> MatrixClient.builder()
          .homeserver(url).allowInsecureLoopback(true).build(), url);
    }
  }

  @Test
  void plainHttpToLoopbackHostsIsAllowedWithTheOptIn() {
    for (String url : new String[] {"http://127.0.0.1:8008/", "http://127.255.1.2/",
        "http://[::1]:8448/", "http://localhost/", "http://LOCALHOST:1/"}) {
      assertEquals(HttpUrl.get(url), MatrixClient.builder()
          .homeserver(url).allowInsecureLoopback(true).build().homeserver());
    }
    assertTrue(MatrixClient.builder().homeserver("https://matrix.example.org").build()
        .homeserver().isHttps());
  }

  @Test
  void newRequestAuthenticatesOnlyWithABearerHeader() throws Exception {
    MatrixClient client = client().accessTokenProvider(() -> "tok123").userAgent("ua").build();
    Request r = client.newRequest(server.url("/_matrix/client/v1/media/config")).build();
    assertEquals("Bearer tok123", r.header("Authorization"));
    assertEquals("ua", r.header("User-Agent"));
    assertNull(r.url().queryParameter("access_token"));
    assertFalse(r.url().toString().contains("tok123"));
  }

  @Test
  void newRequestWithoutATokenSendsNoAuthorization() throws Exception {
    Request r = client().build().newRequest(server.url("/x")).build();
    assertNull(r.header("Authorization"));
  }

  @Test
  void newRequestRefusesAnotherOriginSoTheTokenNeverLeavesIt() {
    MatrixClient client = client().accessTokenProvider(() -> "tok123").build();
    HttpUrl otherPort = server.url("/").newBuilder().port(server.getPort() + 1).build();
    for (HttpUrl url : new HttpUrl[] {HttpUrl.get("https://cdn.example.org/x"), otherPort}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> client.newRequest(url));
      assertFalse(e.getMessage().contains("tok123"));
    }
  }

  @Test
  void newBuilderKeepsEverySettingAndStartsWithAnEmptyCache() throws Exception {
    server.enqueue(new MockResponse().setBody(VERSIONS));
    server.enqueue(new MockResponse().setBody(VERSIONS));
    RetryPolicy policy = RetryPolicy.builder().maxAttempts(2).build();
    MatrixClient client = client().userAgent("ua").retryPolicy(policy).versionsCacheMillis(5)
        .build();
    client.serverVersions();
    MatrixClient copy = client.newBuilder().build();
    assertEquals(client.homeserver(), copy.homeserver());
    assertSame(client.okHttpClient(), copy.okHttpClient());
    assertEquals("ua", copy.userAgent());
    assertEquals(policy, copy.retryPolicy());
    assertEquals(5, copy.versionsCacheMillis());
    assertSame(clock, copy.clock());
    assertTrue(copy.allowInsecureLoopback());
    copy.serverVersions();
    assertEquals(2, server.getRequestCount());
  }

  @Test
  void toStringShowsOnlyTheOrigin() {
    MatrixClient client = MatrixClient.builder()
        .homeserver("https://matrix.example.org/base?access_token=leak")
        .accessTokenProvider(() -> "secret").build();
    assertEquals("MatrixClient{homeserver=https://matrix.example.org:443}", client.toString());
  }

  @Test
  void builderRejectsMisuse() {
    assertThrows(IllegalStateException.class, () -> MatrixClient.builder().build());
    assertThrows(IllegalArgumentException.class,
        () -> MatrixClient.builder().versionsCacheMillis(-1));
    assertThrows(IllegalArgumentException.class,
        () -> MatrixClient.builder().homeserver("ftp://x"));
    assertThrows(NullPointerException.class, () -> MatrixClient.builder().clock(null));
  }
}
