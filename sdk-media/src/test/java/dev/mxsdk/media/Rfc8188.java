package dev.mxsdk.media;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import okio.Buffer;
import okio.BufferedSource;
import okio.Okio;
import okio.Source;
import okio.Timeout;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * An RFC 8188 aes128gcm encoder for tests, on BouncyCastle's lightweight engines (the independent
 * reference; never a JCA provider): random salt, no padding, chunks of rs - 17 bytes.
 */
final class Rfc8188 {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Rfc8188() {}

  static byte[] encode(byte[] plaintext, byte[] key, int rs) throws IOException {
    return Okio.buffer(encoding(new Buffer().write(plaintext), key, rs)).readByteArray();
  }

  /** Encodes {@code plaintext} as it is read. */
  static Source encoding(Source plaintext, byte[] key, int rs) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    byte[] prk = hmac(salt, key);
    byte[] cek = new byte[16];
    System.arraycopy(hmac(prk, "Content-Encoding: aes128gcm\0\1".getBytes(StandardCharsets.US_ASCII)), 0, cek, 0, 16);
    byte[] nonceBase = new byte[12];
    System.arraycopy(hmac(prk, "Content-Encoding: nonce\0\1".getBytes(StandardCharsets.US_ASCII)), 0, nonceBase, 0, 12);
    BufferedSource in = Okio.buffer(plaintext);
    return new Source() {
      final Buffer out = new Buffer().write(salt).writeInt(rs).writeByte(0);
      final byte[] chunk = new byte[rs - 17];
      final byte[] sealed = new byte[rs];
      long seq;
      boolean done;

      @Override
      public long read(Buffer sink, long byteCount) throws IOException {
        while (out.size() == 0) {
          if (done) return -1;
          int n = 0;
          while (n < chunk.length) {
            int r = in.read(chunk, n, chunk.length - n);
            if (r == -1) break;
            n += r;
          }
          boolean last = n < chunk.length || in.exhausted();
          byte[] record = new byte[n + 1];
          System.arraycopy(chunk, 0, record, 0, n);
          record[n] = (byte) (last ? 2 : 1);
          byte[] nonce = nonceBase.clone();
          for (int i = 0; i < 8; i++) nonce[11 - i] ^= (byte) (seq >>> (8 * i));
          seq++;
          GCMBlockCipher gcm = new GCMBlockCipher(new AESEngine());
          gcm.init(true, new AEADParameters(new KeyParameter(cek), 128, nonce));
          int len = gcm.processBytes(record, 0, record.length, sealed, 0);
          try {
            len += gcm.doFinal(sealed, len);
          } catch (org.bouncycastle.crypto.InvalidCipherTextException e) {
            throw new AssertionError(e);
          }
          out.write(sealed, 0, len);
          done = last;
        }
        return out.read(sink, byteCount);
      }

      @Override
      public Timeout timeout() {
        return Timeout.NONE;
      }

      @Override
      public void close() throws IOException {
        in.close();
      }
    };
  }

  private static byte[] hmac(byte[] key, byte[] data) {
    HMac mac = new HMac(new SHA256Digest());
    mac.init(new KeyParameter(key));
    mac.update(data, 0, data.length);
    byte[] out = new byte[32];
    mac.doFinal(out, 0);
    return out;
  }
}
