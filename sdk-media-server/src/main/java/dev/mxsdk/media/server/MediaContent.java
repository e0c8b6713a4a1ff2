package dev.mxsdk.media.server;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import okio.Buffer;
import okio.Source;
import okio.Timeout;
import org.jspecify.annotations.Nullable;

/**
 * Something a {@link MediaServer} can serve: its metadata and a way to read any byte range of it.
 *
 * <pre>{@code
 * MediaContent clip = MediaContent.create(new File(cacheDir, "clip.mp4"), "video/mp4", "clip.mp4");
 * MediaLink link = server.url(clip);
 * }</pre>
 *
 * <p>Implementations must be thread-safe: the server calls {@link #open} from its connection
 * threads, several at once when a player opens a second connection to seek.
 */
public abstract class MediaContent {
  /**
   * The media type sent as {@code Content-Type}, such as {@code video/mp4}. A value that is not a
   * plain {@code type/subtype[; parameters]} of printable ASCII is sent as
   * {@code application/octet-stream}.
   *
   * @return the content's media type
   */
  public abstract String contentType();

  /**
   * The total length in bytes, or -1 if unknown. Content of unknown length is always sent whole
   * ({@code Range} is ignored), chunked to HTTP/1.1 clients and until the connection closes to
   * HTTP/1.0 clients.
   *
   * @return the content's length in bytes, or -1
   */
  public abstract long length();

  /** {@return the file name shown at the end of the URL, or null for a generic one} */
  public @Nullable String fileName() {
    return null;
  }

  /**
   * Opens bytes {@code [offset, offset + byteCount)}; {@code byteCount} is -1 (to the end) only
   * when {@link #length()} is -1. The source must yield exactly those bytes: a source that ends
   * early or throws makes the server break the connection, so the client never mistakes a short
   * or failed body for a complete one.
   *
   * <p>The server closes the returned source when the response ends, and may close it from
   * another thread while a {@code read} is blocked in it (the client disconnected, the link was
   * revoked, the server is closing): that must make the read fail promptly and release every
   * upstream resource, such as an HTTP connection. So {@code open} itself should return promptly
   * and leave long work (a download, a whole-file verification) to the first {@code read}, where
   * closing can stop it; if the first read fails, the client is answered with a plain 502.
   *
   * @param offset the first byte to serve, from 0
   * @param byteCount the number of bytes to serve, or -1 for all to the end
   * @return a source of exactly those bytes, which the server closes
   * @throws IOException if the content cannot be opened; the client is answered with 502
   */
  public abstract Source open(long offset, long byteCount) throws IOException;

  /**
   * Content held in memory. {@code bytes} is not copied: do not change it while it is served.
   *
   * @param bytes the content
   * @param contentType the media type to send, e.g. {@code "image/png"}
   * @param fileName the name for the URL's last segment, or null
   * @return content served from {@code bytes}
   */
  public static MediaContent create(byte[] bytes, String contentType, @Nullable String fileName) {
    if (bytes == null) throw new NullPointerException("bytes == null");
    if (contentType == null) throw new NullPointerException("contentType == null");
    return new BytesContent(bytes, contentType, fileName);
  }

  /**
   * Content read from {@code file}, whose length is taken now: if the file later shrinks, a
   * response that reaches the missing bytes is broken off.
   *
   * @param file the file to serve
   * @param contentType the media type to send, e.g. {@code "video/mp4"}
   * @param fileName the name for the URL's last segment, or null
   * @return content served from {@code file}
   * @throws IllegalArgumentException if {@code file} is not a readable regular file
   */
  public static MediaContent create(File file, String contentType, @Nullable String fileName) {
    if (file == null) throw new NullPointerException("file == null");
    if (contentType == null) throw new NullPointerException("contentType == null");
    if (!file.isFile() || !file.canRead()) {
      throw new IllegalArgumentException("not a readable file: " + file.getName());
    }
    return new FileContent(file, file.length(), contentType, fileName);
  }

  static void checkRange(long offset, long byteCount, long length) {
    if (offset < 0 || byteCount < 0 || offset > length || byteCount > length - offset) {
      throw new IllegalArgumentException(
          "range " + offset + "+" + byteCount + " outside 0.." + length);
    }
  }

  private static final class BytesContent extends MediaContent {
    private final byte[] bytes;
    private final String contentType;
    private final @Nullable String fileName;

    BytesContent(byte[] bytes, String contentType, @Nullable String fileName) {
      this.bytes = bytes;
      this.contentType = contentType;
      this.fileName = fileName;
    }

    @Override
    public String contentType() {
      return contentType;
    }

    @Override
    public long length() {
      return bytes.length;
    }

    @Override
    public @Nullable String fileName() {
      return fileName;
    }

    @Override
    public Source open(long offset, long byteCount) {
      checkRange(offset, byteCount, bytes.length);
      return new Buffer().write(bytes, (int) offset, (int) byteCount);
    }

    @Override
    public String toString() {
      return "MediaContent{" + contentType + ", " + bytes.length + " bytes in memory}";
    }
  }

  private static final class FileContent extends MediaContent {
    private final File file;
    private final long length;
    private final String contentType;
    private final @Nullable String fileName;

    FileContent(File file, long length, String contentType, @Nullable String fileName) {
      this.file = file;
      this.length = length;
      this.contentType = contentType;
      this.fileName = fileName;
    }

    @Override
    public String contentType() {
      return contentType;
    }

    @Override
    public long length() {
      return length;
    }

    @Override
    public @Nullable String fileName() {
      return fileName;
    }

    @Override
    public Source open(long offset, long byteCount) throws IOException {
      checkRange(offset, byteCount, length);
      RandomAccessFile raf = new RandomAccessFile(file, "r");
      try {
        raf.seek(offset);
      } catch (IOException e) {
        raf.close();
        throw e;
      }
      return new FileRangeSource(raf, byteCount);
    }

    @Override
    public String toString() {
      return "MediaContent{" + contentType + ", " + length + " bytes from a file}";
    }
  }

  /** Exactly {@code remaining} bytes of a file; fails if the file ends before them. */
  private static final class FileRangeSource implements Source {
    private final RandomAccessFile raf;
    private final byte[] chunk = new byte[8192];
    private long remaining;

    FileRangeSource(RandomAccessFile raf, long remaining) {
      this.raf = raf;
      this.remaining = remaining;
    }

    @Override
    public long read(Buffer sink, long byteCount) throws IOException {
      if (byteCount < 0) throw new IllegalArgumentException("byteCount < 0: " + byteCount);
      if (remaining == 0) return -1;
      int want = (int) Math.min(Math.min(byteCount, remaining), chunk.length);
      if (want == 0) return 0;
      int n = raf.read(chunk, 0, want);
      if (n == -1) throw new IOException("file ended " + remaining + " bytes early");
      sink.write(chunk, 0, n);
      remaining -= n;
      return n;
    }

    @Override
    public Timeout timeout() {
      return Timeout.NONE;
    }

    @Override
    public void close() throws IOException {
      raf.close();
    }
  }
}
