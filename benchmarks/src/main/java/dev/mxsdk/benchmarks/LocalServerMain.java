package dev.mxsdk.benchmarks;

import dev.mxsdk.core.MatrixClient;
import dev.mxsdk.core.MxcUri;
import dev.mxsdk.media.EncryptedFile;
import dev.mxsdk.media.MediaClient;
import dev.mxsdk.media.MediaOptions;
import dev.mxsdk.media.MediaRange;
import dev.mxsdk.media.MediaRequest;
import dev.mxsdk.media.MediaResponse;
import dev.mxsdk.media.server.LinkOptions;
import dev.mxsdk.media.server.MediaLink;
import dev.mxsdk.media.server.MediaServer;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okio.Buffer;
import okio.BufferedSource;

/**
 * The local media server (sdk-media-server) against the same download through {@link
 * MediaClient} directly, with the testkit's homeserver and MSC4097 CDN in a second JVM ({@link
 * E2eServerMain}: pre-encoded, so the CDN's encryption is not what is measured), on loopback over
 * http. Prints three tables:
 *
 * <ul>
 *   <li><b>throughput</b>: the whole object read by a player (a raw socket reading 64 KiB at a
 *       time and discarding) through a link, against the same object streamed from {@code
 *       MediaClient} and discarded; plain media, and E2EE media with unverified streaming (the
 *       link recomputes and checks the SHA-256 at the end, the direct stream checks it at the
 *       end). Runs alternate between the two; the ratio of the best runs, and the median of the
 *       ratios of each server run to the direct run right after it;
 *   <li><b>seek</b>: time to the first body byte of {@code Range: bytes=<size-1000>-} on a link
 *       whose length is already known, against a {@code MediaRange} read of the same bytes
 *       directly, with the requests each needs (counted by the homeserver and CDN);
 *   <li><b>memory</b>: heap per open connection: {@code --connections} players each start a GET
 *       of the whole object, read its first byte and stop reading; heap in use after a full GC,
 *       minus before, divided by the connections (the server's buffers and download, and the
 *       OkHttp connection under it; each connection also holds one of the server's threads).
 * </ul>
 *
 * <pre>
 * java -Xmx512m -cp benchmarks/target/benchmarks.jar dev.mxsdk.benchmarks.LocalServerMain
 *     [--size-mib 1024] [--runs 7] [--seeks 9] [--connections 32]
 * </pre>
 */
public final class LocalServerMain {
  private LocalServerMain() {}

  public static void main(String[] args) throws Exception {
    List<String> a = Arrays.asList(args);
    long sizeMib = Long.parseLong(option(a, "--size-mib", "1024"));
    int runs = Integer.parseInt(option(a, "--runs", "7"));
    int seeks = Integer.parseInt(option(a, "--seeks", "9"));
    int connections = Integer.parseInt(option(a, "--connections", "32"));
    String java = new File(System.getProperty("java.home"), "bin/java").getPath();
    Process testkit = new ProcessBuilder(java, "-Xmx256m", "-cp",
        System.getProperty("java.class.path"), E2eServerMain.class.getName(),
        Long.toString(sizeMib)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    BufferedReader testkitOut = new BufferedReader(
        new InputStreamReader(testkit.getInputStream(), StandardCharsets.UTF_8));
    PrintWriter testkitIn = new PrintWriter(
        new OutputStreamWriter(testkit.getOutputStream(), StandardCharsets.UTF_8), true);
    String[] ready = testkitOut.readLine().split(" ");
    if (!ready[0].equals("ready")) throw new IllegalStateException("testkit: " + ready[0]);
    long size = sizeMib << 20;

    OkHttpClient okHttpClient = new OkHttpClient.Builder()
        .readTimeout(60, TimeUnit.SECONDS).build();
    MatrixClient matrix = MatrixClient.builder().homeserver(HttpUrl.get(ready[1]))
        .allowInsecureLoopback(true).okHttpClient(okHttpClient)
        .accessTokenProvider(() -> ready[2]).build();
    MediaClient media = MediaClient.builder(matrix).defaultOptions(
        MediaOptions.builder().requireCdnEncryption(true).build()).build();
    matrix.serverVersions();
    MediaRequest plain = MediaRequest.download(MxcUri.parse(ready[3]));
    EncryptedFile file = EncryptedFile.fromJson(
        new String(Files.readAllBytes(new File(ready[4]).toPath()), StandardCharsets.UTF_8));
    MediaRequest encrypted = MediaRequest.download(file);
    MediaRequest encryptedStreamed = encrypted.newBuilder()
        .options(MediaOptions.builder().requireCdnEncryption(true).unverifiedStreaming(true)
            .build())
        .build();

    MediaServer server = MediaServer.builder().maxConnections(connections + 8).build();
    server.start();
    try {
      MediaLink plainLink = server.url(media, plain);
      MediaLink streamedLink = server.url(media, encrypted,
          LinkOptions.builder().unverifiedStreaming(true).build());

      System.out.println("| media | through the local server | MediaClient directly |"
          + " server / direct, best | server / direct, median of pairs |");
      System.out.println("| --- | --- | --- | --- | --- |");
      throughput("plain, 307 + key + RFC 8188", media, plain, plainLink, size, runs);
      throughput("E2EE, unverified streaming", media, encryptedStreamed, streamedLink, size,
          runs);

      System.out.println();
      System.out.println("| media | read | requests after /versions (homeserver + CDN) |"
          + " time to first byte, best / median |");
      System.out.println("| --- | --- | --- | --- |");
      long offset = size - 1000;
      seek("plain", "link, Range: bytes=" + offset + "-", testkitIn, testkitOut, seeks,
          () -> firstByteThrough(plainLink, "bytes=" + offset + "-"));
      seek("plain", "MediaClient, MediaRange.from(" + offset + ")", testkitIn, testkitOut, seeks,
          () -> firstByteDirect(media, plain, offset));
      seek("E2EE streamed", "link, Range: bytes=" + offset + "-", testkitIn, testkitOut, seeks,
          () -> firstByteThrough(streamedLink, "bytes=" + offset + "-"));
      seek("E2EE streamed", "MediaClient, MediaRange.from(" + offset + ")", testkitIn,
          testkitOut, seeks, () -> firstByteDirect(media, encryptedStreamed, offset));

      System.out.println();
      System.out.println("| media | open connections | heap per connection |");
      System.out.println("| --- | --- | --- |");
      memory("plain", plainLink, connections);
      memory("E2EE streamed", streamedLink, connections);
    } finally {
      server.close();
      okHttpClient.dispatcher().executorService().shutdown();
      okHttpClient.connectionPool().evictAll();
      testkitIn.close();
      testkit.waitFor();
    }
  }

  // ---- throughput ----

  private static void throughput(String label, MediaClient media, MediaRequest request,
      MediaLink link, long size, int runs) throws Exception {
    // One of each first, to warm up the JIT on both paths.
    readThrough(link, size);
    readDirect(media, request, size);
    double[] server = new double[runs];
    double[] direct = new double[runs];
    for (int i = 0; i < runs; i++) {
      server[i] = readThrough(link, size);
      direct[i] = readDirect(media, request, size);
    }
    double serverBest = best(server, size);
    double directBest = best(direct, size);
    double serverMedian = median(server, size);
    double directMedian = median(direct, size);
    // Each run of the server beside the direct run right after it: the machine's other load
    // drifts less within a pair than across the whole measurement.
    double[] pairs = new double[runs];
    for (int i = 0; i < runs; i++) pairs[i] = direct[i] / server[i];
    Arrays.sort(pairs);
    System.out.println(String.format(Locale.ROOT,
        "| %s, %d MiB | %.0f MB/s best, %.0f median | %.0f MB/s best, %.0f median |"
            + " %.0f%% | **%.0f%%** |",
        label, size >> 20, serverBest, serverMedian, directBest, directMedian,
        100 * serverBest / directBest, 100 * pairs[runs / 2]));
  }

  /** Reads the whole link as a player would; returns the seconds it took. */
  private static double readThrough(MediaLink link, long size) throws IOException {
    long start = System.nanoTime();
    try (Player player = Player.get(link, null)) {
      if (player.contentLength != size) {
        throw new IllegalStateException("Content-Length " + player.contentLength);
      }
      if (player.drain() != size) throw new IllegalStateException("short body");
    }
    return (System.nanoTime() - start) / 1e9;
  }

  private static double readDirect(MediaClient media, MediaRequest request, long size)
      throws IOException {
    long start = System.nanoTime();
    long n = 0;
    try (MediaResponse response = media.newCall(request).execute()) {
      BufferedSource source = response.source();
      Buffer sink = new Buffer();
      for (long r; (r = source.read(sink, 65536)) != -1; ) {
        n += r;
        sink.clear();
      }
    }
    if (n != size) throw new IllegalStateException("short body: " + n);
    return (System.nanoTime() - start) / 1e9;
  }

  // ---- seek ----

  interface Timed {
    double millis() throws IOException;
  }

  private static void seek(String media, String read, PrintWriter testkitIn,
      BufferedReader testkitOut, int runs, Timed timed) throws IOException {
    timed.millis(); // the link's probe, and the JIT
    long[] before = stats(testkitIn, testkitOut);
    double[] millis = new double[runs];
    for (int i = 0; i < runs; i++) millis[i] = timed.millis();
    long[] after = stats(testkitIn, testkitOut);
    double hs = (double) (after[0] - before[0]) / runs;
    double cdn = (double) (after[1] - before[1]) / runs;
    double[] sorted = millis.clone();
    Arrays.sort(sorted);
    System.out.println(String.format(Locale.ROOT, "| %s | %s | %.1f (%.1f + %.1f) |"
        + " %.1f ms / %.1f ms |", media, read, hs + cdn, hs, cdn, sorted[0],
        sorted[sorted.length / 2]));
  }

  private static double firstByteThrough(MediaLink link, String range) throws IOException {
    long start = System.nanoTime();
    try (Player player = Player.get(link, range)) {
      player.firstByte();
      return (System.nanoTime() - start) / 1e6;
    }
  }

  private static double firstByteDirect(MediaClient media, MediaRequest request, long offset)
      throws IOException {
    long start = System.nanoTime();
    try (MediaResponse response = media.newCall(
        request.newBuilder().range(MediaRange.from(offset)).build()).execute()) {
      response.source().require(1);
      return (System.nanoTime() - start) / 1e6;
    }
  }

  private static long[] stats(PrintWriter in, BufferedReader out) throws IOException {
    in.println("stats");
    String[] s = out.readLine().split(" ");
    return new long[] {Long.parseLong(s[1]), Long.parseLong(s[2])};
  }

  // ---- memory ----

  private static void memory(String media, MediaLink link, int connections) throws Exception {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long heapBefore = usedHeapAfterGc(memory);
    List<Player> players = new ArrayList<>();
    try {
      for (int i = 0; i < connections; i++) {
        Player player = Player.get(link, null);
        player.firstByte();
        players.add(player);
      }
      // Let every stalled response fill what it can before the measurement.
      Thread.sleep(2000);
      long heapDuring = usedHeapAfterGc(memory);
      System.out.println(String.format(Locale.ROOT, "| %s | %d | %.0f KiB |", media,
          connections, (heapDuring - heapBefore) / 1024.0 / connections));
    } finally {
      for (Player player : players) player.close();
    }
    Thread.sleep(500);
  }

  private static long usedHeapAfterGc(MemoryMXBean memory) throws InterruptedException {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  // ---- a minimal player ----

  /** A raw-socket GET: the head parsed, the body read 64 KiB at a time. */
  private static final class Player implements AutoCloseable {
    final Socket socket;
    final InputStream in;
    final long contentLength;
    private final byte[] buffer = new byte[65536];

    private Player(Socket socket, InputStream in, long contentLength) {
      this.socket = socket;
      this.in = in;
      this.contentLength = contentLength;
    }

    static Player get(MediaLink link, String range) throws IOException {
      String url = link.url();
      int slash = url.indexOf('/', "http://".length());
      String hostPort = url.substring("http://".length(), slash);
      int port = Integer.parseInt(hostPort.substring(hostPort.indexOf(':') + 1));
      Socket socket = new Socket("127.0.0.1", port);
      socket.setTcpNoDelay(true);
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + url.substring(slash) + " HTTP/1.1\r\nHost: " + hostPort + "\r\n"
          + (range != null ? "Range: " + range + "\r\n" : "") + "\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder head = new StringBuilder();
      while (!head.toString().endsWith("\r\n\r\n")) {
        int c = in.read();
        if (c == -1) throw new IOException("no response head");
        head.append((char) c);
      }
      long length = -1;
      for (String line : head.toString().split("\r\n")) {
        if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
          length = Long.parseLong(line.substring(15).trim());
        }
      }
      if (!head.toString().startsWith("HTTP/1.1 20")) {
        socket.close();
        throw new IOException("status " + head.substring(0, head.indexOf("\r\n")));
      }
      return new Player(socket, in, length);
    }

    void firstByte() throws IOException {
      if (in.read() == -1) throw new IOException("empty body");
    }

    long drain() throws IOException {
      long n = 0;
      while (n < contentLength) {
        int r = in.read(buffer, 0, (int) Math.min(buffer.length, contentLength - n));
        if (r == -1) break;
        n += r;
      }
      return n;
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  private static double best(double[] seconds, long size) {
    double min = Double.MAX_VALUE;
    for (double s : seconds) min = Math.min(min, s);
    return size / 1e6 / min;
  }

  private static double median(double[] seconds, long size) {
    double[] sorted = seconds.clone();
    Arrays.sort(sorted);
    return size / 1e6 / sorted[sorted.length / 2];
  }

  private static String option(List<String> args, String name, String fallback) {
    int i = args.indexOf(name);
    return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : fallback;
  }
}
