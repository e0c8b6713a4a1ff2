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
  private final Response response;
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

  Download(Response response, Source objectBytes, @Nullable EncryptedFile encryptedFile,
      @Nullable String contentType, long contentLength, @Nullable String fileName,
      String cacheKey, Negotiation.Route route, ChainState chain, int attempts) {
    this.response = response;
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
