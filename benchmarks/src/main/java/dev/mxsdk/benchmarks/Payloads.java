package dev.mxsdk.benchmarks;

import dev.mxsdk.media.codec.Aes128GcmEncodingSource;
import dev.mxsdk.media.codec.SecretBytes;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import okio.Buffer;
import okio.Source;
import okio.Timeout;

/** Deterministic inputs for the benchmarks: an E2EE ciphertext and its RFC 8188 encoding. */
final class Payloads {
  private Payloads() {}

  /** Plaintext bytes per benchmark operation. */
  static final int SIZE = 8 << 20;
  /** How many bytes the in-memory "socket" hands out per read, and the size of each drain read. */
  static final int SOCKET_CHUNK = 65536;

  static final byte[] E2EE_KEY = bytes(32, 1);
  static final byte[] E2EE_IV = new byte[16];
  static final byte[] CDN_KEY = bytes(16, 2);

  static {
    byte[] iv = bytes(8, 3);
    System.arraycopy(iv, 0, E2EE_IV, 0, 8); // v2: the low 64 bits start at zero
  }

  static byte[] bytes(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** AES-256-CTR of {@code plaintext} under the E2EE key and IV, as an attachment's ciphertext. */
  static byte[] e2eeCiphertext(byte[] plaintext) throws GeneralSecurityException {
    Cipher ctr = Cipher.getInstance("AES/CTR/NoPadding");
    ctr.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(E2EE_KEY, "AES"), new IvParameterSpec(E2EE_IV));
    return ctr.doFinal(plaintext);
  }

  static byte[] sha256(byte[] data) throws GeneralSecurityException {
    return MessageDigest.getInstance("SHA-256").digest(data);
  }

  /** The canonical MSC4097 RFC 8188 encoding of {@code content} at record size {@code rs}. */
  static byte[] rfc8188(byte[] content, int rs) throws IOException {
    Buffer in = new Buffer().write(content);
    Buffer out = new Buffer();
    try (Source encoder = new Aes128GcmEncodingSource(in, SecretBytes.copyOf(CDN_KEY),
        bytes(16, 4), rs, new byte[0])) {
      while (encoder.read(out, 1 << 20) != -1) {
        // drain
      }
    }
    return out.readByteArray();
  }

  /** Reads {@code source} to its end through {@code sink}, discarding; returns the byte count. */
  static long drain(Source source, Buffer sink) throws IOException {
    long total = 0;
    for (long n; (n = source.read(sink, SOCKET_CHUNK)) != -1; ) {
      total += n;
      sink.clear();
    }
    return total;
  }

  /**
   * A source over a byte array that hands out at most {@code chunk} bytes per read, copying them
   * into the caller's buffer as a socket source does.
   */
  static final class ArraySource implements Source {
    private final byte[] data;
    private final int chunk;
    private int pos;

    ArraySource(byte[] data) {
      this.data = data;
      this.chunk = SOCKET_CHUNK;
    }

    @Override
    public long read(Buffer sink, long byteCount) {
      if (pos == data.length) return -1;
      int n = (int) Math.min(Math.min(byteCount, chunk), data.length - pos);
      sink.write(data, pos, n);
      pos += n;
      return n;
    }

    @Override
    public Timeout timeout() {
      return Timeout.NONE;
    }

    @Override
    public void close() {}
  }
}
