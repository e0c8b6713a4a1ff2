package dev.mxsdk.media.internal.flow;

import dev.mxsdk.media.ProgressListener;
import dev.mxsdk.media.MediaIntegrityException;
import java.io.IOException;
import java.net.ProtocolException;
import okio.Buffer;
import okio.ForwardingSource;
import okio.Source;
import org.jspecify.annotations.Nullable;

/**
 * The innermost layer over a response body: counts the wire bytes for the progress listener, turns
 * any failure after {@link CallHandle#cancel()} into {@code IOException("Canceled")}, and an HTTP
 * framing failure (a body shorter than its {@code Content-Length}, a broken chunk) into {@link
 * MediaIntegrityException}: the bytes did not arrive as sent.
 */
final class WireSource extends ForwardingSource {
  private final CallHandle call;
  private final @Nullable ProgressListener listener;
  private final long contentLength;
  private long bytesRead;

  WireSource(Source delegate, CallHandle call, @Nullable ProgressListener listener,
      long contentLength) {
    super(delegate);
    this.call = call;
    this.listener = listener;
    this.contentLength = contentLength;
  }

  @Override
  public long read(Buffer sink, long byteCount) throws IOException {
    if (call.isCanceled()) throw CallHandle.canceled();
    long n;
    try {
      n = super.read(sink, byteCount);
    } catch (ProtocolException e) {
      if (call.isCanceled()) throw CallHandle.canceled();
      throw new MediaIntegrityException(
          "the body was cut short or malformed at the HTTP level (" + e.getMessage() + ")", e);
    } catch (IOException e) {
      if (call.isCanceled()) throw CallHandle.canceled();
      throw e;
    }
    if (n > 0) {
      bytesRead += n;
      if (listener != null) listener.onProgress(bytesRead, contentLength);
    }
    return n;
  }
}
