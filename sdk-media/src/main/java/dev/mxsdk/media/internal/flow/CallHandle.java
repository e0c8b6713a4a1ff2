package dev.mxsdk.media.internal.flow;

import java.io.IOException;
import okhttp3.Call;
import org.jspecify.annotations.Nullable;

/**
 * Cancellation state of one media call: the flag, the OkHttp call currently running (so that
 * {@link #cancel()} can abort its I/O and release its connection), and a wait that {@link
 * #cancel()} interrupts.
 */
public final class CallHandle {
  private final Object lock = new Object();
  private volatile boolean canceled;
  private volatile @Nullable Call current;

  /** Cancels: aborts the running exchange and wakes a retry wait. */
  public void cancel() {
    canceled = true;
    Call call = current;
    if (call != null) call.cancel();
    synchronized (lock) {
      lock.notifyAll();
    }
  }

  public boolean isCanceled() {
    return canceled;
  }

  /** Makes {@code call} the one {@link #cancel()} aborts; cancels it at once if already canceled. */
  void running(Call call) {
    current = call;
    if (canceled) call.cancel();
  }

  /** Throws {@code IOException("Canceled")} if canceled. */
  void throwIfCanceled() throws IOException {
    if (canceled) throw canceled();
  }

  /** Waits {@code millis} of real time, or less if canceled; then throws if canceled. */
  void await(long millis) throws IOException {
    long deadline = System.nanoTime() + millis * 1_000_000L;
    synchronized (lock) {
      long remaining;
      while (!canceled && (remaining = deadline - System.nanoTime()) > 0) {
        try {
          lock.wait(Math.max(1, remaining / 1_000_000L));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new java.io.InterruptedIOException("interrupted while waiting to retry");
        }
      }
    }
    throwIfCanceled();
  }

  /** The exception every canceled operation throws, as OkHttp's calls do. */
  static IOException canceled() {
    return new IOException("Canceled");
  }
}
