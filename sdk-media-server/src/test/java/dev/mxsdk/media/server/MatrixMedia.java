package dev.mxsdk.media.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mxsdk.core.MatrixClient;
import dev.mxsdk.media.MediaClient;
import dev.mxsdk.media.MediaOptions;
import dev.mxsdk.testkit.RecordedRequest;
import dev.mxsdk.testkit.TestHomeserver;
import dev.mxsdk.testkit.TestHomeserverBuilder;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.ConnectionPool;
import okhttp3.EventListener;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * The full path a player's request takes: the testkit's homeserver and MSC4097 CDN, a
 * {@link MediaClient} on an OkHttp client whose connection acquisitions and releases are counted
 * (as sdk-media's LeakWatch does), and a started {@link MediaServer} spooling into {@code spool}.
 */
final class MatrixMedia implements AutoCloseable {
  final TestHomeserver homeserver;
  final ConnectionPool pool = new ConnectionPool();
  final OkHttpClient okHttpClient;
  final MediaClient media;
  final MediaServer server;
  final File spool;
  private final AtomicInteger acquired = new AtomicInteger();
  private final AtomicInteger released = new AtomicInteger();

  MatrixMedia(TestHomeserverBuilder homeserver, MediaServer.Builder server, File spool)
      throws IOException {
    this.homeserver = homeserver.start();
    this.spool = spool;
    this.okHttpClient = new OkHttpClient.Builder()
        .connectionPool(pool)
        .readTimeout(30, TimeUnit.SECONDS)
        .eventListener(new EventListener() {
          @Override
          public void connectionAcquired(Call call, Connection connection) {
            acquired.incrementAndGet();
          }

          @Override
          public void connectionReleased(Call call, Connection connection) {
            released.incrementAndGet();
          }
        })
        .build();
    MatrixClient matrix = MatrixClient.builder()
        .homeserver(HttpUrl.get(this.homeserver.baseUrl()))
        .allowInsecureLoopback(true)
        .okHttpClient(okHttpClient)
        .accessTokenProvider(this.homeserver::accessToken)
        .build();
    this.media = MediaClient.builder(matrix)
        .defaultOptions(MediaOptions.builder().requireCdnEncryption(true).build())
        .build();
    this.server = server.spoolDirectory(spool).build();
    this.server.start();
  }

  MatrixMedia(File spool) throws IOException {
    this(TestHomeserver.newBuilder(), MediaServer.builder(), spool);
  }

  /** The CDN requests' {@code Range} headers, in order. */
  List<String> cdnRanges() {
    List<String> ranges = new ArrayList<>();
    for (RecordedRequest r : homeserver.cdnRequests()) ranges.add(r.header("Range"));
    return ranges;
  }

  /** Media requests the homeserver received ({@code /versions} left out). */
  int homeserverMediaRequests() {
    int n = 0;
    for (RecordedRequest r : homeserver.homeserverRequests()) {
      if (r.target().contains("/media/")) n++;
    }
    return n;
  }

  /** The length probes ({@code MediaRange.of(0, 0)}) the SDK sent, one per probe. */
  int probes() {
    // A probe ends at the CDN: as a HEAD without a key, or as the 21-byte header under one. Its
    // first hop (a GET with a length-only range, or a HEAD where MSC4120 is advertised) is one of
    // the homeserver's media requests, counted there.
    int n = 0;
    for (RecordedRequest r : homeserver.cdnRequests()) {
      if (r.method().equals("HEAD") || "bytes=0-20".equals(r.header("Range"))) n++;
    }
    return n;
  }

  /**
   * Waits (a few seconds at most) until the server has no connection open, so that what it serves
   * has ended, then asserts that every upstream connection acquired was released and that the
   * pool holds none after eviction: no download of the server's holds a connection.
   */
  void assertConnectionsReleased() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while ((server.connectionCount() > 0 || acquired.get() != released.get())
        && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertEquals(0, server.connectionCount(), "server connections still open");
    assertEquals(acquired.get(), released.get(), "connections acquired vs released");
    pool.evictAll();
    assertEquals(0, pool.connectionCount(), "connections left after evictAll");
  }

  /** Connections acquired so far. */
  int connectionsAcquired() {
    return acquired.get();
  }

  /** Files in the spool folder. */
  String[] spoolFiles() {
    String[] names = spool.list();
    return names != null ? names : new String[0];
  }

  @Override
  public void close() {
    server.close();
    homeserver.close();
    okHttpClient.dispatcher().executorService().shutdown();
    pool.evictAll();
  }
}
