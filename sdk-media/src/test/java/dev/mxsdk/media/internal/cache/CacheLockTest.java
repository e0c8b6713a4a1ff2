package dev.mxsdk.media.internal.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mxsdk.media.MediaCache;
import dev.mxsdk.media.MediaCacheLockedException;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cache directory belongs to one process: a second one is refused with a typed error. */
final class CacheLockTest {
  @TempDir Path dir;
  private Process process;

  @AfterEach
  void tearDown() {
    if (process != null) process.destroyForcibly();
  }

  private Process child(String mode) throws IOException {
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator
        + "java";
    process = new ProcessBuilder(List.of(java, "-Xmx32m", "-XX:-UsePerfData",
        "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        CacheChild.class.getName(), mode, dir.toString()))
        .redirectErrorStream(true)
        .start();
    return process;
  }

  private static String firstLine(Process p) throws IOException {
    return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))
        .readLine();
  }

  @Test
  void aSecondProcessIsRefusedWhileThisOneHoldsTheDirectory() throws Exception {
    try (MediaCache cache = MediaCache.open(dir.toFile())) {
      String line = firstLine(child("try"));
      assertTrue(line.startsWith("locked: ") && line.contains("another process"), line);
      assertTrue(process.waitFor(60, TimeUnit.SECONDS));
      cache.stats();
    }
    assertEquals("opened 0", firstLine(child("try")));
  }

  @Test
  void thisProcessIsRefusedWhileAnotherHoldsTheDirectoryAndAdmittedOnceItIsGone()
      throws Exception {
    Process holder = child("hold");
    assertEquals("open", firstLine(holder));
    MediaCacheLockedException e =
        assertThrows(MediaCacheLockedException.class, () -> MediaCache.open(dir.toFile()));
    assertTrue(e.getMessage().contains(dir.toFile().getCanonicalPath()), e.getMessage());
    // Killed, it cannot release anything itself: the system drops its lock with the process.
    holder.destroyForcibly();
    assertTrue(holder.waitFor(60, TimeUnit.SECONDS));
    try (MediaCache cache = MediaCache.open(dir.toFile())) {
      assertEquals(0, cache.stats().entryCount());
    }
  }
}
