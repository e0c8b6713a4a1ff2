package dev.mxsdk.media.internal.flow;

import dev.mxsdk.media.codec.Aes128GcmDecodingSource;
import dev.mxsdk.media.codec.Aes128GcmEncodingSource;

/**
 * Record arithmetic of the MSC4097 canonical encoding (docs/msc4097.md sections 4.1 and 7):
 * record {@code i} occupies the encoded bytes {@code [21 + i*rs, 21 + (i+1)*rs)} and holds the
 * plaintext bytes {@code [i*(rs-17), (i+1)*(rs-17))}; the last record is shorter. Positions past
 * what a long holds saturate at {@code Long.MAX_VALUE} (a server then answers 416).
 */
final class RecordRanges {
  static final int HEADER = Aes128GcmDecodingSource.HEADER_LENGTH;
  static final int OVERHEAD = Aes128GcmDecodingSource.RECORD_OVERHEAD;

  private RecordRanges() {}

  /** Plaintext bytes per record. */
  static long chunk(int rs) {
    return rs - (long) OVERHEAD;
  }

  /** The record that holds plaintext byte {@code offset}. */
  static long recordOf(long offset, int rs) {
    return offset / chunk(rs);
  }

  /** The first encoded byte of record {@code index}. */
  static long encodedStart(long index, int rs) {
    if (index > (Long.MAX_VALUE - HEADER) / rs) return Long.MAX_VALUE;
    return HEADER + index * rs;
  }

  /** The last encoded byte (inclusive) of record {@code index} when it is a full one. */
  static long encodedEnd(long index, int rs) {
    if (index >= (Long.MAX_VALUE - HEADER) / rs - 1) return Long.MAX_VALUE - 1;
    return HEADER + (index + 1) * rs - 1;
  }

  /** Whether encoded position {@code position} is where a record starts. */
  static boolean isRecordStart(long position, int rs) {
    return position >= HEADER && (position - HEADER) % rs == 0;
  }

  /**
   * The plaintext length whose canonical encoding is {@code encodedLength} bytes long, or -1 if
   * none is: {@code n = ceil((E - 21) / rs)} records, {@code L = E - 21 - 17n}, checked by
   * encoding L again.
   */
  static long plaintextLength(long encodedLength, int rs) {
    if (encodedLength <= HEADER) return -1;
    long records = (encodedLength - HEADER + rs - 1) / rs;
    long length = encodedLength - HEADER - OVERHEAD * records;
    if (length < 0) return -1;
    return Aes128GcmEncodingSource.encodedLength(length, rs, 0) == encodedLength ? length : -1;
  }
}
