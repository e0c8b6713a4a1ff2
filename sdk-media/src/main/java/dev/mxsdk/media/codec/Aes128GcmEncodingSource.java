package dev.mxsdk.media.codec;

import java.io.IOException;
import okio.Buffer;
import okio.BufferedSource;
import okio.Okio;
import okio.Source;
import okio.Timeout;

/**
 * Encodes a plaintext stream as RFC 8188 {@code aes128gcm} as it is read, in the MSC4097 profile's
 * canonical layout (the format is drawn in {@link Aes128GcmDecodingSource}): the header (salt, rs,
 * keyid), then the plaintext cut into chunks of {@code rs - 17} bytes, each sealed with
 * AES-128-GCM; every chunk but the last ends in the delimiter 0x01, the last (possibly empty, when
 * the plaintext is) in 0x02; no padding. So the same key, salt, rs, keyid and plaintext always give
 * the same bytes, {@link #encodedLength} of them.
 *
 * <pre>{@code
 * byte[] salt = Msc4097.salt(key, sha256OfObject, 65536, Msc4097.DOWNLOAD_RENDITION);
 * Source encoded = new Aes128GcmEncodingSource(Okio.source(file), key, salt, 65536, new byte[0]);
 * }</pre>
 *
 * <p>Two fixed record-sized buffers; the platform JCA provider does the crypto. Not thread-safe.
 * Closing this closes the plaintext source.
 */
public final class Aes128GcmEncodingSource implements Source {
  private static final int HEADER_LENGTH = Aes128GcmDecodingSource.HEADER_LENGTH;
  private static final int TAG_LENGTH = Aes128GcmDecodingSource.TAG_LENGTH;
  private static final int RECORD_OVERHEAD = Aes128GcmDecodingSource.RECORD_OVERHEAD;
  /** The smallest record size: one plaintext byte, the delimiter and the tag. */
  public static final int MIN_RECORD_SIZE = Aes128GcmDecodingSource.MIN_RECORD_SIZE;

  private final BufferedSource upstream;
  private final int recordSize;
  private final byte[] chunk;
  private final byte[] sealed;
  private final Aes128GcmRecords records;
  private final Buffer out = new Buffer();
  private long sequence;
  private boolean finished;

  /**
   * Encodes {@code plaintext} under {@code ikm} (the 16-byte MSC4097 key, or any RFC 8188 IKM).
   *
   * @param plaintext the bytes to encode
   * @param ikm the input keying material
   * @param salt 16 bytes; for MSC4097 use {@link Msc4097#salt}, otherwise random
   * @param recordSize rs, at least 18
   * @param keyId at most 255 bytes (MSC4097 uses none)
   */
  public Aes128GcmEncodingSource(
      Source plaintext, SecretBytes ikm, byte[] salt, int recordSize, byte[] keyId) {
    if (plaintext == null) throw new NullPointerException("plaintext == null");
    if (salt.length != Aes128GcmDecodingSource.SALT_LENGTH) {
      throw new IllegalArgumentException("salt must be 16 bytes, was " + salt.length);
    }
    if (recordSize < MIN_RECORD_SIZE) {
      throw new IllegalArgumentException("record size must be at least 18, was " + recordSize);
    }
    if (keyId.length > 255) {
      throw new IllegalArgumentException("keyid must be at most 255 bytes, was " + keyId.length);
    }
    this.upstream = Okio.buffer(plaintext);
    this.recordSize = recordSize;
    this.chunk = new byte[recordSize - TAG_LENGTH];
    this.sealed = new byte[recordSize];
    this.records = new Aes128GcmRecords(ikm, salt, recordSize);
    out.write(salt);
    out.writeInt(recordSize);
    out.writeByte(keyId.length);
    out.write(keyId);
  }

  /**
   * The encoded length of {@code plaintextLength} bytes:
   * {@code 21 + idLength + L + 17 * max(1, ceil(L / (rs - 17)))}.
   *
   * @param plaintextLength the plaintext's length L, in bytes
   * @param recordSize the encoding's rs, at least 18
   * @param idLength the length of the header's keyid, in bytes
   * @return the length of the encoding, header included, in bytes
   */
  public static long encodedLength(long plaintextLength, int recordSize, int idLength) {
    if (plaintextLength < 0) throw new IllegalArgumentException("plaintextLength < 0");
    if (recordSize < MIN_RECORD_SIZE) throw new IllegalArgumentException("recordSize < 18");
    long perRecord = recordSize - (long) RECORD_OVERHEAD;
    long records = Math.max(1, (plaintextLength + perRecord - 1) / perRecord);
    return HEADER_LENGTH + idLength + plaintextLength + (long) RECORD_OVERHEAD * records;
  }

  @Override
  public long read(Buffer sink, long byteCount) throws IOException {
    if (byteCount < 0) throw new IllegalArgumentException("byteCount < 0: " + byteCount);
    if (out.size() == 0) {
      if (finished) return -1;
      sealNextRecord();
    }
    return out.read(sink, Math.min(byteCount, out.size()));
  }

  private void sealNextRecord() throws IOException {
    int capacity = recordSize - RECORD_OVERHEAD;
    int length = 0;
    while (length < capacity) {
      int n = upstream.read(chunk, length, capacity - length);
      if (n == -1) break;
      length += n;
    }
    boolean last = length < capacity || upstream.exhausted();
    int sealedLength = records.seal(sequence++, chunk, length, last, sealed);
    out.write(sealed, 0, sealedLength);
    finished = last;
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
