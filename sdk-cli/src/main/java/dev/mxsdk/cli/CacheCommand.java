package dev.mxsdk.cli;

import dev.mxsdk.media.MediaCache;
import dev.mxsdk.media.MediaCachePolicy;
import dev.mxsdk.media.MediaCacheStats;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code mxmedia cache stats|clear --cache-dir DIR}: shows or empties the disk media cache that
 * {@code mxmedia download --cache-dir DIR} fills. A directory in use by another process (another
 * {@code mxmedia} downloading into it) is refused with a one-line error.
 */
@Command(
    name = "cache",
    mixinStandardHelpOptions = true,
    description = "Show or clear the disk media cache of 'mxmedia download --cache-dir DIR'.",
    subcommands = {CacheCommand.Stats.class, CacheCommand.Clear.class})
final class CacheCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "missing command: stats or clear");
  }

  /** Opens the cache in {@code dir} with the default policy, creating the directory. */
  static MediaCache open(File dir) throws IOException {
    return MediaCache.open(dir);
  }

  /** Opens an existing cache directory; a missing one is a usage error, never created. */
  static MediaCache openExisting(CommandSpec spec, File dir) throws IOException {
    if (!dir.isDirectory()) {
      throw new ParameterException(spec.commandLine(), "no cache directory at " + dir);
    }
    return open(dir);
  }

  @Command(name = "stats", mixinStandardHelpOptions = true,
      description = "Print the entries, bytes, hits, misses and evictions of the cache in DIR.")
  static final class Stats implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--cache-dir", paramLabel = "DIR", required = true,
        description = "The cache directory.")
    File cacheDir;

    @Override
    public Integer call() throws IOException {
      MediaCacheStats stats;
      MediaCachePolicy policy;
      try (MediaCache cache = openExisting(spec, cacheDir)) {
        stats = cache.stats();
        policy = cache.policy();
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println("entries: " + stats.entryCount());
      out.println("bytes: " + stats.byteCount() + " (" + mib(stats.byteCount()) + " of "
          + mib(policy.maxTotalBytes()) + ")");
      out.println("hits: " + stats.hitCount());
      out.println("misses: " + stats.missCount());
      out.println("evictions: " + stats.evictionCount());
      out.println("policy: entries up to " + mib(policy.maxEntryBytes()) + ", kept "
          + policy.expireAfterAccessMillis() / 86_400_000L + " days after their last read");
      out.flush();
      return MxMedia.EXIT_OK;
    }
  }

  @Command(name = "clear", mixinStandardHelpOptions = true,
      description = "Remove every entry of the cache in DIR and reset its counters.")
  static final class Clear implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--cache-dir", paramLabel = "DIR", required = true,
        description = "The cache directory.")
    File cacheDir;

    @Override
    public Integer call() throws IOException {
      long entries;
      long bytes;
      try (MediaCache cache = openExisting(spec, cacheDir)) {
        MediaCacheStats before = cache.stats();
        entries = before.entryCount();
        bytes = before.byteCount();
        cache.clear();
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println("cleared " + entries + " entries, " + mib(bytes));
      out.flush();
      return MxMedia.EXIT_OK;
    }
  }

  static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
  }
}
