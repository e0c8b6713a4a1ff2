package dev.mxsdk.media.internal.cache;

import dev.mxsdk.media.MediaIntegrityException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.util.zip.CRC32;
import org.jspecify.annotations.Nullable;

/**
 * The metadata record of an entry, stored after its media bytes in the same file, so that one
 * rename makes bytes and metadata appear together and the bytes start at offset 0 (a range of the
 * media is a range of the file). It holds no secret: the cache key (mxc URI and rendition), the
 * length and SHA-256 of the stored bytes, when the entry was created, and the content type and
 * file name the server sent.
 *
 * <pre>
 * entry file = media bytes (length)
 *            | version u8 | flags u8 | length u64 | sha256 [32] | created u64
 *            | key (u16 length + UTF-8) | content type (u16 length or 0xffff + UTF-8)
 *            | file name (the same) | crc32 u32 of the record
 *            | record length u32 | magic "mxsdkce1"
 * </pre>
 *
 * All integers are big-endian. Immutable.
 */
final class EntryTrailer {
  static final int VERSION = 1;
  /** The last 8 bytes of every entry file. */
  static final byte[] MAGIC = {'m', 'x', 's', 'd', 'k', 'c', 'e', '1'};
  /** The record length and the magic at the very end of the file. */
  static final int FOOTER_BYTES = 4 + 8;
  /** Fixed fields, three text lengths and the CRC: the smallest record. */
  static final int MIN_RECORD_BYTES = 1 + 1 + 8 + EntryName.BYTES + 8 + 3 * 2 + 4;
  static final int MAX_KEY_BYTES = 4096;
  /** Content types and file names longer than this are not kept (they are server text). */
  static final int MAX_TEXT_BYTES = 1024;
  static final int MAX_RECORD_BYTES = MIN_RECORD_BYTES + MAX_KEY_BYTES + 2 * MAX_TEXT_BYTES;
  private static final int ABSENT = 0xffff;
  private static final Charset UTF_8 = Charset.forName("UTF-8");

  final String cacheKey;
  final long length;
  private final byte[] sha256;
  final long createdMillis;
  final @Nullable String contentType;
  final @Nullable String fileName;

  EntryTrailer(String cacheKey, long length, byte[] sha256, long createdMillis,
      @Nullable String contentType, @Nullable String fileName) {
    this.cacheKey = cacheKey;
    this.length = length;
    this.sha256 = sha256.clone();
    this.createdMillis = createdMillis;
    this.contentType = fits(contentType) ? contentType : null;
    this.fileName = fits(fileName) ? fileName : null;
  }

  private static boolean fits(@Nullable String text) {
    return text != null && text.getBytes(UTF_8).length <= MAX_TEXT_BYTES;
  }

  byte[] sha256() {
    return sha256.clone();
  }

  /** The size of the whole entry file that carries this record. */
  long fileSize() {
    return length + encode().length;
  }

  /** The record followed by the footer: what is appended after the media bytes. */
  byte[] encode() {
    byte[] key = cacheKey.getBytes(UTF_8);
    if (key.length > MAX_KEY_BYTES) {
      throw new IllegalArgumentException("cache key longer than " + MAX_KEY_BYTES + " bytes");
    }
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(MIN_RECORD_BYTES + key.length + 64);
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeByte(VERSION);
      out.writeByte(0);
      out.writeLong(length);
      out.write(sha256);
      out.writeLong(createdMillis);
      out.writeShort(key.length);
      out.write(key);
      writeText(out, contentType);
      writeText(out, fileName);
      CRC32 crc = new CRC32();
      crc.update(bytes.toByteArray());
      out.writeInt((int) crc.getValue());
      int recordLength = bytes.size();
      out.writeInt(recordLength);
      out.write(MAGIC);
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static void writeText(DataOutputStream out, @Nullable String text) throws IOException {
    if (text == null) {
      out.writeShort(ABSENT);
      return;
    }
    byte[] bytes = text.getBytes(UTF_8);
    out.writeShort(bytes.length);
    out.write(bytes);
  }

  /**
   * Reads the record at the end of an entry file of {@code fileSize} bytes.
   *
   * @throws MediaIntegrityException if the file does not end in a well-formed record whose
   *     length fields add up to {@code fileSize} (a truncated or damaged entry)
   */
  static EntryTrailer read(FileChannel channel, long fileSize) throws IOException {
    if (fileSize < MIN_RECORD_BYTES + FOOTER_BYTES) throw damaged("too short for its record");
    ByteBuffer footer = readFully(channel, fileSize - FOOTER_BYTES, FOOTER_BYTES);
    int recordLength = footer.getInt();
    byte[] magic = new byte[MAGIC.length];
    footer.get(magic);
    if (!java.util.Arrays.equals(magic, MAGIC)) throw damaged("no entry record at its end");
    if (recordLength < MIN_RECORD_BYTES || recordLength > MAX_RECORD_BYTES
        || recordLength > fileSize - FOOTER_BYTES) {
      throw damaged("impossible record length " + recordLength);
    }
    long recordStart = fileSize - FOOTER_BYTES - recordLength;
    ByteBuffer record = readFully(channel, recordStart, recordLength);
    CRC32 crc = new CRC32();
    crc.update(record.array(), 0, recordLength - 4);
    if ((int) crc.getValue() != record.getInt(recordLength - 4)) {
      throw damaged("its record fails its checksum");
    }
    try {
      int version = record.get() & 0xff;
      if (version != VERSION) throw damaged("unknown record version " + version);
      record.get(); // flags: none defined yet
      long length = record.getLong();
      byte[] sha256 = new byte[EntryName.BYTES];
      record.get(sha256);
      long created = record.getLong();
      String key = readText(record);
      if (key == null) throw damaged("no cache key");
      String contentType = readText(record);
      String fileName = readText(record);
      if (record.position() != recordLength - 4) throw damaged("record fields do not add up");
      if (length != recordStart) {
        throw damaged("holds " + recordStart + " bytes but its record says " + length);
      }
      return new EntryTrailer(key, length, sha256, created, contentType, fileName);
    } catch (java.nio.BufferUnderflowException e) {
      throw damaged("record fields overrun it");
    }
  }

  private static @Nullable String readText(ByteBuffer record) {
    int n = record.getShort() & 0xffff;
    if (n == ABSENT) return null;
    byte[] bytes = new byte[n];
    record.get(bytes);
    return new String(bytes, UTF_8);
  }

  static ByteBuffer readFully(FileChannel channel, long position, int count) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(count);
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, position + buffer.position());
      if (n < 0) throw damaged("ended early");
    }
    buffer.flip();
    return buffer;
  }

  static MediaIntegrityException damaged(String what) {
    return new MediaIntegrityException("the cache entry is damaged: " + what);
  }
}
