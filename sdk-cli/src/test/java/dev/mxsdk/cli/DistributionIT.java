package dev.mxsdk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mxsdk.core.MxcUri;
import dev.mxsdk.testkit.TestHomeserver;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The download a person runs without Maven: target/mxmedia-VERSION.tar.gz unpacked with tar, then
 * bin/mxmedia run the way a shell would, through JAVA_HOME, through the PATH and through a symlink.
 * Runs in the integration-test phase, after the package phase built the archives.
 */
final class DistributionIT {
  private static final String VERSION = System.getProperty("mxmedia.version");
  private static final Path DIST_DIR = Paths.get(System.getProperty("mxmedia.dist.dir", "target"));
  private static final Path JAVA_HOME = Paths.get(System.getProperty("java.home"));

  @TempDir static Path temp;
  private static Path home;

  @BeforeAll
  static void unpackTheTarGz() throws Exception {
    Path tarGz = DIST_DIR.resolve("mxmedia-" + VERSION + ".tar.gz");
    assertTrue(Files.isRegularFile(tarGz), tarGz + " was not built");
    Path into = Files.createDirectories(temp.resolve("a dir with spaces"));
    Result tar = run(into, env("PATH", "/usr/bin:/bin"), "tar", "-xzf", tarGz.toString());
    assertEquals(0, tar.exit, tar.toString());
    home = into.resolve("mxmedia-" + VERSION);
  }

  private static Map<String, String> env(String... pairs) {
    Map<String, String> env = new java.util.HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) env.put(pairs[i], pairs[i + 1]);
    return env;
  }

  @Test
  void theArchiveHoldsTheLaunchersTheJarTheLicenseAndAReadme() throws IOException {
    assertEquals(
        new TreeSet<>(Arrays.asList("LICENSE", "README.txt", "bin/mxmedia", "bin/mxmedia.bat",
            "lib/mxmedia.jar")),
        filesUnder(home));
    assertTrue(Files.getPosixFilePermissions(home.resolve("bin/mxmedia"))
        .contains(PosixFilePermission.OWNER_EXECUTE));
    String bat = new String(Files.readAllBytes(home.resolve("bin/mxmedia.bat")), StandardCharsets.UTF_8);
    assertTrue(bat.contains("\r\n"), "mxmedia.bat has Windows line endings");
    String sh = new String(Files.readAllBytes(home.resolve("bin/mxmedia")), StandardCharsets.UTF_8);
    assertTrue(sh.startsWith("#!/bin/sh\n") && !sh.contains("\r"), "bin/mxmedia is a POSIX sh script");
    String readme = new String(Files.readAllBytes(home.resolve("README.txt")), StandardCharsets.UTF_8);
    assertTrue(readme.startsWith("mxmedia " + VERSION + ":"), readme);
    assertTrue(new String(Files.readAllBytes(home.resolve("LICENSE")), StandardCharsets.UTF_8)
        .contains("Apache License"));
  }

  @Test
  void theZipHoldsTheSameFiles() throws IOException {
    TreeSet<String> names = new TreeSet<>();
    try (ZipFile zip = new ZipFile(DIST_DIR.resolve("mxmedia-" + VERSION + ".zip").toFile())) {
      for (ZipEntry e : Collections.list(zip.entries())) {
        if (!e.isDirectory()) names.add(e.getName());
      }
    }
    TreeSet<String> expected = new TreeSet<>();
    for (String f : filesUnder(home)) expected.add("mxmedia-" + VERSION + "/" + f);
    assertEquals(expected, names);
  }

  @Test
  void versionAndHelpRunWithJavaHome() throws Exception {
    Result version = run(temp, env("JAVA_HOME", JAVA_HOME.toString(), "PATH", "/usr/bin:/bin"),
        home.resolve("bin/mxmedia").toString(), "--version");
    assertEquals(0, version.exit, version.toString());
    assertEquals("mxmedia " + VERSION, version.out.trim());

    Result help = run(temp, env("JAVA_HOME", JAVA_HOME.toString(), "PATH", "/usr/bin:/bin"),
        home.resolve("bin/mxmedia").toString(), "--help");
    assertEquals(0, help.exit, help.toString());
    assertTrue(help.out.contains("Usage: mxmedia"), help.out);
    assertTrue(help.out.contains("download"), help.out);
  }

  @Test
  void findsJavaOnThePathThroughASymlinkFromAnotherDirectory() throws Exception {
    Path links = Files.createDirectories(temp.resolve("links"));
    Path link = links.resolve("mxmedia");
    Files.deleteIfExists(link);
    Files.createSymbolicLink(link, home.resolve("bin/mxmedia"));
    Path relative = links.resolve("relative");
    Files.deleteIfExists(relative);
    Files.createSymbolicLink(relative, links.relativize(link)); // a link to a link, relative
    String path = JAVA_HOME.resolve("bin") + ":/usr/bin:/bin";
    Result result = run(Files.createDirectories(temp.resolve("elsewhere")), env("PATH", path),
        relative.toString(), "--version");
    assertEquals(0, result.exit, result.toString());
    assertEquals("mxmedia " + VERSION, result.out.trim());
  }

  @Test
  void aWrongJavaHomeIsOneLineOnStderrAndExitCodeOne() throws Exception {
    Result result = run(temp, env("JAVA_HOME", temp.resolve("no-jdk").toString(), "PATH", "/usr/bin:/bin"),
        home.resolve("bin/mxmedia").toString(), "--version");
    assertEquals(1, result.exit, result.toString());
    assertTrue(result.err.startsWith("mxmedia: JAVA_HOME is set to"), result.err);
    assertEquals(1, result.err.trim().split("\n").length, result.err);
  }

  @Test
  void noJavaAnywhereIsOneLineOnStderrAndExitCodeOne() throws Exception {
    Path emptyBin = Files.createDirectories(temp.resolve("empty-bin"));
    for (String tool : new String[] {"ls", "dirname"}) {
      Path target = Paths.get("/bin/" + tool).toFile().exists() ? Paths.get("/bin/" + tool) : Paths.get("/usr/bin/" + tool);
      Path link = emptyBin.resolve(tool);
      if (!Files.exists(link)) Files.createSymbolicLink(link, target);
    }
    Result result = run(temp, env("PATH", emptyBin.toString()), "/bin/sh",
        home.resolve("bin/mxmedia").toString(), "--version");
    assertEquals(1, result.exit, result.toString());
    assertTrue(result.err.startsWith("mxmedia: no java found"), result.err);
  }

  @Test
  void playPrintsTheUrlFirstServesItAndOnSigtermClosesTheServerAndLogsOut() throws Exception {
    try (TestHomeserver server = TestHomeserver.newBuilder().user("alice", "pw").start()) {
      byte[] data = new byte[200_000];
      new java.util.Random(7).nextBytes(data);
      MxcUri mxc = server.seed(data, "video/mp4", "clip.mp4");
      ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/mxmedia").toString(), "play",
          mxc.toString(), "--homeserver", server.baseUrl(), "--allow-insecure-loopback",
          "--user", "@alice:" + server.serverName()).directory(temp.toFile());
      builder.environment().clear();
      builder.environment().putAll(env("JAVA_HOME", JAVA_HOME.toString(), "PATH", "/usr/bin:/bin",
          "MXMEDIA_PASSWORD", "pw"));
      builder.redirectErrorStream(true);
      Process process = builder.start();
      try {
        java.io.BufferedReader stdout = new java.io.BufferedReader(
            new java.io.InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String url = stdout.readLine();
        assertTrue(url != null && url.startsWith("http://127.0.0.1:"), String.valueOf(url));
        assertEquals(1, server.devices(server.userId("alice")).size());
        java.net.HttpURLConnection get =
            (java.net.HttpURLConnection) new java.net.URL(url).openConnection();
        get.setRequestProperty("Range", "bytes=100-199");
        assertEquals(206, get.getResponseCode());
        try (InputStream body = get.getInputStream()) {
          ByteArrayOutputStream got = new ByteArrayOutputStream();
          copy(body, got);
          assertTrue(Arrays.equals(Arrays.copyOfRange(data, 100, 200), got.toByteArray()));
        }

        process.destroy(); // SIGTERM: the shutdown hook closes the server and logs out
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "play did not stop on SIGTERM");
        assertEquals(0, server.devices(server.userId("alice")).size(), "the device was logged out");
        java.net.HttpURLConnection after =
            (java.net.HttpURLConnection) new java.net.URL(url).openConnection();
        try {
          after.getResponseCode();
          throw new AssertionError("still served after SIGTERM");
        } catch (IOException expected) {
          // connection refused
        }
      } finally {
        process.destroyForcibly();
      }
    }
  }

  private static TreeSet<String> filesUnder(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString())
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }

  private static Result run(Path dir, Map<String, String> env, String... command) throws Exception {
    List<String> cmd = new ArrayList<>(Arrays.asList(command));
    ProcessBuilder builder = new ProcessBuilder(cmd).directory(dir.toFile());
    builder.environment().clear();
    builder.environment().putAll(env);
    Process process = builder.start();
    process.getOutputStream().close();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Thread errReader = new Thread(() -> copy(process.getErrorStream(), err));
    errReader.start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    copy(process.getInputStream(), out);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "timed out: " + cmd);
    errReader.join();
    return new Result(process.exitValue(), out.toString("UTF-8"), err.toString("UTF-8"));
  }

  private static void copy(InputStream in, ByteArrayOutputStream out) {
    try (InputStream stream = in) {
      byte[] buffer = new byte[8192];
      for (int n; (n = stream.read(buffer)) != -1; ) out.write(buffer, 0, n);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static final class Result {
    final int exit;
    final String out;
    final String err;

    Result(int exit, String out, String err) {
      this.exit = exit;
      this.out = out;
      this.err = err;
    }

    @Override
    public String toString() {
      return "exit " + exit + "\nstdout: " + out + "\nstderr: " + err;
    }
  }
}
