package dev.mxsdk.media;

import dev.mxsdk.core.CallHandle;
import dev.mxsdk.media.internal.cache.CachingUploadTee;
import dev.mxsdk.media.internal.flow.Upload;
import dev.mxsdk.media.internal.flow.UploadFlow;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * The {@link UploadCall} implementation: runs the upload flow once, cancellable; with a
 * {@link MediaCache}, what was sent is stored as the new media's entry.
 */
final class RealUploadCall implements UploadCall {
  private final UploadFlow flow;
  private final UploadRequest request;
  private final @Nullable MediaCache cache;
  private final CallHandle handle = new CallHandle();
  private boolean executed;

  RealUploadCall(UploadFlow flow, UploadRequest request, @Nullable MediaCache cache) {
    this.flow = flow;
    this.request = request;
    this.cache = cache;
  }

  @Override
  public UploadRequest request() {
    return request;
  }

  private synchronized void markExecuted() {
    if (executed) throw new IllegalStateException("Already Executed");
    executed = true;
  }

  @Override
  public UploadResult execute() throws IOException {
    markExecuted();
    return run();
  }

  private UploadResult run() throws IOException {
    MediaCache c = cache;
    CachingUploadTee tee = c != null && !c.isClosed() ? new CachingUploadTee(c.store()) : null;
    try {
      Upload upload = flow.execute(request, request.content(), handle, tee);
      if (tee != null) {
        tee.commit(upload.mxcUri, upload.contentType,
            upload.encryptedFile == null ? request.fileName() : null, upload.encryptedFile);
      }
      return new UploadResult(upload.mxcUri, upload.contentToken, upload.encryptedFile,
          upload.contentType, upload.bytesSent, upload.attempts);
    } finally {
      if (tee != null) tee.close();
    }
  }

  @Override
  public void enqueue(final Callback callback) {
    if (callback == null) throw new NullPointerException("callback == null");
    markExecuted();
    Runnable task = new Runnable() {
      @Override
      public void run() {
        UploadResult result;
        try {
          result = RealUploadCall.this.run();
        } catch (IOException e) {
          callback.onFailure(RealUploadCall.this, e);
          return;
        }
        callback.onSuccess(RealUploadCall.this, result);
      }
    };
    try {
      flow.executor().execute(task);
    } catch (RejectedExecutionException e) {
      IOException failure = new InterruptedIOException("executor rejected the call");
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
    return "UploadCall{" + request + "}";
  }
}
