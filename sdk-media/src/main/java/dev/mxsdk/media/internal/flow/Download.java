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
 * (wire, CDN layer, range cut, size limit), its metadata, and what diagnostics show. Delivery
 * takes it from here. Closing it releases the connection.
 */
public final class Download implements Closeable {
  /** Downloads the same media again from a plaintext offset (for resuming into a partial file). */
  public interface Reopener {
    /** The same request from {@code offset} to the end, as a ranged download. */
    Download reopen(long offset) throws IOException;
  }

  private final Response response;
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

  Download(Response response, Source objectBytes, @Nullable EncryptedFile encryptedFile,
      @Nullable String contentType, long contentLength, @Nullable String fileName,
      String cacheKey, Negotiation.Route route, ChainState chain, int attempts, long offset,
      long totalLength, boolean ranged, long maxSize, @Nullable Reopener reopener) {
    this.response = response;
    this.maxSize = maxSize;
    this.offset = offset;
    this.totalLength = totalLength;
    this.ranged = ranged;
    this.reopener = reopener;
    this.objectBytes = objectBytes;
    this.encryptedFile = encryptedFile;
    this.contentType = contentType;
    this.contentLength = contentLength;
    this.fileName = fileName;
    this.cacheKey = cacheKey;
    this.endpoint = route.family.label;
    this.fellBack = route.fellBack;
    this.cdnEncryptionOffered = chain.offerCdnEncryption;
    this.hops = chain.hops();
    this.keyReceived = chain.key() != null;
    this.attempts = attempts;
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

  /** Releases the connection; the body need not have been read. Idempotent. */
  @Override
  public void close() {
    try {
      objectBytes.close();
    } catch (IOException ignored) {
      // Closing releases the connection; failing to do so cleanly changes nothing for the caller.
    } finally {
      response.close();
    }
  }
}
