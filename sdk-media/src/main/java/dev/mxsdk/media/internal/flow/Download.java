package dev.mxsdk.media.internal.flow;

import dev.mxsdk.media.EncryptedFile;
import java.io.Closeable;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import okhttp3.Response;
import okio.Source;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of the flow up to the E2EE layer: the media object's bytes as a layered source
 * (wire, CDN layer, range cut, size limit) or a disk cache entry, its metadata, and what
 * diagnostics show. Delivery takes it from here. Closing it releases the connection (or the
 * cache entry).
 */
public final class Download implements Closeable {
  /** Downloads the same media again from a plaintext offset (for resuming into a partial file). */
  public interface Reopener {
    /** The same request from {@code offset} to the end, as a ranged download. */
    Download reopen(long offset) throws IOException;
  }

  /** What closing releases: the response (a network download) or the cache entry (a hit). */
  private final Closeable resource;
  /**
   * The object's bytes from {@link #offset}: plaintext of plain media, E2EE ciphertext of
   * encrypted media (which has the plaintext's positions).
   */
  public final Source objectBytes;
  public final @Nullable EncryptedFile encryptedFile;
  public final @Nullable String contentType;
  /**
   * The length of {@link #objectBytes}, or -1 when unknown (with the CDN layer unless the key
   * header named the record size, or a range of unknown extent).
   */
  public final long contentLength;
  /** The position of the first byte of {@link #objectBytes} in the object: 0 unless ranged. */
  public final long offset;
  /** The whole object's length, or -1 when unknown. */
  public final long totalLength;
  /** Whether this is a ranged download (its E2EE bytes then cannot be verified). */
  public final boolean ranged;
  /** The largest media accepted (the option), or -1 for no limit. */
  public final long maxSize;
  private final @Nullable Reopener reopener;
  public final @Nullable String fileName;
  public final String cacheKey;
  public final String endpoint;
  public final boolean fellBack;
  public final boolean cdnEncryptionOffered;
  public final List<String> hops;
  public final boolean keyReceived;
  public final int attempts;
  /** Whether the bytes come from the disk cache, without any request. */
  public final boolean fromCache;
  /**
   * Whether {@link #objectBytes} were checked against their SHA-256 before the first byte (a
   * cache hit: for E2EE media that is the {@code EncryptedFile}'s hash), so that verified
   * delivery may decrypt them as they stream instead of spooling them first; the decrypting
   * layer still checks the hash again at the end.
   */
  public final boolean verifiedAtRest;

  Download(Response response, Source objectBytes, @Nullable EncryptedFile encryptedFile,
      @Nullable String contentType, long contentLength, @Nullable String fileName,
      String cacheKey, Negotiation.Route route, ChainState chain, int attempts, long offset,
      long totalLength, boolean ranged, long maxSize, @Nullable Reopener reopener) {
    this(response, objectBytes, encryptedFile, contentType, contentLength, fileName, cacheKey,
        route.family.label, route.fellBack, chain.offerCdnEncryption, chain.hops(),
        chain.key() != null, attempts, offset, totalLength, ranged, maxSize, reopener, false,
        false);
  }

  private Download(Closeable resource, Source objectBytes, @Nullable EncryptedFile encryptedFile,
      @Nullable String contentType, long contentLength, @Nullable String fileName,
      String cacheKey, String endpoint, boolean fellBack, boolean cdnEncryptionOffered,
      List<String> hops, boolean keyReceived, int attempts, long offset, long totalLength,
      boolean ranged, long maxSize, @Nullable Reopener reopener, boolean fromCache,
      boolean verifiedAtRest) {
    this.resource = resource;
    this.objectBytes = objectBytes;
    this.encryptedFile = encryptedFile;
    this.contentType = contentType;
    this.contentLength = contentLength;
    this.fileName = fileName;
    this.cacheKey = cacheKey;
    this.endpoint = endpoint;
    this.fellBack = fellBack;
    this.cdnEncryptionOffered = cdnEncryptionOffered;
    this.hops = hops;
    this.keyReceived = keyReceived;
    this.attempts = attempts;
    this.offset = offset;
    this.totalLength = totalLength;
    this.ranged = ranged;
    this.maxSize = maxSize;
    this.reopener = reopener;
    this.fromCache = fromCache;
    this.verifiedAtRest = verifiedAtRest;
  }

  /**
   * A whole download served from the disk cache: {@code objectBytes} were verified at rest, no
   * request was made. Closing releases {@code resource} (the entry's file).
   */
  public static Download cached(Source objectBytes, Closeable resource,
      @Nullable EncryptedFile encryptedFile, @Nullable String contentType, long contentLength,
      @Nullable String fileName, String cacheKey, long maxSize) {
    return new Download(resource, objectBytes, encryptedFile, contentType, contentLength, fileName,
        cacheKey, "cache", false, false, Collections.<String>emptyList(), false, 0, 0,
        contentLength, false, maxSize, null, true, true);
  }

  /**
   * A range of a stored entry: {@code byteCount} bytes from {@code offset} of an object of
   * {@code totalLength}. E2EE bytes of a range are decrypted from their offset and cannot be
   * verified, like a ranged download's.
   */
  public static Download cachedRange(Source objectBytes, Closeable resource,
      @Nullable EncryptedFile encryptedFile, @Nullable String contentType,
      @Nullable String fileName, String cacheKey, long offset, long byteCount, long totalLength,
      long maxSize) {
    return new Download(resource, objectBytes, encryptedFile, contentType, byteCount, fileName,
        cacheKey, "cache", false, false, Collections.<String>emptyList(), false, 0, offset,
        totalLength, true, maxSize, null, true, false);
  }

  /** This download with its bytes read through {@code layer} (which wraps {@link #objectBytes}). */
  public Download withObjectBytes(Source layer) {
    return new Download(resource, layer, encryptedFile, contentType, contentLength, fileName,
        cacheKey, endpoint, fellBack, cdnEncryptionOffered, hops, keyReceived, attempts, offset,
        totalLength, ranged, maxSize, reopener, fromCache, verifiedAtRest);
  }

  /**
   * Runs the same request again as a ranged download from {@code offset} (the call's handle,
   * options and retry policy; a new redirect and key), for resuming a partial file.
   *
   * @throws IllegalStateException if this download cannot be reopened
   */
  public Download reopen(long offset) throws IOException {
    Reopener r = reopener;
    if (r == null) throw new IllegalStateException("this download cannot be reopened");
    return r.reopen(offset);
  }

  /** Releases the connection or the cache entry; the body need not have been read. Idempotent. */
  @Override
  public void close() {
    try {
      objectBytes.close();
    } catch (IOException ignored) {
      // Closing releases the connection; failing to do so cleanly changes nothing for the caller.
    } finally {
      try {
        resource.close();
      } catch (IOException ignored) {
        // As above.
      }
    }
  }
}
