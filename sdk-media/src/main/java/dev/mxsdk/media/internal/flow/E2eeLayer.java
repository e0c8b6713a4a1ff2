package dev.mxsdk.media.internal.flow;

import dev.mxsdk.media.EncryptedFile;
import dev.mxsdk.media.MediaIntegrityException;
import dev.mxsdk.media.codec.AttachmentDecryptingSource;
import dev.mxsdk.media.internal.crypto.AesCtr;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import okio.Okio;
import okio.Source;

/**
 * Step 7 of the flow: the end-to-end encryption layer over the bytes the CDN layer produced, in
 * the three ways delivery needs it. AES-256-CTR cannot prove anything before the SHA-256 of the
 * whole ciphertext is known, so verified delivery works on ciphertext at rest (a private
 * temporary file) and releases or writes plaintext only after the hash matched.
 */
public final class E2eeLayer {
  /** Bytes read or written per step when working on a file. */
  static final int FILE_CHUNK = 256 * 1024;

  private E2eeLayer() {}

  /**
   * Plaintext as it streams, <strong>unverified until the end</strong>, where a mismatch throws
   * {@link MediaIntegrityException}.
   */
  public static Source unverified(Source ciphertext, EncryptedFile file) {
    return new AttachmentDecryptingSource(ciphertext, file);
  }

  /**
   * Plaintext of a range: {@code ciphertext} holds the attachment's ciphertext from byte
   * {@code offset}, and is decrypted with the counter started at the block that holds it.
   * <strong>Never verified</strong>: the SHA-256 covers the whole ciphertext.
   */
  public static Source ranged(Source ciphertext, EncryptedFile file, long offset) {
    byte[] key = file.key();
    try {
      return new CtrSource(ciphertext,
          new AesCtr(key, file.iv(), file.version() != null, offset));
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  /** Throws {@link MediaIntegrityException} unless the SHA-256 of {@code ciphertext} matches. */
  public static void verify(File ciphertext, EncryptedFile file) throws IOException {
    MessageDigest digest = sha256();
    byte[] buffer = new byte[FILE_CHUNK];
    InputStream in = new FileInputStream(ciphertext);
    try {
      for (int n; (n = in.read(buffer)) != -1; ) digest.update(buffer, 0, n);
    } finally {
      in.close();
    }
    if (!MessageDigest.isEqual(digest.digest(), file.sha256())) throw hashMismatch();
  }

  /**
   * Plaintext of a complete ciphertext file, released only after its SHA-256 matched (and checked
   * once more as it is read, so a file changed in between still fails at its end).
   */
  public static Source verified(File ciphertext, EncryptedFile file) throws IOException {
    verify(ciphertext, file);
    return unverified(Okio.source(ciphertext), file);
  }

  /**
   * Decrypts a complete, already verified ciphertext file in place (CTR keeps the length), so the
   * plaintext never exists outside the file that becomes the result.
   */
  public static void decryptInPlace(File file, EncryptedFile encrypted) throws IOException {
    byte[] key = encrypted.key();
    AesCtr ctr;
    try {
      ctr = new AesCtr(key, encrypted.iv(), encrypted.version() != null);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
    byte[] buffer = new byte[FILE_CHUNK];
    RandomAccessFile raf = new RandomAccessFile(file, "rw");
    try {
      long position = 0;
      for (int n; (n = raf.read(buffer)) > 0; ) {
        ctr.update(buffer, 0, n, buffer, 0);
        raf.seek(position);
        raf.write(buffer, 0, n);
        position += n;
      }
    } finally {
      Arrays.fill(buffer, (byte) 0);
      raf.close();
    }
  }

  /** The failure of every E2EE hash check. */
  public static MediaIntegrityException hashMismatch() {
    return new MediaIntegrityException(
        "SHA-256 of the ciphertext does not match the EncryptedFile's hashes.sha256"
            + " (truncated, modified or wrong file)");
  }

  /** A new SHA-256 digest. */
  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
