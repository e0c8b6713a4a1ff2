package dev.mxsdk.media.internal.cache;

import java.io.BufferedInputStream;
import dev.mxsdk.media.internal.delivery.PrivateFiles;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.CRC32;
import org.jspecify.annotations.Nullable;

/**
 * The cache's bookkeeping on disk: an append-only file of fixed-size records (entry stored, entry
 * read at a time, entry removed, counters, last cleanup), each with its own CRC, replayed on open
 * and rewritten as a compact snapshot when it has grown well past the entries it describes.
 *
 * <p>Records are gathered in memory and written in batches ({@link #flush()}): a read of an entry
 * costs no disk write, only a record in the batch. The store flushes after every new entry (so a
 * kill rarely loses one), and for reads every few seconds, every {@link #BATCH_RECORDS} records and
 * on close. A kill loses at most the unflushed batch: some last-read times and counts.
 *
 * <pre>
 * file   = magic "mxsdk-j1" | version u32 | crc32 u32 of the 12 bytes before | record*
 * record = type u8 | entry name [32] | a u64 | b u64 | c u64 | crc32 u32 of the 57 bytes before
 *   'P' stored:   a = length, b = created, c = last read
 *   'A' read:     c = last read
 *   'R' removed
 *   'S' counters: a = hits, b = misses, c = evictions (name all zero)
 *   'C' cleanup:  a = time of the last cleanup (name all zero)
 * </pre>
 *
 * A file that ends inside a record, or whose last record fails its CRC, was cut short by a kill
 * while appending: the partial record is ignored. Any other damage makes {@link #replay} report
 * the journal as unusable, and the store rebuilds its index from the entry files. Not thread-safe:
 * the store calls it under its lock.
 */
final class Journal implements Closeable {
  static final byte[] MAGIC = {'m', 'x', 's', 'd', 'k', '-', 'j', '1'};
  static final int VERSION = 1;
  static final int HEADER_BYTES = 16;
  static final int RECORD_BYTES = 1 + EntryName.BYTES + 3 * 8 + 4;
  static final byte PUT = 'P';
  static final byte ACCESS = 'A';
  static final byte REMOVE = 'R';
  static final byte STATS = 'S';
  static final byte CLEANUP = 'C';
  /** Records gathered before a batch is written regardless of time. */
  static final int BATCH_RECORDS = 256;
  private static final byte[] NO_NAME = new byte[EntryName.BYTES];

  /** What replaying a journal calls for each valid record, in order. */
  interface Visitor {
    void record(byte type, @Nullable EntryName name, long a, long b, long c);
  }

  /** The outcome of {@link #replay}. */
  static final class Replay {
    /** Whether the file exists, has the right header, and no record but the last is damaged. */
    final boolean usable;
    /** Valid records read. */
    final long records;
    /** Whether a partial or damaged last record was ignored (the file should be rewritten). */
    final boolean tornTail;

    Replay(boolean usable, long records, boolean tornTail) {
      this.usable = usable;
      this.records = records;
      this.tornTail = tornTail;
    }
  }

  private final File file;
  private @Nullable FileOutputStream out;
  private byte[] pending = new byte[RECORD_BYTES * 16];
  private int pendingBytes;
  private long recordsInFile;
  private boolean failed;

  Journal(File file) {
    this.file = file;
  }

  /** Reads {@code file} and hands every valid record to {@code visitor}. */
  static Replay replay(File file, Visitor visitor) throws IOException {
    InputStream in;
    try {
      in = new FileInputStream(file);
    } catch (FileNotFoundException e) {
      return new Replay(false, 0, false);
    }
    try {
      DataInputStream data = new DataInputStream(new BufferedInputStream(in, 64 * 1024));
      byte[] header = new byte[HEADER_BYTES];
      try {
        data.readFully(header);
      } catch (EOFException e) {
        return new Replay(false, 0, false);
      }
      if (!Arrays.equals(Arrays.copyOf(header, MAGIC.length), MAGIC)
          || readInt(header, 8) != VERSION || readInt(header, 12) != crc(header, 12)) {
        return new Replay(false, 0, false);
      }
      byte[] record = new byte[RECORD_BYTES];
      long records = 0;
      boolean damagedLast = false;
      while (true) {
        int n = readUpTo(data, record);
        if (n == 0) return new Replay(true, records, damagedLast);
        // A damaged record is a cut-short append only if nothing follows it.
        if (damagedLast) return new Replay(false, records, false);
        if (n < RECORD_BYTES) return new Replay(true, records, true);
        if (readInt(record, RECORD_BYTES - 4) != crc(record, RECORD_BYTES - 4)) {
          damagedLast = true;
          continue;
        }
        byte type = record[0];
        boolean named = type == PUT || type == ACCESS || type == REMOVE;
        if (!named && type != STATS && type != CLEANUP) return new Replay(false, records, false);
        visitor.record(type, named ? EntryName.fromBytes(record, 1) : null,
            EntryName.getLong(record, 33), EntryName.getLong(record, 41),
            EntryName.getLong(record, 49));
        records++;
      }
    } finally {
      in.close();
    }
  }

  private static int readUpTo(InputStream in, byte[] buffer) throws IOException {
    int total = 0;
    while (total < buffer.length) {
      int n = in.read(buffer, total, buffer.length - total);
      if (n < 0) break;
      total += n;
    }
    return total;
  }

  /** Opens the file for appending after a replay that found {@code records} records. */
  void openForAppend(long records) throws IOException {
    out = new FileOutputStream(file, true);
    recordsInFile = records;
  }

  /**
   * Replaces the file with a new one holding only {@code snapshot}'s records (written through a
   * temporary file in {@code tmpDirectory} and renamed over it), and keeps appending to it. The
   * pending batch is dropped: the snapshot already holds what it recorded.
   */
  void rewrite(File tmpDirectory, Snapshot snapshot) throws IOException {
    closeQuietly();
    File temp = PrivateFiles.createTempFile("journal-", EntryWriter.TEMP_SUFFIX, tmpDirectory);
    FileOutputStream stream;
    try {
      stream = new FileOutputStream(temp);
    } catch (IOException e) {
      temp.delete();
      failed = true;
      throw e;
    }
    try {
      byte[] header = new byte[HEADER_BYTES];
      System.arraycopy(MAGIC, 0, header, 0, MAGIC.length);
      putInt(header, 8, VERSION);
      putInt(header, 12, crc(header, 12));
      stream.write(header);
      byte[] chunk = new byte[RECORD_BYTES * 1024];
      int used = 0;
      long records = 0;
      byte[] record = new byte[RECORD_BYTES];
      for (snapshot.start(); snapshot.next(record); records++) {
        System.arraycopy(record, 0, chunk, used, RECORD_BYTES);
        used += RECORD_BYTES;
        if (used == chunk.length) {
          stream.write(chunk, 0, used);
          used = 0;
        }
      }
      stream.write(chunk, 0, used);
      stream.close();
      CrashPoints.reach("journal-rewritten");
      PrivateFiles.move(temp, file);
      pendingBytes = 0;
      failed = false;
      openForAppend(records);
    } catch (IOException e) {
      try {
        stream.close();
      } catch (IOException ignored) {
        // Deleted next.
      }
      temp.delete();
      failed = true;
      throw e;
    }
  }

  /** The records a rewritten journal holds, produced one at a time. */
  interface Snapshot {
    void start();

    /** Fills {@code record} with the next record; false when there is none. */
    boolean next(byte[] record);
  }

  /** Adds a record to the pending batch. */
  void append(byte type, @Nullable EntryName name, long a, long b, long c) {
    if (pendingBytes + RECORD_BYTES > pending.length) {
      pending = Arrays.copyOf(pending, pending.length * 2);
    }
    encode(pending, pendingBytes, type, name, a, b, c);
    pendingBytes += RECORD_BYTES;
  }

  /** Encodes one record into {@code out} at {@code offset}. */
  static void encode(byte[] out, int offset, byte type, @Nullable EntryName name, long a, long b,
      long c) {
    out[offset] = type;
    if (name != null) {
      name.writeTo(out, offset + 1);
    } else {
      System.arraycopy(NO_NAME, 0, out, offset + 1, NO_NAME.length);
    }
    EntryName.putLong(out, offset + 33, a);
    EntryName.putLong(out, offset + 41, b);
    EntryName.putLong(out, offset + 49, c);
    CRC32 crc = new CRC32();
    crc.update(out, offset, RECORD_BYTES - 4);
    putInt(out, offset + RECORD_BYTES - 4, (int) crc.getValue());
  }

  int pendingRecords() {
    return pendingBytes / RECORD_BYTES;
  }

  /** Records in the file, counting the pending ones once written. */
  long records() {
    return recordsInFile + pendingRecords();
  }

  /**
   * Writes the pending batch with one system call. A failure (a full disk) is remembered and the
   * batch dropped: the next open then finds the journal behind the entry files and rebuilds.
   */
  void flush() {
    FileOutputStream o = out;
    if (pendingBytes == 0) return;
    if (o == null) {
      // A rewrite failed and left no file to append to: the next open rebuilds the index.
      pendingBytes = 0;
      return;
    }
    try {
      CrashPoints.reach("journal-flush");
      if (!failed) o.write(pending, 0, pendingBytes);
      recordsInFile += pendingRecords();
    } catch (IOException e) {
      failed = true;
    } finally {
      pendingBytes = 0;
      if (pending.length > RECORD_BYTES * 1024) pending = new byte[RECORD_BYTES * 16];
    }
  }

  /** Whether a write failed since the last rewrite. */
  boolean failed() {
    return failed;
  }

  private void closeQuietly() {
    FileOutputStream o = out;
    out = null;
    if (o == null) return;
    try {
      o.close();
    } catch (IOException ignored) {
      // Nothing pending: every flush wrote its bytes already.
    }
  }

  /** Flushes and closes the file. */
  @Override
  public void close() {
    flush();
    closeQuietly();
  }

  static int crc(byte[] bytes, int length) {
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, length);
    return (int) crc.getValue();
  }

  static int readInt(byte[] b, int offset) {
    return (b[offset] & 0xff) << 24 | (b[offset + 1] & 0xff) << 16 | (b[offset + 2] & 0xff) << 8
        | (b[offset + 3] & 0xff);
  }

  static void putInt(byte[] b, int offset, int v) {
    b[offset] = (byte) (v >>> 24);
    b[offset + 1] = (byte) (v >>> 16);
    b[offset + 2] = (byte) (v >>> 8);
    b[offset + 3] = (byte) v;
  }
}
