package dev.mxsdk.media.internal.crypto;

import dev.mxsdk.media.MediaIntegrityException;
import dev.mxsdk.media.MediaProtocolException;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.NoSuchPaddingException;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import okio.Buffer;
import okio.BufferedSource;
import okio.Okio;
import okio.Source;
import okio.Timeout;
import org.jspecify.annotations.Nullable;

/**
 * Decodes an RFC 8188 {@code aes128gcm} stream as it is read, releasing only plaintext of records
 * whose GCM tag verified. Rejects a record size below 18 or above the cap (before any buffer of
 * that size exists), a record without a delimiter, a non-final record that is not full size, a
 * stream that ends before its final record (truncation), and bytes after the final record. Any
 * keyid is accepted. Failures are sticky: every later read throws again.
 *
 * <p>Crypto through the platform JCA provider: HMAC-SHA256 for the key and nonce derivation,
 * AES/GCM/NoPadding per record. Two fixed buffers of the record size.
 */
public final class Aes128GcmDecodingSource implements Source {
  private static final int HEADER_SIZE = 21;
  private static final int TAG_SIZE = 16;
  /** okio's segment size. */
  private static final int SEGMENT = 8192;

  private final BufferedSource upstream;
  private final SecretBytes ikm;
  private final int maxRecordSize;
  private int recordSize = -1;
  private byte[] record = new byte[0];
  private byte[] plain = new byte[0];
  private int plainPos;
  private int plainLimit;
  private byte[] nonceBase = new byte[0];
  private final byte[] nonce = new byte[12];
  private SecretKeySpec cek;
  private Cipher cipher;
  private byte[] keyId = new byte[0];
  private long sequence;
  private boolean finalSeen;
  private @Nullable IOException failure;

  public Aes128GcmDecodingSource(Source upstream, SecretBytes ikm, int maxRecordSize) {
    if (upstream == null) throw new NullPointerException("upstream == null");
    if (ikm == null) throw new NullPointerException("ikm == null");
    if (maxRecordSize < 18) throw new IllegalArgumentException("maxRecordSize < 18");
    this.upstream = Okio.buffer(upstream);
    this.ikm = ikm;
    this.maxRecordSize = maxRecordSize;
  }

  @Override
  public long read(Buffer sink, long byteCount) throws IOException {
    if (byteCount < 0) throw new IllegalArgumentException("byteCount < 0: " + byteCount);
    if (failure != null) throw failure;
    try {
      if (recordSize < 0) readHeader();
      while (plainPos == plainLimit) {
        if (finalSeen) {
          if (!upstream.exhausted()) {
            throw new MediaProtocolException("bytes after the final aes128gcm record");
          }
          return -1;
        }
        readRecord();
      }
      // At most one okio segment per read: the caller recycles it before the next read, so a
      // record's plaintext never needs more segments than okio's pool keeps (8), which would
      // allocate a fresh 8 KiB segment per record.
      int n = (int) Math.min(Math.min(byteCount, SEGMENT), plainLimit - plainPos);
      sink.write(plain, plainPos, n);
      plainPos += n;
      return n;
    } catch (IOException e) {
      failure = e;
      throw e;
    }
  }

  private void readHeader() throws IOException {
    if (!upstream.request(HEADER_SIZE)) {
      throw new MediaIntegrityException("aes128gcm stream ended inside its header");
    }
    byte[] salt = upstream.readByteArray(16);
    long rs = upstream.readInt() & 0xffffffffL;
    int idlen = upstream.readByte() & 0xff;
    if (rs < 18 || rs > maxRecordSize) {
      throw new MediaProtocolException(
          "aes128gcm record size must be 18.." + maxRecordSize + ", was " + rs);
    }
    if (!upstream.request(idlen)) {
      throw new MediaIntegrityException("aes128gcm stream ended inside its keyid");
    }
    keyId = upstream.readByteArray(idlen);
    byte[] cekBytes = Hkdf.aes128gcmKey(salt, ikm);
    nonceBase = Hkdf.aes128gcmNonceBase(salt, ikm);
    cek = new SecretKeySpec(cekBytes, "AES");
    Arrays.fill(cekBytes, (byte) 0);
    try {
      cipher = Cipher.getInstance("AES/GCM/NoPadding");
    } catch (NoSuchAlgorithmException | NoSuchPaddingException e) {
      throw new AssertionError(e);
    }
    recordSize = (int) rs;
    record = new byte[recordSize];
    plain = new byte[recordSize];
  }

  private void readRecord() throws IOException {
    int length = 0;
    while (length < recordSize) {
      int n = upstream.read(record, length, recordSize - length);
      if (n == -1) break;
      length += n;
    }
    if (length == 0) {
      throw new MediaIntegrityException("aes128gcm stream truncated: it ended before its final record");
    }
    if (length <= TAG_SIZE) {
      throw new MediaIntegrityException("aes128gcm stream truncated inside a record");
    }
    Hkdf.recordNonce(nonceBase, sequence++, nonce);
    int plainLength;
    try {
      cipher.init(Cipher.DECRYPT_MODE, cek, new GCMParameterSpec(128, nonce));
      plainLength = cipher.doFinal(record, 0, length, plain, 0);
    } catch (AEADBadTagException e) {
      throw new MediaIntegrityException(
          "aes128gcm record " + (sequence - 1) + " failed authentication (tampered, truncated or"
              + " wrong key)");
    } catch (InvalidKeyException | InvalidAlgorithmParameterException e) {
      throw new AssertionError(e);
    } catch (GeneralSecurityException e) {
      throw new MediaIntegrityException("aes128gcm record could not be decrypted", e);
    }
    int end = plainLength - 1;
    while (end >= 0 && plain[end] == 0) end--;
    if (end < 0) throw new MediaProtocolException("aes128gcm record has no delimiter");
    if (plain[end] == 2) {
      finalSeen = true;
    } else if (plain[end] == 1) {
      if (length < recordSize) {
        throw new MediaIntegrityException("aes128gcm stream truncated: a short non-final record");
      }
    } else {
      throw new MediaProtocolException("aes128gcm record has an invalid delimiter");
    }
    plainPos = 0;
    plainLimit = end;
  }

  /**
   * The header's keyid (any value is accepted; MSC4097 sends none). Empty until the first read
   * has parsed the header.
   */
  public byte[] keyId() {
    return keyId.clone();
  }

  @Override
  public Timeout timeout() {
    return upstream.timeout();
  }

  @Override
  public void close() throws IOException {
    upstream.close();
  }
}
