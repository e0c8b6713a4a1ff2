package dev.mxsdk.media;

import org.jspecify.annotations.Nullable;

/**
 * A snapshot of a {@link MediaCache}: what it holds now, and how often it answered since its
 * directory was created or last {@linkplain MediaCache#clear() cleared}.
 *
 * <pre>{@code
 * MediaCacheStats stats = cache.stats();
 * log("media cache: " + stats.entryCount() + " entries, " + stats.byteCount() / 1024 + " KiB, "
 *     + stats.hitCount() + " hits");
 * }</pre>
 *
 * <p>The counters are written with the cache's batched bookkeeping, so a process that is killed
 * may lose the last few seconds of counts. Immutable and thread-safe.
 */
public final class MediaCacheStats {
  private final long entryCount;
  private final long byteCount;
  private final long hitCount;
  private final long missCount;
  private final long evictionCount;

  MediaCacheStats(long entryCount, long byteCount, long hitCount, long missCount,
      long evictionCount) {
    this.entryCount = entryCount;
    this.byteCount = byteCount;
    this.hitCount = hitCount;
    this.missCount = missCount;
    this.evictionCount = evictionCount;
  }

  /** {@return how many entries the cache holds} */
  public long entryCount() {
    return entryCount;
  }

  /**
   * {@return the media bytes the entries hold (each entry adds a metadata record of about 100
   * bytes)}
   */
  public long byteCount() {
    return byteCount;
  }

  /** {@return the number of requests answered from the cache, without a network request} */
  public long hitCount() {
    return hitCount;
  }

  /**
   * {@return the number of requests that went to the network because the cache had no valid
   * entry for them}
   */
  public long missCount() {
    return missCount;
  }

  /** {@return the number of entries removed by the policy: over the total size, or expired} */
  public long evictionCount() {
    return evictionCount;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) return true;
    if (!(o instanceof MediaCacheStats)) return false;
    MediaCacheStats that = (MediaCacheStats) o;
    return entryCount == that.entryCount && byteCount == that.byteCount
        && hitCount == that.hitCount && missCount == that.missCount
        && evictionCount == that.evictionCount;
  }

  @Override
  public int hashCode() {
    long h = entryCount;
    h = 31 * h + byteCount;
    h = 31 * h + hitCount;
    h = 31 * h + missCount;
    h = 31 * h + evictionCount;
    return (int) (h ^ (h >>> 32));
  }

  @Override
  public String toString() {
    return "MediaCacheStats{entries=" + entryCount + ", bytes=" + byteCount + ", hits=" + hitCount
        + ", misses=" + missCount + ", evictions=" + evictionCount + "}";
  }
}
