package dev.mxsdk.media.internal.cache;

import dev.mxsdk.core.Clock;
import dev.mxsdk.media.MediaCache;
import dev.mxsdk.media.MediaCacheLockedException;
import dev.mxsdk.media.MediaCachePolicy;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Random;
import okio.Buffer;

/**
 * The forked JVM of {@link CacheCrashTest} and {@link CacheLockTest}:
 * <ul>
 *   <li>{@code hold DIR}: opens the cache, prints {@code open}, and keeps it until stdin ends;
 *   <li>{@code try DIR}: tries to open it and prints {@code opened} or {@code locked: <message>};
 *   <li>{@code write DIR POINT N SEED}: writes and reads entries without end; with a POINT other
 *       than {@code none}, halts the JVM (no shutdown hooks, like a kill) the N-th time the store
 *       reaches it. Prints {@code wrote <i>} after every entry.
 * </ul>
 */
public final class CacheChild {
  /** Keys the writer cycles through, so entries are replaced as well as added. */
  static final int KEYS = 48;

  private CacheChild() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = System.out;
    File dir = new File(args[1]);
    switch (args[0]) {
      case "hold":
        try (MediaCache cache = MediaCache.open(dir)) {
          out.println("open");
          out.flush();
          while (System.in.read() != -1) {
            // Hold the directory until the parent closes our stdin.
          }
          cache.stats();
        }
        return;
      case "try":
        try (MediaCache cache = MediaCache.open(dir)) {
          out.println("opened " + cache.stats().entryCount());
        } catch (MediaCacheLockedException e) {
          out.println("locked: " + e.getMessage());
        }
        out.flush();
        return;
      case "write":
        write(dir, args[2], Integer.parseInt(args[3]), Long.parseLong(args[4]), out);
        return;
      default:
        throw new IllegalArgumentException(args[0]);
    }
  }

  private static void write(File dir, final String point, final int n, long seed, PrintStream out)
      throws IOException {
    if (!point.equals("none")) {
      CrashPoints.hook = new CrashPoints.Hook() {
        int reached;

        @Override
        public void reached(String name) {
          if (name.equals(point) && ++reached == n) Runtime.getRuntime().halt(137);
        }
      };
    }
    CacheStore store = CacheStore.acquire(dir,
        MediaCachePolicy.builder().maxTotalBytes(4L << 20).maxEntryBytes(1L << 20).build(),
        Clock.SYSTEM);
    Random random = new Random(seed);
    for (long i = seed * 1_000_000; ; i++) {
      String key = key(i);
      CacheWriter writer = store.newWriter();
      try {
        byte[] content = content(i, random.nextInt(4) == 0 ? 200_000 + random.nextInt(600_000)
            : 1 + random.nextInt(20_000));
        // Written in pieces, as a download tees them.
        for (int off = 0; off < content.length; off += 8192) {
          Buffer piece = new Buffer().write(content, off, Math.min(8192, content.length - off));
          writer.sink().write(piece, piece.size());
        }
        writer.commit(key, "application/octet-stream", "f" + i, null);
      } finally {
        writer.close();
      }
      out.println("wrote " + i);
      out.flush();
      for (int r = 0; r < 3; r++) {
        OpenedEntry entry = store.openEntry(key(random.nextInt(KEYS)), false);
        if (entry != null) entry.close();
      }
      if (i % 25 == 24) store.cleanup();
      if (i % 40 == 39) store.compact();
    }
  }

  static String key(long i) {
    return "mxc://crash.example/k" + Math.floorMod(i, KEYS) + "#download";
  }

  /** Bytes that say which write made them: 8 bytes of {@code i}, then bytes seeded by it. */
  static byte[] content(long i, int size) {
    byte[] bytes = new byte[8 + size];
    new Random(i).nextBytes(bytes);
    for (int b = 0; b < 8; b++) bytes[b] = (byte) (i >>> (56 - 8 * b));
    return bytes;
  }

  /** Checks that {@code bytes} are what {@link #content} made for a write of {@code key}. */
  static boolean isContentOf(String key, byte[] bytes) {
    if (bytes.length < 8) return false;
    long i = 0;
    for (int b = 0; b < 8; b++) i = i << 8 | (bytes[b] & 0xff);
    return key(i).equals(key) && java.util.Arrays.equals(bytes, content(i, bytes.length - 8));
  }
}
