package dev.mxsdk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mxsdk.core.MxcUri;
import dev.mxsdk.media.EncryptedFile;
import dev.mxsdk.media.codec.AttachmentEncryptingSource;
import dev.mxsdk.media.codec.SecretBytes;
import dev.mxsdk.testkit.Faults;
import dev.mxsdk.testkit.TestHomeserver;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mxmedia download} in its own JVM, stopped with SIGTERM ({@link Process#destroy()} on
 * Linux) while the testkit's CDN trickles the body: the shutdown hook cancels the download, so no
 * temporary file, spool file or claimed name is left, an existing target keeps its bytes, and the
 * JVM exits. Stopped with SIGKILL instead, nothing can clean up: what survives is an owner-only
 * temporary file holding E2EE ciphertext, never plaintext, and the next download of that target
 * deletes it.
 */
final class InterruptedDownloadTest {
  private static final int SIZE = 400_000;

  @TempDir Path dir;
  private Path work;
  private Path spool;
  private Path logs;
  private TestHomeserver server;
  private Process process;

  @BeforeEach
  void setUp() throws IOException {
    work = Files.createDirectory(dir.resolve("work"));
    spool = Files.createDirectory(dir.resolve("spool"));
    logs = Files.createDirectory(dir.resolve("logs"));
    server = TestHomeserver.newBuilder().start();
    // About 40 s for the whole body: the process is stopped long before it could finish.
    server.faults().slowCdnBody(1000, 100, Faults.ALWAYS);
  }

  @AfterEach
  void tearDown() {
    if (process != null) process.destroyForcibly();
    server.close();
  }

  private static byte[] random(int size) {
    byte[] b = new byte[size];
    new SecureRandom().nextBytes(b);
    return b;
  }

  private static Set<String> names(Path folder) {
    return new TreeSet<>(List.of(folder.toFile().list()));
  }

  /** Starts {@code mxmedia download} in a new JVM whose working and temporary folders are ours. */
  private void start(String... args) throws IOException {
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator
        + "java";
    List<String> command = new ArrayList<>(List.of(java, "-Xmx128m", "-XX:-UsePerfData",
        "-Djava.io.tmpdir=" + spool, "-cp", System.getProperty("java.class.path"),
        MxMedia.class.getName(), "download"));
    command.addAll(List.of(args));
    command.addAll(List.of("--homeserver", server.baseUrl(), "--allow-insecure-loopback"));
    ProcessBuilder builder = new ProcessBuilder(command)
        .directory(work.toFile())
        .redirectOutput(logs.resolve("stdout").toFile())
        .redirectError(logs.resolve("stderr").toFile());
    builder.environment().put("MXMEDIA_ACCESS_TOKEN", server.accessToken());
    process = builder.start();
  }

  private String output() throws IOException {
    return "stderr: " + Files.readString(logs.resolve("stderr"), StandardCharsets.UTF_8);
  }

  /** Waits until {@code folder} holds more than {@code before}: the download is writing. */
  private void awaitNewEntryIn(Path folder, Set<String> before) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (names(folder).equals(before)) {
      assertTrue(process.isAlive(), "the download ended early; " + output());
      assertTrue(System.nanoTime() < deadline, "the download never started; " + output());
      Thread.sleep(20);
    }
  }

  /** Sends SIGTERM and waits for the JVM to exit. */
  private void terminate() throws Exception {
    process.destroy();
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the JVM did not exit; " + output());
  }

  @Test
  void sigtermDuringADownloadToAFileLeavesNoTemporaryFileAndNoTarget() throws Exception {
    MxcUri uri = server.seed(random(SIZE), "application/octet-stream", "media.bin");
    File target = work.resolve("out.bin").toFile();
    start(uri.toString(), "-o", target.getPath());
    awaitNewEntryIn(work, Set.of());
    terminate();
    assertEquals(Set.of(), names(work), output());
    assertEquals(Set.of(), names(spool), output());
  }

  @Test
  void sigtermLeavesAnExistingTargetWithItsBytes() throws Exception {
    MxcUri uri = server.seed(random(SIZE), "application/octet-stream", "media.bin");
    Path target = work.resolve("out.bin");
    Files.writeString(target, "mine");
    start(uri.toString(), "-o", target.toString());
    awaitNewEntryIn(work, Set.of("out.bin"));
    terminate();
    assertEquals(Set.of("out.bin"), names(work), output());
    assertEquals("mine", Files.readString(target));
  }

  @Test
  void sigtermDuringADownloadUnderTheServersNameLeavesNoClaimedName() throws Exception {
    MxcUri uri = server.seed(random(SIZE), "application/octet-stream", "notes.txt");
    Files.writeString(work.resolve("notes.txt"), "mine");
    start(uri.toString());
    awaitNewEntryIn(work, Set.of("notes.txt"));
    terminate();
    assertEquals(Set.of("notes.txt"), names(work), output());
    assertEquals("mine", Files.readString(work.resolve("notes.txt")));
  }

  @Test
  void sigtermDuringAnE2eeDownloadToAFileLeavesNothingBehind() throws Exception {
    EncryptedFile file = server.seedEncrypted(random(SIZE));
    Path json = logs.resolve("file.json");
    Files.writeString(json, file.toJson());
    File target = work.resolve("secret.pdf").toFile();
    start(file.url().toString(), "--encrypted-file", json.toString(), "-o", target.getPath());
    awaitNewEntryIn(work, Set.of());
    terminate();
    assertEquals(Set.of(), names(work), output());
    assertEquals(Set.of(), names(spool), output());
  }

  @Test
  void sigkillDuringAnE2eeDownloadLeavesOnlyOwnerOnlyCiphertextWhichTheNextRunRemoves()
      throws Exception {
    byte[] plaintext = random(4_000_000);
    EncryptedFile file = server.seedEncrypted(plaintext);
    Path json = logs.resolve("file.json");
    Files.writeString(json, file.toJson());
    // About 20 s for the whole body, 256 KiB (the writer's buffer) reach the disk after ~1.3 s.
    server.faults().clear().slowCdnBody(20_000, 100, Faults.ALWAYS);
    File target = work.resolve("secret.pdf").toFile();
    start(file.url().toString(), "--encrypted-file", json.toString(), "-o", target.getPath());
    Path temp = awaitTemporaryFileWithAtLeast(256 * 1024);
    process.destroyForcibly();
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the JVM did not die");

    assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(temp)));
    byte[] left = Files.readAllBytes(temp);
    byte[] ciphertext = encrypt(plaintext, file);
    assertTrue(left.length > 0 && left.length < ciphertext.length, "a partial file");
    assertTrue(java.util.Arrays.equals(left, java.util.Arrays.copyOf(ciphertext, left.length)),
        "what survived the kill is the ciphertext as received, not plaintext");

    server.faults().clear();
    start(file.url().toString(), "--encrypted-file", json.toString(), "-o", target.getPath());
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), output());
    assertEquals(0, process.exitValue(), output());
    assertEquals(Set.of("secret.pdf"), names(work), "the stale temporary file was removed");
    assertTrue(java.util.Arrays.equals(plaintext, Files.readAllBytes(target.toPath())));
  }

  private Path awaitTemporaryFileWithAtLeast(long bytes) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      assertTrue(process.isAlive(), "the download ended early; " + output());
      assertTrue(System.nanoTime() < deadline, "no temporary file grew; " + output());
      File[] temps = work.toFile().listFiles((d, name) -> name.endsWith(".mxsdk-tmp"));
      if (temps != null && temps.length == 1 && temps[0].length() >= bytes) {
        return temps[0].toPath();
      }
      Thread.sleep(20);
    }
  }

  /** The attachment's ciphertext, computed independently of the download from its key and IV. */
  private static byte[] encrypt(byte[] plaintext, EncryptedFile file) throws IOException {
    okio.Buffer out = new okio.Buffer();
    try (AttachmentEncryptingSource source = new AttachmentEncryptingSource(
        new okio.Buffer().write(plaintext), SecretBytes.wrap(file.key()), file.iv())) {
      while (source.read(out, 65536) != -1) {
        // encrypt it all
      }
    }
    return out.readByteArray();
  }

  @Test
  void sigtermDuringAnE2eeDownloadToStdoutLeavesNoSpoolFile() throws Exception {
    EncryptedFile file = server.seedEncrypted(random(SIZE));
    Path json = logs.resolve("file.json");
    Files.writeString(json, file.toJson());
    start(file.url().toString(), "--encrypted-file", json.toString(), "-o", "-");
    awaitNewEntryIn(spool, Set.of());
    terminate();
    assertEquals(Set.of(), names(spool), output());
    assertEquals(0, Files.size(logs.resolve("stdout")), output());
  }
}
