package dev.mxsdk.core;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Random;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/**
 * When and how long to wait before repeating an idempotent request that failed with a transient
 * server error.
 *
 * <p>Retried: HTTP 429 or errcode {@code M_LIMIT_EXCEEDED} (rate limited), 503 (unavailable), 504
 * (gateway timeout) and errcode {@code M_NOT_YET_UPLOADED} (media created but not uploaded yet),
 * and, for idempotent requests only, connection failures (refused, reset, timed out). Never retried: 502 (on media endpoints it means {@code M_TOO_LARGE}), every other
 * status, TLS failures, and unknown hosts. The number of attempts and the total time spent waiting
 * are both bounded; {@link HomeserverPath#retrying} also keeps every wait within the operation's
 * deadline.
 * When the server says how long to wait ({@code retry_after_ms} or {@code Retry-After}) that delay
 * is used, capped at {@link #maxServerDelayMillis()}; otherwise the delay is exponential backoff
 * with full jitter: a uniformly random value in {@code [0, min(maxBackoff, initialBackoff *
 * 2^(attempt-1))]}.
 *
 * <pre>{@code
 * RetryPolicy policy = RetryPolicy.builder()
 *     .maxAttempts(5)
 *     .maxTotalWaitMillis(30_000)
 *     .build();
 * MatrixClient client = MatrixClient.builder()
 *     .homeserver(HttpUrl.get("https://matrix.example.org"))
 *     .retryPolicy(policy)
 *     .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class RetryPolicy {
  private static final RetryPolicy NONE = new Builder().maxAttempts(1).build();
  private static final RetryPolicy DEFAULTS = new Builder().build();

  private final int maxAttempts;
  private final long maxTotalWaitMillis;
  private final long maxServerDelayMillis;
  private final long initialBackoffMillis;
  private final long maxBackoffMillis;

  private RetryPolicy(Builder b) {
    this.maxAttempts = b.maxAttempts;
    this.maxTotalWaitMillis = b.maxTotalWaitMillis;
    this.maxServerDelayMillis = b.maxServerDelayMillis;
    this.initialBackoffMillis = b.initialBackoffMillis;
    this.maxBackoffMillis = b.maxBackoffMillis;
  }

  /**
   * The default policy: 4 attempts, at most 60 s of waiting in total, server delays capped at
   * 30 s, backoff from 500 ms up to 8 s.
   *
   * @return the default retry policy
   */
  public static RetryPolicy defaults() {
    return DEFAULTS;
  }

  /** {@return a policy that never retries: one attempt} */
  public static RetryPolicy none() {
    return NONE;
  }

  /** {@return a builder holding the {@link #defaults()}} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return a builder holding this policy's values} */
  public Builder newBuilder() {
    return new Builder(this);
  }

  /** {@return the maximum number of attempts, the first included (1 means no retry)} */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** {@return the maximum total time spent waiting between attempts, in milliseconds} */
  public long maxTotalWaitMillis() {
    return maxTotalWaitMillis;
  }

  /** {@return the cap applied to a delay the server asked for, in milliseconds} */
  public long maxServerDelayMillis() {
    return maxServerDelayMillis;
  }

  /**
   * {@return the backoff ceiling of the first retry when the server gave no delay, in milliseconds}
   */
  public long initialBackoffMillis() {
    return initialBackoffMillis;
  }

  /** {@return the largest backoff ceiling when the server gave no delay, in milliseconds} */
  public long maxBackoffMillis() {
    return maxBackoffMillis;
  }

  /**
   * Returns true if {@code e} is a transient error this policy retries: status 429, 503 or 504, or
   * errcode {@code M_LIMIT_EXCEEDED} or {@code M_NOT_YET_UPLOADED}.
   *
   * @param e the error the server answered with
   * @return true if a request that failed with {@code e} may be retried
   */
  public static boolean isRetryable(MatrixApiException e) {
    if (e == null) throw new NullPointerException("e == null");
    int status = e.status();
    return status == 429 || status == 503 || status == 504
        || "M_LIMIT_EXCEEDED".equals(e.errcode())
        || "M_NOT_YET_UPLOADED".equals(e.errcode());
  }

  /**
   * Returns true if {@code e} is a network failure that an idempotent request may be retried
   * after: a refused, unreachable, reset or timed-out connection. A {@link MatrixApiException} is
   * judged by {@link #isRetryable(MatrixApiException)}; TLS failures (a certificate problem does
   * not go away), unknown hosts, a server that closed the connection before answering (OkHttp
   * itself retries that once on a pooled connection; a server that keeps doing it, or sends
   * endless headers, would only be asked again) and every other {@link IOException} (integrity
   * and protocol failures among them) are not retried.
   *
   * @param e the failure of an attempt
   * @return true if an idempotent request that failed with {@code e} may be retried
   */
  public static boolean isRetryable(IOException e) {
    if (e == null) throw new NullPointerException("e == null");
    if (e instanceof MatrixApiException) return isRetryable((MatrixApiException) e);
    if (e instanceof SSLException) return false;
    return e instanceof ConnectException
        || e instanceof NoRouteToHostException
        || e instanceof SocketTimeoutException
        || e instanceof SocketException;
  }

  /**
   * Returns how long to wait before the next attempt, or -1 to give up, with a shared random
   * source for the jitter. See {@link #delayMillis(int, MatrixApiException, long, Random)}.
   *
   * @param attempt the number of the attempt that just failed, starting at 1
   * @param e the error it failed with
   * @param elapsedWaitMillis the time already spent waiting between attempts of this call
   * @return the delay in milliseconds before the next attempt, or -1 to give up
   */
  public long delayMillis(int attempt, MatrixApiException e, long elapsedWaitMillis) {
    return delayMillis(attempt, e, elapsedWaitMillis, SharedRandom.INSTANCE);
  }

  /**
   * Returns how long to wait before the next attempt, or -1 to give up.
   *
   * @param attempt the number of the attempt that just failed, starting at 1
   * @param e the error that attempt failed with
   * @param elapsedWaitMillis the time already spent waiting between earlier attempts
   * @param random the source of the backoff jitter
   * @return -1 if {@code e} is not retryable, {@code attempt >= maxAttempts()}, or the delay would
   *     take the total wait beyond {@link #maxTotalWaitMillis()}; the delay otherwise
   * @throws IllegalArgumentException if {@code attempt < 1} or {@code elapsedWaitMillis < 0}
   */
  public long delayMillis(int attempt, MatrixApiException e, long elapsedWaitMillis,
      Random random) {
    if (e == null) throw new NullPointerException("e == null");
    return delayMillis(attempt, (IOException) e, elapsedWaitMillis, random);
  }

  /**
   * Returns how long to wait before the next attempt after {@code e}, a {@link MatrixApiException}
   * or a network failure ({@link #isRetryable(IOException)}), or -1 to give up. Only callers whose
   * request is idempotent (or whose body can be sent again unchanged) ask this for a network
   * failure.
   *
   * @param attempt the number of the attempt that just failed, starting at 1
   * @param e the failure of that attempt
   * @param elapsedWaitMillis the time already spent waiting between attempts of this call
   * @param random the source of the backoff's jitter
   * @return the delay in milliseconds before the next attempt, or -1 to give up
   * @throws IllegalArgumentException if {@code attempt < 1} or {@code elapsedWaitMillis < 0}
   */
  public long delayMillis(int attempt, IOException e, long elapsedWaitMillis, Random random) {
    if (attempt < 1) throw new IllegalArgumentException("attempt < 1: " + attempt);
    if (elapsedWaitMillis < 0) {
      throw new IllegalArgumentException("elapsedWaitMillis < 0: " + elapsedWaitMillis);
    }
    if (random == null) throw new NullPointerException("random == null");
    if (e == null) throw new NullPointerException("e == null");
    if (!isRetryable(e) || attempt >= maxAttempts) return -1;
    long delay;
    long requested = e instanceof MatrixApiException
        ? ((MatrixApiException) e).retryAfterMillis() : -1;
    if (requested >= 0) {
      delay = Math.min(requested, maxServerDelayMillis);
    } else {
      long ceiling = initialBackoffMillis;
      for (int i = 1; i < attempt && ceiling < maxBackoffMillis; i++) ceiling *= 2;
      ceiling = Math.min(ceiling, maxBackoffMillis);
      delay = ceiling == 0 ? 0 : (long) (random.nextDouble() * (ceiling + 1));
      if (delay > ceiling) delay = ceiling;
    }
    if (delay > maxTotalWaitMillis - elapsedWaitMillis) return -1;
    return delay;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) return true;
    if (!(o instanceof RetryPolicy)) return false;
    RetryPolicy that = (RetryPolicy) o;
    return maxAttempts == that.maxAttempts
        && maxTotalWaitMillis == that.maxTotalWaitMillis
        && maxServerDelayMillis == that.maxServerDelayMillis
        && initialBackoffMillis == that.initialBackoffMillis
        && maxBackoffMillis == that.maxBackoffMillis;
  }

  @Override
  public int hashCode() {
    int h = maxAttempts;
    h = 31 * h + (int) (maxTotalWaitMillis ^ (maxTotalWaitMillis >>> 32));
    h = 31 * h + (int) (maxServerDelayMillis ^ (maxServerDelayMillis >>> 32));
    h = 31 * h + (int) (initialBackoffMillis ^ (initialBackoffMillis >>> 32));
    h = 31 * h + (int) (maxBackoffMillis ^ (maxBackoffMillis >>> 32));
    return h;
  }

  @Override
  public String toString() {
    return "RetryPolicy{maxAttempts=" + maxAttempts
        + ", maxTotalWaitMillis=" + maxTotalWaitMillis
        + ", maxServerDelayMillis=" + maxServerDelayMillis
        + ", initialBackoffMillis=" + initialBackoffMillis
        + ", maxBackoffMillis=" + maxBackoffMillis + "}";
  }

  private static final class SharedRandom {
    static final Random INSTANCE = new Random();
  }

  /** Builds a {@link RetryPolicy}, starting from the {@link #defaults()}. Not thread-safe. */
  public static final class Builder {
    private int maxAttempts = 4;
    private long maxTotalWaitMillis = 60_000;
    private long maxServerDelayMillis = 30_000;
    private long initialBackoffMillis = 500;
    private long maxBackoffMillis = 8_000;

    Builder() {}

    Builder(RetryPolicy p) {
      this.maxAttempts = p.maxAttempts;
      this.maxTotalWaitMillis = p.maxTotalWaitMillis;
      this.maxServerDelayMillis = p.maxServerDelayMillis;
      this.initialBackoffMillis = p.initialBackoffMillis;
      this.maxBackoffMillis = p.maxBackoffMillis;
    }

    /**
     * The maximum number of attempts, the first included (default 4).
     *
     * @param maxAttempts how many times a request may be sent in all
     * @return this builder
     * @throws IllegalArgumentException if {@code maxAttempts < 1}
     */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts < 1: " + maxAttempts);
      this.maxAttempts = maxAttempts;
      return this;
    }

    /**
     * The maximum total time spent waiting between attempts (default 60 000 ms).
     *
     * @param maxTotalWaitMillis the waiting budget of one call, in milliseconds
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder maxTotalWaitMillis(long maxTotalWaitMillis) {
      this.maxTotalWaitMillis = nonNegative("maxTotalWaitMillis", maxTotalWaitMillis);
      return this;
    }

    /**
     * The cap on a delay the server asks for (default 30 000 ms).
     *
     * @param maxServerDelayMillis the longest server-requested delay honoured, in milliseconds
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder maxServerDelayMillis(long maxServerDelayMillis) {
      this.maxServerDelayMillis = nonNegative("maxServerDelayMillis", maxServerDelayMillis);
      return this;
    }

    /**
     * The backoff ceiling of the first retry (default 500 ms).
     *
     * @param initialBackoffMillis the first retry's backoff ceiling, in milliseconds
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder initialBackoffMillis(long initialBackoffMillis) {
      this.initialBackoffMillis = nonNegative("initialBackoffMillis", initialBackoffMillis);
      return this;
    }

    /**
     * The largest backoff ceiling (default 8 000 ms).
     *
     * @param maxBackoffMillis the ceiling the backoff stops growing at, in milliseconds
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder maxBackoffMillis(long maxBackoffMillis) {
      this.maxBackoffMillis = nonNegative("maxBackoffMillis", maxBackoffMillis);
      return this;
    }

    /**
     * Returns the policy.
     *
     * @return a new policy with this builder's settings
     * @throws IllegalStateException if {@code maxBackoffMillis < initialBackoffMillis}
     */
    public RetryPolicy build() {
      if (maxBackoffMillis < initialBackoffMillis) {
        throw new IllegalStateException("maxBackoffMillis (" + maxBackoffMillis
            + ") < initialBackoffMillis (" + initialBackoffMillis + ")");
      }
      return new RetryPolicy(this);
    }

    private static long nonNegative(String name, long value) {
      if (value < 0) throw new IllegalArgumentException(name + " < 0: " + value);
      return value;
    }
  }
}
