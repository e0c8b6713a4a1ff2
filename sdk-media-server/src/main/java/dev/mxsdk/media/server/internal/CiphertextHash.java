package dev.mxsdk.media.server.internal;

import dev.mxsdk.media.EncryptedFile;
import dev.mxsdk.media.MediaIntegrityException;
import dev.mxsdk.media.codec.AttachmentEncryptingSource;
import dev.mxsdk.media.codec.SecretBytes;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.Arrays;
import okio.Buffer;

/**
 * The SHA-256 of an E2EE attachment's ciphertext, computed from the plaintext a response serves:
 * the plaintext is encrypted again under the file's key and IV (AES-CTR is its own inverse, so
 * this yields exactly the ciphertext the homeserver stores) and hashed, and {@link #verify()}
 * compares the hash with the {@code EncryptedFile}'s. This is what lets a whole response that was
 * fetched as several ranged downloads (none of which the SDK can verify) still be verified at its
 * end, for the price of one more AES-CTR pass.
 *
 * <p>The encryption is sdk-media's public {@link AttachmentEncryptingSource}, which counts with
 * 64 bits like {@code v1} and {@code v2} attachments; an unversioned attachment counts with 128
 * bits, which differs only where the low 64 bits of the counter wrap ({@link #canVerify}).
 *
 * <p>Not thread-safe.
 */
final class CiphertextHash {
  private static final int BLOCK = 16;

  private final Buffer feed = new Buffer();
  private final Buffer discard = new Buffer();
  private final AttachmentEncryptingSource encrypting;
  private final byte[] expected;

  CiphertextHash(EncryptedFile file) {
    this.encrypting = new AttachmentEncryptingSource(feed, SecretBytes.wrap(file.key()), file.iv());
    this.expected = file.sha256();
  }

  /**
   * Whether the ciphertext of {@code file}'s {@code length} bytes can be recomputed: always for
   * {@code v1}/{@code v2}; for an unversioned attachment when its 128-bit counter does not carry
   * out of the low 64 bits within the file.
   */
  static boolean canVerify(EncryptedFile file, long length) {
    if (file.version() != null) return true;
    byte[] iv = file.iv();
    long low = 0;
    for (int i = 8; i < 16; i++) low = (low << 8) | (iv[i] & 0xff);
    long lastBlock = length == 0 ? 0 : (length - 1) / BLOCK;
    // Unsigned: lastBlock <= 2^64 - 1 - low, i.e. low + lastBlock does not wrap.
    return (lastBlock ^ Long.MIN_VALUE) <= ((~low) ^ Long.MIN_VALUE);
  }

  /** Hashes the first {@code byteCount} bytes of {@code plaintext}, which keeps them. */
  void update(Buffer plaintext, long byteCount) throws IOException {
    plaintext.copyTo(feed, 0, byteCount);
    // Read only while the feed has bytes: an empty feed would end the encryption early.
    while (feed.size() > 0) {
      encrypting.read(discard, feed.size());
      discard.clear();
    }
  }

  /**
   * Ends the ciphertext and compares its hash.
   *
   * @throws MediaIntegrityException if it differs from the {@code EncryptedFile}'s
   */
  void verify() throws IOException {
    if (encrypting.read(discard, 1) != -1) throw new AssertionError("bytes left in the feed");
    byte[] actual = encrypting.sha256();
    boolean match = MessageDigest.isEqual(actual, expected);
    Arrays.fill(actual, (byte) 0);
    if (!match) {
      throw new MediaIntegrityException("SHA-256 of the ciphertext does not match the"
          + " EncryptedFile's hashes.sha256 (truncated, modified or wrong file)");
    }
  }
}
