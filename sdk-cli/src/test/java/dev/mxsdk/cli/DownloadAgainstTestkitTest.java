package dev.mxsdk.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mxsdk.core.MxcUri;
import dev.mxsdk.media.EncryptedFile;
import dev.mxsdk.testkit.TestHomeserver;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mxmedia download} against the testkit: CDN layer, E2EE, required CDN encryption. */
final class DownloadAgainstTestkitTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private TestHomeserver server;
  private Map<String, String> savedEnvironment;

  @TempDir Path dir;

  @BeforeEach
  void setUp() throws IOException {
    server = TestHomeserver.newBuilder().start();
    savedEnvironment = HomeserverAccess.environment;
    HomeserverAccess.environment = Map.of("MXMEDIA_ACCESS_TOKEN", server.accessToken(),
        "MXMEDIA_HOMESERVER", server.baseUrl());
  }

  @AfterEach
  void tearDown() {
    HomeserverAccess.environment = savedEnvironment;
    server.close();
  }

  private int run(String... args) {
    return MxMedia.run(new PrintStream(out, true), new PrintStream(err, true), args);
  }

  private static byte[] random(int size) {
    byte[] b = new byte[size];
    new SecureRandom().nextBytes(b);
    return b;
  }

  @Test
  void downloadsThroughTheCdnLayerAndVerboseDescribesItWithoutSecrets() throws Exception {
    byte[] content = random(100_000);
    MxcUri uri = server.seed(content, "application/octet-stream", "data.bin");
    File target = dir.resolve("data.bin").toFile();
    assertEquals(0, run("download", uri.toString(), "-o", target.getPath(),
        "--allow-insecure-loopback", "--require-cdn-encryption", "-v"), err.toString());
    assertArrayEquals(content, Files.readAllBytes(target.toPath()));
    String diagnostics = err.toString(StandardCharsets.UTF_8);
    assertTrue(diagnostics.contains("key=received"), diagnostics);
    assertTrue(diagnostics.contains("cdn-layer=aes128gcm"), diagnostics);
    assertFalse(diagnostics.contains(server.accessToken()), diagnostics);
    assertFalse(diagnostics.contains("_msc4097/v1/"), diagnostics);
  }

  @Test
  void withoutOutputTheServersSanitisedFileNameIsUsedInTheCurrentFolder() throws Exception {
    byte[] content = random(5_000);
    MxcUri named = server.seed(content, "application/octet-stream", "../../etc/report.pdf");
    MxcUri unnamed = server.seed(content, "application/octet-stream", null);
    DownloadCommand.defaultDirectory = dir.toFile();
    try {
      assertEquals(0, run("download", named.toString(), "--allow-insecure-loopback"),
          err.toString());
      assertEquals(0, run("download", unnamed.toString(), "--allow-insecure-loopback"),
          err.toString());
    } finally {
      DownloadCommand.defaultDirectory = null;
    }
    // The path in the server's name is stripped: the file lands in the folder, nowhere above it.
    assertArrayEquals(content, Files.readAllBytes(dir.resolve("report.pdf")));
    assertArrayEquals(content, Files.readAllBytes(dir.resolve(unnamed.mediaId())));
    try (java.util.stream.Stream<Path> files = Files.list(dir)) {
      assertEquals(2, files.count());
    }
  }

  @Test
  void encryptedFileJsonDecryptsAndVerifies() throws Exception {
    byte[] content = random(70_000);
    EncryptedFile file = server.seedEncrypted(content);
    File json = dir.resolve("file.json").toFile();
    Files.writeString(json.toPath(), file.toJson());
    File target = dir.resolve("plain.bin").toFile();
    assertEquals(0, run("download", file.url().toString(), "--encrypted-file", json.getPath(),
        "-o", target.getPath(), "--allow-insecure-loopback"), err.toString());
    assertArrayEquals(content, Files.readAllBytes(target.toPath()));
  }

  @Test
  void requiredCdnEncryptionFailsWhenTheKeyIsMissing() throws Exception {
    MxcUri uri = server.seed(random(1000), "application/octet-stream", null);
    server.faults().omitKeyHeader(1);
    File target = dir.resolve("never.bin").toFile();
    assertEquals(1, run("download", uri.toString(), "-o", target.getPath(),
        "--allow-insecure-loopback", "--require-cdn-encryption"));
    String message = err.toString(StandardCharsets.UTF_8).trim();
    assertEquals(1, message.split("\n").length, message);
    assertTrue(message.contains("carried no key"), message);
    assertFalse(target.exists());
  }

  @Test
  void corruptedStreamFailsAndTheExistingFileStays() throws Exception {
    MxcUri uri = server.seed(random(100_000), "application/octet-stream", null);
    server.faults().corruptCdnBody(30_000, 1);
    File target = dir.resolve("keep.bin").toFile();
    Files.writeString(target.toPath(), "keep me");
    assertEquals(1, run("download", uri.toString(), "-o", target.getPath(),
        "--allow-insecure-loopback"));
    assertEquals("keep me", Files.readString(target.toPath()));
    assertEquals(1, dir.toFile().list().length);
  }
}
