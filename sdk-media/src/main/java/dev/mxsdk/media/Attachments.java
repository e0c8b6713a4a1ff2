package dev.mxsdk.media;

import dev.mxsdk.media.internal.crypto.AttachmentDecryptingSource;
import dev.mxsdk.media.internal.crypto.AttachmentEncryptingSource;
import dev.mxsdk.media.internal.delivery.AtomicFileWriter;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import okio.BufferedSink;
import okio.Okio;
import okio.Source;

/**
 * Encrypts and decrypts Matrix end-to-end encrypted attachments ({@link EncryptedFile}) as streams,
 * in constant memory.
 *
 * <pre>{@code
 * // Verified: target appears only after the SHA-256 matched.
 * Attachments.decryptToFile(Okio.source(ciphertextFile), encryptedFile, new File("photo.jpg"));
 *
 * // Upload: ciphertext out, the EncryptedFile once it has ended.
 * EncryptingSource ciphertext = Attachments.encrypt(Okio.source(photo));
 * }</pre>
 *
 * <p>Decryption computes SHA-256 over the ciphertext as it passes, decrypts AES-256-CTR through the
 * platform's JCA provider ({@code v2} and legacy {@code v1} with a 64-bit counter, unversioned
 * files with a 128-bit counter, exactly as matrix-org's reference library does) and compares the
 * hash in constant time at the end of the stream. Encryption produces {@code v2} only.
 *
 * <p>All methods are thread-safe; the streams they return are not.
 *
 * <h2>Security</h2>
 * CTR decryption necessarily produces plaintext before the hash over the whole ciphertext is known.
 * {@link #decrypt(Source, EncryptedFile)} therefore releases <em>unverified</em> bytes and proves
 * integrity only when it reaches the end of the stream (a mismatch throws
 * {@link MediaIntegrityException} there, and again on every later read). Use it only where acting
 * on unverified bytes is acceptable (a media player), or where the output is private until the end
 * (a temporary file). {@link #decryptToFile} and {@link #openVerified} release nothing before the
 * hash matched.
 */
public final class Attachments {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Attachments() {}

  /**
   * Returns a source that decrypts {@code ciphertext}; <strong>unverified until it ends</strong>.
   * The read that reaches the end throws {@link MediaIntegrityException} if the SHA-256 of the
   * ciphertext does not match, and every later read throws again. Closing the returned source
   * closes {@code ciphertext}.
   */
  public static Source decrypt(Source ciphertext, EncryptedFile file) {
    if (ciphertext == null) throw new NullPointerException("ciphertext == null");
    if (file == null) throw new NullPointerException("file == null");
    return new AttachmentDecryptingSource(
        ciphertext, file.secretKey(), file.iv(), file.sha256(), file.counter64());
  }

  /**
   * An {@link InputStream} view of {@link #decrypt(Source, EncryptedFile)}, with the same
   * guarantee: <strong>unverified until it ends</strong>, where a mismatch throws
   * {@link MediaIntegrityException}. Closing the returned stream closes {@code ciphertext}.
   */
  public static InputStream decrypt(InputStream ciphertext, EncryptedFile file) {
    if (ciphertext == null) throw new NullPointerException("ciphertext == null");
    return Okio.buffer(decrypt(Okio.source(ciphertext), file)).inputStream();
  }

  /**
   * Decrypts {@code ciphertext} into {@code target} through a temporary file beside it, which is
   * moved into place only after the SHA-256 matched. On any failure the temporary file is deleted,
   * the target is not created, and an existing target is not modified. Reads {@code ciphertext}
   * to its end and closes it.
   *
   * @throws MediaIntegrityException if the SHA-256 of the ciphertext does not match
   * @throws IOException if reading or writing fails
   */
  public static void decryptToFile(Source ciphertext, EncryptedFile file, File target)
      throws IOException {
    if (target == null) throw new NullPointerException("target == null");
    Source plaintext = decrypt(ciphertext, file);
    try {
      AtomicFileWriter writer = AtomicFileWriter.open(target);
      try {
        BufferedSink sink = writer.sink();
        sink.writeAll(plaintext);
        writer.commit();
      } finally {
        writer.close();
      }
    } finally {
      plaintext.close();
    }
  }

  /**
   * Checks the SHA-256 of a complete ciphertext file first, then returns a source of its
   * plaintext: nothing is released unless the hash matched. This is the verified streaming mode
   * for ciphertext spooled to a private file. (The returned source checks the hash once more as it
   * reads, so a file changed in between still fails at its end.) Closing the returned source
   * closes the file.
   *
   * @throws MediaIntegrityException if the SHA-256 of the file does not match
   * @throws IOException if the file cannot be read
   */
  public static Source openVerified(File ciphertext, EncryptedFile file) throws IOException {
    if (ciphertext == null) throw new NullPointerException("ciphertext == null");
    if (file == null) throw new NullPointerException("file == null");
    MessageDigest digest = sha256();
    byte[] buffer = new byte[8192];
    InputStream in = new FileInputStream(ciphertext);
    try {
      for (int n; (n = in.read(buffer)) != -1; ) {
        digest.update(buffer, 0, n);
      }
    } finally {
      in.close();
    }
    if (!MessageDigest.isEqual(digest.digest(), file.sha256())) {
      throw new MediaIntegrityException(
          "SHA-256 of the ciphertext does not match the EncryptedFile's hashes.sha256"
              + " (truncated, modified or wrong file)");
    }
    return decrypt(Okio.source(ciphertext), file);
  }

  /**
   * Returns a source that encrypts {@code plaintext} (of any length) under a fresh random key and
   * IV ({@code v2}: 8 random bytes then 8 zero bytes); its {@link EncryptingSource#encryptedFile()}
   * describes the ciphertext once the source has ended. Closing it closes {@code plaintext}.
   */
  public static EncryptingSource encrypt(Source plaintext) {
    if (plaintext == null) throw new NullPointerException("plaintext == null");
    return new EncryptingSource(new AttachmentEncryptingSource(plaintext, RANDOM));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
