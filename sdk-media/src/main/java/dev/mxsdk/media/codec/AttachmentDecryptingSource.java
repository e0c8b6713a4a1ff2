package dev.mxsdk.media.codec;

import dev.mxsdk.media.EncryptedFile;
import dev.mxsdk.media.MediaIntegrityException;
import dev.mxsdk.media.internal.crypto.AesCtr;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import okio.Buffer;
import okio.ForwardingSource;
import okio.Source;
import org.jspecify.annotations.Nullable;

/**
 * Decrypts a Matrix encrypted attachment ({@code EncryptedFile}, spec section "Sending encrypted
 * attachments") as it streams: SHA-256 over the ciphertext as it passes,
 * AES-256-CTR (64-bit counter for {@code v1}/{@code v2}, 128-bit when unversioned) through the
 * platform provider, and a constant-time comparison with the expected hash when the ciphertext
 * ends.
 *
 * <p><strong>Only the end of the stream proves integrity.</strong> CTR plaintext is emitted before
 * the hash is known; if the hash does not match, the read that reaches the end throws
 * {@link MediaIntegrityException} and every later read throws again. Callers that must not act on
 * unverified bytes write them somewhere private (a temporary file) and release them only after this
 * source returned -1.
 *
 * <p>Reads up to {@link #CHUNK} bytes per call and transforms them one okio segment at a time
 * through two fixed arrays; nothing is allocated per read. Not thread-safe.
 * Closing this closes the ciphertext source.
 */
public final class AttachmentDecryptingSource extends ForwardingSource {
  /** The most ciphertext one read asks the upstream source for. */
  static final int CHUNK = 65536;
  /** AES-256 key length. */
  public static final int KEY_LENGTH = 32;
  /** The initial counter block's length. */
  public static final int IV_LENGTH = 16;
  /** SHA-256 digest length. */
  public static final int SHA256_LENGTH = 32;
  /** okio's segment size: {@code Buffer.read(byte[])} moves at most one segment per call. */
  static final int SEGMENT = 8192;

  private final AesCtr ctr;
  private final MessageDigest digest;
  private final byte[] expectedSha256;
  private final Buffer ciphertext = new Buffer();
  private final byte[] in = new byte[SEGMENT];
  private final byte[] out = new byte[SEGMENT];
  private @Nullable String failure;
  private boolean verified;

  /**
   * Decrypts {@code ciphertext}, expecting {@code expectedSha256} at its end.
   *
   * @param ciphertext the encrypted attachment
   * @param key the 32-byte AES key
   * @param iv the 16-byte initial counter block
   * @param expectedSha256 the 32-byte SHA-256 of the whole ciphertext
   * @param counter64 true for {@code v1}/{@code v2} (64-bit counter), false when unversioned
   */
  public AttachmentDecryptingSource(
      Source ciphertext, SecretBytes key, byte[] iv, byte[] expectedSha256, boolean counter64) {
    super(ciphertext);
    if (expectedSha256.length != SHA256_LENGTH) {
      throw new IllegalArgumentException("expected a 32-byte SHA-256, got " + expectedSha256.length);
    }
    byte[] keyBytes = key.bytes();
    try {
      this.ctr = new AesCtr(keyBytes, iv, counter64);
    } finally {
      java.util.Arrays.fill(keyBytes, (byte) 0);
    }
    this.digest = sha256();
    this.expectedSha256 = expectedSha256.clone();
  }

  /**
   * Decrypts {@code ciphertext} as {@code file} describes it (key, IV, hash, and the counter width
   * its version implies).
   *
   * @param ciphertext the encrypted attachment
   * @param file the attachment's key, IV, SHA-256 and version
   */
  public AttachmentDecryptingSource(Source ciphertext, EncryptedFile file) {
    this(ciphertext, SecretBytes.wrap(file.key()), file.iv(), file.sha256(),
        file.version() != null);
  }

  @Override
  public long read(Buffer sink, long byteCount) throws IOException {
    if (byteCount < 0) throw new IllegalArgumentException("byteCount < 0: " + byteCount);
    if (failure != null) throw new MediaIntegrityException(failure);
    if (verified) return -1;
    if (byteCount == 0) return 0;
    long read = delegate().read(ciphertext, Math.min(byteCount, CHUNK));
    if (read == -1) {
      finish();
      return -1;
    }
    long total = 0;
    while (ciphertext.size() > 0) {
      int n = ciphertext.read(in, 0, in.length);
      digest.update(in, 0, n);
      ctr.update(in, 0, n, out, 0);
      sink.write(out, 0, n);
      total += n;
    }
    return total;
  }

  /** {@return true once the whole ciphertext has been read and its hash matched} */
  public boolean isVerified() {
    return verified;
  }

  private void finish() throws MediaIntegrityException {
    byte[] actual = digest.digest();
    if (!MessageDigest.isEqual(actual, expectedSha256)) {
      failure = "SHA-256 of the ciphertext does not match the EncryptedFile's hashes.sha256"
          + " (truncated, modified or wrong file)";
      throw new MediaIntegrityException(failure);
    }
    verified = true;
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
