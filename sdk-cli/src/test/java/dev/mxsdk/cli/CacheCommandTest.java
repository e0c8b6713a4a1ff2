package dev.mxsdk.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mxsdk.core.MxcUri;
import dev.mxsdk.media.EncryptedFile;
import dev.mxsdk.testkit.Faults;
import dev.mxsdk.testkit.TestHomeserver;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import okio.Buffer;
import okio.ByteString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mxmedia download --cache-dir DIR} against the testkit (a second identical command makes
 * no request, E2EE media stays encrypted in DIR) and {@code mxmedia cache stats|clear}.
 */
final class CacheCommandTest {
  @TempDir Path dir;
  private TestHomeserver server;
  private Map<String, String> savedEnvironment;
  private String cacheDir;
  private Process process;

  @BeforeEach
  void setUp() throws IOException {
    server = TestHomeserver.newBuilder().start();
    savedEnvironment = HomeserverAccess.environment;
    HomeserverAccess.environment = Map.of("MXMEDIA_ACCESS_TOKEN", server.accessToken(),
        "MXMEDIA_HOMESERVER", server.baseUrl());
    cacheDir = dir.resolve("cache").toString();
  }

  @AfterEach
  void tearDown() {
    if (process != null) process.destroyForcibly();
    HomeserverAccess.environment = savedEnvironment;
    server.close();
  }

  private static byte[] random(int size) {
    byte[] b = new byte[size];
    new SecureRandom().nextBytes(b);
    return b;
  }

  private CliRun download(String mxc, String output, String... more) {
    List<String> args = new ArrayList<>(List.of("download", mxc, "-o", output,
        "--allow-insecure-loopback", "--cache-dir", cacheDir, "-v"));
    args.addAll(List.of(more));
    return CliRun.of(args.toArray(new String[0]));
  }

  @Test
  void aSecondIdenticalDownloadMakesNoRequest() throws Exception {
    byte[] content = random(200_000);
    MxcUri uri = server.seed(content, "image/png", "photo.png");
    CliRun first = download(uri.toString(), dir.resolve("one.png").toString());
    assertEquals(0, first.exitCode(), first.err());
    assertFalse(server.cdnRequests().isEmpty(), "the first run downloads through the CDN");
    server.clearRecordedRequests();

    CliRun second = download(uri.toString(), dir.resolve("two.png").toString());
    assertEquals(0, second.exitCode(), second.err());
    assertEquals(List.of(), server.homeserverRequests(), "no request at all, not even /versions");
    assertEquals(List.of(), server.cdnRequests());
    assertTrue(second.err().contains("disk cache hit"), second.err());
    assertArrayEquals(content, Files.readAllBytes(dir.resolve("two.png")));

    CliRun stats = CliRun.of("cache", "stats", "--cache-dir", cacheDir);
    assertEquals(0, stats.exitCode(), stats.err());
    assertTrue(stats.out().contains("entries: 1\n"), stats.out());
    assertTrue(stats.out().contains("bytes: " + content.length + " "), stats.out());
    assertTrue(stats.out().contains("hits: 1\n"), stats.out());
    assertTrue(stats.out().contains("misses: 1\n"), stats.out());
    assertTrue(stats.out().contains("evictions: 0\n"), stats.out());
  }

  @Test
  void e2eeMediaIsCachedEncryptedAndDecryptedFromTheCache() throws Exception {
    byte[] content = random(120_000);
    EncryptedFile file = server.seedEncrypted(content);
    Path json = dir.resolve("file.json");
    Files.writeString(json, file.toJson());
    for (String name : new String[] {"a.bin", "-"}) {
      CliRun run = download(file.url().toString(),
          name.equals("-") ? "-" : dir.resolve(name).toString(),
          "--encrypted-file", json.toString());
      assertEquals(0, run.exitCode(), run.err());
    }
    assertArrayEquals(content, Files.readAllBytes(dir.resolve("a.bin")));
    assertEquals(1, server.cdnRequests().size(), "the second run decrypted the cached entry");
    try (Stream<Path> files = Files.walk(Path.of(cacheDir))) {
      for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        Buffer bytes = new Buffer().write(Files.readAllBytes(p));
        for (int offset = 0; offset + 32 <= content.length; offset += 8192) {
          assertEquals(-1, bytes.indexOf(ByteString.of(content, offset, 32)),
              p + " holds plaintext");
        }
      }
    }
  }

  @Test
  void cacheClearEmptiesItSoTheNextDownloadRequestsAgain() throws Exception {
    MxcUri uri = server.seed(random(10_000), "application/octet-stream", null);
    assertEquals(0, download(uri.toString(), dir.resolve("x").toString()).exitCode());
    CliRun clear = CliRun.of("cache", "clear", "--cache-dir", cacheDir);
    assertEquals(0, clear.exitCode(), clear.err());
    assertEquals("cleared 1 entries, 0.0 MiB\n", clear.out());
    CliRun stats = CliRun.of("cache", "stats", "--cache-dir", cacheDir);
    assertTrue(stats.out().startsWith("entries: 0\nbytes: 0 "), stats.out());
    server.clearRecordedRequests();
    assertEquals(0, download(uri.toString(), dir.resolve("y").toString()).exitCode());
    assertEquals(1, server.cdnRequests().size());
  }

  @Test
  void aMissingCacheDirectoryIsAUsageErrorAndIsNotCreated() {
    File missing = dir.resolve("nope").toFile();
    CliRun run = CliRun.of("cache", "stats", "--cache-dir", missing.getPath());
    assertEquals(2, run.exitCode());
    assertEquals(1, run.errLines().length, run.err());
    assertTrue(run.err().contains("no cache directory at"), run.err());
    assertFalse(missing.exists());
    assertEquals(2, CliRun.of("cache").exitCode());
  }

  @Test
  void aCacheInUseByAnotherMxmediaIsRefusedWithOneLine() throws Exception {
    MxcUri uri = server.seed(random(400_000), "application/octet-stream", "slow.bin");
    // About 40 s for the whole body: the other process holds the cache all through this test.
    server.faults().slowCdnBody(1000, 100, Faults.ALWAYS);
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator
        + "java";
    ProcessBuilder builder = new ProcessBuilder(java, "-Xmx64m", "-XX:-UsePerfData",
        "-cp", System.getProperty("java.class.path"), MxMedia.class.getName(), "download",
        uri.toString(), "-o", dir.resolve("slow.bin").toString(), "--homeserver",
        server.baseUrl(), "--allow-insecure-loopback", "--cache-dir", cacheDir)
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("child.log").toFile());
    builder.environment().put("MXMEDIA_ACCESS_TOKEN", server.accessToken());
    process = builder.start();
    // The other process is downloading into the cache once its entry file is being written.
    File tmp = new File(cacheDir, "tmp");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!(tmp.isDirectory() && tmp.list().length > 0)) {
      assertTrue(process.isAlive(), Files.readString(dir.resolve("child.log")));
      assertTrue(System.nanoTime() < deadline, "the other download never started");
      Thread.sleep(20);
    }

    CliRun stats = CliRun.of("cache", "stats", "--cache-dir", cacheDir);
    assertEquals(1, stats.exitCode());
    assertEquals(1, stats.errLines().length, stats.err());
    assertTrue(stats.err().contains("in use by another process"), stats.err());
  }
}
