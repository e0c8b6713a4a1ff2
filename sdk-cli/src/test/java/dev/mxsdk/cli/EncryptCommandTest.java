package dev.mxsdk.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mxsdk.media.EncryptedFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class EncryptCommandTest {
  /** The spec's shape, field order and encodings: base64url k, base64 iv/sha256, no padding. */
  private static final Pattern SPEC_SHAPE = Pattern.compile(
      "\\{\"key\":\\{\"kty\":\"oct\",\"key_ops\":\\[\"encrypt\",\"decrypt\"\\],"
          + "\"alg\":\"A256CTR\",\"k\":\"[A-Za-z0-9_-]{43}\",\"ext\":true\\},"
          + "\"iv\":\"[A-Za-z0-9+/]{11}A{11}\",\"hashes\":\\{\"sha256\":\"[A-Za-z0-9+/]{43}\"\\},"
          + "\"v\":\"v2\"\\}\n");

  @TempDir Path dir;

  @Test
  void encryptWritesTheCiphertextAndPrintsTheEncryptedFileInTheSpecShape() throws Exception {
    byte[] plaintext = new byte[100_000];
    new Random(1).nextBytes(plaintext);
    Path in = Files.write(dir.resolve("in.bin"), plaintext);
    Path out = dir.resolve("out.bin");

    CliRun run = CliRun.of("encrypt", in.toString(), out.toString());

    assertEquals(0, run.exitCode(), run.err());
    assertEquals("", run.err());
    assertTrue(SPEC_SHAPE.matcher(run.out()).matches(), run.out());
    EncryptedFile file = EncryptedFile.fromJson(run.out().trim());
    assertNull(file.url());
    byte[] ciphertext = Files.readAllBytes(out);
    assertEquals(plaintext.length, ciphertext.length);
    assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(ciphertext), file.sha256());
    assertEquals(2, dir.toFile().list().length);
  }

  @Test
  void encryptThenDecryptGivesTheFileBack() throws Exception {
    for (int size : new int[] {0, 1, 16, 8193, 300_000}) {
      byte[] plaintext = new byte[size];
      new Random(size).nextBytes(plaintext);
      Path in = Files.write(dir.resolve("in-" + size), plaintext);
      Path ciphertext = dir.resolve("ct-" + size);
      CliRun encrypted = CliRun.of("encrypt", in.toString(), ciphertext.toString());
      assertEquals(0, encrypted.exitCode(), encrypted.err());
      Path json = Files.writeString(dir.resolve("json-" + size), encrypted.out());
      Path decrypted = dir.resolve("pt-" + size);

      CliRun run = CliRun.of("decrypt", "--encrypted-file", json.toString(),
          ciphertext.toString(), decrypted.toString());

      assertEquals(0, run.exitCode(), run.err());
      assertEquals("", run.out());
      assertArrayEquals(plaintext, Files.readAllBytes(decrypted), "size " + size);
    }
  }

  @Test
  void twoEncryptionsOfOneFileUseDifferentKeysAndIvs() throws Exception {
    Path in = Files.write(dir.resolve("in"), new byte[64]);
    EncryptedFile first = EncryptedFile.fromJson(
        CliRun.of("encrypt", in.toString(), dir.resolve("a").toString()).out());
    EncryptedFile second = EncryptedFile.fromJson(
        CliRun.of("encrypt", in.toString(), dir.resolve("b").toString()).out());
    assertFalse(java.util.Arrays.equals(first.key(), second.key()));
    assertFalse(java.util.Arrays.equals(first.iv(), second.iv()));
    assertFalse(java.util.Arrays.equals(Files.readAllBytes(dir.resolve("a")),
        Files.readAllBytes(dir.resolve("b"))));
  }

  @Test
  void aMissingInputFailsWithOneLineAndCreatesNoOutput() {
    Path out = dir.resolve("out.bin");
    CliRun run = CliRun.of("encrypt", dir.resolve("missing").toString(), out.toString());
    assertEquals(1, run.exitCode());
    assertEquals(1, run.errLines().length, run.err());
    assertTrue(run.err().startsWith("mxmedia: cannot read IN: no such file: "), run.err());
    assertEquals("", run.out());
    assertFalse(Files.exists(out));
  }

  @Test
  void aDirectoryAsInputFailsWithOneLineAndCreatesNoOutput() {
    Path out = dir.resolve("out.bin");
    CliRun run = CliRun.of("encrypt", dir.toString(), out.toString());
    assertEquals(1, run.exitCode());
    assertEquals("mxmedia: cannot read IN: expected a file, got a directory: " + dir + "\n",
        run.err());
    assertFalse(Files.exists(out));
  }

  @Test
  void anOutputInAMissingDirectoryFailsWithOneLine() throws Exception {
    Path in = Files.write(dir.resolve("in"), new byte[10]);
    CliRun run = CliRun.of("encrypt", in.toString(), dir.resolve("no/such/out").toString());
    assertEquals(1, run.exitCode());
    assertEquals(1, run.errLines().length, run.err());
    assertEquals("", run.out());
    assertEquals(1, dir.toFile().list().length);
  }

  @Test
  void aMissingOperandIsAUsageError() {
    CliRun run = CliRun.of("encrypt", "only-one");
    assertEquals(2, run.exitCode());
    assertTrue(run.err().startsWith("mxmedia: "), run.err());
  }
}
