package dev.mxsdk.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mxsdk.core.MatrixClient;
import dev.mxsdk.media.MediaCall;
import dev.mxsdk.media.MediaClient;
import dev.mxsdk.media.MediaOptions;
import dev.mxsdk.media.MediaRequest;
import dev.mxsdk.media.MediaResponse;
import dev.mxsdk.testkit.TestHomeserver;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okio.BufferedSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 64 parallel downloads of distinct media (plain and E2EE) through one client against the testkit:
 * each gets its own bytes, no connection is left in use, cancelling half of them mid-stream
 * leaves the other half intact, and 64 parallel 4 MiB downloads (with the testkit in the same JVM)
 * complete in a 64 MiB heap.
 */
final class ConcurrencyTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int DOWNLOADS = 64;
  private TestHomeserver server;
  private MatrixClient matrix;

  @AfterEach
  void tearDown() {
    if (matrix != null) Cli.shutdown(matrix);
    if (server != null) server.close();
  }

  private MediaClient start(ConnectionPool pool) throws IOException {
    server = TestHomeserver.newBuilder().start();
    OkHttpClient ok = Cli.okHttpClient().connectionPool(pool).build();
    matrix = Cli.matrixClient(HttpUrl.get(server.baseUrl()), server.accessToken(), ok, true);
    return MediaClient.builder(matrix)
        .defaultOptions(MediaOptions.defaults())
        .build();
  }

  private List<byte[]> seed(List<MediaRequest> requests, int size) throws IOException {
    List<byte[]> contents = new ArrayList<>();
    for (int i = 0; i < DOWNLOADS; i++) {
      byte[] content = new byte[size + i];
      RANDOM.nextBytes(content);
      contents.add(content);
      requests.add(i % 2 == 0
          ? MediaRequest.download(server.seed(content, "application/octet-stream", null))
          : MediaRequest.download(server.seedEncrypted(content)));
    }
    return contents;
  }

  private static void awaitNoConnectionInUse(ConnectionPool pool) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (pool.connectionCount() != pool.idleConnectionCount() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(pool.idleConnectionCount(), pool.connectionCount(), "connections in use");
  }

  @Test
  void sixtyFourParallelDownloadsOf4MiBCompleteInA64MiBHeap(@TempDir Path dir)
      throws Exception {
    String javaBin = System.getProperty("java.home") + File.separator + "bin" + File.separator
        + "java";
    Process process = new ProcessBuilder(javaBin, "-Xmx64m", "-cp",
        System.getProperty("java.class.path"), ParallelDownloadsMain.class.getName(),
        Integer.toString(DOWNLOADS), Integer.toString(4 << 20), dir.toString())
        .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(180, TimeUnit.SECONDS), output);
    assertEquals(0, process.exitValue(), output);
    assertTrue(output.contains("wrong=0 inUse=0"), output);
  }

  @Test
  void sixtyFourParallelDownloadsEachGetTheirOwnBytes() throws Exception {
    ConnectionPool pool = new ConnectionPool();
    MediaClient media = start(pool);
    List<MediaRequest> requests = new ArrayList<>();
    List<byte[]> contents = seed(requests, 256 * 1024);
    ExecutorService threads = Executors.newFixedThreadPool(DOWNLOADS);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<byte[]>> results = new ArrayList<>();
      for (MediaRequest request : requests) {
        results.add(threads.submit(() -> {
          go.await();
          try (MediaResponse response = media.newCall(request).execute()) {
            return response.source().readByteArray();
          }
        }));
      }
      go.countDown();
      for (int i = 0; i < DOWNLOADS; i++) {
        assertArrayEquals(contents.get(i), results.get(i).get(60, TimeUnit.SECONDS), "media " + i);
      }
    } finally {
      threads.shutdownNow();
    }
    awaitNoConnectionInUse(pool);
  }

  @Test
  void cancellingHalfOfThemMidStreamLeavesTheOtherHalfIntact() throws Exception {
    ConnectionPool pool = new ConnectionPool();
    MediaClient media = start(pool);
    List<MediaRequest> requests = new ArrayList<>();
    List<byte[]> contents = seed(requests, 1024 * 1024);
    ExecutorService threads = Executors.newFixedThreadPool(DOWNLOADS);
    CountDownLatch allStarted = new CountDownLatch(DOWNLOADS);
    CountDownLatch cancelled = new CountDownLatch(1);
    List<MediaCall> calls = new ArrayList<>();
    for (MediaRequest request : requests) calls.add(media.newCall(request));
    try {
      List<Future<byte[]>> results = new ArrayList<>();
      for (int i = 0; i < DOWNLOADS; i++) {
        MediaCall call = calls.get(i);
        // Plain media streams; E2EE media is verified before its first byte, so its stream starts
        // after the whole download: cancel those while they are still downloading.
        boolean plain = i % 2 == 0;
        results.add(threads.submit(() -> {
          if (!plain) allStarted.countDown();
          try (MediaResponse response = call.execute()) {
            BufferedSource source = response.source();
            byte[] first = source.readByteArray(1000);
            if (plain) {
              allStarted.countDown();
              cancelled.await();
            }
            byte[] rest = source.readByteArray();
            byte[] all = new byte[first.length + rest.length];
            System.arraycopy(first, 0, all, 0, first.length);
            System.arraycopy(rest, 0, all, first.length, rest.length);
            return all;
          }
        }));
      }
      assertTrue(allStarted.await(60, TimeUnit.SECONDS));
      // Cancel every other one of each kind: indexes 0, 1, 4, 5, 8, 9, ...
      List<Integer> cancelledIndexes = new ArrayList<>();
      for (int i = 0; i < DOWNLOADS; i++) {
        if (i % 4 < 2) {
          calls.get(i).cancel();
          cancelledIndexes.add(i);
        }
      }
      cancelled.countDown();
      for (int i = 0; i < DOWNLOADS; i++) {
        if (cancelledIndexes.contains(i)) {
          try {
            byte[] got = results.get(i).get(60, TimeUnit.SECONDS);
            // An E2EE download may have finished before the cancel arrived: then it is whole.
            assertArrayEquals(contents.get(i), got, "a cancelled call returned wrong bytes: " + i);
            assertTrue(i % 2 == 1, "a cancelled plain stream kept streaming: " + i);
          } catch (java.util.concurrent.ExecutionException e) {
            assertTrue(e.getCause() instanceof IOException, "media " + i + ": " + e.getCause());
          }
        } else {
          assertArrayEquals(contents.get(i), results.get(i).get(60, TimeUnit.SECONDS),
              "media " + i);
        }
      }
    } finally {
      threads.shutdownNow();
    }
    awaitNoConnectionInUse(pool);
    assertTrue(calls.get(0).isCanceled());
  }
}
