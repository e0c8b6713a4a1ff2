package dev.mxsdk.media;

import org.jspecify.annotations.Nullable;

/**
 * How a download behaves: CDN encryption, verification mode, limits, timeouts, progress and
 * redirect rules. Set per client ({@link MediaClient.Builder#defaultOptions(MediaOptions)}) or per
 * request ({@link MediaRequest.Builder#options(MediaOptions)}); a request's options replace the
 * client's as a whole, so derive them from the client's:
 *
 * <pre>{@code
 * MediaOptions strict = mediaClient.defaultOptions().newBuilder()
 *     .requireCdnEncryption(true)
 *     .maxSize(50L * 1024 * 1024)
 *     .build();
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 *
 * <h2>Security</h2>
 * The defaults are the safe ones: CDN encryption is requested, E2EE plaintext is released only
 * after its SHA-256 matched, and redirects go to https only.
 */
public final class MediaOptions {
  /** The spec's default for {@code timeout_ms}: 20 seconds. */
  public static final long DEFAULT_TIMEOUT_MILLIS = 20_000L;
  /** The default cap on RFC 8188 record sizes: 1 MiB. */
  public static final int DEFAULT_MAX_RECORD_SIZE = 1 << 20;
  /**
   * The default low-speed limit: 256 bytes per second. Together with
   * {@link #DEFAULT_LOW_SPEED_TIME_MILLIS} it ends only a transfer that delivered less than 15 KiB
   * in a whole minute, far below a poor 2G link, so a healthy slow mobile download is never cut.
   */
  public static final long DEFAULT_LOW_SPEED_LIMIT = 256;
  /** How long a transfer may stay below the low-speed limit by default: 60 seconds. */
  public static final long DEFAULT_LOW_SPEED_TIME_MILLIS = 60_000L;

  private static final MediaOptions DEFAULTS = new Builder().build();

  private final boolean cdnEncryption;
  private final boolean requireCdnEncryption;
  private final boolean unverifiedStreaming;
  private final long maxSize;
  private final long timeoutMillis;
  private final @Nullable ProgressListener progressListener;
  private final @Nullable RedirectPolicy redirectPolicy;
  private final long deadlineMillis;
  private final long lowSpeedLimit;
  private final long lowSpeedTimeMillis;
  private final int maxRecordSize;
  private final boolean resume;

  private MediaOptions(Builder b) {
    this.cdnEncryption = b.cdnEncryption;
    this.requireCdnEncryption = b.requireCdnEncryption;
    this.unverifiedStreaming = b.unverifiedStreaming;
    this.maxSize = b.maxSize;
    this.timeoutMillis = b.timeoutMillis;
    this.progressListener = b.progressListener;
    this.redirectPolicy = b.redirectPolicy;
    this.deadlineMillis = b.deadlineMillis;
    this.lowSpeedLimit = b.lowSpeedLimit;
    this.lowSpeedTimeMillis = b.lowSpeedTimeMillis;
    this.maxRecordSize = b.maxRecordSize;
    this.resume = b.resume;
  }

  /** {@return the default options} */
  public static MediaOptions defaults() {
    return DEFAULTS;
  }

  /** {@return a builder holding the defaults} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return a builder holding these options} */
  public Builder newBuilder() {
    return new Builder(this);
  }

  /**
   * {@return whether requests offer MSC4097 CDN encryption ({@code org.matrix.msc4097.encryption})}
   */
  public boolean cdnEncryption() {
    return cdnEncryption;
  }

  /** {@return whether a redirect off the homeserver without a key fails the download} */
  public boolean requireCdnEncryption() {
    return requireCdnEncryption;
  }

  /**
   * {@return whether E2EE plaintext streams before its hash is verified (fails at end of stream)}
   */
  public boolean unverifiedStreaming() {
    return unverifiedStreaming;
  }

  /** {@return the largest media accepted in bytes, or -1 for no limit} */
  public long maxSize() {
    return maxSize;
  }

  /**
   * {@return how long to wait for media that is not uploaded yet, including retries, in
   * milliseconds}
   */
  public long timeoutMillis() {
    return timeoutMillis;
  }

  /** {@return the progress listener, or null} */
  public @Nullable ProgressListener progressListener() {
    return progressListener;
  }

  /** {@return the caller's extra redirect rule, or null} */
  public @Nullable RedirectPolicy redirectPolicy() {
    return redirectPolicy;
  }

  /**
   * {@return the whole-call deadline in milliseconds (every request and the body), or 0 for none}
   */
  public long deadlineMillis() {
    return deadlineMillis;
  }

  /** {@return the low-speed limit in bytes per second, or 0 when the rule is off} */
  public long lowSpeedLimitBytesPerSecond() {
    return lowSpeedLimit;
  }

  /** {@return how long a transfer may stay below the low-speed limit, in milliseconds} */
  public long lowSpeedTimeMillis() {
    return lowSpeedTimeMillis;
  }

  /** {@return the largest RFC 8188 record size accepted from a CDN, in bytes} */
  public int maxRecordSize() {
    return maxRecordSize;
  }

  /**
   * {@return whether {@link MediaResponse#downloadTo(java.io.File)} keeps and resumes partial
   * files}
   */
  public boolean resume() {
    return resume;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) return true;
    if (!(o instanceof MediaOptions)) return false;
    MediaOptions that = (MediaOptions) o;
    return cdnEncryption == that.cdnEncryption
        && requireCdnEncryption == that.requireCdnEncryption
        && unverifiedStreaming == that.unverifiedStreaming
        && maxSize == that.maxSize
        && timeoutMillis == that.timeoutMillis
        && progressListener == that.progressListener
        && redirectPolicy == that.redirectPolicy
        && deadlineMillis == that.deadlineMillis
        && lowSpeedLimit == that.lowSpeedLimit
        && lowSpeedTimeMillis == that.lowSpeedTimeMillis
        && maxRecordSize == that.maxRecordSize
        && resume == that.resume;
  }

  @Override
  public int hashCode() {
    int h = cdnEncryption ? 1 : 0;
    h = 31 * h + (requireCdnEncryption ? 1 : 0);
    h = 31 * h + (unverifiedStreaming ? 1 : 0);
    h = 31 * h + (int) (maxSize ^ (maxSize >>> 32));
    h = 31 * h + (int) (timeoutMillis ^ (timeoutMillis >>> 32));
    h = 31 * h + System.identityHashCode(progressListener);
    h = 31 * h + System.identityHashCode(redirectPolicy);
    h = 31 * h + (int) (deadlineMillis ^ (deadlineMillis >>> 32));
    h = 31 * h + (int) (lowSpeedLimit ^ (lowSpeedLimit >>> 32));
    h = 31 * h + (int) (lowSpeedTimeMillis ^ (lowSpeedTimeMillis >>> 32));
    h = 31 * h + maxRecordSize;
    return 31 * h + (resume ? 1 : 0);
  }

  @Override
  public String toString() {
    return "MediaOptions{cdnEncryption=" + cdnEncryption
        + ", requireCdnEncryption=" + requireCdnEncryption
        + ", unverifiedStreaming=" + unverifiedStreaming
        + ", maxSize=" + maxSize
        + ", timeoutMillis=" + timeoutMillis
        + ", progressListener=" + (progressListener != null)
        + ", redirectPolicy=" + (redirectPolicy != null)
        + ", deadlineMillis=" + deadlineMillis
        + ", lowSpeedLimit=" + lowSpeedLimit + " B/s for " + lowSpeedTimeMillis + " ms"
        + ", maxRecordSize=" + maxRecordSize
        + ", resume=" + resume + "}";
  }

  /** Builds {@link MediaOptions}. Not thread-safe. */
  public static final class Builder {
    private boolean cdnEncryption = true;
    private boolean requireCdnEncryption;
    private boolean unverifiedStreaming;
    private long maxSize = -1;
    private long timeoutMillis = DEFAULT_TIMEOUT_MILLIS;
    private @Nullable ProgressListener progressListener;
    private @Nullable RedirectPolicy redirectPolicy;
    private long deadlineMillis;
    private long lowSpeedLimit = DEFAULT_LOW_SPEED_LIMIT;
    private long lowSpeedTimeMillis = DEFAULT_LOW_SPEED_TIME_MILLIS;
    private int maxRecordSize = DEFAULT_MAX_RECORD_SIZE;
    private boolean resume;

    Builder() {}

    Builder(MediaOptions o) {
      this.cdnEncryption = o.cdnEncryption;
      this.requireCdnEncryption = o.requireCdnEncryption;
      this.unverifiedStreaming = o.unverifiedStreaming;
      this.maxSize = o.maxSize;
      this.timeoutMillis = o.timeoutMillis;
      this.progressListener = o.progressListener;
      this.redirectPolicy = o.redirectPolicy;
      this.deadlineMillis = o.deadlineMillis;
      this.lowSpeedLimit = o.lowSpeedLimit;
      this.lowSpeedTimeMillis = o.lowSpeedTimeMillis;
      this.maxRecordSize = o.maxRecordSize;
      this.resume = o.resume;
    }

    /**
     * Offers MSC4097 CDN encryption on requests that may redirect (default true). Turning it off
     * also turns off {@link #requireCdnEncryption(boolean)}.
     *
     * @param cdnEncryption true to offer MSC4097 CDN encryption
     * @return this builder
     */
    public Builder cdnEncryption(boolean cdnEncryption) {
      this.cdnEncryption = cdnEncryption;
      if (!cdnEncryption) this.requireCdnEncryption = false;
      return this;
    }

    /**
     * Fails a download whose redirect chain leaves the homeserver without a key (default false),
     * with {@link MediaProtocolException}. Turning it on also turns on
     * {@link #cdnEncryption(boolean)}.
     *
     * @param requireCdnEncryption true to refuse a redirect chain without a key
     * @return this builder
     */
    public Builder requireCdnEncryption(boolean requireCdnEncryption) {
      this.requireCdnEncryption = requireCdnEncryption;
      if (requireCdnEncryption) this.cdnEncryption = true;
      return this;
    }

    /**
     * Streams E2EE plaintext before its SHA-256 is verified (default false), for media players
     * that must start before the end. A mismatch then fails the read at the end of the stream;
     * bytes read before it were not verified. With the default the ciphertext is spooled to a
     * temporary file and verified before the first plaintext byte is released.
     *
     * <p>A {@linkplain MediaRequest.Builder#range(MediaRange) range} of E2EE media requires it:
     * the SHA-256 covers the whole ciphertext, so a range is never verified (CTR decrypts any
     * block on its own; only the CDN layer's records, when there is one, are authenticated).
     *
     * @param unverifiedStreaming true to release plaintext before the SHA-256 is checked
     * @return this builder
     */
    public Builder unverifiedStreaming(boolean unverifiedStreaming) {
      this.unverifiedStreaming = unverifiedStreaming;
      return this;
    }

    /**
     * Limits the media's size in bytes (default -1, no limit); larger media fails with
     * {@link MediaTooLargeException}.
     *
     * @param maxSize the largest media accepted, in bytes, or -1 for no limit
     * @return this builder
     */
    public Builder maxSize(long maxSize) {
      if (maxSize < -1 || maxSize == 0) {
        throw new IllegalArgumentException("maxSize must be positive or -1, was " + maxSize);
      }
      this.maxSize = maxSize;
      return this;
    }

    /**
     * How long to wait for media that is not uploaded yet ({@code timeout_ms}, and the budget for
     * retrying {@code M_NOT_YET_UPLOADED} and rate limits), in milliseconds; default 20000.
     *
     * @param timeoutMillis the wait for not-yet-uploaded media, in milliseconds
     * @return this builder
     */
    public Builder timeoutMillis(long timeoutMillis) {
      if (timeoutMillis <= 0) {
        throw new IllegalArgumentException("timeoutMillis must be positive, was " + timeoutMillis);
      }
      this.timeoutMillis = timeoutMillis;
      return this;
    }

    /**
     * Receives progress (wire bytes against Content-Length); null for none.
     *
     * @param progressListener told the bytes received so far, or null
     * @return this builder
     */
    public Builder progressListener(@Nullable ProgressListener progressListener) {
      this.progressListener = progressListener;
      return this;
    }

    /**
     * Refuses redirect targets on top of the built-in rules; null for none.
     *
     * @param redirectPolicy asked about each redirect target, or null
     * @return this builder
     */
    public Builder redirectPolicy(@Nullable RedirectPolicy redirectPolicy) {
      this.redirectPolicy = redirectPolicy;
      return this;
    }

    /**
     * Limits the whole call, every request and retry wait and the reading of the body, to
     * {@code deadlineMillis} from its start (default 0: no deadline, only the per-read timeouts
     * of the {@code OkHttpClient} and the low-speed limit). A call past its deadline fails with
     * {@link java.net.SocketTimeoutException}.
     *
     * @param deadlineMillis the call's time limit in milliseconds, or 0 for none
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder deadlineMillis(long deadlineMillis) {
      if (deadlineMillis < 0) {
        throw new IllegalArgumentException("deadlineMillis < 0: " + deadlineMillis);
      }
      this.deadlineMillis = deadlineMillis;
      return this;
    }

    /**
     * Fails a transfer with {@link java.net.SocketTimeoutException} when fewer than
     * {@code bytesPerSecond} arrive on average over {@code timeMillis} (as curl's
     * {@code --speed-limit} and {@code --speed-time}); a server that trickles bytes then cannot
     * hold a call forever. Default {@value #DEFAULT_LOW_SPEED_LIMIT} bytes/s for 60 s;
     * {@code bytesPerSecond} 0 turns the rule off.
     *
     * @param bytesPerSecond the lowest average speed accepted, or 0 for no limit
     * @param timeMillis the time the average is taken over, in milliseconds
     * @return this builder
     * @throws IllegalArgumentException if {@code bytesPerSecond < 0} or {@code timeMillis < 1}
     */
    public Builder lowSpeedLimit(long bytesPerSecond, long timeMillis) {
      if (bytesPerSecond < 0) {
        throw new IllegalArgumentException("bytesPerSecond < 0: " + bytesPerSecond);
      }
      if (timeMillis < 1) throw new IllegalArgumentException("timeMillis < 1: " + timeMillis);
      this.lowSpeedLimit = bytesPerSecond;
      this.lowSpeedTimeMillis = timeMillis;
      return this;
    }

    /**
     * The largest RFC 8188 record size accepted (default 1 MiB, at least 18).
     *
     * @param maxRecordSize the largest record size an MSC4097 CDN may declare, in bytes
     * @return this builder
     */
    public Builder maxRecordSize(int maxRecordSize) {
      if (maxRecordSize < 18) {
        throw new IllegalArgumentException("maxRecordSize must be at least 18, was " + maxRecordSize);
      }
      this.maxRecordSize = maxRecordSize;
      return this;
    }

    /**
     * Lets {@link MediaResponse#downloadTo(java.io.File)} keep what it received when a download
     * fails, in a private partial file beside the target ({@code .<name>.mxsdk-partial}, with a
     * small {@code .mxsdk-partial-info} file naming what it is a partial of: the cache key, the
     * media's length and, for E2EE media, its SHA-256; never a key), and continue from it with a
     * ranged request the next time the same media is downloaded to the same target (default
     * false: a failed download leaves nothing behind).
     *
     * <p>The partial holds only what the target may hold: the plaintext of plain media, the
     * <em>ciphertext</em> of E2EE media, whose SHA-256 is computed again over the partial before
     * the download continues, so the result is verified as a whole before it is decrypted and
     * moved into place. A partial that no longer fits (another length, a failed hash) is deleted
     * and the download starts over once. A partial that another process is writing is left alone
     * (this download then runs without resume). Has no effect on ranged requests, on
     * {@link MediaResponse#source()} and on {@link MediaResponse#downloadTo(java.io.OutputStream)}.
     *
     * @param resume true to keep a failed download's bytes and continue from them
     * @return this builder
     */
    public Builder resume(boolean resume) {
      this.resume = resume;
      return this;
    }

    /** {@return the options} */
    public MediaOptions build() {
      return new MediaOptions(this);
    }
  }
}
