package dev.mxsdk.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Decrypts a 256 MiB attachment in a separate JVM with a 32 MiB heap: decryption runs in constant
 * memory. The ciphertext is generated on the fly (see {@link LargeAttachmentMain}).
 */
final class SmallHeapDecryptTest {
  private static final long SIZE = 256L * 1024 * 1024;

  @Test
  void a256MiBAttachmentDecryptsAndVerifiesWithA32MiBHeap() throws Exception {
    Result result = runWithSmallHeap("ok");
    assertEquals(0, result.exitCode, result.output);
    assertTrue(result.output.contains("decrypted " + SIZE + " bytes"), result.output);
  }

  @Test
  void a256MiBAttachmentWithOneFlippedBitFailsWithTheIntegrityExceptionAndA32MiBHeap()
      throws Exception {
    Result result = runWithSmallHeap("tamper");
    assertEquals(3, result.exitCode, result.output);
    assertTrue(result.output.contains("integrity failure: SHA-256"), result.output);
  }

  private record Result(int exitCode, String output) {}

  private static Result runWithSmallHeap(String mode) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
    command.add("-Xmx32m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(LargeAttachmentMain.class.getName());
    command.add(Long.toString(SIZE));
    command.add(mode);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(process.waitFor(), output);
  }
}
