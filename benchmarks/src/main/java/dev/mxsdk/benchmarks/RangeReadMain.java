package dev.mxsdk.benchmarks;

import dev.mxsdk.core.MatrixClient;
import dev.mxsdk.media.EncryptedFile;
import dev.mxsdk.media.MediaClient;
import dev.mxsdk.media.MediaOptions;
import dev.mxsdk.media.MediaRange;
import dev.mxsdk.media.MediaRequest;
import dev.mxsdk.media.MediaResponse;
import dev.mxsdk.testkit.RecordedRequest;
import dev.mxsdk.testkit.TestHomeserver;
import java.io.BufferedOutputStream;
import java.io.File;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okio.Buffer;
import okio.BufferedSource;

/**
 * Seeking into a large CDN-encrypted E2EE object: a 1-byte read at a far offset (by default 1000
 * MiB into a 1 GiB object) beside a whole download of the same object, against the testkit's
 * homeserver and MSC4097 CDN on loopback in this JVM (fresh key per redirect, records encrypted as
 * they are sent, so the CDN seals only what a request touches). Prints, per mode: requests after
 * {@code /versions} (homeserver and CDN, counted by the server), bytes the CDN sent (counted by
 * the server), time to the first byte and to the end (best and median of the runs). The object is
 * generated into a file and seeded from it; nothing holds it in memory.
 *
 * <pre>
 * java -Xmx256m -cp benchmarks/target/benchmarks.jar dev.mxsdk.benchmarks.RangeReadMain
 *     [--size-mib 1024] [--offset-mib 1000] [--runs 5] [--whole-runs 2]
 * </pre>
 */
public final class RangeReadMain {
  private RangeReadMain() {}

  public static void main(String[] args) throws Exception {
    List<String> a = Arrays.asList(args);
    long sizeMib = Long.parseLong(option(a, "--size-mib", "1024"));
    long offset = Long.parseLong(option(a, "--offset-mib", "1000")) << 20;
    int runs = Integer.parseInt(option(a, "--runs", "5"));
    int wholeRuns = Integer.parseInt(option(a, "--whole-runs", "2"));
    File dir = Files.createTempDirectory("mxsdk-range").toFile();
    File content = new File(dir, "content.bin");
    generate(content, sizeMib);
    byte expected;
    try (RandomAccessFile raf = new RandomAccessFile(content, "r")) {
      raf.seek(offset);
      expected = raf.readByte();
    }
    System.out.println("| key header | read | requests after /versions (homeserver + CDN) |"
        + " CDN body bytes | time to first byte, best / median | time to end, best / median |");
    System.out.println("| --- | --- | --- | --- | --- | --- |");
    try {
      for (boolean layout : new boolean[] {true, false}) {
        try (TestHomeserver server =
            TestHomeserver.newBuilder().keyHeaderRecordLayout(layout).start()) {
          EncryptedFile file = server.seedEncrypted(content);
          OkHttpClient okHttpClient =
              new OkHttpClient.Builder().readTimeout(60, TimeUnit.SECONDS).build();
          MatrixClient matrix = MatrixClient.builder().homeserver(HttpUrl.get(server.baseUrl()))
              .allowInsecureLoopback(true).okHttpClient(okHttpClient)
              .accessTokenProvider(server::accessToken).build();
          MediaClient media = MediaClient.builder(matrix).defaultOptions(MediaOptions.builder()
              .requireCdnEncryption(true).unverifiedStreaming(true).build()).build();
          matrix.serverVersions();
          String header = layout ? "rs + salt" : "alg + key only";
          MediaRequest seek = MediaRequest.download(file).newBuilder()
              .range(MediaRange.of(offset, 1)).build();
          Result ranged = measure(server, media, seek, runs, expected);
          print(header, "1 byte at " + (offset >> 20) + " MiB", ranged);
          if (layout) {
            Result whole = measure(server, media, MediaRequest.download(file), wholeRuns, null);
            print(header, "whole " + sizeMib + " MiB", whole);
          }
          okHttpClient.dispatcher().executorService().shutdown();
          okHttpClient.connectionPool().evictAll();
        }
      }
    } finally {
      for (File f : dir.listFiles()) f.delete();
      dir.delete();
    }
  }

  /** Timings and server counts of {@code runs} runs of {@code request}. */
  private static final class Result {
    final double[] firstByte;
    final double[] end;
    final double requests;
    final double homeserverRequests;
    final long cdnBytesPerRun;

    Result(double[] firstByte, double[] end, double requests, double homeserverRequests,
        long cdnBytesPerRun) {
      this.firstByte = firstByte;
      this.end = end;
      this.requests = requests;
      this.homeserverRequests = homeserverRequests;
      this.cdnBytesPerRun = cdnBytesPerRun;
    }
  }

  private static Result measure(TestHomeserver server, MediaClient media, MediaRequest request,
      int runs, Byte expected) throws Exception {
    double[] firstByte = new double[runs];
    double[] end = new double[runs];
    long homeserver = 0;
    long cdn = 0;
    long bytes = 0;
    for (int run = 0; run < runs; run++) {
      server.clearRecordedRequests();
      long start = System.nanoTime();
      try (MediaResponse response = media.newCall(request).execute()) {
        BufferedSource source = response.source();
        source.require(1);
        firstByte[run] = (System.nanoTime() - start) / 1e6;
        if (expected != null && source.buffer().getByte(0) != expected) {
          throw new AssertionError("the byte read is not the byte at the offset");
        }
        drain(source);
      }
      end[run] = (System.nanoTime() - start) / 1e6;
      for (RecordedRequest r : server.homeserverRequests()) {
        if (!r.target().startsWith("/_matrix/client/versions")) homeserver++;
      }
      cdn += server.cdnRequests().size();
      bytes += server.cdnBodyBytes();
    }
    return new Result(firstByte, end, (double) (homeserver + cdn) / runs,
        (double) homeserver / runs, bytes / runs);
  }

  private static void print(String header, String read, Result r) {
    System.out.println(String.format(Locale.ROOT, "| %s | %s | %.1f (%.1f + %.1f) | %,d | %s | %s |",
        header, read, r.requests, r.homeserverRequests, r.requests - r.homeserverRequests,
        r.cdnBytesPerRun, millis(r.firstByte), millis(r.end)));
  }

  private static String millis(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    double median = sorted[sorted.length / 2];
    return sorted[0] >= 1000
        ? String.format(Locale.ROOT, "%.2f s / %.2f s", sorted[0] / 1000, median / 1000)
        : String.format(Locale.ROOT, "%.1f ms / %.1f ms", sorted[0], median);
  }

  private static void drain(BufferedSource source) throws java.io.IOException {
    Buffer sink = new Buffer();
    while (source.read(sink, 65536) != -1) sink.clear();
  }

  private static void generate(File file, long mib) throws java.io.IOException {
    try (OutputStream out = new BufferedOutputStream(new FileOutputStream(file), 1 << 20)) {
      Random random = new Random(2026);
      byte[] block = new byte[1 << 20];
      for (long i = 0; i < mib; i++) {
        random.nextBytes(block);
        out.write(block);
      }
    }
  }

  private static String option(List<String> args, String name, String fallback) {
    int i = args.indexOf(name);
    return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : fallback;
  }
}
