package dev.mxsdk.media.internal.flow;

import dev.mxsdk.media.MediaTooLargeException;
import java.io.IOException;
import okio.Buffer;
import okio.ForwardingSource;
import okio.Source;

/**
 * Fails with {@link MediaTooLargeException} before it hands out a byte past {@code maxSize}.
 * Sticky: once over the limit, every later read throws again.
 */
public final class LimitSource extends ForwardingSource {
  private final long maxSize;
  private final Buffer chunk = new Buffer();
  private long total;
  private boolean failed;

  LimitSource(Source delegate, long maxSize) {
    super(delegate);
    this.maxSize = maxSize;
  }

  @Override
  public long read(Buffer sink, long byteCount) throws IOException {
    if (failed) throw tooLarge(maxSize);
    long n = super.read(chunk, Math.min(byteCount, maxSize - total + 1));
    if (n == -1) return -1;
    if (total + n > maxSize) {
      failed = true;
      chunk.clear();
      throw tooLarge(maxSize);
    }
    total += n;
    sink.write(chunk, n);
    return n;
  }

  /** The failure of a download larger than the configured {@code maxSize}. */
  public static MediaTooLargeException tooLarge(long maxSize) {
    return new MediaTooLargeException(
        "the media is larger than the configured maximum of " + maxSize + " bytes", maxSize);
  }
}
