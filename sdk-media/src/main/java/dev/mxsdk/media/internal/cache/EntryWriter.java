package dev.mxsdk.media.internal.cache;

import dev.mxsdk.media.internal.delivery.PrivateFiles;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import okio.Buffer;
import org.jspecify.annotations.Nullable;

/**
 * Writes one entry into a private temporary file in the cache's {@code tmp} folder: the media
 * bytes (hashed as they are written), then, on {@link #finish}, its {@link EntryTrailer}. The
 * store moves the finished file into place ({@link CacheStore}); until then no reader can see it,
 * and a process killed while writing leaves only the temporary file, which the next open deletes.
 *
 * <p>Writing failures do not throw: the entry is given up ({@link #isGivenUp()}), because a cache
 * that cannot store must never fail the download it was filled from. Not thread-safe.
 */
final class EntryWriter implements Closeable {
  static final String TEMP_PREFIX = "entry-";
  static final String TEMP_SUFFIX = ".mxsdk-tmp";
  /** Bytes gathered per write to the file. */
  static final int WRITE_BUFFER = 64 * 1024;

  private final File temp;
  private final @Nullable FileOutputStream file;
  private final @Nullable OutputStream out;
  private final MessageDigest digest = EntryName.sha256();
  private final long maxLength;
  private long length;
  private boolean givenUp;
  private boolean closed;

  private EntryWriter(File temp, @Nullable FileOutputStream file, long maxLength) {
    this.temp = temp;
    this.file = file;
    this.out = file != null
        ? new DigestOutputStream(new BufferedOutputStream(file, WRITE_BUFFER), digest) : null;
    this.maxLength = maxLength;
    this.givenUp = file == null;
  }

  /** Creates a writer whose entry is given up once it exceeds {@code maxLength} bytes. */
  static EntryWriter create(File tmpDirectory, long maxLength) throws IOException {
    File temp = PrivateFiles.createTempFile(TEMP_PREFIX, TEMP_SUFFIX, tmpDirectory);
    try {
      return new EntryWriter(temp, new FileOutputStream(temp), maxLength);
    } catch (IOException e) {
      temp.delete();
      throw e;
    }
  }

  /** Copies {@code byteCount} bytes of {@code source} from {@code offset}; the source keeps them. */
  void write(Buffer source, long offset, long byteCount) {
    OutputStream o = out;
    if (givenUp || o == null) return;
    CrashPoints.reach("entry-bytes");
    if (length + byteCount > maxLength) {
      giveUp();
      return;
    }
    try {
      source.copyTo(o, offset, byteCount);
      length += byteCount;
    } catch (IOException e) {
      giveUp();
    }
  }

  /** Writes {@code count} bytes of {@code bytes} from {@code offset}. */
  void write(byte[] bytes, int offset, int count) {
    OutputStream o = out;
    if (givenUp || o == null) return;
    if (length + count > maxLength) {
      giveUp();
      return;
    }
    try {
      o.write(bytes, offset, count);
      length += count;
    } catch (IOException e) {
      giveUp();
    }
  }

  /** Whether the entry was given up: too large, or the file could not be written. */
  boolean isGivenUp() {
    return givenUp;
  }

  long length() {
    return length;
  }

  /**
   * Appends the metadata record and closes the file; returns the record, or null when the entry
   * was given up or its bytes do not hash to {@code expectedSha256} (then the file is deleted).
   */
  @Nullable EntryTrailer finish(String cacheKey, @Nullable String contentType,
      @Nullable String fileName, long createdMillis, byte @Nullable [] expectedSha256) {
    OutputStream o = out;
    if (givenUp || o == null || closed) {
      abort();
      return null;
    }
    byte[] sha256 = digest.digest();
    if (expectedSha256 != null && !MessageDigest.isEqual(sha256, expectedSha256)) {
      abort();
      return null;
    }
    EntryTrailer trailer =
        new EntryTrailer(cacheKey, length, sha256, createdMillis, contentType, fileName);
    try {
      // Past the digest: the record is not part of the media bytes.
      ((DigestOutputStream) o).on(false);
      o.write(trailer.encode());
      o.close();
      closed = true;
      return trailer;
    } catch (IOException e) {
      abort();
      return null;
    }
  }

  /** The temporary file, complete once {@link #finish} returned a record. */
  File tempFile() {
    return temp;
  }

  private void giveUp() {
    givenUp = true;
    closeFile();
    temp.delete();
  }

  private void closeFile() {
    if (closed) return;
    closed = true;
    FileOutputStream f = file;
    if (f == null) return;
    try {
      f.close();
    } catch (IOException ignored) {
      // The file is deleted next.
    }
  }

  /** Deletes the temporary file (unless the store moved it). Idempotent. */
  void abort() {
    givenUp = true;
    closeFile();
    if (temp.exists()) temp.delete();
  }

  @Override
  public void close() {
    abort();
  }
}
