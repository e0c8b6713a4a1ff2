package dev.mxsdk.media.internal.cache;

import java.io.IOException;
import okio.Buffer;
import okio.ForwardingSource;
import okio.Source;
import org.jspecify.annotations.Nullable;

/**
 * The tee of a cache miss: hands the download's object bytes (plaintext of plain media, E2EE
 * ciphertext of encrypted media, both after the CDN layer) to the caller as they arrive and copies
 * them into the entry being filled. At the end of the stream the entry is stored, if it is
 * complete, within the policy's entry size and (E2EE) hashes to the {@code EncryptedFile}'s
 * SHA-256; a failure of the download, a close before the end, or a write error gives the entry up.
 * Either way the fill ends and its followers look up again. Writing to the cache never fails the
 * caller's read. Not thread-safe.
 */
final class FillingSource extends ForwardingSource {
  private final CacheStore store;
  private final CacheFill fill;
  private final EntryWriter writer;
  private final String cacheKey;
  private final @Nullable String contentType;
  private final @Nullable String fileName;
  private final byte @Nullable [] expectedSha256;
  private final long declaredLength;
  private boolean done;

  /** {@code declaredLength} is the object's length when the response declared it, else -1. */
  FillingSource(Source objectBytes, CacheStore store, CacheFill fill, EntryWriter writer,
      String cacheKey, @Nullable String contentType, @Nullable String fileName,
      byte @Nullable [] expectedSha256, long declaredLength) {
    super(objectBytes);
    this.store = store;
    this.fill = fill;
    this.writer = writer;
    this.cacheKey = cacheKey;
    this.contentType = contentType;
    this.fileName = fileName;
    this.expectedSha256 = expectedSha256;
    this.declaredLength = declaredLength;
  }

  @Override
  public long read(Buffer sink, long byteCount) throws IOException {
    long n;
    try {
      n = super.read(sink, byteCount);
    } catch (IOException | RuntimeException | Error e) {
      giveUp();
      throw e;
    }
    if (done) return n;
    if (n == -1) {
      done = true;
      store.complete(fill, writer, cacheKey, contentType, fileName, expectedSha256);
      return -1;
    }
    writer.write(sink, sink.size() - n, n);
    if (writer.isGivenUp()) giveUp();
    return n;
  }

  private void giveUp() {
    if (done) return;
    done = true;
    writer.abort();
    store.abandon(fill);
  }

  @Override
  public void close() throws IOException {
    try {
      completeIfAllArrived();
      super.close();
    } finally {
      giveUp();
    }
  }

  /**
   * A caller that stops at the last byte without reading the end of the stream (an image decoder
   * that has its image) still fills the entry: when every declared byte has arrived, one more
   * read, which needs no I/O at the end of a {@code Content-Length} body, confirms the end.
   */
  private void completeIfAllArrived() {
    if (done || declaredLength < 0 || writer.isGivenUp() || writer.length() != declaredLength) {
      return;
    }
    try {
      if (super.read(new Buffer(), 1) == -1) {
        done = true;
        store.complete(fill, writer, cacheKey, contentType, fileName, expectedSha256);
      }
    } catch (IOException | RuntimeException e) {
      // The end could not be confirmed: the entry is given up below.
    }
  }
}
