package dev.mxsdk.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mxsdk.core.MxcUri;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.SocketPolicy;
import okio.Buffer;
import okio.BufferedSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Single flight: calls for the same media while one downloads it into the cache wait for it and
 * read the entry, so the server sees one download; a failed or abandoned leader hands over to a
 * waiter; waits end with cancellation; a thread never waits for its own download.
 */
final class MediaCacheSingleFlightTest {
  private static final MxcUri MXC = MxcUri.parse("mxc://media.example/popular");

  @TempDir Path dir;
  private FlowFixture f;
  private MediaCache cache;
  private MediaClient client;
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @BeforeEach
  void setUp() throws IOException {
    f = new FlowFixture();
    cache = MediaCache.open(dir.resolve("cache").toFile(), MediaCachePolicy.defaults(), f.clock);
    client = MediaClient.builder(f.matrixClient(f.okHttpClient())).cache(cache).build();
  }

  @AfterEach
  void tearDown() throws Exception {
    threads.shutdownNow();
    cache.close();
    f.close();
  }

  private byte[] read(MediaRequest request) throws IOException {
    try (MediaResponse response = client.newCall(request).execute()) {
      return response.source().readByteArray();
    }
  }

  @Test
  void thirtyTwoCallsForTheSameMediaRunOneDownloadAndAllGetIt() throws Exception {
    byte[] body = MediaCacheTest.random(256 * 1024);
    // Slow enough that the calls meet while it streams; a second request would get a 500.
    f.enqueue(new MockResponse().setBody(new Buffer().write(body))
        .throttleBody(32 * 1024, 20, TimeUnit.MILLISECONDS));
    CountDownLatch start = new CountDownLatch(1);
    List<Future<byte[]>> results = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      results.add(threads.submit(() -> {
        start.await();
        return read(MediaRequest.download(MXC));
      }));
    }
    start.countDown();
    for (Future<byte[]> result : results) assertArrayEquals(body, result.get(60, TimeUnit.SECONDS));
    assertEquals(1, f.homeserverMediaRequests().size(), "one download for 32 calls");
    MediaCacheStats stats = cache.stats();
    assertEquals(1, stats.missCount());
    assertEquals(31, stats.hitCount());
    assertEquals(1, stats.entryCount());
  }

  /** Waits until {@code thread} blocks (in the cache's wait for the leader's fill). */
  private static void awaitWaiting(Thread thread) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (thread.getState() != Thread.State.TIMED_WAITING) {
      assertTrue(thread.isAlive(), "the follower ended early");
      assertTrue(System.nanoTime() < deadline, "the follower never waited");
      Thread.sleep(5);
    }
  }

  @Test
  void whenTheLeaderFailsAWaiterDownloadsInstead() throws Exception {
    byte[] body = MediaCacheTest.random(100_000);
    f.enqueue(new MockResponse().setBody(new Buffer().write(body))
        .setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY));
    f.enqueue(new MockResponse().setBody(new Buffer().write(body)));
    MediaResponse leader = client.newCall(MediaRequest.download(MXC)).execute();
    Future<byte[]> follower = threads.submit(() -> read(MediaRequest.download(MXC)));
    awaitWaiting(threadOf(follower));
    assertThrows(IOException.class, () -> leader.source().readByteArray());
    leader.close();
    assertArrayEquals(body, follower.get(60, TimeUnit.SECONDS));
    assertEquals(2, f.homeserverMediaRequests().size());
    assertEquals(1, cache.stats().entryCount());
  }

  @Test
  void whenTheLeaderClosesEarlyAWaiterDownloadsInstead() throws Exception {
    byte[] body = MediaCacheTest.random(100_000);
    f.enqueue(new MockResponse().setBody(new Buffer().write(body)));
    f.enqueue(new MockResponse().setBody(new Buffer().write(body)));
    MediaResponse leader = client.newCall(MediaRequest.download(MXC)).execute();
    Future<byte[]> follower = threads.submit(() -> read(MediaRequest.download(MXC)));
    awaitWaiting(threadOf(follower));
    leader.source().readByteArray(10);
    leader.close();
    assertArrayEquals(body, follower.get(60, TimeUnit.SECONDS));
    assertEquals(2, f.homeserverMediaRequests().size());
  }

  @Test
  void aWaitingCallStopsWhenCanceled() throws Exception {
    f.enqueue(new MockResponse().setBody(new Buffer().write(MediaCacheTest.random(1000))));
    MediaResponse leader = client.newCall(MediaRequest.download(MXC)).execute();
    MediaCall waiting = client.newCall(MediaRequest.download(MXC));
    Future<MediaResponse> follower = threads.submit(waiting::execute);
    awaitWaiting(threadOf(follower));
    waiting.cancel();
    java.util.concurrent.ExecutionException e = assertThrows(
        java.util.concurrent.ExecutionException.class, () -> follower.get(60, TimeUnit.SECONDS));
    assertEquals("Canceled", e.getCause().getMessage());
    leader.close();
  }

  @Test
  void aThreadNeverWaitsForItsOwnUnreadDownload() throws Exception {
    byte[] body = MediaCacheTest.random(10_000);
    f.enqueue(new MockResponse().setBody(new Buffer().write(body)));
    f.enqueue(new MockResponse().setBody(new Buffer().write(body)));
    try (MediaResponse first = client.newCall(MediaRequest.download(MXC)).execute();
        MediaResponse second = client.newCall(MediaRequest.download(MXC)).execute()) {
      assertFalse(second.diagnostics().fromCache());
      assertArrayEquals(body, second.source().readByteArray());
      assertArrayEquals(body, first.source().readByteArray());
    }
    assertEquals(2, f.homeserverMediaRequests().size());
    assertEquals(1, cache.stats().entryCount(), "the leader stored it");
  }

  @Test
  void callsForDifferentMediaDoNotWaitForEachOther() throws Exception {
    byte[] a = MediaCacheTest.random(1000);
    byte[] b = MediaCacheTest.random(1000);
    f.enqueue(new MockResponse().setBody(new Buffer().write(a)));
    f.enqueue(new MockResponse().setBody(new Buffer().write(b)));
    try (MediaResponse first = client.newCall(MediaRequest.download(MXC)).execute()) {
      Future<byte[]> other = threads.submit(
          () -> read(MediaRequest.download(MxcUri.parse("mxc://media.example/other"))));
      assertArrayEquals(b, other.get(60, TimeUnit.SECONDS));
      BufferedSource source = first.source();
      assertArrayEquals(a, source.readByteArray());
    }
  }

  /** The thread running {@code future}'s task, found by polling the pool's threads. */
  private static Thread threadOf(Future<?> future) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      for (Thread t : Thread.getAllStackTraces().keySet()) {
        for (StackTraceElement frame : t.getStackTrace()) {
          if (frame.getClassName().equals("dev.mxsdk.media.internal.cache.CacheFlow")
              && frame.getMethodName().equals("await")) {
            return t;
          }
        }
      }
      assertFalse(future.isDone(), "the follower ended early");
      assertTrue(System.nanoTime() < deadline, "no call waits for the fill");
      Thread.sleep(5);
    }
  }
}
