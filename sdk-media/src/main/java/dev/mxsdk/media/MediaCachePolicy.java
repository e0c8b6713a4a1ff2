package dev.mxsdk.media;

import org.jspecify.annotations.Nullable;

/**
 * The retention policy of a {@link MediaCache}: how large the cache and each entry may grow, how
 * long an entry stays after it was last read, and how often the cache is cleaned up. The defaults
 * apply from the first open, so a cache never grows without bound because an app forgot to set a
 * policy.
 *
 * <pre>{@code
 * MediaCachePolicy policy = MediaCachePolicy.builder()
 *     .maxTotalBytes(1024L * 1024 * 1024)   // 1 GiB on a tablet
 *     .build();
 * MediaCache cache = MediaCache.open(new File(context.getCacheDir(), "mxsdk-media"), policy);
 * }</pre>
 *
 * <h2>The defaults, and why</h2>
 * They are matrix-rust-sdk's {@code MediaRetentionPolicy} numbers, which that SDK defines but does
 * not apply unless the app asks; here they are on from the start:
 * <ul>
 *   <li><b>{@value #DEFAULT_MAX_TOTAL_MIB} MiB in total</b>: a few thousand photos or tens of
 *       thousands of thumbnails, well inside what Android grants an app's cache folder before it
 *       starts clearing it under storage pressure, and a small share of a phone's free space;
 *   <li><b>{@value #DEFAULT_MAX_ENTRY_MIB} MiB per entry</b>: a full-resolution phone photo is
 *       3 to 8 MiB, so every image fits, while one large video (which would push out hundreds of
 *       images) is not kept: save such files with {@code downloadTo(File)} instead. It is 5% of
 *       the total, so no single entry empties the cache;
 *   <li><b>{@value #DEFAULT_EXPIRE_AFTER_ACCESS_DAYS} days after the last read</b>: media seen in
 *       the last two months is what scrolling back through a chat shows again; older media is
 *       rarely opened twice and is fetched again when it is;
 *   <li><b>cleanup once a day</b>: expiry is counted in days, so a daily pass is precise enough,
 *       and it costs one scan of the index and of the folder, off the caller's thread.
 * </ul>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class MediaCachePolicy {
  /** The default total size in MiB: {@value}. */
  public static final int DEFAULT_MAX_TOTAL_MIB = 400;
  /** The default entry size in MiB: {@value}. */
  public static final int DEFAULT_MAX_ENTRY_MIB = 20;
  /** The default time an entry stays after its last read, in days: {@value}. */
  public static final int DEFAULT_EXPIRE_AFTER_ACCESS_DAYS = 60;
  /** The default time between cleanups, in hours: {@value}. */
  public static final int DEFAULT_CLEANUP_INTERVAL_HOURS = 24;

  private static final long MIB = 1024L * 1024;
  private static final long HOUR = 60L * 60 * 1000;
  private static final MediaCachePolicy DEFAULTS = new Builder().build();

  private final long maxTotalBytes;
  private final long maxEntryBytes;
  private final long expireAfterAccessMillis;
  private final long cleanupIntervalMillis;

  private MediaCachePolicy(Builder b) {
    this.maxTotalBytes = b.maxTotalBytes;
    this.maxEntryBytes = b.maxEntryBytes;
    this.expireAfterAccessMillis = b.expireAfterAccessMillis;
    this.cleanupIntervalMillis = b.cleanupIntervalMillis;
  }

  /** {@return the default policy: 400 MiB, 20 MiB per entry, 60 days, cleanup daily} */
  public static MediaCachePolicy defaults() {
    return DEFAULTS;
  }

  /** {@return a builder holding the defaults} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return a builder holding this policy} */
  public Builder newBuilder() {
    return new Builder(this);
  }

  /**
   * The most media bytes the cache keeps; least recently read entries are evicted beyond it.
   * Pinned entries count too but are never evicted.
   *
   * @return the total size limit, in bytes
   */
  public long maxTotalBytes() {
    return maxTotalBytes;
  }

  /** {@return the largest entry kept, in bytes; larger media is delivered but not stored} */
  public long maxEntryBytes() {
    return maxEntryBytes;
  }

  /** {@return how long an entry stays after it was last read, in milliseconds} */
  public long expireAfterAccessMillis() {
    return expireAfterAccessMillis;
  }

  /** {@return the time between two automatic cleanups, in milliseconds} */
  public long cleanupIntervalMillis() {
    return cleanupIntervalMillis;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) return true;
    if (!(o instanceof MediaCachePolicy)) return false;
    MediaCachePolicy that = (MediaCachePolicy) o;
    return maxTotalBytes == that.maxTotalBytes
        && maxEntryBytes == that.maxEntryBytes
        && expireAfterAccessMillis == that.expireAfterAccessMillis
        && cleanupIntervalMillis == that.cleanupIntervalMillis;
  }

  @Override
  public int hashCode() {
    int h = (int) (maxTotalBytes ^ (maxTotalBytes >>> 32));
    h = 31 * h + (int) (maxEntryBytes ^ (maxEntryBytes >>> 32));
    h = 31 * h + (int) (expireAfterAccessMillis ^ (expireAfterAccessMillis >>> 32));
    return 31 * h + (int) (cleanupIntervalMillis ^ (cleanupIntervalMillis >>> 32));
  }

  @Override
  public String toString() {
    return "MediaCachePolicy{maxTotalBytes=" + maxTotalBytes
        + ", maxEntryBytes=" + maxEntryBytes
        + ", expireAfterAccessMillis=" + expireAfterAccessMillis
        + ", cleanupIntervalMillis=" + cleanupIntervalMillis + "}";
  }

  /** Builds a {@link MediaCachePolicy}. Not thread-safe. */
  public static final class Builder {
    private long maxTotalBytes = DEFAULT_MAX_TOTAL_MIB * MIB;
    private long maxEntryBytes = DEFAULT_MAX_ENTRY_MIB * MIB;
    private long expireAfterAccessMillis = DEFAULT_EXPIRE_AFTER_ACCESS_DAYS * 24 * HOUR;
    private long cleanupIntervalMillis = DEFAULT_CLEANUP_INTERVAL_HOURS * HOUR;
    private boolean entryLimitSet;

    Builder() {}

    Builder(MediaCachePolicy p) {
      this.maxTotalBytes = p.maxTotalBytes;
      this.maxEntryBytes = p.maxEntryBytes;
      this.expireAfterAccessMillis = p.expireAfterAccessMillis;
      this.cleanupIntervalMillis = p.cleanupIntervalMillis;
      this.entryLimitSet = p.maxEntryBytes != DEFAULT_MAX_ENTRY_MIB * MIB;
    }

    /**
     * The most media bytes kept (default 400 MiB). Set below 20 MiB, it lowers the entry limit to
     * itself too, unless that was set to something other than its default.
     *
     * @param maxTotalBytes the total size limit, in bytes
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder maxTotalBytes(long maxTotalBytes) {
      this.maxTotalBytes = positive("maxTotalBytes", maxTotalBytes);
      return this;
    }

    /**
     * The largest entry kept (default 20 MiB); at most {@link #maxTotalBytes(long)}.
     *
     * @param maxEntryBytes the size limit of one entry, in bytes
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder maxEntryBytes(long maxEntryBytes) {
      this.maxEntryBytes = positive("maxEntryBytes", maxEntryBytes);
      this.entryLimitSet = true;
      return this;
    }

    /**
     * How long an entry stays after its last read (default 60 days); {@link Long#MAX_VALUE}
     * keeps entries until the size limit evicts them.
     *
     * @param expireAfterAccessMillis the time an unread entry is kept, in milliseconds
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder expireAfterAccessMillis(long expireAfterAccessMillis) {
      this.expireAfterAccessMillis = positive("expireAfterAccessMillis", expireAfterAccessMillis);
      return this;
    }

    /**
     * The time between two automatic cleanups (default a day).
     *
     * @param cleanupIntervalMillis the time between cleanups, in milliseconds
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder cleanupIntervalMillis(long cleanupIntervalMillis) {
      this.cleanupIntervalMillis = positive("cleanupIntervalMillis", cleanupIntervalMillis);
      return this;
    }

    /**
     * Returns the policy.
     *
     * @return a new policy with this builder's settings
     * @throws IllegalArgumentException if an entry limit that was set exceeds the total limit
     */
    public MediaCachePolicy build() {
      if (!entryLimitSet && maxEntryBytes > maxTotalBytes) maxEntryBytes = maxTotalBytes;
      if (maxEntryBytes > maxTotalBytes) {
        throw new IllegalArgumentException("maxEntryBytes (" + maxEntryBytes
            + ") must not exceed maxTotalBytes (" + maxTotalBytes + ")");
      }
      return new MediaCachePolicy(this);
    }

    private static long positive(String name, long value) {
      if (value <= 0) throw new IllegalArgumentException(name + " must be positive, was " + value);
      return value;
    }
  }
}
