package dev.mxsdk.media.server;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okio.Buffer;
import okio.Source;
import okio.Timeout;
import org.jspecify.annotations.Nullable;

/** Contents that misbehave on purpose, and that count what was opened and closed. */
final class TestContents {
  private TestContents() {
  }

  static byte[] bytes(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) b[i] = (byte) (i * 31 + 7);
    return b;
  }

  /** A content that counts its opened and closed sources; subclasses decide what they yield. */
  abstract static class Counting extends MediaContent {
    final AtomicInteger opened = new AtomicInteger();
    final AtomicInteger closed = new AtomicInteger();
    final byte[] data;
    private final long length;

    Counting(byte[] data, long length) {
      this.data = data;
      this.length = length;
    }

    @Override
    public String contentType() {
      return "video/mp4";
    }

    @Override
    public long length() {
      return length;
    }

    @Override
    public @Nullable String fileName() {
      return "clip.mp4";
    }

    @Override
    public Source open(long offset, long byteCount) throws IOException {
      opened.incrementAndGet();
      final Source delegate = source(offset, byteCount);
      return new Source() {
        @Override
        public long read(Buffer sink, long n) throws IOException {
          return delegate.read(sink, n);
        }

        @Override
        public Timeout timeout() {
          return Timeout.NONE;
        }

        @Override
        public void close() throws IOException {
          closed.incrementAndGet();
          delegate.close();
        }
      };
    }

    abstract Source source(long offset, long byteCount) throws IOException;
  }

  /** Serves {@code data}, of known or (with {@code knownLength} false) unknown length. */
  static Counting plain(byte[] data, boolean knownLength) {
    return new Counting(data, knownLength ? data.length : -1) {
      @Override
      Source source(long offset, long byteCount) {
        long n = byteCount == -1 ? data.length - offset : byteCount;
        return new Buffer().write(data, (int) offset, (int) n);
      }
    };
  }

  /** Yields the first {@code failAfter} bytes of the range, then throws. */
  static Counting failingAfter(byte[] data, boolean knownLength, final int failAfter) {
    return new Counting(data, knownLength ? data.length : -1) {
      @Override
      Source source(long offset, long byteCount) {
        final Buffer bytes = new Buffer().write(data, (int) offset, failAfter);
        return new Source() {
          @Override
          public long read(Buffer sink, long n) throws IOException {
            if (bytes.size() == 0) throw new IOException("upstream failed");
            return bytes.read(sink, Math.min(n, bytes.size()));
          }

          @Override
          public Timeout timeout() {
            return Timeout.NONE;
          }

          @Override
          public void close() {
          }
        };
      }
    };
  }

  /** Claims {@code data.length + extra} bytes but yields only {@code data}: ends early. */
  static Counting endingEarly(byte[] data, int extra) {
    return new Counting(data, data.length + extra) {
      @Override
      Source source(long offset, long byteCount) {
        return new Buffer().write(data, (int) Math.min(offset, data.length),
            (int) Math.max(0, data.length - offset));
      }
    };
  }

  /**
   * Yields {@code data.length / 2} bytes, then blocks in read until closed (from another thread),
   * like an upstream HTTP body whose network stalled. {@link #blocked} opens when a read blocks.
   */
  static Blocking blocking(byte[] data) {
    return new Blocking(data);
  }

  static final class Blocking extends Counting {
    final CountDownLatch blocked = new CountDownLatch(1);
    final CountDownLatch released = new CountDownLatch(1);

    Blocking(byte[] data) {
      super(data, data.length);
    }

    @Override
    Source source(long offset, long byteCount) {
      final Buffer first = new Buffer().write(data, (int) offset, (int) (byteCount / 2));
      return new Source() {
        @Override
        public long read(Buffer sink, long n) throws IOException {
          if (first.size() > 0) return first.read(sink, Math.min(n, first.size()));
          blocked.countDown();
          try {
            if (!released.await(30, TimeUnit.SECONDS)) throw new IOException("never released");
          } catch (InterruptedException e) {
            throw new InterruptedIOException();
          }
          throw new IOException("closed while reading");
        }

        @Override
        public Timeout timeout() {
          return Timeout.NONE;
        }

        @Override
        public void close() {
          released.countDown();
        }
      };
    }
  }
}
