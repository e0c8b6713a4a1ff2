package dev.mxsdk.media.internal.flow;

import dev.mxsdk.media.MediaIntegrityException;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import okio.Buffer;
import okio.Source;
import okio.Timeout;

/**
 * The bytes of one upload and how they are read: a file or a byte array, which every attempt
 * reads again from the start (so retries and a token refresh may send them again), or a caller's
 * source, read once. {@link UploadBody} opens it once per attempt.
 *
 * <p>A file's length and modification time are taken once, before the first attempt: that length
 * is the declared {@code Content-Length}, and a later attempt of a file whose length or time has
 * changed fails before it sends a byte (an encrypted retry must encrypt the very same plaintext).
 */
public abstract class UploadContent {
  /** Bytes read from a file per read: fewer system calls than okio's 8 KiB segments. */
  static final int FILE_CHUNK = 64 * 1024;

  UploadContent() {}

  /** The content of {@code file}, read again by each attempt. */
  public static UploadContent ofFile(File file) {
    if (file == null) throw new NullPointerException("file == null");
    return new FileContent(file);
  }

  /** {@code bytes} (not copied), read again by each attempt. */
  public static UploadContent ofBytes(byte[] bytes) {
    if (bytes == null) throw new NullPointerException("bytes == null");
    return new BytesContent(bytes);
  }

  /**
   * The bytes of {@code source}, read once; {@code length} is their number, or -1 when unknown (a
   * chunked body).
   */
  public static UploadContent ofSource(Source source, long length) {
    if (source == null) throw new NullPointerException("source == null");
    if (length < -1) throw new IllegalArgumentException("length < -1: " + length);
    return new SourceContent(source, length);
  }

  /**
   * Checks that the content can be read and fixes its length; called once, before the first
   * attempt.
   *
   * @throws FileNotFoundException if a file does not exist, is a directory or cannot be read
   */
  abstract void prepare() throws IOException;

  /** The number of bytes, or -1 when unknown; known after {@link #prepare()}. */
  abstract long length();

  /** Whether {@link #open()} may be called more than once. */
  abstract boolean replayable();

  /**
   * Opens the bytes for one attempt; the caller closes the source.
   *
   * @throws IOException if they cannot be read again as they were
   */
  abstract Source open() throws IOException;

  /** Closes what the content holds itself (a caller's source never opened). */
  void release() {}

  private static final class FileContent extends UploadContent {
    private final File file;
    private long length = -1;
    private long lastModified;
    private boolean prepared;

    FileContent(File file) {
      this.file = file;
    }

    @Override
    void prepare() throws IOException {
      if (file.isDirectory()) {
        throw new FileNotFoundException(file + " is a directory, not a file to upload");
      }
      if (!file.exists()) throw new FileNotFoundException(file + " does not exist");
      // Opening is the real check: it fails for a file this process may not read.
      new FileInputStream(file).close();
      length = file.length();
      lastModified = file.lastModified();
      prepared = true;
    }

    @Override
    long length() {
      return length;
    }

    @Override
    boolean replayable() {
      return true;
    }

    @Override
    Source open() throws IOException {
      if (!prepared) throw new IllegalStateException("prepare() first");
      if (file.length() != length || file.lastModified() != lastModified) {
        throw new MediaIntegrityException(file + " changed after the upload started (was "
            + length + " bytes); nothing more of it is sent");
      }
      return new FileSource(new FileInputStream(file));
    }

    @Override
    public String toString() {
      return "UploadContent{file}";
    }
  }

  /**
   * A file read {@link #FILE_CHUNK} bytes per system call (okio's own file source makes one call
   * per 8 KiB segment), handed out in pieces as small as the reader asks for.
   */
  private static final class FileSource implements Source {
    private final FileInputStream in;
    private final byte[] chunk = new byte[FILE_CHUNK];
    private int position;
    private int limit;

    FileSource(FileInputStream in) {
      this.in = in;
    }

    @Override
    public long read(Buffer sink, long byteCount) throws IOException {
      if (byteCount == 0) return 0;
      if (position == limit) {
        int n = in.read(chunk, 0, chunk.length);
        if (n < 0) return -1;
        position = 0;
        limit = n;
      }
      int n = (int) Math.min(byteCount, limit - position);
      sink.write(chunk, position, n);
      position += n;
      return n;
    }

    @Override
    public Timeout timeout() {
      return Timeout.NONE;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  private static final class BytesContent extends UploadContent {
    private final byte[] bytes;

    BytesContent(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override
    void prepare() {}

    @Override
    long length() {
      return bytes.length;
    }

    @Override
    boolean replayable() {
      return true;
    }

    @Override
    Source open() {
      return new Source() {
        private int position;

        @Override
        public long read(Buffer sink, long byteCount) {
          if (position == bytes.length) return byteCount == 0 ? 0 : -1;
          int n = (int) Math.min(byteCount, bytes.length - position);
          sink.write(bytes, position, n);
          position += n;
          return n;
        }

        @Override
        public Timeout timeout() {
          return Timeout.NONE;
        }

        @Override
        public void close() {}
      };
    }

    @Override
    public String toString() {
      return "UploadContent{" + bytes.length + " bytes}";
    }
  }

  private static final class SourceContent extends UploadContent {
    private final Source source;
    private final long length;
    private boolean opened;

    SourceContent(Source source, long length) {
      this.source = source;
      this.length = length;
    }

    @Override
    void prepare() {}

    @Override
    long length() {
      return length;
    }

    @Override
    boolean replayable() {
      return false;
    }

    @Override
    synchronized Source open() throws IOException {
      if (opened) {
        throw new IOException("the upload's source was already read once and cannot be sent"
            + " again; upload a File or a byte array to allow retries");
      }
      opened = true;
      return source;
    }

    @Override
    synchronized void release() {
      if (opened) return;
      opened = true;
      try {
        source.close();
      } catch (IOException ignored) {
        // Nothing was read from it; failing to close it changes nothing for the upload's outcome.
      }
    }

    @Override
    public String toString() {
      return "UploadContent{source, " + (length >= 0 ? length + " bytes" : "length unknown") + "}";
    }
  }
}
