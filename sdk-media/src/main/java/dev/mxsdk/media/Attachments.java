package dev.mxsdk.media;

import dev.mxsdk.media.codec.AttachmentDecryptingSource;
import dev.mxsdk.media.codec.AttachmentEncryptingSource;
import dev.mxsdk.media.internal.delivery.Delivery;
import dev.mxsdk.media.internal.flow.E2eeLayer;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
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
 * hash in constant time at the end of the stream. Encryption produces {@code v2} only. The
 * streaming layers themselves are public in {@link dev.mxsdk.media.codec}.
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
   *
   * @param ciphertext the encrypted attachment as downloaded
   * @param file the attachment's {@code EncryptedFile}: key, IV and SHA-256
   * @return a source of the plaintext
   */
  public static Source decrypt(Source ciphertext, EncryptedFile file) {
    if (ciphertext == null) throw new NullPointerException("ciphertext == null");
    if (file == null) throw new NullPointerException("file == null");
    return new AttachmentDecryptingSource(ciphertext, file);
  }

  /**
   * An {@link InputStream} view of {@link #decrypt(Source, EncryptedFile)}, with the same
   * guarantee: <strong>unverified until it ends</strong>, where a mismatch throws
   * {@link MediaIntegrityException}. Closing the returned stream closes {@code ciphertext}.
   *
   * @param ciphertext the encrypted attachment as downloaded
   * @param file the attachment's {@code EncryptedFile}: key, IV and SHA-256
   * @return a stream of the plaintext
   */
  public static InputStream decrypt(InputStream ciphertext, EncryptedFile file) {
    if (ciphertext == null) throw new NullPointerException("ciphertext == null");
    return Okio.buffer(decrypt(Okio.source(ciphertext), file)).inputStream();
  }

  /**
   * Decrypts {@code ciphertext} into {@code target} through a private temporary file beside it,
   * which holds only ciphertext until the SHA-256 matched, is then decrypted in place and moved
   * into place. On any failure the temporary file is deleted, the target is not created, and an
   * existing target is not modified; unverified plaintext never reaches the disk. Reads
   * {@code ciphertext} to its end and closes it.
   *
   * @param ciphertext the encrypted attachment as downloaded
   * @param file the attachment's {@code EncryptedFile}: key, IV and SHA-256
   * @param target the file to write the plaintext to, replaced only on success
   * @throws MediaIntegrityException if the SHA-256 of the ciphertext does not match
   * @throws IOException if reading or writing fails
   */
  public static void decryptToFile(Source ciphertext, EncryptedFile file, File target)
      throws IOException {
    if (ciphertext == null) throw new NullPointerException("ciphertext == null");
    if (file == null) throw new NullPointerException("file == null");
    if (target == null) throw new NullPointerException("target == null");
    try {
      Delivery.toFile(ciphertext, file, target);
    } finally {
      ciphertext.close();
    }
  }

  /**
   * Checks the SHA-256 of a complete ciphertext file first, then returns a source of its
   * plaintext: nothing is released unless the hash matched. This is the verified streaming mode
   * for ciphertext spooled to a private file. (The returned source checks the hash once more as it
   * reads, so a file changed in between still fails at its end.) Closing the returned source
   * closes the file.
   *
   * @param ciphertext a file holding the complete ciphertext
   * @param file the attachment's {@code EncryptedFile}: key, IV and SHA-256
   * @return a source of the verified plaintext
   * @throws MediaIntegrityException if the SHA-256 of the file does not match
   * @throws IOException if the file cannot be read
   */
  public static Source openVerified(File ciphertext, EncryptedFile file) throws IOException {
    if (ciphertext == null) throw new NullPointerException("ciphertext == null");
    if (file == null) throw new NullPointerException("file == null");
    return E2eeLayer.verified(ciphertext, file);
  }

  /**
   * Returns a source that encrypts {@code plaintext} (of any length) under a fresh random key and
   * IV ({@code v2}: 8 random bytes then 8 zero bytes); its {@link EncryptingSource#encryptedFile()}
   * describes the ciphertext once the source has ended. Closing it closes {@code plaintext}.
   *
   * @param plaintext the attachment to encrypt
   * @return a source of the ciphertext, which also gives the {@code EncryptedFile} at its end
   */
  public static EncryptingSource encrypt(Source plaintext) {
    if (plaintext == null) throw new NullPointerException("plaintext == null");
    return new EncryptingSource(new AttachmentEncryptingSource(plaintext, RANDOM));
  }
}
