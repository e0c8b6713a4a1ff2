package dev.mxsdk.testkit;

import java.util.EnumMap;
import java.util.Map;

/**
 * Fault switches of a {@link TestHomeserver}: each makes the next {@code times} applicable
 * responses misbehave in one way, then switches itself off ({@link #ALWAYS} keeps it on).
 *
 * <pre>{@code
 * server.faults().rateLimit(2, 1500);           // the next two downloads get 429
 * server.faults().truncateCdnBody(1000, Faults.ALWAYS);
 * server.faults().clear();
 * }</pre>
 *
 * <p>"Media requests" below are download and thumbnail requests to the homeserver; "keyed
 * redirects" are redirects answering a request that opted in to CDN encryption; "CDN bodies" are
 * the bodies of successful CDN responses. Thread-safe.
 */
public final class Faults {
  /** A count that never runs out. */
  public static final int ALWAYS = Integer.MAX_VALUE;

  enum Kind {
    RATE_LIMIT,
    NOT_YET_UPLOADED,
    TRUNCATE_CDN_BODY,
    CORRUPT_CDN_BODY,
    OMIT_KEY_HEADER,
    PLAINTEXT_DESPITE_KEY,
    KEY_ON_308,
    REDIRECT_LOOP,
    BOUNCE_TO_HOMESERVER,
    SLOW_CDN_BODY,
    WRONG_KEY_STREAM,
    DUPLICATE_KEY_HEADER,
    MALFORMED_KEY_HEADER,
    DROP_CONNECTION
  }

  private final Map<Kind, Integer> remaining = new EnumMap<>(Kind.class);
  private volatile long retryAfterMillis;
  private volatile long truncateAfterBytes;
  private volatile long corruptOffset;
  private volatile int slowChunkBytes;
  private volatile long slowDelayMillis;
  private volatile long dropOffset = -1;

  Faults() {}

  /**
   * The next {@code times} media requests get {@code 429 M_LIMIT_EXCEEDED} with
   * {@code retry_after_ms}.
   *
   * @param times how many requests get the fault
   * @param retryAfterMillis the delay the error asks for, in milliseconds
   * @return these faults, for chaining
   */
  public Faults rateLimit(int times, long retryAfterMillis) {
    if (retryAfterMillis < 0) throw new IllegalArgumentException("retryAfterMillis < 0");
    this.retryAfterMillis = retryAfterMillis;
    return set(Kind.RATE_LIMIT, times);
  }

  /**
   * The next {@code times} media requests get {@code 504 M_NOT_YET_UPLOADED}.
   *
   * @param times how many requests get the fault
   * @return these faults, for chaining
   */
  public Faults notYetUploaded(int times) {
    return set(Kind.NOT_YET_UPLOADED, times);
  }

  /**
   * The next {@code times} CDN bodies stop after {@code afterBytes} bytes: the declared
   * {@code Content-Length} stays, the connection is closed.
   *
   * @param afterBytes how many bytes of each body are sent
   * @param times how many bodies are cut
   * @return these faults, for chaining
   */
  public Faults truncateCdnBody(long afterBytes, int times) {
    if (afterBytes < 0) throw new IllegalArgumentException("afterBytes < 0");
    this.truncateAfterBytes = afterBytes;
    return set(Kind.TRUNCATE_CDN_BODY, times);
  }

  /**
   * The next {@code times} CDN responses whose bytes reach position {@code offset} of the
   * representation (the encoded bytes under a key, else the stored ones) stop there and close the
   * connection, as a network that drops mid-download does. Unlike {@link #truncateCdnBody}, which
   * counts bytes of each body, the position is the representation's: a ranged request that starts
   * after it is served whole and does not count a use, so a resumed download continues past the
   * drop, and a drop can be placed inside a resumed request too.
   *
   * @param offset the position in the representation where the connection drops
   * @param times how many responses are cut
   * @return these faults, for chaining
   */
  public Faults dropConnectionAt(long offset, int times) {
    if (offset < 0) throw new IllegalArgumentException("offset < 0");
    this.dropOffset = offset;
    return set(Kind.DROP_CONNECTION, times);
  }

  /**
   * The next {@code times} CDN bodies have the lowest bit of the byte at body offset {@code offset}
   * flipped.
   *
   * @param offset the offset in each body of the byte to flip
   * @param times how many bodies are corrupted
   * @return these faults, for chaining
   */
  public Faults corruptCdnBody(long offset, int times) {
    if (offset < 0) throw new IllegalArgumentException("offset < 0");
    this.corruptOffset = offset;
    return set(Kind.CORRUPT_CDN_BODY, times);
  }

  /**
   * The next {@code times} keyed redirects carry no {@code X-Matrix-Media-Encryption} header,
   * while the CDN still encrypts (so the client sees {@code aes128gcm} without a key).
   *
   * @param times how many redirects lose the header
   * @return these faults, for chaining
   */
  public Faults omitKeyHeader(int times) {
    return set(Kind.OMIT_KEY_HEADER, times);
  }

  /**
   * The next {@code times} CDN responses to keyed tokens serve the plaintext, no Content-Encoding.
   *
   * @param times how many responses serve the plaintext
   * @return these faults, for chaining
   */
  public Faults plaintextDespiteKey(int times) {
    return set(Kind.PLAINTEXT_DESPITE_KEY, times);
  }

  /**
   * The next {@code times} keyed redirects use status 308 (a protocol error for a key).
   *
   * @param times how many redirects use 308
   * @return these faults, for chaining
   */
  public Faults keyOn308(int times) {
    return set(Kind.KEY_ON_308, times);
  }

  /**
   * The next {@code times} CDN requests are answered by a 307 to the same CDN URL.
   *
   * @param times how many CDN requests are redirected to themselves
   * @return these faults, for chaining
   */
  public Faults redirectLoop(int times) {
    return set(Kind.REDIRECT_LOOP, times);
  }

  /**
   * The next {@code times} CDN requests are answered by a 307 back to the homeserver origin's
   * authenticated download URL of the same media.
   *
   * @param times how many CDN requests bounce
   * @return these faults, for chaining
   */
  public Faults bounceToHomeserver(int times) {
    return set(Kind.BOUNCE_TO_HOMESERVER, times);
  }

  /**
   * The next {@code times} CDN bodies are sent {@code chunkBytes} at a time, {@code delayMillis}
   * apart.
   *
   * @param chunkBytes the size of each piece of the body, at least 1
   * @param delayMillis the pause before each piece, in milliseconds
   * @param times how many bodies are slowed
   * @return these faults, for chaining
   */
  public Faults slowCdnBody(int chunkBytes, long delayMillis, int times) {
    if (chunkBytes < 1) throw new IllegalArgumentException("chunkBytes < 1");
    if (delayMillis < 0) throw new IllegalArgumentException("delayMillis < 0");
    this.slowChunkBytes = chunkBytes;
    this.slowDelayMillis = delayMillis;
    return set(Kind.SLOW_CDN_BODY, times);
  }

  /**
   * The next {@code times} keyed CDN bodies are encrypted under a different, random key (with the
   * salt the key header named, so that only the records' tags fail).
   *
   * @param times how many bodies use the wrong key
   * @return these faults, for chaining
   */
  public Faults wrongKeyStream(int times) {
    return set(Kind.WRONG_KEY_STREAM, times);
  }

  /**
   * The next {@code times} keyed redirects carry the key header twice.
   *
   * @param times how many redirects carry the header twice
   * @return these faults, for chaining
   */
  public Faults duplicateKeyHeader(int times) {
    return set(Kind.DUPLICATE_KEY_HEADER, times);
  }

  /**
   * The next {@code times} keyed redirects carry a key header whose key is not base64url.
   *
   * @param times how many redirects carry the malformed header
   * @return these faults, for chaining
   */
  public Faults malformedKeyHeader(int times) {
    return set(Kind.MALFORMED_KEY_HEADER, times);
  }

  /**
   * Switches every fault off.
   *
   * @return these faults, for chaining
   */
  public synchronized Faults clear() {
    remaining.clear();
    return this;
  }

  private synchronized Faults set(Kind kind, int times) {
    if (times < 0) throw new IllegalArgumentException("times < 0: " + times);
    if (times == 0) {
      remaining.remove(kind);
    } else {
      remaining.put(kind, times);
    }
    return this;
  }

  /** Returns true and counts one use if {@code kind} is on. */
  synchronized boolean take(Kind kind) {
    Integer left = remaining.get(kind);
    if (left == null) return false;
    if (left != ALWAYS) {
      if (left <= 1) {
        remaining.remove(kind);
      } else {
        remaining.put(kind, left - 1);
      }
    }
    return true;
  }

  long retryAfterMillis() {
    return retryAfterMillis;
  }

  long truncateAfterBytes() {
    return truncateAfterBytes;
  }

  /** The representation position of the connection drop, or -1 while that fault is off. */
  synchronized long dropOffset() {
    return remaining.containsKey(Kind.DROP_CONNECTION) ? dropOffset : -1;
  }

  long corruptOffset() {
    return corruptOffset;
  }

  int slowChunkBytes() {
    return slowChunkBytes;
  }

  long slowDelayMillis() {
    return slowDelayMillis;
  }

  @Override
  public synchronized String toString() {
    return "Faults" + remaining.keySet();
  }
}
