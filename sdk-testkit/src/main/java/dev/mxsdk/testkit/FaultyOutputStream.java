package dev.mxsdk.testkit;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;

/**
 * A CDN body as the fault switches want it: truncated (the declared length stays, the connection
 * is closed), with one bit flipped, or sent slowly. Body bytes are counted from 0.
 */
final class FaultyOutputStream extends FilterOutputStream {
  private final long truncateAt;
  private final long corruptAt;
  private final int chunk;
  private final long delayMillis;
  private long written;

  /**
   * @param truncateAt the byte count to stop at, or -1
   * @param corruptAt the offset of the byte whose lowest bit is flipped, or -1
   * @param chunk the bytes to send at a time, or 0 for no slowing
   */
  FaultyOutputStream(OutputStream out, long truncateAt, long corruptAt, int chunk,
      long delayMillis) {
    super(out);
    this.truncateAt = truncateAt;
    this.corruptAt = corruptAt;
    this.chunk = chunk;
    this.delayMillis = delayMillis;
  }

  /**
   * Returns {@code out}, the body of representation bytes {@code from} to {@code toInclusive},
   * through the CDN body faults that are on (counting one use of each that applies), or
   * {@code out} itself.
   */
  static OutputStream wrap(OutputStream out, Faults faults, long from, long toInclusive) {
    long truncate = faults.take(Faults.Kind.TRUNCATE_CDN_BODY) ? faults.truncateAfterBytes() : -1;
    long dropAt = faults.dropOffset();
    // Only a body that reaches the offset counts a use, so a ranged request past it is unharmed.
    if (dropAt >= from && dropAt <= toInclusive && faults.take(Faults.Kind.DROP_CONNECTION)) {
      long cut = dropAt - from;
      truncate = truncate < 0 ? cut : Math.min(truncate, cut);
    }
    long corrupt = faults.take(Faults.Kind.CORRUPT_CDN_BODY) ? faults.corruptOffset() : -1;
    boolean slow = faults.take(Faults.Kind.SLOW_CDN_BODY);
    if (truncate < 0 && corrupt < 0 && !slow) return out;
    return new FaultyOutputStream(out, truncate, corrupt,
        slow ? faults.slowChunkBytes() : 0, slow ? faults.slowDelayMillis() : 0);
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      if (truncateAt >= 0 && written >= truncateAt) {
        throw new TruncatedOnPurpose();
      }
      int n = len;
      if (chunk > 0) n = Math.min(n, chunk);
      if (truncateAt >= 0) n = (int) Math.min(n, truncateAt - written);
      if (corruptAt >= written && corruptAt < written + n) {
        byte[] copy = new byte[n];
        System.arraycopy(b, off, copy, 0, n);
        copy[(int) (corruptAt - written)] ^= 1;
        out.write(copy, 0, n);
      } else {
        out.write(b, off, n);
      }
      // Each piece goes out at once, so a truncation or a delay is seen where it happens.
      out.flush();
      written += n;
      off += n;
      len -= n;
      if (chunk > 0 && delayMillis > 0) {
        try {
          Thread.sleep(delayMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("slow body interrupted");
        }
      }
    }
  }

  @Override
  public void close() throws IOException {
    if (truncateAt >= 0 && written >= truncateAt) throw new TruncatedOnPurpose();
    super.close();
  }

  /** Thrown to abandon a response on purpose; the origin then closes the connection. */
  static final class TruncatedOnPurpose extends IOException {
    TruncatedOnPurpose() {
      super("body truncated by a fault switch");
    }
  }
}
