package dev.mxsdk.benchmarks;

import java.io.BufferedReader;
import java.io.File;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The upload harness: writes a random file of the given size, then for plain http and for TLS on
 * loopback and for each mode ({@code post}: {@code POST /upload}; {@code async}: {@code /create}
 * then {@code PUT}) starts {@link UploadServerMain} (the testkit, {@code -Xmx64m}) in one JVM and
 * {@link UploadClientMain} in another with a small heap, which uploads the file end-to-end
 * encrypted {@code runs} times, then the raw AES-256-CTR + SHA-256 bound over as many bytes in a
 * fresh JVM with the same heap. Prints a table: MB/s of the first and the best later run, the
 * bound and the ratio, the uploading thread's CPU time in the best run, the client's sampled used
 * heap, the server's CPU time per upload, and the HTTP requests per upload counted by the server
 * ({@code /versions} and the once-cached {@code /config} apart). Checks that the server stored
 * the ciphertext the client described. The server stores uploads in {@code /dev/shm} where it
 * exists, and its receive path is warmed up before the client starts.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.mxsdk.benchmarks.UploadHarness [--size-mib 1024]
 *     [--runs 3] [--heap 48m]
 * </pre>
 */
public final class UploadHarness {
  private UploadHarness() {}

  public static void main(String[] args) throws Exception {
    List<String> a = Arrays.asList(args);
    long mib = Long.parseLong(option(a, "--size-mib", "1024"));
    int runs = Integer.parseInt(option(a, "--runs", "3"));
    String heap = option(a, "--heap", "48m");
    String java = new File(System.getProperty("java.home"), "bin/java").getPath();
    String classpath = System.getProperty("java.class.path");
    File dir = Files.createTempDirectory("mxsdk-upload-harness").toFile();
    File file = new File(dir, "content.bin");
    try {
      try (OutputStream out = new FileOutputStream(file)) {
        Random random = new Random(2026);
        byte[] block = new byte[1 << 20];
        for (long i = 0; i < mib; i++) {
          random.nextBytes(block);
          out.write(block);
        }
      }
      System.out.println("| transport | encrypted upload | size | first run (cold JVM) | later runs"
          + " (best) | CTR + SHA-256 bound | best / bound | client CPU, best run | server CPU per"
          + " upload | client heap used, sampled (max " + heap + ") | requests per upload |");
      System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
      for (boolean tls : new boolean[] {false, true}) {
        for (String mode : new String[] {"post", "async"}) {
          row(java, classpath, heap, file, runs, tls, mode);
        }
      }
    } finally {
      file.delete();
      dir.delete();
    }
  }

  private static void row(String java, String classpath, String heap, File file, int runs,
      boolean tls, String mode) throws Exception {
    String serverHeap = "64m";
    List<String> command = new java.util.ArrayList<>(Arrays.asList(java, "-Xmx" + serverHeap));
    // The stored uploads go to RAM (tmpfs) where there is one, so that the disk's writeback of
    // gigabytes of dirty pages does not throttle the server and hide the client's speed.
    if (new File("/dev/shm").isDirectory()) command.add("-Djava.io.tmpdir=/dev/shm");
    command.addAll(Arrays.asList("-cp", classpath, UploadServerMain.class.getName()));
    if (tls) command.add("--tls");
    ProcessBuilder serverCommand = new ProcessBuilder(command);
    Process server = serverCommand.redirectError(ProcessBuilder.Redirect.INHERIT).start();
    BufferedReader serverOut = new BufferedReader(
        new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    PrintWriter serverIn = new PrintWriter(
        new OutputStreamWriter(server.getOutputStream(), StandardCharsets.UTF_8), true);
    try {
      String[] ready = serverOut.readLine().split(" ");
      if (!ready[0].equals("ready")) throw new IllegalStateException("server: " + ready[0]);
      serverIn.println("stats");
      long serverCpuBefore = Long.parseLong(serverOut.readLine().split(" ")[7]);
      Process client = new ProcessBuilder(java, "-Xmx" + heap, "-cp", classpath,
          UploadClientMain.class.getName(), mode, ready[1], ready[2], ready[3], file.getPath(),
          Integer.toString(runs))
          .redirectError(ProcessBuilder.Redirect.INHERIT).start();
      String result = new BufferedReader(new InputStreamReader(client.getInputStream(),
          StandardCharsets.UTF_8)).readLine();
      if (client.waitFor() != 0 || result == null) {
        throw new IllegalStateException("client failed in mode " + mode);
      }
      serverIn.println("stats");
      String[] stats = serverOut.readLine().split(" ");
      Process boundJvm = new ProcessBuilder(java, "-Xmx" + heap, "-cp", classpath,
          UploadClientMain.class.getName(), "bound", Long.toString(file.length()))
          .redirectError(ProcessBuilder.Redirect.INHERIT).start();
      String boundLine = new BufferedReader(new InputStreamReader(boundJvm.getInputStream(),
          StandardCharsets.UTF_8)).readLine();
      if (boundJvm.waitFor() != 0 || boundLine == null) throw new IllegalStateException("bound");
      String[] r = (result + " " + boundLine).split(" ");
      long bytes = Long.parseLong(r[2]);
      double first = Double.parseDouble(r[3]);
      double best = Double.MAX_VALUE;
      int bestRun = 0;
      for (int i = 4; i < 3 + runs; i++) {
        double t = Double.parseDouble(r[i]);
        if (t < best) {
          best = t;
          bestRun = i - 3;
        }
      }
      if (runs == 1) best = first;
      double bestCpu = Double.parseDouble(value(r, "cpu").split(",")[bestRun]);
      double serverCpu = (Long.parseLong(stats[7]) - serverCpuBefore) / 1e9 / runs;
      double bound = Double.parseDouble(value(r, "bound"));
      int uploads = Integer.parseInt(stats[1]);
      int creates = Integer.parseInt(stats[2]);
      int other = Integer.parseInt(stats[4]);
      int stored = Integer.parseInt(stats[5]);
      if (stored != runs) throw new IllegalStateException("server stored " + stored + " uploads");
      if (!stats[6].equals(value(r, "sha256"))) {
        throw new IllegalStateException("the server stored other bytes than the client hashed");
      }
      System.out.println(String.format(Locale.ROOT,
          "| %s | %s | %d MiB | %.2f s, %.0f MB/s | %.2f s, %.0f MB/s | %.0f MB/s | **%.0f%%** |"
              + " %.2f s | %.2f s | %s-%s MiB | %.1f |",
          tls ? "TLS" : "http", mode.equals("post") ? "POST" : "/create + PUT",
          bytes >> 20, first, bytes / 1e6 / first, best, bytes / 1e6 / best, bytes / 1e6 / bound,
          100 * bound / best, bestCpu, serverCpu, value(r, "heapMinMiB"), value(r, "heapMaxMiB"),
          (double) (uploads + creates + other) / runs));
      if (!stats[3].equals("1")) {
        throw new IllegalStateException("/config was fetched " + stats[3] + " times, not once");
      }
    } finally {
      serverIn.close();
      server.waitFor();
    }
  }

  private static String value(String[] result, String name) {
    for (String part : result) {
      if (part.startsWith(name + "=")) return part.substring(name.length() + 1);
    }
    return "?";
  }

  private static String option(List<String> args, String name, String fallback) {
    int i = args.indexOf(name);
    return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : fallback;
  }
}
