package dev.mxsdk.media.codec;

import dev.mxsdk.media.MediaIntegrityException;
import dev.mxsdk.media.MediaProtocolException;
import java.io.IOException;
import okio.Buffer;
import okio.BufferedSource;
import okio.Okio;
import okio.Source;
import okio.Timeout;
import org.jspecify.annotations.Nullable;

/**
 * Decodes the RFC 8188 {@code aes128gcm} content coding as it is read, releasing only plaintext of
 * records whose GCM tag verified. The layout (RFC 8188 section 2):
 *
 * <pre>
 * +-----------+--------+-----------+-----------------+
 * | salt (16) | rs (4) | idlen (1) | keyid (idlen)   |   header, rs big-endian
 * +-----------+--------+-----------+-----------------+
 * | record 0: AES-128-GCM(chunk 0 || 0x01 || 0x00*)   |   exactly rs bytes, tag included
 * | record 1: ...                                     |
 * | last record: AES-128-GCM(chunk || 0x02 || 0x00*)  |   at most rs bytes
 * +---------------------------------------------------+
 * </pre>
 *
 * <p>The content-encryption key and nonce base come from HKDF-SHA256 over the salt and the input
 * keying material; record {@code i} uses the nonce base XOR {@code i} ({@link Aes128GcmRecords}).
 * Rejected, each with a
 * {@link MediaIntegrityException} (the bytes are not what was sealed) or a
 * {@link MediaProtocolException} (the encoding breaks the format): a record size below
 * {@value #MIN_RECORD_SIZE} or above the caller's cap (before any buffer of that size exists), a
 * record whose tag fails, a record without a delimiter, a non-final record that is not full size,
 * a stream that ends before its final record (truncation), and bytes after the final record. Any
 * keyid is accepted. Failures are sticky: every later read throws again.
 *
 * <pre>{@code
 * Source plaintext = new Aes128GcmDecodingSource(response.body().source(), key, 1 << 20);
 * }</pre>
 *
 * <p>{@link #ofRecords} opens a record-aligned slice of an encoding whose header is already known
 * (a ranged request), with the right sequence numbers.
 *
 * <p>Crypto through the platform JCA provider: HMAC-SHA256 for the key schedule,
 * {@code AES/GCM/NoPadding} per record; two fixed buffers of the record size. Not thread-safe.
 * Closing this closes the upstream source.
 */
public final class Aes128GcmDecodingSource implements Source {
  /** Bytes of the salt at the start of the header. */
  public static final int SALT_LENGTH = 16;
  /** Bytes of the header without a keyid: salt, rs (uint32), idlen (uint8). */
  public static final int HEADER_LENGTH = SALT_LENGTH + 4 + 1;
  /** Bytes of the GCM tag at the end of each record. */
  public static final int TAG_LENGTH = 16;
  /** The smallest record size: one plaintext byte, the delimiter and the tag. */
  public static final int MIN_RECORD_SIZE = 18;
  /** Plaintext bytes a record of size rs holds: rs minus the tag and the delimiter. */
  public static final int RECORD_OVERHEAD = TAG_LENGTH + 1;
  /** The padding delimiter ending every record but the last. */
  public static final byte DELIMITER_RECORD = 1;
  /** The padding delimiter ending the last record. */
  public static final byte DELIMITER_FINAL = 2;
  /** GCM nonce length. */
  static final int NONCE_LENGTH = 12;
  /** okio's segment size. */
  private static final int SEGMENT = 8192;

  private final BufferedSource upstream;
  private final SecretBytes ikm;
  private final int maxRecordSize;
  /** For a slice: whether its last record must be the final one. */
  private final boolean sliceEndsWithFinal;
  private final boolean slice;
  private int recordSize = -1;
  private byte[] record = new byte[0];
  private byte[] plain = new byte[0];
  private int plainPos;
  private int plainLimit;
  private byte[] salt = new byte[0];
  private @Nullable Aes128GcmRecords records;
  private byte[] keyId = new byte[0];
  private long sequence;
  private boolean finalSeen;
  private @Nullable IOException failure;

  /**
   * Decodes a whole encoding, header first, under {@code ikm} (for MSC4097 the 16-byte key of the
   * redirect).
   *
   * @param upstream the encoding: header, then records
   * @param ikm the input keying material
   * @param maxRecordSize the largest rs accepted, at least {@value #MIN_RECORD_SIZE}
   */
  public Aes128GcmDecodingSource(Source upstream, SecretBytes ikm, int maxRecordSize) {
    this(upstream, ikm, maxRecordSize, false, true);
  }

  private Aes128GcmDecodingSource(Source upstream, SecretBytes ikm, int maxRecordSize,
      boolean slice, boolean sliceEndsWithFinal) {
    if (upstream == null) throw new NullPointerException("upstream == null");
    if (ikm == null) throw new NullPointerException("ikm == null");
    if (maxRecordSize < MIN_RECORD_SIZE) {
      throw new IllegalArgumentException("maxRecordSize < " + MIN_RECORD_SIZE);
    }
    this.upstream = Okio.buffer(upstream);
    this.ikm = ikm;
    this.maxRecordSize = maxRecordSize;
    this.slice = slice;
    this.sliceEndsWithFinal = sliceEndsWithFinal;
  }

  /**
   * Decodes a record-aligned slice of an encoding: {@code records} starts at record number
   * {@code firstRecord} (encoded offset {@code header + firstRecord * recordSize}) and holds whole
   * records. When {@code endsWithFinal}, the slice must end with the final record; otherwise it may
   * end after any full record (a final record inside it still ends the plaintext).
   *
   * @param records the slice of records, from the start of record {@code firstRecord}
   * @param ikm the input keying material
   * @param salt the 16-byte salt of the encoding's header
   * @param recordSize the encoding's rs
   * @param firstRecord the number of the slice's first record, from 0
   * @param endsWithFinal whether the slice must end with the encoding's final record
   * @return a source of the plaintext of the slice's records
   * @throws IllegalArgumentException if the salt is not 16 bytes, the record size is below
   *     {@value #MIN_RECORD_SIZE}, or {@code firstRecord} is negative
   */
  public static Aes128GcmDecodingSource ofRecords(Source records, SecretBytes ikm, byte[] salt,
      int recordSize, long firstRecord, boolean endsWithFinal) {
    if (salt.length != SALT_LENGTH) {
      throw new IllegalArgumentException("salt must be 16 bytes, was " + salt.length);
    }
    if (recordSize < MIN_RECORD_SIZE) {
      throw new IllegalArgumentException("recordSize < " + MIN_RECORD_SIZE + ": " + recordSize);
    }
    if (firstRecord < 0) throw new IllegalArgumentException("firstRecord < 0: " + firstRecord);
    Aes128GcmDecodingSource source =
        new Aes128GcmDecodingSource(records, ikm, recordSize, true, endsWithFinal);
    source.start(salt.clone(), recordSize, new byte[0]);
    source.sequence = firstRecord;
    return source;
  }

  /**
   * The encoded offset of record {@code index} in an encoding with a keyid of {@code idLength}.
   *
   * @param index the record's number, from 0
   * @param recordSize the encoding's rs
   * @param idLength the length of the header's keyid, in bytes
   * @return the offset of the record's first byte in the encoding
   */
  public static long recordOffset(long index, int recordSize, int idLength) {
    return HEADER_LENGTH + idLength + index * (long) recordSize;
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
        if (!readRecord()) return -1;
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
    if (!upstream.request(HEADER_LENGTH)) {
      throw new MediaIntegrityException("aes128gcm stream ended inside its header");
    }
    byte[] headerSalt = upstream.readByteArray(SALT_LENGTH);
    long rs = upstream.readInt() & 0xffffffffL;
    int idlen = upstream.readByte() & 0xff;
    if (rs < MIN_RECORD_SIZE || rs > maxRecordSize) {
      throw new MediaProtocolException(
          "aes128gcm record size must be " + MIN_RECORD_SIZE + ".." + maxRecordSize + ", was "
              + rs);
    }
    if (!upstream.request(idlen)) {
      throw new MediaIntegrityException("aes128gcm stream ended inside its keyid");
    }
    start(headerSalt, (int) rs, upstream.readByteArray(idlen));
  }

  private void start(byte[] salt, int rs, byte[] keyId) {
    this.salt = salt;
    this.keyId = keyId;
    this.records = new Aes128GcmRecords(ikm, salt, rs);
    recordSize = rs;
    record = new byte[rs];
    plain = new byte[rs];
  }

  /** Opens the next record; false at a slice's permitted end. */
  private boolean readRecord() throws IOException {
    int length = 0;
    while (length < recordSize) {
      int n = upstream.read(record, length, recordSize - length);
      if (n == -1) break;
      length += n;
    }
    if (length == 0) {
      if (slice && !sliceEndsWithFinal) return false;
      throw new MediaIntegrityException(
          "aes128gcm stream truncated: it ended before its final record");
    }
    if (length <= TAG_LENGTH) {
      throw new MediaIntegrityException("aes128gcm stream truncated inside a record");
    }
    int plainLength = records.open(sequence++, record, length, plain);
    int end = plainLength - 1;
    while (end >= 0 && plain[end] == 0) end--;
    if (end < 0) throw new MediaProtocolException("aes128gcm record has no delimiter");
    if (plain[end] == DELIMITER_FINAL) {
      finalSeen = true;
    } else if (plain[end] == DELIMITER_RECORD) {
      if (length < recordSize) {
        throw new MediaIntegrityException("aes128gcm stream truncated: a short non-final record");
      }
    } else {
      throw new MediaProtocolException("aes128gcm record has an invalid delimiter");
    }
    plainPos = 0;
    plainLimit = end;
    return true;
  }

  /**
   * The header's keyid (any value is accepted; MSC4097 sends none). Empty until the first read
   * has parsed the header.
   *
   * @return a copy of the keyid
   */
  public byte[] keyId() {
    return keyId.clone();
  }

  /** {@return the record size, or -1 until the first read has parsed the header} */
  public int recordSize() {
    return recordSize;
  }

  /** {@return the header's salt, empty until the first read has parsed the header} */
  public byte[] salt() {
    return salt.clone();
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
