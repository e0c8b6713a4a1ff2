package dev.mxsdk.media.internal.delivery;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.Charset;
import java.security.MessageDigest;
import okio.BufferedSink;
import okio.BufferedSource;
import okio.ByteString;
import okio.ForwardingSink;
import okio.Okio;
import org.jspecify.annotations.Nullable;

/**
 * The resumable partial file of a {@code downloadTo(File)} with resume on: the bytes received so
 * far in {@code .<name>.mxsdk-partial} beside the target, and what they are a partial of in
 * {@code .<name>.mxsdk-partial-info} (the cache key, the media's length when known and, for E2EE
 * media, the expected SHA-256 of the ciphertext; never a key). Both are owner-only
 * ({@link PrivateFiles}); the names differ from {@link AtomicFileWriter}'s temporary files, whose
 * stale-file clean-up therefore leaves them alone.
 *
 * <p>The data file is locked while a download writes it, so two processes (or two calls in one)
 * never append to the same partial; {@link #open} returns null when someone else holds it. E2EE
 * partials hold ciphertext only.
 *
 * <p>Not thread-safe: one download opens it, writes, then {@linkplain #keep() keeps},
 * {@linkplain #discard() discards} or {@linkplain #commit() commits} it.
 */
final class PartialFile implements Closeable {
  static final String SUFFIX = ".mxsdk-partial";
  static final String INFO_SUFFIX = ".mxsdk-partial-info";
  /** The first line of every info file: its format and version. */
  static final String MAGIC = "mxsdk-partial 1";
  /** Names longer than this are cut and told apart by a hash of the whole name. */
  private static final int MAX_NAME = 64;
  private static final int READ_CHUNK = 256 * 1024;
  /** Info files are a few lines; anything longer is not one of ours. */
  private static final int MAX_INFO_BYTES = 4096;
  private static final Charset UTF_8 = Charset.forName("UTF-8");

  /** What a partial is a partial of. */
  static final class Info {
    final String cacheKey;
    /** The media's length, or -1 when it was not known. */
    final long length;
    /** The E2EE ciphertext's SHA-256, or null for plain media. */
    final byte @Nullable [] sha256;

    Info(String cacheKey, long length, byte @Nullable [] sha256) {
      this.cacheKey = cacheKey;
      this.length = length;
      this.sha256 = sha256;
    }

    /** Whether a partial recorded as {@code this} can continue a download of {@code wanted}. */
    boolean fits(Info wanted) {
      if (!cacheKey.equals(wanted.cacheKey)) return false;
      byte[] a = sha256;
      byte[] b = wanted.sha256;
      if ((a == null) != (b == null)) return false;
      if (a != null && !MessageDigest.isEqual(a, b)) return false;
      return length < 0 || wanted.length < 0 || length == wanted.length;
    }

    String format() {
      byte[] hash = sha256;
      return MAGIC + "\n"
          + "cache-key " + cacheKey + "\n"
          + "length " + length + "\n"
          + "sha256 " + (hash != null ? ByteString.of(hash).hex() : "-") + "\n";
    }

    static @Nullable Info parse(String text) {
      String[] lines = text.split("\n", -1);
      if (lines.length != 5 || !lines[0].equals(MAGIC) || !lines[4].isEmpty()) return null;
      String key = value(lines[1], "cache-key ");
      String length = value(lines[2], "length ");
      String hash = value(lines[3], "sha256 ");
      if (key == null || length == null || hash == null) return null;
      long n;
      try {
        n = Long.parseLong(length);
      } catch (NumberFormatException e) {
        return null;
      }
      if (n < -1) return null;
      byte[] sha256 = null;
      if (!hash.equals("-")) {
        ByteString decoded = hash.length() == 64 ? ByteString.decodeHex(hash) : null;
        if (decoded == null) return null;
        sha256 = decoded.toByteArray();
      }
      return new Info(key, n, sha256);
    }

    private static @Nullable String value(String line, String name) {
      return line.startsWith(name) ? line.substring(name.length()) : null;
    }
  }

  private final File target;
  private final File data;
  private final File info;
  private final RandomAccessFile file;
  private final FileChannel channel;
  private final @Nullable FileLock lock;
  private @Nullable BufferedSink sink;
  private boolean closed;

  private PartialFile(File target, File data, File info, RandomAccessFile file,
      @Nullable FileLock lock) {
    this.target = target;
    this.data = data;
    this.info = info;
    this.file = file;
    this.channel = file.getChannel();
    this.lock = lock;
  }

  /** The data file of {@code target}'s partial. */
  static File dataFile(File target) {
    return new File(target.getAbsoluteFile().getParentFile(), baseName(target) + SUFFIX);
  }

  /** The info file of {@code target}'s partial. */
  static File infoFile(File target) {
    return new File(target.getAbsoluteFile().getParentFile(), baseName(target) + INFO_SUFFIX);
  }

  private static String baseName(File target) {
    String name = target.getName();
    if (name.length() <= MAX_NAME) return "." + name;
    String hash = ByteString.encodeUtf8(name).sha256().hex().substring(0, 12);
    return "." + name.substring(0, MAX_NAME) + "-" + hash;
  }

  /**
   * Opens {@code target}'s partial, creating an empty owner-only one if there is none, and locks
   * it; returns null when another download holds the lock (it is then left alone).
   *
   * @throws IOException if {@code target} is a directory, its directory does not exist, or the
   *     partial cannot be created
   */
  static @Nullable PartialFile open(File target) throws IOException {
    File absolute = PrivateFiles.absoluteTarget(target);
    File data = dataFile(absolute);
    if (!data.exists()) createPrivate(data);
    RandomAccessFile raf = new RandomAccessFile(data, "rw");
    FileLock lock;
    try {
      lock = raf.getChannel().tryLock();
      if (lock == null) {
        raf.close();
        return null;
      }
    } catch (OverlappingFileLockException e) {
      raf.close();
      return null;
    } catch (IOException e) {
      // A file system without locks: resume still works, without protection from a second writer.
      lock = null;
    }
    return new PartialFile(absolute, data, infoFile(absolute), raf, lock);
  }

  /**
   * Creates {@code file} empty and owner-only. Creation is atomic, so of two writers racing here
   * one creates it and both then compete for its lock; it holds nothing before it is private.
   */
  private static void createPrivate(File file) throws IOException {
    if (file.createNewFile()) PrivateFiles.ownerOnly(file);
  }

  /** What the partial says it is a partial of, or null when there is no readable info. */
  @Nullable Info info() {
    if (!info.isFile() || info.length() > MAX_INFO_BYTES) return null;
    try {
      BufferedSource source = Okio.buffer(Okio.source(info));
      try {
        return Info.parse(source.readString(UTF_8));
      } finally {
        source.close();
      }
    } catch (IOException e) {
      return null;
    }
  }

  /** The bytes the partial holds. */
  long length() throws IOException {
    return channel.size();
  }

  /** Empties the partial and records that it is now a partial of {@code what}. */
  void reset(Info what) throws IOException {
    closeSink();
    channel.truncate(0);
    File temp = PrivateFiles.createTempFile(info.getName() + "-", ".new", info.getParentFile());
    try {
      FileOutputStream out = new FileOutputStream(temp);
      try {
        out.write(what.format().getBytes(UTF_8));
        out.getFD().sync();
      } finally {
        out.close();
      }
      PrivateFiles.move(temp, info);
    } finally {
      if (temp.exists()) temp.delete();
    }
  }

  /**
   * The SHA-256 of the bytes the partial holds, from the start: for an E2EE partial, the state
   * that hashing the rest of the ciphertext continues from.
   */
  MessageDigest hashed() throws IOException {
    MessageDigest digest = dev.mxsdk.media.internal.flow.E2eeLayer.sha256();
    flush();
    InputStream in = Channels.newInputStream(channel.position(0));
    byte[] buffer = new byte[READ_CHUNK];
    long left = channel.size();
    while (left > 0) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n == -1) break;
      digest.update(buffer, 0, n);
      left -= n;
    }
    return digest;
  }

  /** A sink that appends to the partial. Closing it only flushes. */
  BufferedSink sink() throws IOException {
    BufferedSink s = sink;
    if (s != null) return s;
    channel.position(channel.size());
    OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel),
        AtomicFileWriter.WRITE_BUFFER) {
      @Override
      public void close() throws IOException {
        flush();
      }
    };
    s = Okio.buffer(new ForwardingSink(Okio.sink(out)) {
      @Override
      public void close() throws IOException {
        flush();
      }
    });
    sink = s;
    return s;
  }

  /** Flushes what was appended. */
  void flush() throws IOException {
    BufferedSink s = sink;
    if (s != null) s.flush();
  }

  private void closeSink() throws IOException {
    BufferedSink s = sink;
    sink = null;
    if (s != null) s.close();
  }

  /** The data file, for decrypting it in place once verified. */
  File dataFile() {
    return data;
  }

  /**
   * Keeps the partial for a later resume (what was appended is flushed and synced), or deletes it
   * if it holds nothing; then unlocks it.
   */
  void keep() {
    if (closed) return;
    try {
      closeSink();
      if (channel.size() == 0) {
        discard();
        return;
      }
      channel.force(true);
    } catch (IOException e) {
      // What reached the file stays usable; a torn tail fails the next attempt's checks.
    }
    release();
  }

  /** Deletes the partial and its info, then unlocks it. */
  void discard() {
    if (closed) return;
    try {
      closeSink();
    } catch (IOException ignored) {
      // The file is deleted next.
    }
    release();
    delete(data);
    delete(info);
  }

  /**
   * Syncs the partial and moves it over the target (keeping an existing target's permissions),
   * then deletes its info.
   */
  void commit() throws IOException {
    closeSink();
    channel.force(true);
    release();
    if (target.isFile()) PrivateFiles.copyPermissions(target, data);
    PrivateFiles.move(data, target);
    delete(info);
  }

  private void release() {
    if (closed) return;
    closed = true;
    FileLock l = lock;
    try {
      if (l != null) l.release();
    } catch (IOException ignored) {
      // Closing the file releases it too.
    }
    try {
      file.close();
    } catch (IOException ignored) {
      // Nothing left to release.
    }
  }

  private static void delete(File f) {
    if (f.exists() && !f.delete()) f.deleteOnExit();
  }

  /** Keeps the partial unless it was committed or discarded. */
  @Override
  public void close() {
    keep();
  }
}
