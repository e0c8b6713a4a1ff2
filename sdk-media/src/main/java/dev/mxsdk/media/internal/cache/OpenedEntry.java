package dev.mxsdk.media.internal.cache;

import java.io.Closeable;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import org.jspecify.annotations.Nullable;

/**
 * An entry file opened for reading, whose metadata record, length and (when asked) SHA-256 were
 * checked on the open descriptor: later reads go through the same descriptor, so an eviction or a
 * {@code clear()} that deletes the file meanwhile does not cut them off (POSIX keeps an unlinked
 * file readable while it is open). Closing releases the descriptor. Thread-safe for positional
 * reads.
 */
public final class OpenedEntry implements Closeable {
  /** Bytes hashed per read while verifying. */
  static final int VERIFY_CHUNK = 256 * 1024;

  private final FileInputStream in;
  private final FileChannel channel;
  private final EntryTrailer trailer;
  private final boolean verified;

  private OpenedEntry(FileInputStream in, EntryTrailer trailer, boolean verified) {
    this.in = in;
    this.channel = in.getChannel();
    this.trailer = trailer;
    this.verified = verified;
  }

  /**
   * Opens {@code file} as the entry {@code name}.
   *
   * @param verifyHash whether to hash the media bytes and compare them with the record
   * @throws IOException if the file is missing, unreadable, truncated, damaged, not the entry of
   *     {@code name}, or (with {@code verifyHash}) its bytes do not match their SHA-256
   */
  static OpenedEntry open(File file, EntryName name, boolean verifyHash) throws IOException {
    FileInputStream in = new FileInputStream(file);
    boolean ok = false;
    try {
      FileChannel channel = in.getChannel();
      EntryTrailer trailer = EntryTrailer.read(channel, channel.size());
      if (!EntryName.of(trailer.cacheKey).equals(name)) {
        throw EntryTrailer.damaged("it belongs to another key");
      }
      if (verifyHash && !MessageDigest.isEqual(hash(channel, trailer.length), trailer.sha256())) {
        throw EntryTrailer.damaged("its bytes do not match their SHA-256");
      }
      ok = true;
      return new OpenedEntry(in, trailer, verifyHash);
    } finally {
      if (!ok) in.close();
    }
  }

  private static byte[] hash(FileChannel channel, long length) throws IOException {
    MessageDigest digest = EntryName.sha256();
    ByteBuffer buffer = ByteBuffer.allocate((int) Math.max(1, Math.min(VERIFY_CHUNK, length)));
    long position = 0;
    while (position < length) {
      buffer.clear();
      buffer.limit((int) Math.min(buffer.capacity(), length - position));
      int n = channel.read(buffer, position);
      if (n < 0) throw EntryTrailer.damaged("ended early");
      digest.update(buffer.array(), 0, n);
      position += n;
    }
    return digest.digest();
  }

  /** The media bytes' length. */
  public long length() {
    return trailer.length;
  }

  /** The SHA-256 of the media bytes, as recorded (and checked, if opened so). */
  public byte[] sha256() {
    return trailer.sha256();
  }

  /** Whether the SHA-256 of the bytes was checked when the entry was opened. */
  public boolean verified() {
    return verified;
  }

  /** The content type the server sent, or null. */
  public @Nullable String contentType() {
    return trailer.contentType;
  }

  /** The sanitised file name the server sent, or null. */
  public @Nullable String fileName() {
    return trailer.fileName;
  }

  /** The cache key (mxc URI and rendition). */
  public String cacheKey() {
    return trailer.cacheKey;
  }

  /** When the entry was created, on the cache's clock. */
  public long createdMillis() {
    return trailer.createdMillis;
  }

  /**
   * Exactly the bytes {@code [offset, offset + byteCount)} of the media; closing the source
   * closes this entry.
   *
   * @throws IllegalArgumentException if the range is not inside the media
   */
  public EntrySource source(long offset, long byteCount) {
    if (offset < 0 || byteCount < 0 || offset > trailer.length
        || byteCount > trailer.length - offset) {
      throw new IllegalArgumentException(
          "range " + offset + "+" + byteCount + " outside 0.." + trailer.length);
    }
    return new EntrySource(channel, this, offset, byteCount);
  }

  /** Releases the file descriptor. Idempotent. */
  @Override
  public void close() {
    try {
      in.close();
    } catch (IOException ignored) {
      // A read-only descriptor: nothing is lost by a failing close.
    }
  }

  @Override
  public String toString() {
    return "OpenedEntry{" + trailer.cacheKey + ", " + trailer.length + " bytes}";
  }
}
