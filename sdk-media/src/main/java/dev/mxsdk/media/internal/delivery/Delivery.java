package dev.mxsdk.media.internal.delivery;

import dev.mxsdk.media.EncryptedFile;
import dev.mxsdk.media.internal.flow.Download;
import dev.mxsdk.media.internal.flow.E2eeLayer;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import okio.BufferedSink;
import okio.BufferedSource;
import okio.HashingSource;
import okio.Okio;
import okio.Source;
import org.jspecify.annotations.Nullable;

/**
 * Step 8 of the flow, every delivery mode in one place. For plain media the object's bytes are
 * the plaintext; for E2EE media they are ciphertext, and the {@link E2eeLayer} is applied here:
 *
 * <ul>
 *   <li>{@link #stream}: plain bytes as they arrive; E2EE plaintext either unverified as it
 *       arrives (players) or, by default, only after the whole ciphertext was spooled to a private
 *       file and its SHA-256 matched;
 *   <li>{@link #toFile}: through a temporary file beside the target that holds E2EE
 *       <em>ciphertext</em> until its hash matched, is then decrypted in place and moved over the
 *       target; the target is never created or changed on failure;
 *   <li>{@link #toStream}: everything verified in a private spool file first, then copied into
 *       the caller's stream, which receives nothing unless everything verified.
 * </ul>
 *
 * <p>A ranged download's E2EE bytes cannot be verified (the SHA-256 covers the whole ciphertext):
 * every mode then decrypts them with AES-CTR started at the range's offset; the flow's caller
 * allowed this only with unverified streaming. With resume, {@link #toFile(Download, File,
 * boolean)} writes through a {@link PartialFile} that outlives a failure.
 */
public final class Delivery {
  private Delivery() {}

  /** The plaintext stream of {@code download}. */
  public static BufferedSource stream(Download download, boolean unverifiedStreaming,
      @Nullable File spoolDirectory) {
    EncryptedFile file = download.encryptedFile;
    Source plaintext;
    if (file == null) {
      plaintext = download.objectBytes;
    } else if (download.ranged) {
      plaintext = E2eeLayer.ranged(download.objectBytes, file, download.offset);
    } else if (unverifiedStreaming || download.verifiedAtRest) {
      // Bytes verified at rest (a cache hit) need no spool: the layer checks the hash again.
      plaintext = E2eeLayer.unverified(download.objectBytes, file);
    } else {
      plaintext = new SpoolingVerifiedSource(download.objectBytes, file, spoolDirectory);
    }
    return Okio.buffer(plaintext);
  }

  /** Writes the verified plaintext to {@code target}; returns its length. Closes the download. */
  public static long toFile(Download download, File target) throws IOException {
    return toFile(download, target, false);
  }

  /**
   * Writes the verified plaintext to {@code target}; returns its length. With {@code resume} (and
   * a download of the whole media) through the target's {@link PartialFile}. Closes the download.
   */
  public static long toFile(Download download, File target, boolean resume) throws IOException {
    try {
      EncryptedFile file = download.encryptedFile;
      if (download.ranged) {
        Source bytes = file != null
            ? E2eeLayer.ranged(download.objectBytes, file, download.offset)
            : download.objectBytes;
        return toFile(bytes, null, target);
      }
      if (resume) {
        PartialFile partial = PartialFile.open(target);
        // Another download holds the partial: this one runs as if resume were off.
        if (partial != null) return Resume.toFile(download, partial);
      }
      return toFile(download.objectBytes, file, target);
    } finally {
      download.close();
    }
  }

  /**
   * Writes {@code objectBytes} (plaintext, or ciphertext when {@code file} is given) to
   * {@code target} as verified plaintext through a temporary file beside it; returns the length.
   * Reads the source to its end but does not close it.
   */
  public static long toFile(Source objectBytes, @Nullable EncryptedFile file, File target)
      throws IOException {
    AtomicFileWriter writer = AtomicFileWriter.open(target);
    try {
      BufferedSink sink = writer.sink();
      if (file == null) {
        long n = sink.writeAll(objectBytes);
        writer.commit();
        return n;
      }
      HashingSource hashing = HashingSource.sha256(objectBytes);
      long n = sink.writeAll(hashing);
      writer.flush();
      if (!MessageDigest.isEqual(hashing.hash().toByteArray(), file.sha256())) {
        throw E2eeLayer.hashMismatch();
      }
      E2eeLayer.decryptInPlace(writer.tempFile(), file);
      writer.commit();
      return n;
    } finally {
      writer.close();
    }
  }

  /**
   * Downloads and verifies everything into a private spool file, then copies the plaintext into
   * {@code out}, which is not closed. Closes the download.
   */
  public static long toStream(Download download, OutputStream out, @Nullable File spoolDirectory)
      throws IOException {
    if (download.verifiedAtRest) return copyVerifiedAtRest(download, out);
    File spool = null;
    try {
      spool = PrivateFiles.spoolFile(spoolDirectory);
      BufferedSink spooled = Okio.buffer(Okio.sink(spool));
      try {
        spooled.writeAll(download.objectBytes);
      } finally {
        spooled.close();
      }
      EncryptedFile file = download.encryptedFile;
      Source plaintext;
      if (file == null) {
        plaintext = Okio.source(spool);
      } else if (download.ranged) {
        plaintext = E2eeLayer.ranged(Okio.source(spool), file, download.offset);
      } else {
        plaintext = E2eeLayer.verified(spool, file);
      }
      try {
        BufferedSink sink = Okio.buffer(Okio.sink(out));
        long n = sink.writeAll(plaintext);
        sink.emit();
        out.flush();
        return n;
      } finally {
        plaintext.close();
      }
    } finally {
      if (spool != null) spool.delete();
      download.close();
    }
  }

  /** {@link #toStream} for bytes verified at rest (a cache hit): no spool copy is needed. */
  private static long copyVerifiedAtRest(Download download, OutputStream out) throws IOException {
    try {
      EncryptedFile file = download.encryptedFile;
      Source plaintext = file != null
          ? E2eeLayer.unverified(download.objectBytes, file) : download.objectBytes;
      BufferedSink sink = Okio.buffer(Okio.sink(out));
      long n = sink.writeAll(plaintext);
      sink.emit();
      out.flush();
      return n;
    } finally {
      download.close();
    }
  }

}
