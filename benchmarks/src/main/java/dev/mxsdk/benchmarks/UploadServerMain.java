package dev.mxsdk.benchmarks;

import dev.mxsdk.testkit.RecordedRequest;
import dev.mxsdk.testkit.RecordedUpload;
import dev.mxsdk.testkit.TestHomeserver;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.List;

/**
 * The server side of the upload harness, in its own JVM (run with a small heap: the testkit
 * stores uploads in files as they arrive): the testkit's homeserver with an upload limit above the
 * benchmark's size, its receive path warmed up first ({@link #prime}). Prints {@code ready <baseUrl> <token> <caPemPath|->}; then answers each line
 * {@code stats} on stdin with {@code stats <uploadRequests> <createRequests> <configRequests>
 * <otherRequests> <storedUploads> <sha256OfLastStored|-> <processCpuNanos>}, and exits when stdin
 * closes.
 */
public final class UploadServerMain {
  private UploadServerMain() {}

  /**
   * Uploads 512 MiB to the server in 64 MiB bodies with the JDK's own HTTP client before the
   * client starts, so that the server's receive path (socket reads, SHA-256, file writes) is
   * compiled and the client's timings measure the client; then forgets what it recorded.
   */
  private static void prime(TestHomeserver server, boolean tls) throws Exception {
    java.net.http.HttpClient.Builder builder = java.net.http.HttpClient.newBuilder();
    if (tls) builder.sslContext(server.sslContext());
    java.net.http.HttpClient http = builder.build();
    final long size = 64L << 20;
    for (int i = 0; i < 8; i++) {
      java.net.http.HttpResponse<Void> response = http.send(java.net.http.HttpRequest.newBuilder(
              java.net.URI.create(server.baseUrl() + "/_matrix/media/v3/upload"))
          .header("Authorization", "Bearer " + server.accessToken())
          .POST(java.net.http.HttpRequest.BodyPublishers.fromPublisher(
              java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new Zeros(size)),
              size)).build(),
          java.net.http.HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("priming upload answered " + response.statusCode());
      }
    }
    server.clearRecordedRequests();
  }

  /** {@code left} zero bytes, without holding them in memory. */
  private static final class Zeros extends java.io.InputStream {
    private long left;

    Zeros(long left) {
      this.left = left;
    }

    @Override
    public int read() {
      if (left == 0) return -1;
      left--;
      return 0;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (left == 0) return -1;
      int n = (int) Math.min(len, left);
      java.util.Arrays.fill(b, off, off + n, (byte) 0);
      left -= n;
      return n;
    }
  }

  public static void main(String[] args) throws Exception {
    boolean tls = args.length > 0 && args[0].equals("--tls");
    File dir = Files.createTempDirectory("mxsdk-upload-bench").toFile();
    dir.deleteOnExit();
    try (TestHomeserver server = TestHomeserver.newBuilder().tls(tls).cdn(false)
        .maxUploadSize(64L * 1024 * 1024 * 1024).start()) {
      // A killed run must not leave gigabytes behind, in /dev/shm least of all.
      Thread cleanup = new Thread(server::close);
      Runtime.getRuntime().addShutdownHook(cleanup);
      String pem = "-";
      if (tls) {
        File ca = new File(dir, "ca.pem");
        Files.write(ca.toPath(), ("-----BEGIN CERTIFICATE-----\n"
            + Base64.getMimeEncoder().encodeToString(server.certificate().getEncoded())
            + "\n-----END CERTIFICATE-----\n").getBytes(StandardCharsets.US_ASCII));
        pem = ca.getPath();
      }
      prime(server, tls);
      System.out.println("ready " + server.baseUrl() + " " + server.accessToken() + " " + pem);
      System.out.flush();
      BufferedReader in = new BufferedReader(
          new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line; (line = in.readLine()) != null; ) {
        if (!line.equals("stats")) continue;
        int uploads = 0;
        int creates = 0;
        int configs = 0;
        int other = 0;
        for (RecordedRequest r : server.homeserverRequests()) {
          String path = r.path();
          if (path.startsWith("/_matrix/media/v3/upload")) {
            uploads++;
          } else if (path.equals("/_matrix/media/v1/create")) {
            creates++;
          } else if (path.endsWith("/config")) {
            configs++;
          } else if (!path.equals("/_matrix/client/versions")) {
            other++;
          }
        }
        int stored = 0;
        String sha = "-";
        List<RecordedUpload> recorded = server.uploads();
        for (RecordedUpload u : recorded) {
          if (!u.stored()) continue;
          stored++;
          sha = Base64.getEncoder().withoutPadding().encodeToString(u.sha256());
        }
        // The whole server process's CPU time so far (the JVM's own threads included).
        long cpuNanos = ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        System.out.println("stats " + uploads + " " + creates + " " + configs + " " + other + " "
            + stored + " " + sha + " " + cpuNanos);
        System.out.flush();
      }
      Runtime.getRuntime().removeShutdownHook(cleanup);
    } finally {
      File[] files = dir.listFiles();
      if (files != null) for (File f : files) f.delete();
      dir.delete();
    }
  }
}
