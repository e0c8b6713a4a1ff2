package dev.mxsdk.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mxsdk.core.Clock;
import dev.mxsdk.core.DiscoveredServer;
import dev.mxsdk.core.LoggedOutException;
import dev.mxsdk.core.MatrixClient;
import dev.mxsdk.core.MxcUri;
import dev.mxsdk.core.PasswordLogin;
import dev.mxsdk.core.ServerDiscovery;
import dev.mxsdk.core.Session;
import dev.mxsdk.media.EncryptedFile;
import dev.mxsdk.media.MediaClient;
import dev.mxsdk.media.MediaOptions;
import dev.mxsdk.media.MediaRequest;
import dev.mxsdk.media.MediaResponse;
import dev.mxsdk.testkit.RecordedRequest;
import dev.mxsdk.testkit.TestHomeserver;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Sessions end to end against the testkit: login, 64 downloads that all meet an expired token and
 * share one refresh, the listener, a failed refresh, logout, and {@code .well-known} discovery.
 */
final class SessionFlowTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private TestHomeserver server;
  private final List<MatrixClient> clients = new ArrayList<>();
  private final List<Session> refreshed = Collections.synchronizedList(new ArrayList<>());

  @AfterEach
  void tearDown() {
    for (MatrixClient c : clients) Cli.shutdown(c);
    if (server != null) server.close();
  }

  private static byte[] random(int size) {
    byte[] b = new byte[size];
    RANDOM.nextBytes(b);
    return b;
  }

  private MatrixClient login(TestHomeserver server) throws IOException {
    MatrixClient anonymous = Cli.matrixClient(HttpUrl.get(server.baseUrl()), null,
        Cli.okHttpClient().build(), true);
    clients.add(anonymous);
    Session session = anonymous.login(PasswordLogin.builder()
        .user("alice").password("pw".toCharArray()).build());
    MatrixClient alice = anonymous.newBuilder().session(session, refreshed::add).build();
    clients.add(alice);
    return alice;
  }

  private static MediaClient media(MatrixClient matrix) {
    return MediaClient.builder(matrix)
        .defaultOptions(MediaOptions.defaults())
        .build();
  }

  private long refreshRequests() {
    long n = 0;
    for (RecordedRequest r : server.homeserverRequests()) {
      if (r.target().equals("/_matrix/client/v3/refresh")) n++;
    }
    return n;
  }

  @Test
  void sixtyFourDownloadsMeetingAnExpiredTokenShareOneRefreshAndAllSucceed() throws Exception {
    server = TestHomeserver.newBuilder().user("alice", "pw").start();
    MatrixClient alice = login(server);
    Session before = alice.session();
    MediaClient media = media(alice);
    List<byte[]> contents = new ArrayList<>();
    List<MediaRequest> requests = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      byte[] content = random(2_000 + i * 97);
      contents.add(content);
      if (i % 2 == 0) {
        requests.add(MediaRequest.download(
            server.seed(content, "application/octet-stream", "f" + i)));
      } else {
        EncryptedFile file = server.seedEncrypted(content);
        requests.add(MediaRequest.download(file));
      }
    }
    alice.serverVersions(); // warm the /versions cache so every call goes straight to media
    server.expireAccessTokens();
    server.clearRecordedRequests();

    ExecutorService pool = Executors.newFixedThreadPool(64);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<byte[]>> results = new ArrayList<>();
      for (MediaRequest request : requests) {
        results.add(pool.submit(() -> {
          go.await();
          try (MediaResponse response = media.newCall(request).execute()) {
            return response.source().readByteArray();
          }
        }));
      }
      go.countDown();
      for (int i = 0; i < 64; i++) {
        assertArrayEquals(contents.get(i), results.get(i).get(60, TimeUnit.SECONDS), "media " + i);
      }
    } finally {
      pool.shutdownNow();
    }

    assertEquals(1, refreshRequests());
    assertEquals(1, refreshed.size());
    Session after = refreshed.get(0);
    assertEquals(after, alice.session());
    assertNotEquals(before.accessToken(), after.accessToken());
    assertNotEquals(before.refreshToken(), after.refreshToken());
    assertEquals(before.deviceId(), after.deviceId());
    for (RecordedRequest r : server.homeserverRequests()) {
      String auth = r.header("Authorization");
      if (auth != null && !auth.equals("Bearer " + before.accessToken())) {
        assertEquals("Bearer " + after.accessToken(), auth, r.toString());
      }
    }
  }

  @Test
  void aTokenIsRefreshedBeforeItIsSentOnceItsAnnouncedLifetimeHasPassed() throws Exception {
    server = TestHomeserver.newBuilder().user("alice", "pw").accessTokenLifetimeMillis(60_000)
        .start();
    long[] now = {System.currentTimeMillis()};
    Clock clock = new Clock() {
      @Override
      public long nowMillis() {
        return now[0];
      }

      @Override
      public void sleep(long millis) {
        now[0] += millis;
      }
    };
    MatrixClient anonymous = Cli.matrixClient(HttpUrl.get(server.baseUrl()), null,
        Cli.okHttpClient().build(), true).newBuilder().clock(clock).build();
    clients.add(anonymous);
    Session session = anonymous.login(PasswordLogin.builder()
        .user("alice").password("pw".toCharArray()).build());
    assertEquals(now[0] + 60_000, session.accessTokenExpiresAtMillis());
    MatrixClient alice = anonymous.newBuilder().session(session, refreshed::add).build();
    MxcUri uri = server.seed(random(1000), "application/octet-stream", null);

    now[0] += 60_000; // the client's clock says the token has expired; the server's does not
    server.clearRecordedRequests();
    try (MediaResponse response = media(alice).newCall(MediaRequest.download(uri)).execute()) {
      assertEquals(1000, response.source().readByteArray().length);
    }

    assertEquals(1, refreshRequests());
    assertEquals(1, refreshed.size());
    for (RecordedRequest r : server.homeserverRequests()) {
      String auth = r.header("Authorization");
      if (auth != null) assertEquals("Bearer " + refreshed.get(0).accessToken(), auth);
    }
  }

  @Test
  void aRefreshTokenThatNoLongerWorksSurfacesAsLoggedOut() throws Exception {
    server = TestHomeserver.newBuilder().user("alice", "pw").start();
    MatrixClient alice = login(server);
    MxcUri uri = server.seed(random(1000), "application/octet-stream", null);
    // Another holder of the same session refreshes first, which rotates the refresh token away.
    MatrixClient stale = alice.newBuilder().build(); // shares the session: must NOT break it
    clients.add(stale);
    MatrixClient thief = Cli.matrixClient(HttpUrl.get(server.baseUrl()), null,
        Cli.okHttpClient().build(), true).newBuilder().session(alice.session(), s -> { }).build();
    clients.add(thief);
    server.expireAccessTokens();
    try (MediaResponse r = media(thief).newCall(MediaRequest.download(uri)).execute()) {
      r.source().readByteArray();
    }

    LoggedOutException e = assertThrows(LoggedOutException.class,
        () -> media(alice).newCall(MediaRequest.download(uri)).execute());
    assertEquals("M_UNKNOWN_TOKEN", e.errcode());
    assertFalse(e.softLogout());
    assertFalse(e.getMessage().contains(alice.session().refreshToken()));
    assertThrows(LoggedOutException.class, () -> media(stale).newCall(MediaRequest.download(uri))
        .execute(), "a client sharing the session is logged out too");
    assertTrue(refreshed.isEmpty());
  }

  @Test
  void logoutRemovesTheDeviceAndLaterDownloadsAreLoggedOut() throws Exception {
    server = TestHomeserver.newBuilder().user("alice", "pw").start();
    MatrixClient alice = login(server);
    assertEquals(1, server.devices("@alice:localhost").size());
    alice.logout();
    assertTrue(server.devices("@alice:localhost").isEmpty());
    MxcUri uri = server.seed(random(10), "application/octet-stream", null);
    assertThrows(LoggedOutException.class,
        () -> media(alice).newCall(MediaRequest.download(uri)).execute());
  }

  @Test
  void discoveryFindsTheTestkitThroughItsWellKnownOverTls() throws Exception {
    server = TestHomeserver.newBuilder().tls(true).user("alice", "pw").start();
    OkHttpClient ok = Cli.okHttpClient()
        .sslSocketFactory(server.sslContext().getSocketFactory(), server.trustManager()).build();
    DiscoveredServer found = ServerDiscovery.create(ok)
        .discover("@alice:" + server.authority());
    assertEquals(HttpUrl.get(server.baseUrl()), found.homeserver());
    assertTrue(found.fromWellKnown());

    MatrixClient anonymous = Cli.matrixClient(found.homeserver(), null, ok, true);
    clients.add(anonymous);
    Session session = anonymous.login(PasswordLogin.builder()
        .user("@alice:" + server.authority()).password("pw".toCharArray()).build());
    assertEquals("@alice:" + server.authority(), session.userId());
  }
}
