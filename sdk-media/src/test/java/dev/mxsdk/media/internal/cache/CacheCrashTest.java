package dev.mxsdk.media.internal.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mxsdk.core.Clock;
import dev.mxsdk.media.MediaCachePolicy;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import okio.Okio;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A forked JVM ({@link CacheChild}) writes and reads entries and dies, again and again on the same
 * directory: halted at each named point of a write (inside an entry's bytes, before and after its
 * rename, while the journal is appended to or rewritten), and killed with SIGKILL at random
 * moments. After every death the cache must open, serve only complete entries with the bytes
 * their writer wrote (every entry says which write made it), and agree with its folder after a
 * cleanup, with no temporary file left.
 */
final class CacheCrashTest {
  @TempDir Path dir;
  private Process process;

  @AfterEach
  void tearDown() {
    if (process != null) process.destroyForcibly();
  }

  private Process start(String point, int n, long seed) throws IOException {
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator
        + "java";
    List<String> command = new ArrayList<>(List.of(java, "-Xmx64m", "-XX:-UsePerfData",
        "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        CacheChild.class.getName(), "write", dir.toString(), point, String.valueOf(n),
        String.valueOf(seed)));
    process = new ProcessBuilder(command)
        .redirectError(dir.resolveSibling(dir.getFileName() + "-stderr").toFile())
        .start();
    return process;
  }

  @Test
  void aKillAtAnyPointOfAWriteLeavesACacheThatOpensAndServesOnlyWholeEntries() throws Exception {
    String[] points = {"entry-bytes", "before-rename", "after-rename", "journal-flush",
        "journal-rewritten"};
    long seed = 1;
    int served = 0;
    for (String point : points) {
      for (int n : new int[] {1, 7}) {
        Process child = start(point, n, seed++);
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), point + " #" + n + " never reached");
        assertEquals(137, child.exitValue(), point + " #" + n + ": " + stderr());
        served += check(point + " #" + n);
      }
    }
    assertTrue(served > 0, "the checks saw entries");
  }

  @Test
  void sigkillAtRandomMomentsLeavesACacheThatOpensAndServesOnlyWholeEntries() throws Exception {
    Random random = new Random(42);
    int served = 0;
    for (int run = 0; run < 6; run++) {
      Process child = start("none", 0, 100 + run);
      BufferedReader lines = new BufferedReader(
          new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      int writes = 1 + random.nextInt(30);
      for (int i = 0; i < writes; i++) {
        String line = lines.readLine();
        assertTrue(line != null && line.startsWith("wrote "), "run " + run + ": " + stderr());
      }
      // Let it run on into its next write (a random few milliseconds), then kill -9.
      Thread.sleep(random.nextInt(15));
      child.destroyForcibly();
      assertTrue(child.waitFor(60, TimeUnit.SECONDS));
      served += check("SIGKILL run " + run + " after " + writes + " writes");
    }
    assertTrue(served > 0, "the checks saw entries");
  }

  private String stderr() throws IOException {
    Path log = dir.resolveSibling(dir.getFileName() + "-stderr");
    return Files.exists(log) ? Files.readString(log) : "";
  }

  /** Opens the cache the dead child left and checks every key, then agrees it with the folder. */
  private int check(String what) throws IOException {
    CacheStore store = CacheStore.acquire(dir.toFile(),
        MediaCachePolicy.builder().maxTotalBytes(4L << 20).maxEntryBytes(1L << 20).build(),
        Clock.SYSTEM);
    try {
      assertEquals(0, dir.resolve("tmp").toFile().list().length, what + ": temporary files left");
      for (int k = 0; k < CacheChild.KEYS; k++) checkKey(store, CacheChild.key(k), what);
      store.cleanup();
      int served = 0;
      for (int k = 0; k < CacheChild.KEYS; k++) {
        if (checkKey(store, CacheChild.key(k), what)) served++;
      }
      assertEquals(served, store.stats()[0], what + ": index and folder agree after cleanup");
      assertTrue(store.stats()[1] <= 4L << 20, what + ": over the total size");
      return served;
    } finally {
      store.release();
    }
  }

  private static boolean checkKey(CacheStore store, String key, String what) throws IOException {
    CacheLookup lookup = store.lookup(key, null);
    if (lookup.kind == CacheLookup.LEAD) {
      store.abandon(lookup.fill);
      return false;
    }
    assertEquals(CacheLookup.HIT, lookup.kind);
    byte[] bytes;
    try (EntrySource source = lookup.entry.source(0, lookup.entry.length())) {
      bytes = Okio.buffer(source).readByteArray();
    }
    assertTrue(CacheChild.isContentOf(key, bytes), what + ": " + key + " served wrong bytes");
    return true;
  }
}
