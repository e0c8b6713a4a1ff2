package dev.mxsdk.cli;

import dev.mxsdk.core.MatrixClient;
import dev.mxsdk.media.MediaClient;
import dev.mxsdk.media.MediaOptions;
import dev.mxsdk.media.MediaRequest;
import dev.mxsdk.media.MediaResponse;
import dev.mxsdk.testkit.TestHomeserver;
import java.io.File;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okio.Buffer;
import okio.BufferedSource;

/**
 * Run by {@link ConcurrencyTest} in a JVM with a small heap: the testkit and 64 parallel
 * downloads of distinct 4 MiB media (half E2EE), each hashed as it streams and compared with its
 * original. Exits 0 when every download matched and no connection is left in use.
 */
public final class ParallelDownloadsMain {
  private ParallelDownloadsMain() {}

  public static void main(String[] args) throws Exception {
    int downloads = Integer.parseInt(args[0]);
    int size = Integer.parseInt(args[1]);
    File dir = new File(args[2]);
    try (TestHomeserver server = TestHomeserver.newBuilder().start()) {
      List<MediaRequest> requests = new ArrayList<>();
      List<byte[]> digests = new ArrayList<>();
      byte[] block = new byte[65536];
      for (int i = 0; i < downloads; i++) {
        File content = new File(dir, "content-" + i);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        Random random = new Random(i);
        try (OutputStream out = new FileOutputStream(content)) {
          for (int written = 0; written < size; written += block.length) {
            random.nextBytes(block);
            out.write(block);
            sha.update(block);
          }
        }
        digests.add(sha.digest());
        requests.add(i % 2 == 0
            ? MediaRequest.download(server.seed(content, "application/octet-stream"))
            : MediaRequest.download(server.seedEncrypted(content)));
        content.delete();
      }
      ConnectionPool pool = new ConnectionPool();
      MatrixClient matrix = Cli.matrixClient(HttpUrl.get(server.baseUrl()), server.accessToken(),
          Cli.okHttpClient().connectionPool(pool).build(), true);
      MediaClient media = MediaClient.builder(matrix)
          .defaultOptions(MediaOptions.defaults())
          .spoolDirectory(dir)
          .build();
      ExecutorService threads = Executors.newFixedThreadPool(downloads);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<byte[]>> results = new ArrayList<>();
      for (MediaRequest request : requests) {
        results.add(threads.submit(() -> {
          go.await();
          MessageDigest sha = MessageDigest.getInstance("SHA-256");
          try (MediaResponse response = media.newCall(request).execute()) {
            BufferedSource source = response.source();
            Buffer chunk = new Buffer();
            while (source.read(chunk, 65536) != -1) {
              sha.update(chunk.readByteArray());
            }
          }
          return sha.digest();
        }));
      }
      go.countDown();
      int wrong = 0;
      for (int i = 0; i < downloads; i++) {
        if (!MessageDigest.isEqual(digests.get(i), results.get(i).get(120, TimeUnit.SECONDS))) {
          wrong++;
        }
      }
      threads.shutdown();
      int inUse = pool.connectionCount() - pool.idleConnectionCount();
      long peak = 0;
      for (java.lang.management.MemoryPoolMXBean p
          : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
        if (p.getType() == java.lang.management.MemoryType.HEAP) peak += p.getPeakUsage().getUsed();
      }
      System.out.println("wrong=" + wrong + " inUse=" + inUse + " peakHeapMiB=" + (peak >> 20));
      Cli.shutdown(matrix);
      System.exit(wrong == 0 && inUse == 0 ? 0 : 1);
    }
  }
}
