package dev.mxsdk.media.internal.delivery;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import okio.BufferedSink;
import okio.ForwardingSink;
import okio.Okio;
import org.jspecify.annotations.Nullable;

/**
 * Writes a file that appears at its target path only once it is complete and verified: bytes go to
 * a temporary file in the target's directory, {@link #commit()} syncs it and moves it into place
 * (atomically replacing an existing target), and {@link #abort()} (or {@link #close()} without a
 * commit) deletes it. On any failure the target is never created and an existing target is never
 * modified, and no temporary file is left behind.
 *
 * <pre>{@code
 * AtomicFileWriter writer = AtomicFileWriter.open(target);
 * try {
 *   BufferedSink sink = writer.sink();
 *   sink.writeAll(source);   // throws on an integrity failure
 *   writer.commit();         // only now does target exist
 * } finally {
 *   writer.close();          // deletes the temporary file unless committed
 * }
 * }</pre>
 *
 * <p>The move uses {@code java.nio.file.Files.move(ATOMIC_MOVE, REPLACE_EXISTING)} where
 * {@code java.nio.file} exists (the JVM, Android API 26+) and {@link File#renameTo} otherwise
 * (Android API 21 to 25, where a rename within one directory is atomic on the POSIX file systems
 * Android uses).
 *
 * <p>Not thread-safe: one thread writes, then commits or aborts.
 */
public final class AtomicFileWriter implements Closeable {
  private static final boolean HAS_NIO_FILES = hasNioFiles();
  /** Bytes gathered per write to the file. */
  static final int WRITE_BUFFER = 256 * 1024;

  private final File target;
  private final File temp;
  private final FileOutputStream out;
  private final BufferedSink sink;
  private final boolean useNio;
  private boolean closed;
  private boolean committed;

  private AtomicFileWriter(File target, File temp, FileOutputStream out, boolean useNio) {
    this.target = target;
    this.temp = temp;
    this.out = out;
    // Closing the sink (or the stream view) only flushes: commit() or abort() closes the file.
    // okio hands the stream one 8 KiB segment per write(); gathering them into larger writes cuts
    // the system calls of a large file 32-fold (measured: ~15% of a 512 MiB decrypt to file).
    this.sink = Okio.buffer(new ForwardingSink(Okio.sink(new BufferedOutputStream(out, WRITE_BUFFER))) {
      @Override
      public void close() throws IOException {
        flush();
      }
    });
    this.useNio = useNio;
  }

  /**
   * Creates a temporary file beside {@code target} and returns a writer for it.
   *
   * @throws IOException if {@code target} is a directory, its directory does not exist, or the
   *     temporary file cannot be created
   */
  public static AtomicFileWriter open(File target) throws IOException {
    return open(target, HAS_NIO_FILES);
  }

  /** Like {@link #open(File)}; {@code useNio} false forces the {@link File#renameTo} path (tests). */
  static AtomicFileWriter open(File target, boolean useNio) throws IOException {
    if (target == null) throw new NullPointerException("target == null");
    File absolute = target.getAbsoluteFile();
    if (absolute.isDirectory()) {
      throw new IOException("expected a file path but found a directory: " + target);
    }
    File dir = absolute.getParentFile();
    if (dir == null || !dir.isDirectory()) {
      throw new IOException("directory does not exist for " + target);
    }
    String prefix = "." + truncate(absolute.getName()) + "-";
    File temp = File.createTempFile(prefix, ".tmp", dir);
    FileOutputStream out;
    try {
      out = new FileOutputStream(temp);
    } catch (IOException e) {
      deleteQuietly(temp);
      throw e;
    }
    return new AtomicFileWriter(absolute, temp, out, useNio);
  }

  /**
   * The sink that writes to the temporary file. Closing it only flushes; {@link #commit()} or
   * {@link #abort()} finishes the file.
   */
  public BufferedSink sink() {
    checkOpen();
    return sink;
  }

  /** An {@link OutputStream} view of {@link #sink()}; closing it only flushes. */
  public OutputStream outputStream() {
    checkOpen();
    return sink.outputStream();
  }

  /** The file this writer creates or replaces on {@link #commit()}. */
  public File target() {
    return target;
  }

  /** The temporary file in the target's directory that holds the bytes until {@link #commit()}. */
  public File tempFile() {
    return temp;
  }

  /**
   * Flushes and syncs the temporary file, then moves it into place, replacing any existing target.
   * If this fails the temporary file is deleted and the target is left as it was.
   *
   * @throws IOException if the bytes cannot be written or the file cannot be moved
   * @throws IllegalStateException if already committed or aborted
   */
  public void commit() throws IOException {
    checkOpen();
    closed = true;
    boolean moved = false;
    try {
      if (sink.isOpen()) sink.flush();
      out.getFD().sync();
      out.close();
      if (useNio) {
        NioFileMover.move(temp, target);
      } else if (!temp.renameTo(target)) {
        throw new IOException("could not move " + temp.getName() + " into place as " + target);
      }
      moved = true;
      committed = true;
    } finally {
      if (!moved) {
        closeQuietly(out);
        deleteQuietly(temp);
      }
    }
  }

  /** Discards the temporary file; the target is not touched. Does nothing if already finished. */
  public void abort() {
    if (closed) return;
    closed = true;
    closeQuietly(out);
    deleteQuietly(temp);
  }

  /** Aborts unless {@link #commit()} succeeded. */
  @Override
  public void close() {
    abort();
  }

  /** Returns true once {@link #commit()} has moved the file into place. */
  public boolean isCommitted() {
    return committed;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException(committed ? "already committed" : "already aborted");
    }
  }

  private static String truncate(String name) {
    return name.length() <= 64 ? name : name.substring(0, 64);
  }

  private static void closeQuietly(@Nullable Closeable closeable) {
    if (closeable == null) return;
    try {
      closeable.close();
    } catch (IOException ignored) {
      // The temporary file is deleted next; nothing useful to report.
    }
  }

  private static void deleteQuietly(File file) {
    if (file.exists() && !file.delete()) {
      file.deleteOnExit();
    }
  }

  private static boolean hasNioFiles() {
    try {
      Class.forName("java.nio.file.Files");
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    } catch (LinkageError e) {
      return false;
    }
  }
}
