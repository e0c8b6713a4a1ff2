package dev.mxsdk.media.internal.delivery;

import dev.mxsdk.media.EncryptedFile;
import dev.mxsdk.media.MediaTooLargeException;
import dev.mxsdk.media.internal.flow.LimitSource;
import dev.mxsdk.media.internal.flow.Download;
import dev.mxsdk.media.internal.flow.E2eeLayer;
import java.io.IOException;
import java.security.MessageDigest;
import okio.Buffer;
import okio.BufferedSink;
import org.jspecify.annotations.Nullable;

/**
 * {@code downloadTo(File)} with resume: writes the media into its {@link PartialFile}, continuing
 * what an earlier download left there with a ranged request from the partial's length, and moves
 * it over the target once complete and (for E2EE media) verified.
 *
 * <ul>
 *   <li>The partial is used only if its info names the same media (cache key, SHA-256 for E2EE),
 *       the same length where both are known, and it is not longer than the media; otherwise it
 *       is emptied and the download written from the start.
 *   <li>E2EE partials hold ciphertext. Before continuing, the partial is hashed again, so the
 *       SHA-256 checked at the end covers every byte of the result, old and new; only then is it
 *       decrypted in place and moved.
 *   <li>A partial that turns out not to fit (the ranged answer names another length, or the final
 *       hash fails) is emptied and the download starts over once, from 0.
 *   <li>On any other failure the partial is kept for the next attempt, except when the media is
 *       larger than the limit.
 * </ul>
 */
final class Resume {
  private static final int COPY_CHUNK = 64 * 1024;

  private Resume() {}

  /** Writes {@code download} to the target of {@code partial}; returns the length. */
  static long toFile(Download download, PartialFile partial) throws IOException {
    Download current = download;
    try {
      EncryptedFile file = download.encryptedFile;
      PartialFile.Info wanted = new PartialFile.Info(download.cacheKey, download.totalLength,
          file != null ? file.sha256() : null);
      PartialFile.Info had = partial.info();
      long have = partial.length();
      boolean resumed = false;
      if (had != null && have > 0 && had.fits(wanted)
          && (wanted.length < 0 || have <= wanted.length)) {
        long known = had.length >= 0 ? had.length : wanted.length;
        if (known < 0 || have < known) {
          current.close();
          current = download.reopen(have);
          long total = current.totalLength;
          if (total >= 0 && ((known >= 0 && total != known) || have > total)) {
            current = restart(download, current, partial, wanted);
          } else {
            resumed = true;
          }
        } else {
          // Everything arrived before; only the checks and the move were left.
          current.close();
          current = null;
          resumed = true;
        }
      } else {
        partial.reset(wanted);
      }
      while (true) {
        MessageDigest digest = file != null ? partial.hashed() : null;
        if (current != null) append(current, partial, digest);
        if (file == null || MessageDigest.isEqual(digest.digest(), file.sha256())) break;
        if (!resumed) {
          partial.discard();
          throw E2eeLayer.hashMismatch();
        }
        // The old bytes and the new ones do not make the file: start over, once.
        current = restart(download, current, partial, wanted);
        resumed = false;
      }
      long length = partial.length();
      boolean done = false;
      try {
        if (file != null) {
          partial.flush();
          E2eeLayer.decryptInPlace(partial.dataFile(), file);
        }
        partial.commit();
        done = true;
      } finally {
        // Decrypted in place, the partial holds plaintext: it must not outlive a failed move.
        if (!done) partial.discard();
      }
      return length;
    } finally {
      if (current != null) current.close();
      partial.close();
    }
  }

  private static Download restart(Download original, @Nullable Download current,
      PartialFile partial, PartialFile.Info wanted) throws IOException {
    if (current != null) current.close();
    partial.reset(wanted);
    return original.reopen(0);
  }

  /** Appends {@code download}'s bytes to the partial, hashing them into {@code digest}. */
  private static void append(Download download, PartialFile partial,
      @Nullable MessageDigest digest) throws IOException {
    long maxSize = download.maxSize;
    long total = partial.length();
    BufferedSink sink = partial.sink();
    Buffer buffer = new Buffer();
    byte[] chunk = new byte[COPY_CHUNK];
    try {
      while (download.objectBytes.read(buffer, COPY_CHUNK) != -1) {
        while (buffer.size() > 0) {
          int n = buffer.read(chunk, 0, chunk.length);
          if (maxSize > 0 && total + n > maxSize) throw LimitSource.tooLarge(maxSize);
          if (digest != null) digest.update(chunk, 0, n);
          sink.write(chunk, 0, n);
          total += n;
        }
      }
      partial.flush();
    } catch (MediaTooLargeException e) {
      partial.discard();
      throw e;
    }
  }
}
