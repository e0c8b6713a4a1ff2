package dev.mxsdk.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mxsdk.core.LoggedOutException;
import dev.mxsdk.core.MatrixClient;
import dev.mxsdk.core.MxcUri;
import dev.mxsdk.core.Session;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the flow releases and refreshes: connections after early closes and failures, the output
 * stream flushed, and a session's expired token refreshed once and the hop retried.
 */
final class FlowResourcesTest {
  private static final MxcUri MXC = MxcUri.parse("mxc://media.example/res");
  private static final String EXPIRED =
      "{\"errcode\":\"M_UNKNOWN_TOKEN\",\"error\":\"expired\",\"soft_logout\":true}";
  private FlowFixture f;
  private ConnectionPool pool;

  @TempDir Path dir;

  @BeforeEach
  void setUp() throws IOException {
    f = new FlowFixture();
    pool = new ConnectionPool();
  }

  @AfterEach
  void tearDown() throws IOException {
    f.close();
  }

  private OkHttpClient http() {
    return f.okHttpClient().newBuilder().connectionPool(pool).build();
  }

  private MediaClient client() {
    return f.mediaClient(http(), MediaOptions.defaults());
  }

  private void assertNoConnectionInUse() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (pool.connectionCount() != pool.idleConnectionCount() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertEquals(pool.idleConnectionCount(), pool.connectionCount(), "a connection is in use");
  }

  @Test
  void closingAResponseEarlyReleasesItsConnection() throws Exception {
    f.enqueue(f.redirectToCdn("/big"));
    f.cdn.enqueue(new MockResponse().setBody(new Buffer().write(new byte[1 << 20])));
    try (MediaResponse response = client().newCall(MediaRequest.download(MXC)).execute()) {
      assertEquals(10, response.source().readByteArray(10).length);
    }
    assertNoConnectionInUse();
  }

  @Test
  void aFailedDownloadToAFileReleasesItsConnection() throws Exception {
    f.enqueue(f.redirectToCdn("/short"));
    f.cdn.enqueue(new MockResponse().setBody("short").setHeader("Content-Length", "100")
        .setSocketPolicy(okhttp3.mockwebserver.SocketPolicy.DISCONNECT_AT_END));
    File target = dir.resolve("t").toFile();
    try (MediaResponse response = client().newCall(MediaRequest.download(MXC)).execute()) {
      assertThrows(IOException.class, () -> response.downloadTo(target));
    }
    assertFalse(target.exists());
    assertNoConnectionInUse();
  }

  @Test
  void downloadToAnOutputStreamWritesEverythingAndFlushesIt() throws Exception {
    f.enqueue(new MockResponse().setBody("streamed bytes"));
    List<String> events = new ArrayList<>();
    ByteArrayOutputStream out = new ByteArrayOutputStream() {
      @Override
      public void flush() {
        events.add("flush@" + size());
      }
    };
    try (MediaResponse response = client().newCall(MediaRequest.download(MXC)).execute()) {
      assertEquals(14, response.downloadTo(out));
    }
    assertEquals("streamed bytes", out.toString("UTF-8"));
    assertTrue(events.contains("flush@14"), events.toString());
    assertNoConnectionInUse();
  }

  @Test
  void anExpiredSessionTokenIsRefreshedOnceAndTheHopRetried() throws Exception {
    List<Session> refreshed = new ArrayList<>();
    MatrixClient matrix = MatrixClient.builder()
        .homeserver(f.homeserverUrl())
        .allowInsecureLoopback(true)
        .okHttpClient(http())
        .session(Session.builder().userId("@a:media.example").deviceId("D")
            .accessToken("at1").refreshToken("rt1").build(), refreshed::add)
        .build();
    MediaClient media = MediaClient.builder(matrix)
        .defaultOptions(MediaOptions.defaults())
        .build();
    f.enqueue(new MockResponse().setResponseCode(401).setBody(EXPIRED));
    f.enqueue(new MockResponse().setBody("{\"access_token\":\"at2\",\"refresh_token\":\"rt2\"}"));
    f.enqueue(new MockResponse().setBody("fresh"));
    try (MediaResponse response = media.newCall(MediaRequest.download(MXC)).execute()) {
      assertArrayEquals("fresh".getBytes("UTF-8"), response.source().readByteArray());
    }
    List<RecordedRequest> requests = f.homeserverMediaRequests();
    assertEquals(3, requests.size());
    assertEquals("Bearer at1", requests.get(0).getHeader("Authorization"));
    assertEquals("/_matrix/client/v3/refresh", requests.get(1).getPath());
    assertEquals("Bearer at2", requests.get(2).getHeader("Authorization"));
    assertEquals(requests.get(0).getPath(), requests.get(2).getPath());
    assertEquals(1, refreshed.size());

    // Expired again, and this time the refresh itself is rejected: the session is over.
    f.enqueue(new MockResponse().setResponseCode(401).setBody(EXPIRED));
    f.enqueue(new MockResponse().setResponseCode(401).setBody(
        "{\"errcode\":\"M_UNKNOWN_TOKEN\",\"error\":\"gone\",\"soft_logout\":false}"));
    assertThrows(LoggedOutException.class,
        () -> media.newCall(MediaRequest.download(MXC)).execute());
  }

  @Test
  void aClientWithoutASessionSurfacesTheRejectionAsIs() throws Exception {
    f.enqueue(new MockResponse().setResponseCode(401).setBody(EXPIRED));
    dev.mxsdk.core.MatrixApiException e = assertThrows(dev.mxsdk.core.MatrixApiException.class,
        () -> client().newCall(MediaRequest.download(MXC)).execute());
    assertFalse(e instanceof LoggedOutException);
    assertTrue(e.softLogout());
    assertEquals(1, f.homeserverMediaRequests().size());
  }

  @Test
  void configFallsBackToTheLegacyEndpointOnUnrecognizedAndRefreshesAnExpiredToken()
      throws Exception {
    f.enqueue(new MockResponse().setResponseCode(404)
        .setBody("{\"errcode\":\"M_UNRECOGNIZED\",\"error\":\"no\"}"));
    f.enqueue(new MockResponse().setBody("{\"m.upload.size\":1234,\"other\":[1]}"));
    assertEquals(1234, client().config().uploadSize());
    List<RecordedRequest> requests = f.homeserverMediaRequests();
    assertEquals("/_matrix/client/v1/media/config", requests.get(0).getPath());
    assertEquals("/_matrix/media/v3/config", requests.get(1).getPath());

    List<Session> refreshed = new ArrayList<>();
    MatrixClient matrix = MatrixClient.builder()
        .homeserver(f.homeserverUrl())
        .allowInsecureLoopback(true)
        .okHttpClient(http())
        .session(Session.builder().userId("@a:media.example").deviceId("D")
            .accessToken("at1").refreshToken("rt1").build(), refreshed::add)
        .build();
    f.enqueue(new MockResponse().setResponseCode(401).setBody(EXPIRED));
    f.enqueue(new MockResponse().setBody("{\"access_token\":\"at2\"}"));
    f.enqueue(new MockResponse().setBody("{}"));
    assertEquals(-1, MediaClient.create(matrix).config().uploadSize());
    requests = f.homeserverMediaRequests();
    assertEquals(3, requests.size());
    assertEquals("Bearer at2", requests.get(2).getHeader("Authorization"));
    assertEquals(1, refreshed.size());

    f.enqueue(new MockResponse().setResponseCode(500).setBody("{\"errcode\":\"M_UNKNOWN\"}"));
    assertEquals(500, assertThrows(dev.mxsdk.core.MatrixApiException.class,
        () -> client().config()).status());
    f.enqueue(new MockResponse().setBody("{\"m.upload.size\":"));
    assertThrows(MediaProtocolException.class, () -> client().config());
  }
}
