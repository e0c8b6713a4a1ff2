package dev.mxsdk.media.internal.cache;

import dev.mxsdk.core.CallHandle;
import dev.mxsdk.media.MediaIntegrityException;
import dev.mxsdk.media.ProgressListener;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import okio.Buffer;
import okio.Source;
import okio.Timeout;
import org.jspecify.annotations.Nullable;

/**
 * Exactly one range of an opened entry's media bytes, read with positional reads on its
 * descriptor; fails with {@link MediaIntegrityException} if the file ends before the range does.
 * A download's hit adds the call's cancellation and progress ({@link #forCall}). Closing closes
 * the entry. Not thread-safe.
 */
public final class EntrySource implements Source {
  /** Bytes read from the file per read. */
  static final int READ_CHUNK = 64 * 1024;

  private final FileChannel channel;
  /** What closing releases: the entry's descriptor. */
  private final Closeable entry;
  private final long end;
  private final long length;
  /** The file position of the next read ahead. */
  private long position;
  private long delivered;
  private @Nullable CallHandle handle;
  private @Nullable ProgressListener listener;
  private @Nullable ByteBuffer chunk;
  private boolean closed;

  EntrySource(FileChannel channel, Closeable entry, long offset, long byteCount) {
    this.channel = channel;
    this.entry = entry;
    this.position = offset;
    this.end = offset + byteCount;
    this.length = byteCount;
  }

  /**
   * Makes reads fail with {@code IOException("Canceled")} once {@code handle} is canceled, and
   * report bytes read against the range's length to {@code listener}.
   */
  EntrySource forCall(CallHandle handle, @Nullable ProgressListener listener) {
    this.handle = handle;
    this.listener = listener;
    return this;
  }

  @Override
  public long read(Buffer sink, long byteCount) throws IOException {
    if (byteCount < 0) throw new IllegalArgumentException("byteCount < 0: " + byteCount);
    if (closed) throw new IllegalStateException("closed");
    CallHandle h = handle;
    if (h != null) h.throwIfCanceled();
    ByteBuffer buffer = chunk;
    if (buffer == null) {
      // Direct: the file is read straight into it, and from it into the sink's segments, one
      // copy fewer than through a heap array (the JDK would stage a heap read in a direct one).
      buffer = ByteBuffer.allocateDirect((int) Math.max(1, Math.min(READ_CHUNK, length)));
      buffer.limit(0);
      chunk = buffer;
    }
    if (!buffer.hasRemaining()) {
      if (position == end) return -1;
      // Read ahead a whole chunk: a buffered reader asks for one 8 KiB segment at a time, and a
      // system call per segment would cost more than the copy.
      buffer.clear();
      buffer.limit((int) Math.min(buffer.capacity(), end - position));
      int n = channel.read(buffer, position);
      if (n < 0) {
        buffer.limit(0);
        throw new MediaIntegrityException("the cache entry ended " + (end - position)
            + " bytes early (it was changed while it was read)");
      }
      position += n;
      buffer.flip();
    }
    if (byteCount == 0) return 0;
    int take = (int) Math.min(byteCount, buffer.remaining());
    int limit = buffer.limit();
    buffer.limit(buffer.position() + take);
    sink.write(buffer);
    buffer.limit(limit);
    delivered += take;
    ProgressListener l = listener;
    if (l != null && take > 0) l.onProgress(delivered, length);
    return take;
  }

  @Override
  public Timeout timeout() {
    return Timeout.NONE;
  }

  @Override
  public void close() throws IOException {
    closed = true;
    entry.close();
  }
}
