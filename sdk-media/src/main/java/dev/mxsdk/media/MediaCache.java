package dev.mxsdk.media;

import dev.mxsdk.core.Clock;
import dev.mxsdk.media.internal.cache.CacheStore;
import java.io.Closeable;
import java.io.File;
import java.io.IOException;

/**
 * A disk cache of media on a directory the app gives, with a {@linkplain MediaCachePolicy retention
 * policy} that is on from the start. Give it to the {@link MediaClient.Builder#cache(MediaCache)
 * media client} and downloads use it transparently: a hit makes no network request at all (not
 * even {@code /versions}), a miss downloads as usual and stores what it delivered.
 *
 * <pre>{@code
 * // Android: under the app's cache folder, which the system may clear when storage runs low.
 * MediaCache cache = MediaCache.open(new File(context.getCacheDir(), "mxsdk-media"));
 * MediaClient media = MediaClient.builder(matrixClient).cache(cache).build();
 * }</pre>
 *
 * <h2>What is stored</h2>
 * Entries are keyed by {@link MediaRequest#cacheKey()} (the mxc URI and the rendition: the full
 * file or one thumbnail size), never by a CDN URL, key or token; file names are the SHA-256 of the
 * key, so no server text reaches a path. Media under an mxc URI never changes, so entries are
 * never revalidated. Plain media is stored as its verified plaintext. <b>End-to-end encrypted
 * media is stored as its E2EE ciphertext</b> (the bytes after the CDN layer, whose per-redirect key
 * is never stored), so nothing decrypted ever rests in the cache; a hit is decrypted and checked
 * against the {@code EncryptedFile}'s SHA-256 on the way out, in the same delivery modes as a
 * download (verified stream, verified file, unverified streaming). Each entry carries a small
 * metadata record (content type, file name, length, SHA-256 of the stored bytes, creation time),
 * no secret.
 *
 * <h2>Integrity and crashes</h2>
 * An entry becomes visible only when complete and verified (written to a private temporary file,
 * then moved into place). Every hit checks the entry's length and SHA-256 before its first byte;
 * a damaged or truncated entry is removed and fetched again, never served. A crash or kill at any
 * moment leaves a cache that opens. Entries larger than the policy's entry size are delivered but
 * not stored; least recently read entries are evicted beyond the total size; entries expire a
 * while after their last read, on the cache's {@link Clock}; {@linkplain #pin(String) pinned}
 * entries are never evicted. Bookkeeping (last reads, counters) is kept in memory and written in
 * batches, so a hit costs no disk write.
 *
 * <h2>Concurrency</h2>
 * Two calls for the same media run one download: the second waits for the first to fill the
 * entry, then reads it. A call never waits for a download that the same thread started and has
 * not read yet; read or close a response before asking for the same media again on that thread.
 * Opening a directory that is already open in this process returns another handle on the same
 * cache (the same entries, counters and pins); the directory is released when every handle is
 * closed. A second <em>process</em> on the same directory is refused with
 * {@link MediaCacheLockedException}: give each process its own directory. Apps with several
 * accounts should give each its own directory too, since entries are found by mxc URI alone. This
 * class is thread-safe.
 */
public final class MediaCache implements Closeable {
  private final CacheStore store;
  private volatile boolean closed;

  private MediaCache(CacheStore store) {
    this.store = store;
  }

  /**
   * Opens the cache in {@code directory} (created if missing) with the default policy and the
   * system clock.
   *
   * @param directory the cache's directory, used by this cache alone
   * @return the open cache; close it when done
   * @throws MediaCacheLockedException if another process has the directory open
   * @throws IllegalStateException if this process has it open with another policy or clock
   * @throws IOException if the directory cannot be created or read
   */
  public static MediaCache open(File directory) throws IOException {
    return open(directory, MediaCachePolicy.defaults(), Clock.SYSTEM);
  }

  /**
   * Opens the cache in {@code directory} with {@code policy} and the system clock.
   *
   * @param directory the cache's directory, used by this cache alone
   * @param policy the size limit, expiry and cleanup settings
   * @return the open cache; close it when done
   * @throws MediaCacheLockedException if another process has the directory open
   * @throws IllegalStateException if this process has it open with another policy or clock
   * @throws IOException if the directory cannot be created or read
   */
  public static MediaCache open(File directory, MediaCachePolicy policy) throws IOException {
    return open(directory, policy, Clock.SYSTEM);
  }

  /**
   * Opens the cache in {@code directory} with {@code policy}, measuring last reads, expiry and
   * cleanup intervals on {@code clock} (tests pass a fake one).
   *
   * @param directory the cache's directory, used by this cache alone
   * @param policy the size limit, expiry and cleanup settings
   * @param clock the time source for last reads, expiry and cleanup intervals
   * @return the open cache; close it when done
   * @throws MediaCacheLockedException if another process has the directory open
   * @throws IllegalStateException if this process has it open with another policy or clock
   * @throws IOException if the directory cannot be created or read
   */
  public static MediaCache open(File directory, MediaCachePolicy policy, Clock clock)
      throws IOException {
    if (directory == null) throw new NullPointerException("directory == null");
    if (policy == null) throw new NullPointerException("policy == null");
    if (clock == null) throw new NullPointerException("clock == null");
    return new MediaCache(CacheStore.acquire(directory, policy, clock));
  }

  /** {@return the cache's directory (canonical path)} */
  public File directory() {
    return store.directory();
  }

  /** {@return the retention policy} */
  public MediaCachePolicy policy() {
    return store.policy();
  }

  /**
   * What the cache holds now, and its hits, misses and evictions since its directory was created
   * or cleared.
   *
   * @return a snapshot of the cache's size, entry count and counters
   * @throws IllegalStateException if closed
   */
  public MediaCacheStats stats() {
    long[] s = store().stats();
    return new MediaCacheStats(s[0], s[1], s[2], s[3], s[4]);
  }

  /**
   * Keeps the entry of {@code cacheKey} ({@link MediaRequest#cacheKey()}) from being evicted or
   * expiring, now or once it is stored, until {@link #unpin(String) unpinned}; pins nest. Pins
   * last while the cache is open; they are not written to disk.
   *
   * @param cacheKey the key of the entry to keep
   * @throws IllegalStateException if closed
   */
  public void pin(String cacheKey) {
    if (cacheKey == null) throw new NullPointerException("cacheKey == null");
    store().pin(cacheKey);
  }

  /**
   * Undoes one {@link #pin(String)}; the entry is then subject to the policy again.
   *
   * @param cacheKey the key given to {@link #pin(String)}
   * @throws IllegalStateException if closed
   */
  public void unpin(String cacheKey) {
    if (cacheKey == null) throw new NullPointerException("cacheKey == null");
    store().unpin(cacheKey);
  }

  /**
   * Applies the policy now, on the calling thread (expiry, total size, and repairs after a crash).
   * Not needed in general: it runs by itself in the background at most once per cleanup interval.
   *
   * @throws IOException if the bookkeeping cannot be written
   * @throws IllegalStateException if closed
   */
  public void cleanup() throws IOException {
    store().cleanup();
  }

  /**
   * Removes every entry, pinned ones too, and resets the counters (for a "clear cache" button or
   * a logout). Downloads filling an entry at that moment may still store it when they end.
   *
   * @throws IOException if the bookkeeping cannot be written
   * @throws IllegalStateException if closed
   */
  public void clear() throws IOException {
    store().clear();
  }

  /** {@return whether this handle was closed} */
  public boolean isClosed() {
    return closed;
  }

  /**
   * Closes this handle; the last handle on a directory writes the bookkeeping and releases the
   * directory (its lock file). Downloads through a closed handle fail with
   * {@link IllegalStateException}. Idempotent.
   */
  @Override
  public void close() {
    if (closed) return;
    synchronized (this) {
      if (closed) return;
      closed = true;
    }
    store.release();
  }

  /** The store behind this handle, for the calls that use it. */
  CacheStore store() {
    if (closed) throw new IllegalStateException("the MediaCache is closed");
    return store;
  }

  @Override
  public String toString() {
    return "MediaCache{" + store.directory() + (closed ? ", closed}" : "}");
  }
}
