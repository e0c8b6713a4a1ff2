package dev.mxsdk.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import okio.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class EceCommandTest {
  private static final String KEY = "yqdlZ-tYemfogSmv7Ws5PQ";
  @TempDir Path dir;

  @Test
  void eceDecryptDecodesTheRfc8188Section31Example() throws IOException {
    Path in = dir.resolve("in.ece");
    Files.write(in, ByteString.decodeBase64(
        "I1BsxtFttlv3u_Oo94xnmwAAEAAA-NAVub2qFgBEuQKRapoZu-IxkIva3MEB1PD-ly8Thjg").toByteArray());
    Path out = dir.resolve("out.txt");
    CliRun run = CliRun.of("ece-decrypt", "--key", KEY, in.toString(), out.toString());
    assertEquals(0, run.exitCode(), run.err());
    assertEquals("I am the walrus", new String(Files.readAllBytes(out), StandardCharsets.US_ASCII));
  }

  @Test
  void eceEncryptWithAFixedSaltReproducesTheRfc8188Section31Example() throws IOException {
    Path in = dir.resolve("walrus.txt");
    Files.write(in, "I am the walrus".getBytes(StandardCharsets.US_ASCII));
    Path out = dir.resolve("walrus.ece");
    CliRun run = CliRun.of("ece-encrypt", "--key", KEY, "--rs", "4096",
        "--salt", "I1BsxtFttlv3u_Oo94xnmw", in.toString(), out.toString());
    assertEquals(0, run.exitCode(), run.err());
    assertEquals("I1BsxtFttlv3u_Oo94xnmwAAEAAA-NAVub2qFgBEuQKRapoZu-IxkIva3MEB1PD-ly8Thjg",
        ByteString.of(Files.readAllBytes(out)).base64Url().replace("=", ""));
  }

  @Test
  void encryptThenDecryptRoundTripsWithKeyIdAndSmallRecords() throws IOException {
    byte[] plaintext = new byte[100_003];
    new Random(1).nextBytes(plaintext);
    Path in = dir.resolve("plain.bin");
    Files.write(in, plaintext);
    Path ece = dir.resolve("plain.ece");
    Path back = dir.resolve("back.bin");
    assertEquals(0, CliRun.of("ece-encrypt", "--key", KEY + "==", "--rs", "25", "--keyid", "a1",
        in.toString(), ece.toString()).exitCode());
    assertEquals(21 + 2 + 100_003 + 17 * ((100_003 + 7) / 8), Files.size(ece));
    CliRun run = CliRun.of("ece-decrypt", "--key", KEY, ece.toString(), back.toString());
    assertEquals(0, run.exitCode(), run.err());
    assertArrayEquals(plaintext, Files.readAllBytes(back));
  }

  @Test
  void tamperedInputFailsWithOneLineAndLeavesAnExistingOutputUntouched() throws IOException {
    Path in = dir.resolve("plain.bin");
    Files.write(in, new byte[5000]);
    Path ece = dir.resolve("plain.ece");
    assertEquals(0, CliRun.of("ece-encrypt", "--key", KEY, "--rs", "1000", in.toString(),
        ece.toString()).exitCode());
    byte[] bytes = Files.readAllBytes(ece);
    bytes[bytes.length - 3] ^= 1;
    Files.write(ece, bytes);
    Path out = dir.resolve("existing.bin");
    Files.write(out, "keep me".getBytes(StandardCharsets.US_ASCII));
    CliRun run = CliRun.of("ece-decrypt", "--key", KEY, ece.toString(), out.toString());
    assertEquals(1, run.exitCode());
    assertEquals(1, run.errLines().length, run.err());
    assertTrue(run.err().contains("failed authentication"), run.err());
    assertFalse(run.err().contains(KEY), run.err());
    assertEquals("keep me", new String(Files.readAllBytes(out), StandardCharsets.US_ASCII));
    assertEquals(Arrays.asList("existing.bin", "plain.bin", "plain.ece"), listing());
  }

  @Test
  void truncatedInputCreatesNoOutput() throws IOException {
    Path in = dir.resolve("plain.bin");
    Files.write(in, new byte[5000]);
    Path ece = dir.resolve("plain.ece");
    CliRun.of("ece-encrypt", "--key", KEY, "--rs", "1000", in.toString(), ece.toString());
    byte[] bytes = Files.readAllBytes(ece);
    Files.write(ece, Arrays.copyOf(bytes, 21 + 1000));
    CliRun run = CliRun.of("ece-decrypt", "--key", KEY, ece.toString(), dir.resolve("o").toString());
    assertEquals(1, run.exitCode());
    assertTrue(run.err().contains("truncated"), run.err());
    assertFalse(Files.exists(dir.resolve("o")));
  }

  @Test
  void badKeysAndRecordSizesAreUsageErrorsThatNeverEchoTheKey() throws IOException {
    Path in = dir.resolve("plain.bin");
    Files.write(in, new byte[10]);
    String out = dir.resolve("o").toString();
    String shortKey = "c2hvcnRrZXk";
    CliRun run = CliRun.of("ece-encrypt", "--key", shortKey, in.toString(), out);
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("16 bytes"), run.err());
    assertFalse(run.err().contains(shortKey), run.err());
    assertEquals(2, CliRun.of("ece-encrypt", "--key", "not+base64/url!", in.toString(), out).exitCode());
    assertEquals(2, CliRun.of("ece-encrypt", "--key", KEY, "--rs", "17", in.toString(), out).exitCode());
    assertEquals(2, CliRun.of("ece-encrypt", "--key", KEY, "--salt", "AAAA", in.toString(), out).exitCode());
    assertEquals(2, CliRun.of("ece-decrypt", "--key", KEY, "--max-rs", "5", in.toString(), out).exitCode());
    assertFalse(Files.exists(dir.resolve("o")));
  }

  private java.util.List<String> listing() throws IOException {
    try (java.util.stream.Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().collect(java.util.stream.Collectors.toList());
    }
  }
}
