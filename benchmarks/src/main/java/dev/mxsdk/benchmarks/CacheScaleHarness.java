package dev.mxsdk.benchmarks;

import dev.mxsdk.core.Clock;
import dev.mxsdk.core.MxcUri;
import dev.mxsdk.media.MediaCache;
import dev.mxsdk.media.MediaCachePolicy;
import dev.mxsdk.media.MediaClient;
import dev.mxsdk.media.MediaRequest;
import dev.mxsdk.media.MediaResponse;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The disk cache at scale: fills a cache with 100,000 entries through {@code MediaClient} (an
 * {@link OfflineHomeserver} answers without sockets), then measures opening it (the journal
 * replayed into the index), a cleanup that finds nothing to remove (the index scan and the sweep of
 * the folder), and cleanups that expire half and then all of the entries (their files deleted).
 * Prints a Markdown table for docs/PERFORMANCE.md.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.mxsdk.benchmarks.CacheScaleHarness \
 *     [--entries 100000] [--size 512] [--runs 5] [--dir /tmp/x]
 * </pre>
 */
public final class CacheScaleHarness {
  private static final long DAY = 24L * 60 * 60 * 1000;

  /** A clock the harness moves: entries are created 1 ms apart, expiry is then jumped to. */
  static final class SettableClock implements Clock {
    volatile long now = 1_800_000_000_000L;

    @Override
    public long nowMillis() {
      return now;
    }

    @Override
    public void sleep(long millis) {
      now += millis;
    }
  }

  private CacheScaleHarness() {}

  public static void main(String[] args) throws Exception {
    List<String> a = Arrays.asList(args);
    int entries = intArg(a, "--entries", 100_000);
    int size = intArg(a, "--size", 512);
    int runs = intArg(a, "--runs", 5);
    int at = a.indexOf("--dir");
    File dir = at >= 0 ? new File(a.get(at + 1)) : Files.createTempDirectory("mxsdk-scale").toFile();
    System.out.println(String.join("\n", run(dir, entries, size, runs)));
  }

  static List<String> run(File dir, int entries, int size, int runs) throws IOException {
    SettableClock clock = new SettableClock();
    MediaCachePolicy policy = MediaCachePolicy.builder()
        .maxTotalBytes(Math.max(1L << 20, 2L * entries * size))
        .build();
    OfflineHomeserver homeserver = new OfflineHomeserver(size);
    // Written before the cache so that they have aged as long (reached the disk) when deleted.
    File raw = new File(dir.getPath() + "-raw");
    File[] rawFiles = writeRawFiles(raw, entries / 2, size);
    long fillStart = System.nanoTime();
    try (MediaCache cache = MediaCache.open(dir, policy, clock)) {
      MediaClient client = homeserver.mediaClient(cache);
      for (int i = 0; i < entries; i++) {
        clock.now++;
        try (MediaResponse response = client.newCall(
            MediaRequest.download(MxcUri.parse("mxc://offline.invalid/m" + i))).execute()) {
          response.source().readByteArray();
        }
      }
      check(cache.stats().entryCount() == entries, cache.stats().toString());
    }
    double fillSeconds = (System.nanoTime() - fillStart) / 1e9;
    // Deleting a file the kernel is writing back waits for the write: measure on files at rest.
    sync();
    long journalBytes = new File(dir, "journal").length();

    double bestOpen = Double.MAX_VALUE;
    double firstOpen = 0;
    for (int r = 0; r < runs; r++) {
      long start = System.nanoTime();
      MediaCache cache = MediaCache.open(dir, policy, clock);
      double millis = (System.nanoTime() - start) / 1e6;
      if (r == 0) firstOpen = millis;
      bestOpen = Math.min(bestOpen, millis);
      check(cache.stats().entryCount() == entries, cache.stats().toString());
      cache.close();
    }

    double nothing;
    double half;
    double all;
    try (MediaCache cache = MediaCache.open(dir, policy, clock)) {
      nothing = time(cache);
      check(cache.stats().entryCount() == entries, "nothing expired");
      // Entries were created 1 ms apart: this expires the older half.
      clock.now += policy.expireAfterAccessMillis() - entries / 2;
      half = time(cache);
      check(Math.abs(cache.stats().entryCount() - entries / 2) <= 1, cache.stats().toString());
      clock.now += DAY;
      all = time(cache);
      check(cache.stats().entryCount() == 0, cache.stats().toString());
    }
    double rawDelete = deleteMillis(raw, rawFiles);
    return Arrays.asList(
        "| measurement | " + entries + " entries of " + size + " bytes |",
        "| --- | --- |",
        row("fill through MediaClient (misses, offline homeserver)", fillSeconds * 1000,
            String.format(Locale.ROOT, " (%.0f entries/s)", entries / fillSeconds)),
        "| journal size | " + journalBytes / 1024 + " KiB |",
        row("open, first in this JVM", firstOpen, ""),
        row("open, best of " + runs, bestOpen, ""),
        row("cleanup, nothing to remove", nothing, ""),
        row("cleanup, half expired (" + entries / 2 + " files deleted)", half, ""),
        row("cleanup, the rest expired", all, ""),
        row("for comparison: File.delete() of " + entries / 2 + " files of " + size
            + " bytes in 256 folders", rawDelete, ""));
  }

  private static void sync() {
    try {
      new ProcessBuilder("sync").inheritIO().start().waitFor();
    } catch (IOException e) {
      // No sync command (not POSIX): the timings then include the kernel's writeback.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Files laid out as the cache's entries are, for a baseline of what deleting them costs. */
  private static File[] writeRawFiles(File dir, int count, int size) throws IOException {
    byte[] bytes = new byte[size];
    File[] files = new File[count];
    for (int i = 0; i < count; i++) {
      File shard = new File(dir, String.format(Locale.ROOT, "%02x", i & 0xff));
      if (!shard.isDirectory() && !shard.mkdirs()) throw new IOException("cannot create " + shard);
      files[i] = new File(shard, "f" + i);
      Files.write(files[i].toPath(), bytes);
    }
    return files;
  }

  /** How long the file system takes to delete {@code files}. */
  private static double deleteMillis(File dir, File[] files) {
    long start = System.nanoTime();
    for (File f : files) f.delete();
    double millis = (System.nanoTime() - start) / 1e6;
    File[] shards = dir.listFiles();
    if (shards != null) for (File shard : shards) shard.delete();
    dir.delete();
    return millis;
  }

  private static double time(MediaCache cache) throws IOException {
    long start = System.nanoTime();
    cache.cleanup();
    return (System.nanoTime() - start) / 1e6;
  }

  private static String row(String what, double millis, String extra) {
    return String.format(Locale.ROOT, "| %s | %.0f ms%s |", what, millis, extra);
  }

  private static void check(boolean ok, String what) {
    if (!ok) throw new AssertionError(what);
  }

  private static int intArg(List<String> args, String name, int fallback) {
    int i = args.indexOf(name);
    return i >= 0 ? Integer.parseInt(args.get(i + 1)) : fallback;
  }
}
