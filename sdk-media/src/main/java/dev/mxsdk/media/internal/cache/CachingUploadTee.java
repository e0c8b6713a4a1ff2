package dev.mxsdk.media.internal.cache;

import dev.mxsdk.core.MxcUri;
import dev.mxsdk.media.EncryptedFile;
import dev.mxsdk.media.MediaRequest;
import dev.mxsdk.media.internal.flow.UploadTee;
import java.io.Closeable;
import java.io.IOException;
import okio.Source;
import org.jspecify.annotations.Nullable;

/**
 * Keeps what an upload sends in the disk cache, so that the uploaded media shows without a
 * download: each attempt writes a fresh entry ({@link CacheStore#newWriter()}), and only the
 * attempt that succeeded is stored, under the new mxc URI's cache key, once it is known. For E2EE
 * media the entry is the ciphertext and must match the {@code EncryptedFile}'s SHA-256; the policy's
 * entry size applies as to downloads. Not thread-safe: one per upload call.
 */
public final class CachingUploadTee implements UploadTee, Closeable {
  private final CacheStore store;
  private @Nullable CacheWriter writer;

  public CachingUploadTee(CacheStore store) {
    this.store = store;
  }

  @Override
  public Source attempt(Source sent) throws IOException {
    close();
    CacheWriter w = store.newWriter();
    writer = w;
    return w.tee(sent);
  }

  /**
   * Stores the last attempt's bytes as the download of {@code mxc}; returns whether they were
   * stored (not if they grew past the entry size or, for E2EE media, do not hash to
   * {@code encryptedFile}'s SHA-256).
   */
  public boolean commit(MxcUri mxc, @Nullable String contentType, @Nullable String fileName,
      @Nullable EncryptedFile encryptedFile) {
    CacheWriter w = writer;
    writer = null;
    if (w == null) return false;
    MediaRequest download = encryptedFile != null
        ? MediaRequest.download(encryptedFile.newBuilder().url(mxc).build())
        : MediaRequest.download(mxc);
    return w.commit(download.cacheKey(), contentType, fileName,
        encryptedFile != null ? encryptedFile.sha256() : null);
  }

  /** Discards what was kept and not committed. Idempotent. */
  @Override
  public void close() {
    CacheWriter w = writer;
    writer = null;
    if (w != null) w.close();
  }
}
