package dev.mxsdk.media.codec;

import dev.mxsdk.media.internal.crypto.AesCtr;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import okio.Buffer;
import okio.ForwardingSource;
import okio.Source;
import org.jspecify.annotations.Nullable;

/**
 * Encrypts a plaintext stream of any length as a Matrix {@code v2} attachment: AES-256-CTR with a
 * 64-bit counter through the platform provider, SHA-256 over the ciphertext as it leaves. The key,
 * IV and hash are available from {@link #key()}, {@link #iv()} and {@link #sha256()} once this
 * source has returned -1.
 *
 * <p>Fixed buffers; nothing is allocated per read. Not thread-safe. Closing this closes the
 * plaintext source.
 */
public final class AttachmentEncryptingSource extends ForwardingSource {
  private static final int CHUNK = AttachmentDecryptingSource.CHUNK;
  private static final int SEGMENT = AttachmentDecryptingSource.SEGMENT;

  private final SecretBytes key;
  private final byte[] iv;
  private final AesCtr ctr;
  private final MessageDigest digest = AttachmentDecryptingSource.sha256();
  private final Buffer plaintext = new Buffer();
  private final byte[] in = new byte[SEGMENT];
  private final byte[] out = new byte[SEGMENT];
  private byte @Nullable [] sha256;

  /**
   * Encrypts {@code plaintext} under a fresh key and IV from {@code random}.
   *
   * @param plaintext the attachment to encrypt
   * @param random the source of the 32-byte key and the IV's 8 random bytes
   */
  public AttachmentEncryptingSource(Source plaintext, SecureRandom random) {
    this(plaintext, freshKey(random), freshIv(random));
  }

  /**
   * Encrypts under the given key and IV. Reusing a key and IV for two files breaks CTR mode.
   *
   * @param plaintext the attachment to encrypt
   * @param key the 32-byte AES key
   * @param iv the 16-byte initial counter block
   */
  public AttachmentEncryptingSource(Source plaintext, SecretBytes key, byte[] iv) {
    super(plaintext);
    this.key = key;
    this.iv = iv.clone();
    byte[] keyBytes = key.bytes();
    try {
      this.ctr = new AesCtr(keyBytes, iv, true);
    } finally {
      java.util.Arrays.fill(keyBytes, (byte) 0);
    }
  }

  @Override
  public long read(Buffer sink, long byteCount) throws IOException {
    if (byteCount < 0) throw new IllegalArgumentException("byteCount < 0: " + byteCount);
    if (sha256 != null) return -1;
    if (byteCount == 0) return 0;
    long read = delegate().read(plaintext, Math.min(byteCount, CHUNK));
    if (read == -1) {
      sha256 = digest.digest();
      return -1;
    }
    long total = 0;
    while (plaintext.size() > 0) {
      int n = plaintext.read(in, 0, in.length);
      ctr.update(in, 0, n, out, 0);
      digest.update(out, 0, n);
      sink.write(out, 0, n);
      total += n;
    }
    return total;
  }

  /** {@return true once the plaintext has ended and {@link #sha256()} is known} */
  public boolean isComplete() {
    return sha256 != null;
  }

  /** {@return the AES key} */
  public SecretBytes key() {
    return key;
  }

  /** {@return a copy of the 16-byte IV: 8 random bytes, then 8 zero bytes} */
  public byte[] iv() {
    return iv.clone();
  }

  /**
   * A copy of the SHA-256 of the whole ciphertext.
   *
   * @return the SHA-256 of the ciphertext this source produced
   * @throws IllegalStateException before this source has returned -1
   */
  public byte[] sha256() {
    byte[] hash = sha256;
    if (hash == null) {
      throw new IllegalStateException(
          "the hash is known only after the plaintext has been read to its end");
    }
    return hash.clone();
  }

  private static SecretBytes freshKey(SecureRandom random) {
    byte[] key = new byte[AttachmentDecryptingSource.KEY_LENGTH];
    random.nextBytes(key);
    return SecretBytes.wrap(key);
  }

  private static byte[] freshIv(SecureRandom random) {
    // v2: the high 8 bytes random, the low 8 (the 64-bit counter) zero, so the counter never wraps.
    byte[] iv = new byte[AttachmentDecryptingSource.IV_LENGTH];
    byte[] high = new byte[8];
    random.nextBytes(high);
    System.arraycopy(high, 0, iv, 0, 8);
    return iv;
  }
}
