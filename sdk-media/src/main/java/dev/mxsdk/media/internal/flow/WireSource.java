package dev.mxsdk.media.internal.flow;

import dev.mxsdk.core.CallHandle;
import dev.mxsdk.core.Clock;
import dev.mxsdk.media.MediaIntegrityException;
import dev.mxsdk.media.ProgressListener;
import java.io.IOException;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import okio.Buffer;
import okio.ForwardingSource;
import okio.Source;
import org.jspecify.annotations.Nullable;

/**
 * The innermost layer over a response body: counts the wire bytes for the progress listener
 * ({@link Progress}, the counter uploads use too),
 * enforces the low-speed rule (fail when fewer than {@code speedLimit} bytes per second arrive
 * for {@code speedTime}, as curl's {@code --speed-limit}/{@code --speed-time}) and the call's
 * deadline, turns any failure after {@link CallHandle#cancel()} into {@code IOException("Canceled")},
 * and an HTTP framing failure (a body shorter than its {@code Content-Length}, a broken chunk) into
 * {@link MediaIntegrityException}: the bytes did not arrive as sent.
 */
final class WireSource extends ForwardingSource {
  private final CallHandle handle;
  private final Clock clock;
  private final Progress progress;
  private final long speedLimit;
  private final long speedTimeMillis;
  private long windowStart;
  private long windowBytes;

  /**
   * @param speedLimit bytes per second; 0 turns the low-speed rule off
   * @param speedTimeMillis how long the transfer may stay below {@code speedLimit}
   */
  WireSource(Source delegate, CallHandle handle, Clock clock,
      @Nullable ProgressListener listener, long contentLength, long speedLimit,
      long speedTimeMillis) {
    super(delegate);
    this.handle = handle;
    this.clock = clock;
    this.progress = new Progress(listener, contentLength);
    this.speedLimit = speedLimit;
    this.speedTimeMillis = speedTimeMillis;
    this.windowStart = clock.nowMillis();
  }

  @Override
  public long read(Buffer sink, long byteCount) throws IOException {
    handle.throwIfCanceled();
    long n;
    try {
      n = super.read(sink, byteCount);
    } catch (ProtocolException e) {
      if (handle.isCanceled()) throw CallHandle.canceledException();
      throw new MediaIntegrityException(
          "the body was cut short or malformed at the HTTP level (" + e.getMessage() + ")", e);
    } catch (IOException e) {
      throw handle.failure(e);
    }
    if (n > 0) {
      windowBytes += n;
      progress.add(n);
    }
    checkSpeed(n == -1);
    return n;
  }

  private void checkSpeed(boolean ended) throws SocketTimeoutException {
    if (speedLimit <= 0 || ended) return;
    long now = clock.nowMillis();
    long elapsed = now - windowStart;
    if (elapsed < speedTimeMillis) return;
    if (windowBytes * 1000L < speedLimit * elapsed) {
      throw new SocketTimeoutException("the transfer stayed below " + speedLimit
          + " bytes/s for " + (elapsed / 1000) + " s (the low-speed limit)");
    }
    windowStart = now;
    windowBytes = 0;
  }
}
