package dev.mxsdk.media;

import dev.mxsdk.media.codec.AttachmentEncryptingSource;
import dev.mxsdk.media.codec.SecretBytes;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import okio.Buffer;
import okio.ByteString;
import okio.HashingSource;
import okio.Source;
import okio.Timeout;

/**
 * Decrypts a large attachment whose ciphertext is generated on the fly, in a JVM that
 * {@link SmallHeapDecryptTest} starts with a small heap. No array holds more than a few KiB.
 *
 * <p>Arguments: size in bytes, and {@code ok} or {@code tamper} (one ciphertext byte flipped in the
 * middle). Exit codes: 0 decrypted and verified, 3 integrity failure, 2 wrong plaintext, 1 other.
 */
public final class LargeAttachmentMain {
  private LargeAttachmentMain() {}

  public static void main(String[] args) throws Exception {
    long size = Long.parseLong(args[0]);
    boolean tamper = args[1].equals("tamper");
    byte[] key = new byte[32];
    byte[] iv = new byte[16];
    SecureRandom random = new SecureRandom();
    random.nextBytes(key);
    random.nextBytes(iv);
    java.util.Arrays.fill(iv, 8, 16, (byte) 0);

    // Pass 1: hash the plaintext, and the ciphertext as the EncryptedFile's hash.
    HashingSource plaintextHash = HashingSource.sha256(new PatternSource(size, -1));
    AttachmentEncryptingSource first =
        new AttachmentEncryptingSource(plaintextHash, SecretBytes.copyOf(key), iv);
    drain(first, null);
    EncryptedFile file = new EncryptedFile.Builder().key(key).iv(iv).sha256(first.sha256()).build();

    // Pass 2: the same ciphertext again, regenerated, streamed through the decrypting layer.
    Source ciphertext = new AttachmentEncryptingSource(
        new PatternSource(size, -1), SecretBytes.copyOf(key), iv);
    if (tamper) ciphertext = new FlipSource(ciphertext, size / 2);
    MessageDigest decryptedHash = MessageDigest.getInstance("SHA-256");
    long decrypted;
    try {
      decrypted = drain(Attachments.decrypt(ciphertext, file), decryptedHash);
    } catch (MediaIntegrityException e) {
      System.out.println("integrity failure: " + e.getMessage());
      System.exit(3);
      return;
    }
    ByteString expected = plaintextHash.hash();
    if (decrypted != size || !expected.equals(ByteString.of(decryptedHash.digest()))) {
      System.out.println("wrong plaintext");
      System.exit(2);
    }
    Runtime runtime = Runtime.getRuntime();
    System.out.println("decrypted " + decrypted + " bytes with max heap " + runtime.maxMemory());
  }

  private static long drain(Source source, MessageDigest digest) throws IOException {
    Buffer buffer = new Buffer();
    byte[] chunk = new byte[8192];
    long total = 0;
    for (long n; (n = source.read(buffer, 65536)) != -1; ) {
      total += n;
      while (buffer.size() > 0) {
        int read = buffer.read(chunk, 0, chunk.length);
        if (digest != null) digest.update(chunk, 0, read);
      }
    }
    source.close();
    return total;
  }

  /** {@code size} bytes of a repeating pattern, generated without a large array. */
  static final class PatternSource implements Source {
    private final byte[] pattern = new byte[8191];
    private long remaining;

    PatternSource(long size, int seed) {
      this.remaining = size;
      for (int i = 0; i < pattern.length; i++) pattern[i] = (byte) (i * 31 + seed);
    }

    @Override
    public long read(Buffer sink, long byteCount) {
      if (remaining == 0) return -1;
      int n = (int) Math.min(Math.min(byteCount, remaining), pattern.length);
      sink.write(pattern, 0, n);
      remaining -= n;
      return n;
    }

    @Override
    public Timeout timeout() {
      return Timeout.NONE;
    }

    @Override
    public void close() {}
  }

  /** Flips one bit of the byte at {@code offset}. */
  static final class FlipSource implements Source {
    private final Source delegate;
    private final long offset;
    private long position;

    FlipSource(Source delegate, long offset) {
      this.delegate = delegate;
      this.offset = offset;
    }

    @Override
    public long read(Buffer sink, long byteCount) throws IOException {
      Buffer chunk = new Buffer();
      long n = delegate.read(chunk, byteCount);
      if (n > 0 && position <= offset && offset < position + n) {
        long at = offset - position;
        byte b = chunk.getByte(at);
        Buffer rebuilt = new Buffer();
        chunk.copyTo(rebuilt, 0, at);
        rebuilt.writeByte(b ^ 1);
        chunk.copyTo(rebuilt, at + 1, n - at - 1);
        chunk = rebuilt;
      }
      if (n > 0) {
        position += n;
        sink.write(chunk, n);
      }
      return n;
    }

    @Override
    public Timeout timeout() {
      return delegate.timeout();
    }

    @Override
    public void close() throws IOException {
      delegate.close();
    }
  }
}
