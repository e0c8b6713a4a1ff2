package dev.mxsdk.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.squareup.moshi.JsonReader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Login, refresh (single-flight, proactive, failed) and logout of {@link MatrixClient}. */
final class SessionClientTest {
  private static final String EXPIRED =
      "{\"errcode\":\"M_UNKNOWN_TOKEN\",\"error\":\"expired\",\"soft_logout\":true}";

  private MockWebServer server;
  private final FakeClock clock = new FakeClock(1_000_000L);
  private final List<Session> refreshed = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private MatrixClient.Builder anonymous() {
    return MatrixClient.builder()
        .homeserver(server.url("/"))
        .allowInsecureLoopback(true)
        .okHttpClient(new OkHttpClient())
        .retryPolicy(RetryPolicy.none())
        .clock(clock)
        .random(new Random(7));
  }

  private static Session session(String access, String refresh, long expiresAt) {
    return Session.builder().userId("@alice:example.org").deviceId("DEV1")
        .accessToken(access).refreshToken(refresh).accessTokenExpiresAtMillis(expiresAt).build();
  }

  private MatrixClient sessionClient(Session session) {
    return anonymous().session(session, refreshed::add).build();
  }

  private static Map<?, ?> json(RecordedRequest request) throws Exception {
    return (Map<?, ?>) JsonReader.of(new Buffer().write(request.getBody().readByteArray()))
        .readJsonValue();
  }

  @Test
  void loginPostsThePasswordLoginAndReturnsTheSessionWithItsExpiry() throws Exception {
    server.enqueue(new MockResponse().setBody("{\"user_id\":\"@alice:example.org\","
        + "\"access_token\":\"at1\",\"device_id\":\"DEV1\",\"refresh_token\":\"rt1\","
        + "\"expires_in_ms\":60000,\"well_known\":{}}"));
    PasswordLogin login = PasswordLogin.builder().user("@alice:example.org")
        .password("p\u00e4ss \"w\\rd\" \ud83d\udd11".toCharArray())
        .initialDeviceDisplayName("Test").build();

    Session session = anonymous().build().login(login);

    assertEquals("@alice:example.org", session.userId());
    assertEquals("DEV1", session.deviceId());
    assertEquals("at1", session.accessToken());
    assertEquals("rt1", session.refreshToken());
    assertEquals(1_060_000L, session.accessTokenExpiresAtMillis());
    RecordedRequest request = server.takeRequest();
    assertEquals("POST", request.getMethod());
    assertEquals("/_matrix/client/v3/login", request.getPath());
    assertNull(request.getHeader("Authorization"));
    Map<?, ?> body = json(request);
    assertEquals("m.login.password", body.get("type"));
    assertEquals(Map.of("type", "m.id.user", "user", "@alice:example.org"),
        body.get("identifier"));
    assertEquals("p\u00e4ss \"w\\rd\" \ud83d\udd11", body.get("password"));
    assertEquals(Boolean.TRUE, body.get("refresh_token"));
    assertEquals("Test", body.get("initial_device_display_name"));
    assertFalse(body.containsKey("device_id"));
  }

  @Test
  void aWrongPasswordIsTheServersTypedErrorAndNoSecretIsInIt() throws Exception {
    server.enqueue(new MockResponse().setResponseCode(403)
        .setBody("{\"errcode\":\"M_FORBIDDEN\",\"error\":\"Invalid username or password\"}"));
    PasswordLogin login = PasswordLogin.builder().user("alice")
        .password("hunter2".toCharArray()).build();
    MatrixApiException e = assertThrows(MatrixApiException.class,
        () -> anonymous().build().login(login));
    assertEquals(403, e.status());
    assertEquals("M_FORBIDDEN", e.errcode());
    assertFalse(e.toString().contains("hunter2"));
    assertFalse(login.toString().contains("hunter2"));
  }

  @Test
  void aLoginAnswerWithoutDeviceIdIsMalformedAndNamesTheFieldNotTheToken() throws Exception {
    server.enqueue(new MockResponse().setBody(
        "{\"user_id\":\"@alice:example.org\",\"access_token\":\"SECRET_AT\"}"));
    PasswordLogin login = PasswordLogin.builder().user("alice").password(new char[] {'x'}).build();
    MalformedResponseException e = assertThrows(MalformedResponseException.class,
        () -> anonymous().build().login(login));
    assertEquals("/login: device_id is missing", e.getMessage());
  }

  @Test
  void aLoginAnswerWithATokenOfTheWrongTypeIsMalformed() throws Exception {
    server.enqueue(new MockResponse().setBody(
        "{\"user_id\":\"@alice:example.org\",\"access_token\":7,\"device_id\":\"D\"}"));
    PasswordLogin login = PasswordLogin.builder().user("alice").password(new char[] {'x'}).build();
    MalformedResponseException e = assertThrows(MalformedResponseException.class,
        () -> anonymous().build().login(login));
    assertEquals("/login: access_token expected a string but was NUMBER", e.getMessage());
  }

  @Test
  void anExpiredTokenIsRefreshedOnceAndTheRequestRetriedWithTheNewOne() throws Exception {
    server.enqueue(new MockResponse().setBody(
        "{\"access_token\":\"at2\",\"refresh_token\":\"rt2\",\"expires_in_ms\":1000}"));
    MatrixClient client = sessionClient(session("at1", "rt1", -1));
    MatrixApiException rejection = new MatrixApiException(401, "M_UNKNOWN_TOKEN", "expired", -1,
        true);

    assertTrue(client.recoverFromUnknownToken("at1", rejection));

    assertEquals("at2", client.accessTokenProvider().accessToken());
    RecordedRequest refresh = server.takeRequest();
    assertEquals("/_matrix/client/v3/refresh", refresh.getPath());
    assertNull(refresh.getHeader("Authorization"));
    assertEquals(Map.of("refresh_token", "rt1"), json(refresh));
    assertEquals(1, refreshed.size());
    assertEquals(session("at2", "rt2", 1_001_000L), refreshed.get(0));
    assertEquals(refreshed.get(0), client.session());
  }

  @Test
  void sixtyFourConcurrentRejectionsCauseExactlyOneRefresh() throws Exception {
    AtomicInteger refreshes = new AtomicInteger();
    CountDownLatch allRejected = new CountDownLatch(64);
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        if ("/_matrix/client/v3/refresh".equals(request.getPath())) {
          // Hold the refresh until every caller has been rejected, so all of them overlap it.
          allRejected.await(10, TimeUnit.SECONDS);
          int n = refreshes.incrementAndGet();
          return new MockResponse().setBody("{\"access_token\":\"at-new" + n
              + "\",\"refresh_token\":\"rt-new" + n + "\"}");
        }
        String auth = request.getHeader("Authorization");
        if ("Bearer at1".equals(auth)) {
          allRejected.countDown();
          return new MockResponse().setResponseCode(401).setBody(EXPIRED);
        }
        return new MockResponse().setBody("{\"user\":\"" + auth + "\"}");
      }
    });
    MatrixClient client = sessionClient(session("at1", "rt1", -1));
    ExecutorService pool = Executors.newFixedThreadPool(64);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        results.add(pool.submit(() -> {
          String token = client.accessTokenProvider().accessToken();
          okhttp3.Response response = client.okHttpClient().newCall(
              client.newRequest(client.homeserver().resolve("/_matrix/client/v3/account/whoami"))
                  .header("Authorization", "Bearer " + token).build()).execute();
          if (response.code() == 401) {
            MatrixApiException e = MatrixApiException.from(response);
            response.close();
            assertTrue(client.recoverFromUnknownToken(token, e));
            response = client.okHttpClient().newCall(client.newRequest(
                client.homeserver().resolve("/_matrix/client/v3/account/whoami")).build())
                .execute();
          }
          try {
            return response.body().string();
          } finally {
            response.close();
          }
        }));
      }
      for (Future<String> result : results) {
        assertEquals("{\"user\":\"Bearer at-new1\"}", result.get(30, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, refreshes.get());
    assertEquals(1, refreshed.size());
    assertEquals("at-new1", refreshed.get(0).accessToken());
  }

  @Test
  void aTokenPastItsKnownExpiryIsRefreshedBeforeItIsSent() throws Exception {
    server.enqueue(new MockResponse().setBody("{\"access_token\":\"at2\",\"expires_in_ms\":5000}"));
    MatrixClient client = sessionClient(session("at1", "rt1", 1_010_000L));
    assertEquals("at1", client.accessTokenProvider().accessToken());
    assertEquals(0, server.getRequestCount());

    clock.advance(10_000);
    assertEquals("at2", client.accessTokenProvider().accessToken());

    assertEquals(1, server.getRequestCount());
    Session now = client.session();
    assertEquals("rt1", now.refreshToken(), "a refresh without a new refresh token keeps the old");
    assertEquals(1_015_000L, now.accessTokenExpiresAtMillis());
  }

  @Test
  void aRejectedRefreshEndsTheSessionWithLoggedOutAndTheListenerIsNotCalled() throws Exception {
    server.enqueue(new MockResponse().setResponseCode(401).setBody(
        "{\"errcode\":\"M_UNKNOWN_TOKEN\",\"error\":\"Unknown refresh token\",\"soft_logout\":false}"));
    MatrixClient client = sessionClient(session("at1", "SECRET_RT", -1));
    MatrixApiException rejection = new MatrixApiException(401, "M_UNKNOWN_TOKEN", "x", -1, true);

    LoggedOutException e = assertThrows(LoggedOutException.class,
        () -> client.recoverFromUnknownToken("at1", rejection));
    assertEquals(401, e.status());
    assertFalse(e.softLogout());
    assertFalse(e.getMessage().contains("SECRET_RT"));
    assertTrue(refreshed.isEmpty());
    // Every later request fails the same way without asking the server again.
    assertThrows(LoggedOutException.class, () -> client.accessTokenProvider().accessToken());
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void aRefreshThatFailsForAnotherReasonLeavesTheSessionUsable() throws Exception {
    server.enqueue(new MockResponse().setResponseCode(502));
    server.enqueue(new MockResponse().setBody("{\"access_token\":\"at2\"}"));
    MatrixClient client = sessionClient(session("at1", "rt1", -1));
    MatrixApiException rejection = new MatrixApiException(401, "M_UNKNOWN_TOKEN", "x", -1, true);

    MatrixApiException e = assertThrows(MatrixApiException.class,
        () -> client.recoverFromUnknownToken("at1", rejection));
    assertFalse(e instanceof LoggedOutException);
    assertTrue(client.recoverFromUnknownToken("at1", rejection));
    assertEquals("at2", client.accessTokenProvider().accessToken());
  }

  @Test
  void aRejectedTokenWithoutARefreshTokenIsLoggedOutWithTheServersSoftLogout() throws Exception {
    Session noRefresh = Session.builder().userId("@alice:example.org").deviceId("D")
        .accessToken("at1").build();
    MatrixClient client = anonymous().session(noRefresh, refreshed::add).build();
    LoggedOutException e = assertThrows(LoggedOutException.class,
        () -> client.recoverFromUnknownToken("at1",
            new MatrixApiException(401, "M_UNKNOWN_TOKEN", "x", -1, true)));
    assertTrue(e.softLogout());
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void aTokenAlreadyReplacedNeedsNoRefresh() throws Exception {
    MatrixClient client = sessionClient(session("at2", "rt2", -1));
    assertTrue(client.recoverFromUnknownToken("at1",
        new MatrixApiException(401, "M_UNKNOWN_TOKEN", "x", -1, true)));
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void aClientWithATokenProviderCannotRecover() throws Exception {
    MatrixClient client = anonymous().accessTokenProvider(() -> "at1").build();
    assertFalse(client.recoverFromUnknownToken("at1",
        new MatrixApiException(401, "M_UNKNOWN_TOKEN", "x", -1, true)));
    assertNull(client.session());
  }

  @Test
  void theListenerRunsBeforeTheNewTokenIsHandedOutAndItsFailureReachesTheCaller()
      throws Exception {
    server.enqueue(new MockResponse().setBody("{\"access_token\":\"at2\"}"));
    List<String> seenDuringListener = new ArrayList<>();
    MatrixClient[] holder = new MatrixClient[1];
    holder[0] = anonymous().session(session("at1", "rt1", -1), s -> {
      seenDuringListener.add(holder[0].session().accessToken());
      throw new IllegalStateException("disk full");
    }).build();
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> holder[0].recoverFromUnknownToken("at1",
            new MatrixApiException(401, "M_UNKNOWN_TOKEN", "x", -1, true)));
    assertEquals("disk full", e.getMessage());
    assertEquals(List.of("at1"), seenDuringListener);
    assertEquals("at2", holder[0].accessTokenProvider().accessToken(),
        "the server rotated the tokens, so the client must use the new ones");
  }

  @Test
  void logoutPostsWithTheTokenAndEndsTheSessionForEveryClientSharingIt() throws Exception {
    server.enqueue(new MockResponse().setBody("{}"));
    MatrixClient client = sessionClient(session("at1", "rt1", -1));
    MatrixClient sibling = client.newBuilder().userAgent("other").build();

    client.logout();

    RecordedRequest request = server.takeRequest();
    assertEquals("POST", request.getMethod());
    assertEquals("/_matrix/client/v3/logout", request.getPath());
    assertEquals("Bearer at1", request.getHeader("Authorization"));
    assertThrows(LoggedOutException.class, () -> client.accessTokenProvider().accessToken());
    assertThrows(LoggedOutException.class, () -> sibling.accessTokenProvider().accessToken());
  }

  @Test
  void logoutWithAnExpiredTokenRefreshesFirstSoTheDeviceIsReallyRemoved() throws Exception {
    server.enqueue(new MockResponse().setResponseCode(401).setBody(EXPIRED));
    server.enqueue(new MockResponse().setBody("{\"access_token\":\"at2\"}"));
    server.enqueue(new MockResponse().setBody("{}"));
    MatrixClient client = sessionClient(session("at1", "rt1", -1));

    client.logout();

    assertEquals("Bearer at1", server.takeRequest().getHeader("Authorization"));
    assertEquals("/_matrix/client/v3/refresh", server.takeRequest().getPath());
    RecordedRequest retried = server.takeRequest();
    assertEquals("/_matrix/client/v3/logout", retried.getPath());
    assertEquals("Bearer at2", retried.getHeader("Authorization"));
  }

  @Test
  void thePasswordIsCopiedInAndCanBeWiped() throws Exception {
    char[] password = "correct horse".toCharArray();
    PasswordLogin login = PasswordLogin.builder().user("alice").password(password).build();
    password[0] = 'X';
    assertArrayEquals("correct horse".toCharArray(), login.password(), "the builder copies");
    login.clear();
    assertArrayEquals(new char[13], login.password());
  }
}
