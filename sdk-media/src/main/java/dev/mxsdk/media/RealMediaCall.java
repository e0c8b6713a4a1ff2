package dev.mxsdk.media;

import dev.mxsdk.core.CallHandle;
import dev.mxsdk.core.Clock;
import dev.mxsdk.media.internal.cache.CacheFlow;
import dev.mxsdk.media.internal.flow.Download;
import dev.mxsdk.media.internal.flow.DownloadFlow;
import java.io.File;
import java.io.IOException;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;

/** The {@link MediaCall} implementation: runs the download flow once, cancellable. */
final class RealMediaCall implements MediaCall {
  private final DownloadFlow flow;
  private final MediaRequest request;
  private final MediaOptions options;
  private final @Nullable File spoolDirectory;
  private final @Nullable MediaCache cache;
  private final Clock clock;
  private final CallHandle handle = new CallHandle();
  private boolean executed;

  RealMediaCall(DownloadFlow flow, MediaRequest request, MediaOptions options,
      @Nullable File spoolDirectory, @Nullable MediaCache cache, Clock clock) {
    this.flow = flow;
    this.request = request;
    this.options = options;
    this.spoolDirectory = spoolDirectory;
    this.cache = cache;
    this.clock = clock;
  }

  @Override
  public MediaRequest request() {
    return request;
  }

  private synchronized void markExecuted() {
    if (executed) throw new IllegalStateException("Already Executed");
    executed = true;
  }

  @Override
  public MediaResponse execute() throws IOException {
    markExecuted();
    return run();
  }

  private MediaResponse run() throws IOException {
    MediaCache c = cache;
    Download download = c == null
        ? flow.execute(request, options, handle)
        : CacheFlow.execute(c.store(), flow, clock, request, options, handle);
    return new MediaResponse(request, download, options.unverifiedStreaming(), options.resume(),
        spoolDirectory);
  }

  @Override
  public void enqueue(final Callback callback) {
    if (callback == null) throw new NullPointerException("callback == null");
    if (cache != null) cache.store();
    markExecuted();
    Runnable task = new Runnable() {
      @Override
      public void run() {
        MediaResponse response;
        try {
          response = RealMediaCall.this.run();
        } catch (IOException e) {
          callback.onFailure(RealMediaCall.this, e);
          return;
        } catch (IllegalStateException e) {
          MediaCache c = cache;
          if (c == null || !c.isClosed()) throw e;
          // The cache was closed after enqueue(): the callback still hears of the call.
          IOException failure = new IOException("the MediaCache was closed", e);
          callback.onFailure(RealMediaCall.this, failure);
          return;
        }
        callback.onResponse(RealMediaCall.this, response);
      }
    };
    try {
      flow.executor().execute(task);
    } catch (RejectedExecutionException e) {
      IOException failure = new java.io.InterruptedIOException("executor rejected the call");
      failure.initCause(e);
      callback.onFailure(this, failure);
    }
  }

  @Override
  public void cancel() {
    handle.cancel();
  }

  @Override
  public boolean isCanceled() {
    return handle.isCanceled();
  }

  @Override
  public String toString() {
    return "MediaCall{" + request + "}";
  }
}
