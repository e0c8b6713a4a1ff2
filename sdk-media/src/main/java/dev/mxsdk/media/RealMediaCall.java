package dev.mxsdk.media;

import dev.mxsdk.media.internal.flow.CallHandle;
import dev.mxsdk.media.internal.flow.MediaEngine;
import java.io.IOException;
import java.util.concurrent.RejectedExecutionException;

/** The {@link MediaCall} implementation: runs the engine once, cancellable. */
final class RealMediaCall implements MediaCall {
  private final MediaEngine engine;
  private final MediaRequest request;
  private final MediaOptions options;
  private final CallHandle handle = new CallHandle();
  private boolean executed;

  RealMediaCall(MediaEngine engine, MediaRequest request, MediaOptions options) {
    this.engine = engine;
    this.request = request;
    this.options = options;
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
    return new MediaResponse(request, engine.execute(request, options, handle));
  }

  @Override
  public void enqueue(final Callback callback) {
    if (callback == null) throw new NullPointerException("callback == null");
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
        }
        callback.onResponse(RealMediaCall.this, response);
      }
    };
    try {
      engine.executor().execute(task);
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
