package dev.mxsdk.media.internal.flow;

import dev.mxsdk.media.EncryptedFile;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import okhttp3.Response;
import okio.Source;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of the flow up to the E2EE layer: the media object's bytes as a layered source
 * (wire, CDN layer, size limit), its metadata, and what diagnostics show. Delivery takes it from
 * here. Closing it releases the connection.
 */
public final class Download implements Closeable {
  /** What closing releases: the response (a network download) or the cache entry (a hit). */
  private final Closeable resource;
  /** The object's bytes: plaintext of plain media, E2EE ciphertext of encrypted media. */
  public final Source objectBytes;
  public final @Nullable EncryptedFile encryptedFile;
  public final @Nullable String contentType;
  /** The length of {@link #objectBytes}, or -1 when unknown (always with the CDN layer). */
  public final long contentLength;
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
      String cacheKey, Negotiation.Route route, ChainState chain, int attempts) {
    this(response, objectBytes, encryptedFile, contentType, contentLength, fileName, cacheKey,
        route.family.label, route.fellBack, chain.offerCdnEncryption, chain.hops(),
        chain.key() != null, attempts, false, false);
  }

  private Download(Closeable resource, Source objectBytes, @Nullable EncryptedFile encryptedFile,
      @Nullable String contentType, long contentLength, @Nullable String fileName,
      String cacheKey, String endpoint, boolean fellBack, boolean cdnEncryptionOffered,
      List<String> hops, boolean keyReceived, int attempts, boolean fromCache,
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
    this.fromCache = fromCache;
    this.verifiedAtRest = verifiedAtRest;
  }

  /**
   * A download served from the disk cache: {@code objectBytes} were verified at rest, no request
   * was made. Closing releases {@code resource} (the entry's file).
   */
  public static Download cached(Source objectBytes, Closeable resource,
      @Nullable EncryptedFile encryptedFile, @Nullable String contentType, long contentLength,
      @Nullable String fileName, String cacheKey) {
    return new Download(resource, objectBytes, encryptedFile, contentType, contentLength, fileName,
        cacheKey, "cache", false, false, java.util.Collections.<String>emptyList(), false, 0,
        true, true);
  }

  /** This download with its bytes read through {@code layer} (which wraps {@link #objectBytes}). */
  public Download withObjectBytes(Source layer) {
    return new Download(resource, layer, encryptedFile, contentType, contentLength, fileName,
        cacheKey, endpoint, fellBack, cdnEncryptionOffered, hops, keyReceived, attempts, fromCache,
        verifiedAtRest);
  }

  /** Releases the connection; the body need not have been read. Idempotent. */
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
