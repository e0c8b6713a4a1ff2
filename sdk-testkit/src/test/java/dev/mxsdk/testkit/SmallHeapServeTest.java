package dev.mxsdk.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Seeds and serves a 192 MiB object through the keyed CDN in a separate JVM with a 32 MiB heap:
 * storing, encoding and range-slicing run in constant memory.
 */
final class SmallHeapServeTest {
  @Test
  void a192MiBObjectIsSeededAndServedEncodedWithA32MiBHeap() throws Exception {
    List<String> command = Arrays.asList(
        System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
        "-Xmx32m", "-cp", System.getProperty("java.class.path"),
        LargeObjectMain.class.getName(), Long.toString(192L * 1024 * 1024));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.waitFor(), output);
    assertTrue(output.contains("identical; tail range ok"), output);
  }
}
