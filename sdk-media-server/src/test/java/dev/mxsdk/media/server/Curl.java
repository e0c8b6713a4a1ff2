package dev.mxsdk.media.server;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs curl, a client nobody here wrote (installed by {@code .ci/run}). Without curl a test is
 * skipped locally and fails on CI ({@code CI} set, as {@code .ci/run} sets it).
 */
final class Curl {
  private Curl() {
  }

  /** Skips the calling test without curl, or fails it on CI. */
  static void requireInstalled() {
    if (path() == null) {
      if (System.getenv("CI") != null) fail("curl is missing; .ci/run installs it");
      Assumptions.assumeTrue(false, "curl is not installed");
    }
  }

  static String path() {
    for (String p : new String[] {"/usr/bin/curl", "/usr/local/bin/curl"}) {
      if (new File(p).canExecute()) return p;
    }
    return null;
  }

  /** One curl run: exit code, what {@code -w} printed, the body and the response headers. */
  static final class Run {
    int exit;
    String out;
    String err;
    byte[] body;
    String headers;

    String header(String name) {
      for (String line : headers.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
          return line.substring(colon + 1).trim();
        }
      }
      return null;
    }

    int status() {
      return Integer.parseInt(out.trim().split("\\s+")[0]);
    }
  }

  /** Runs curl with {@code args}, its outputs in {@code dir}. */
  static Run run(File dir, String... args) throws IOException, InterruptedException {
    File body = new File(dir, "body-" + System.nanoTime());
    File headers = new File(dir, "headers-" + System.nanoTime());
    List<String> command = new ArrayList<>(Arrays.asList(path(), "-sS", "--max-time", "60",
        "-D", headers.getPath(), "-w", "%{http_code} %{num_connects}\\n"));
    // A run that names its own outputs (several URLs) gets no -o here: curl pairs them in order.
    if (!Arrays.asList(args).contains("-o")) command.addAll(Arrays.asList("-o", body.getPath()));
    command.addAll(Arrays.asList(args));
    File stderr = new File(dir, "stderr-" + System.nanoTime());
    Process p = new ProcessBuilder(command).redirectError(stderr).start();
    Run run = new Run();
    run.out = new String(readAll(p.getInputStream()), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(90, TimeUnit.SECONDS), "curl hung");
    run.exit = p.exitValue();
    run.err = new String(Files.readAllBytes(stderr.toPath()), StandardCharsets.UTF_8);
    run.body = body.exists() ? Files.readAllBytes(body.toPath()) : new byte[0];
    run.headers = headers.exists()
        ? new String(Files.readAllBytes(headers.toPath()), StandardCharsets.ISO_8859_1) : "";
    return run;
  }

  /** Runs curl with exactly {@code args}; returns its exit code and stdout, stderr in run.err. */
  static Run raw(File dir, List<String> args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(path());
    command.addAll(args);
    File stderr = new File(dir, "stderr-" + System.nanoTime());
    Process p = new ProcessBuilder(command).redirectError(stderr).start();
    Run run = new Run();
    run.out = new String(readAll(p.getInputStream()), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "curl hung");
    run.exit = p.exitValue();
    run.err = new String(Files.readAllBytes(stderr.toPath()), StandardCharsets.UTF_8);
    run.body = new byte[0];
    run.headers = "";
    return run;
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] b = new byte[8192];
    for (int n; (n = in.read(b)) != -1; ) out.write(b, 0, n);
    return out.toByteArray();
  }
}
