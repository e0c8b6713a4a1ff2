package dev.mxsdk.benchmarks;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The end-to-end harness: for plain http and for TLS on loopback, starts {@link E2eServerMain} in
 * one JVM and runs {@link E2eClientMain} in another with a small heap, once per mode, and prints a
 * table of client-side MB/s (first and later runs), peak heap, HTTP requests per download (counted
 * by the server, {@code /versions} excluded) and open connections.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.mxsdk.benchmarks.E2eHarness [--size-mib 1024]
 *     [--runs 3] [--heap 48m]
 * </pre>
 */
public final class E2eHarness {
  private E2eHarness() {}

  public static void main(String[] args) throws Exception {
    List<String> a = Arrays.asList(args);
    String size = option(a, "--size-mib", "1024");
    int runs = Integer.parseInt(option(a, "--runs", "3"));
    String heap = option(a, "--heap", "48m");
    String java = new File(System.getProperty("java.home"), "bin/java").getPath();
    String classpath = System.getProperty("java.class.path");

    System.out.println("| transport | mode | size | first run | later runs (best) | peak heap (max "
        + heap + ") | requests per download | connections |");
    System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- |");
    for (boolean tls : new boolean[] {false, true}) {
      List<String> serverCommand = new ArrayList<>(Arrays.asList(java, "-Xmx256m", "-cp",
          classpath, E2eServerMain.class.getName(), size));
      if (tls) serverCommand.add("--tls");
      Process server = new ProcessBuilder(serverCommand)
          .redirectError(ProcessBuilder.Redirect.INHERIT).start();
      BufferedReader serverOut = new BufferedReader(
          new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
      PrintWriter serverIn = new PrintWriter(
          new OutputStreamWriter(server.getOutputStream(), StandardCharsets.UTF_8), true);
      String[] ready = serverOut.readLine().split(" ");
      if (!ready[0].equals("ready")) throw new IllegalStateException("server: " + ready[0]);
      try {
        for (String mode : new String[] {"cdn", "e2ee-stream", "e2ee-file"}) {
          long[] before = stats(serverIn, serverOut);
          Process client = new ProcessBuilder(java, "-Xmx" + heap, "-cp", classpath,
              E2eClientMain.class.getName(), mode, ready[1], ready[2], ready[3], ready[4],
              ready[5], Integer.toString(runs))
              .redirectError(ProcessBuilder.Redirect.INHERIT).start();
          String result = new BufferedReader(new InputStreamReader(client.getInputStream(),
              StandardCharsets.UTF_8)).readLine();
          if (client.waitFor() != 0 || result == null) {
            throw new IllegalStateException("client failed in mode " + mode);
          }
          long[] after = stats(serverIn, serverOut);
          String[] r = result.split(" ");
          long bytes = Long.parseLong(r[2]);
          double first = Double.parseDouble(r[3]);
          double best = Double.MAX_VALUE;
          for (int i = 4; i < 3 + runs; i++) best = Math.min(best, Double.parseDouble(r[i]));
          double requests = (double) ((after[0] - before[0]) + (after[1] - before[1])) / runs;
          System.out.println(String.format(Locale.ROOT,
              "| %s | %s | %d MiB | %.2f s, %.0f MB/s | %s | %s | %.1f | %s |",
              tls ? "TLS" : "http", mode, bytes >> 20, first, bytes / 1e6 / first,
              runs > 1 ? String.format(Locale.ROOT, "%.2f s, %.0f MB/s", best, bytes / 1e6 / best)
                  : "-",
              value(r, "peakHeapMiB") + " MiB", requests, value(r, "connections")));
        }
      } finally {
        serverIn.close();
        server.waitFor();
      }
    }
  }

  private static long[] stats(PrintWriter in, BufferedReader out) throws Exception {
    in.println("stats");
    String[] s = out.readLine().split(" ");
    return new long[] {Long.parseLong(s[1]), Long.parseLong(s[2])};
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
