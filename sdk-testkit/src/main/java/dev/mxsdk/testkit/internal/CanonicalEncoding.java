package dev.mxsdk.testkit.internal;

import dev.mxsdk.media.codec.Aes128GcmDecodingSource;
import dev.mxsdk.media.codec.Aes128GcmEncodingSource;
import dev.mxsdk.media.codec.Aes128GcmRecords;
import dev.mxsdk.media.codec.Msc4097;
import dev.mxsdk.media.codec.SecretBytes;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;

/**
 * The canonical MSC4097 RFC 8188 encoding of a stored object (docs/msc4097.md section 4.1),
 * written from any byte offset by record arithmetic: record {@code i} covers the encoded bytes
 * {@code [21 + i*rs, 21 + (i+1)*rs)} and the plaintext bytes {@code [i*(rs-17), (i+1)*(rs-17))},
 * so a range is served by encrypting only the records it touches.
 *
 * <p>Fixed buffers, one record at a time; never holds the object in memory. Not thread-safe: one
 * instance per response.
 *
 * <p>Security: holds the content-encryption key and nonce derived from the per-redirect key;
 * {@link #toString()} shows neither.
 */
public final class CanonicalEncoding {
  private static final int HEADER = Aes128GcmDecodingSource.HEADER_LENGTH;
  private static final int OVERHEAD = Aes128GcmDecodingSource.RECORD_OVERHEAD;

  private final File file;
  private final long plaintextLength;
  private final int rs;
  private final byte[] header;
  private final Aes128GcmRecords records;
  private final byte[] plain;
  private final byte[] sealed;

  /**
   * Prepares the canonical encoding of {@code plaintextLength} bytes stored in {@code file}: the
   * salt derived from key, digest, record size and rendition, an empty key ID, no padding.
   *
   * @param key the 16-byte input keying material (the per-redirect key)
   * @param sha256 the SHA-256 of the plaintext, as sealed in the token
   * @param rendition {@code download} or {@code thumbnail/<w>x<h>/<method>/<animated>}
   */
  public static CanonicalEncoding of(File file, long plaintextLength, byte[] key, byte[] sha256,
      int rs, String rendition) {
    return new CanonicalEncoding(file, plaintextLength, key, salt(key, sha256, rs, rendition), rs);
  }

  /** Prepares the RFC 8188 encoding of {@code file} under {@code key} with the given salt. */
  public CanonicalEncoding(File file, long plaintextLength, byte[] key, byte[] salt, int rs) {
    this.file = file;
    this.plaintextLength = plaintextLength;
    this.rs = rs;
    this.header = Aes128GcmRecords.header(salt, rs);
    this.records = new Aes128GcmRecords(SecretBytes.copyOf(key), salt, rs);
    this.plain = new byte[rs - Aes128GcmDecodingSource.TAG_LENGTH];
    this.sealed = new byte[rs];
  }

  /** The salt: the first 16 bytes of HMAC-SHA256(key, label || sha256 || uint32be(rs) || rendition). */
  public static byte[] salt(byte[] key, byte[] sha256, int rs, String rendition) {
    return Msc4097.salt(SecretBytes.copyOf(key), sha256, rs, rendition);
  }

  /** {@code 21 + L + 17 * max(1, ceil(L / (rs - 17)))}. */
  public static long encodedLength(long plaintextLength, int rs) {
    return Aes128GcmEncodingSource.encodedLength(plaintextLength, rs, 0);
  }

  /** The encoded length of this object. */
  public long encodedLength() {
    return encodedLength(plaintextLength, rs);
  }

  /**
   * Writes encoded bytes {@code from} to {@code toInclusive} to {@code out}, sealing only the
   * records that range touches. Does not close {@code out}.
   *
   * @throws IOException if reading the stored object or writing {@code out} fails
   * @throws IllegalArgumentException if the range is outside the encoding
   */
  public void write(OutputStream out, long from, long toInclusive) throws IOException {
    long total = encodedLength();
    if (from < 0 || toInclusive >= total || from > toInclusive + 1) {
      throw new IllegalArgumentException("range " + from + "-" + toInclusive + " of " + total);
    }
    long position = from;
    if (position < HEADER) {
      int end = (int) Math.min(HEADER - 1, toInclusive);
      out.write(header, (int) position, end - (int) position + 1);
      position = end + 1;
    }
    long chunk = rs - OVERHEAD;
    long count = Math.max(1, (plaintextLength + chunk - 1) / chunk);
    try (RandomAccessFile in = new RandomAccessFile(file, "r")) {
      while (position <= toInclusive) {
        long record = (position - HEADER) / rs;
        long recordStart = HEADER + record * rs;
        int length = sealRecord(in, record, count);
        int offset = (int) (position - recordStart);
        int end = (int) Math.min(length - 1, toInclusive - recordStart);
        out.write(sealed, offset, end - offset + 1);
        position = recordStart + end + 1;
      }
    }
  }

  /** Encrypts record {@code index} into {@link #sealed}; returns its length. */
  private int sealRecord(RandomAccessFile in, long index, long count) throws IOException {
    long start = index * (long) (rs - OVERHEAD);
    int length = (int) Math.min(rs - OVERHEAD, plaintextLength - start);
    in.seek(start);
    in.readFully(plain, 0, length);
    return records.seal(index, plain, length, index == count - 1, sealed);
  }

  @Override
  public String toString() {
    return "CanonicalEncoding[rs=" + rs + ", " + plaintextLength + " bytes, key redacted]";
  }
}
