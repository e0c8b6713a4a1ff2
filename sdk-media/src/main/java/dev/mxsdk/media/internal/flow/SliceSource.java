package dev.mxsdk.media.internal.flow;

import dev.mxsdk.media.MediaProtocolException;
import java.io.IOException;
import okio.Buffer;
import okio.ForwardingSource;
import okio.Source;

/**
 * Cuts an asked range out of bytes that start at or before it: {@code upstream} holds the object's
 * bytes from position {@code upstreamStart}; this source drops them up to {@code offset}, hands
 * out at most {@code limit} bytes from there (-1: to the end), and then ends without reading
 * further. A server that sent more than was asked (a {@code 200} to a ranged request, a wider
 * {@code 206}) is handled here, and the bytes dropped are counted.
 *
 * <p>When upstream ends, its position must be {@code expectedEnd} (if known, else -1): the end
 * that its framing ({@code Content-Range}, {@code Content-Length}, the canonical record layout)
 * promised. Failures are sticky.
 */
final class SliceSource extends ForwardingSource {
  private static final long SKIP_STEP = 64 * 1024;

  private final long offset;
  private final long limit;
  private final long expectedEnd;
  private final Buffer scratch = new Buffer();
  private long position;
  private long skipped;
  private boolean done;
  private IOException failure;

  SliceSource(Source upstream, long upstreamStart, long offset, long limit, long expectedEnd) {
    super(upstream);
    if (upstreamStart > offset) {
      throw new IllegalArgumentException("upstream starts after the offset: " + upstreamStart
          + " > " + offset);
    }
    this.position = upstreamStart;
    this.offset = offset;
    this.limit = limit;
    this.expectedEnd = expectedEnd;
  }

  @Override
  public long read(Buffer sink, long byteCount) throws IOException {
    if (byteCount < 0) throw new IllegalArgumentException("byteCount < 0: " + byteCount);
    if (failure != null) throw failure;
    if (done) return -1;
    try {
      while (position < offset) {
        long n = super.read(scratch, Math.min(offset - position, SKIP_STEP));
        if (n == -1) return end();
        scratch.clear();
        position += n;
        skipped += n;
      }
      long want = byteCount;
      if (limit >= 0) {
        long left = offset + limit - position;
        if (left <= 0) {
          done = true;
          return -1;
        }
        want = Math.min(want, left);
      }
      long n = super.read(sink, want);
      if (n == -1) return end();
      position += n;
      return n;
    } catch (IOException e) {
      failure = e;
      throw e;
    }
  }

  private long end() throws MediaProtocolException {
    done = true;
    if (expectedEnd >= 0 && position != expectedEnd) {
      throw new MediaProtocolException("the media ended at byte " + position + ", but the"
          + " response's framing promised " + expectedEnd + " bytes");
    }
    return -1;
  }

  /** The bytes dropped before the offset so far. */
  long skipped() {
    return skipped;
  }
}
