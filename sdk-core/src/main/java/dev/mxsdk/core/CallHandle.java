package dev.mxsdk.core;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import okhttp3.Call;
import org.jspecify.annotations.Nullable;

/**
 * The cancellation state and deadline of one SDK operation (a download, an upload, an account
 * call): the flag, the OkHttp {@link Call} currently running, and the retry wait in progress, so
 * that {@link #cancel()} from any thread stops whichever of them is active and releases its
 * connection. Every request of the operation goes through {@link HomeserverPath}, which registers
 * it here.
 *
 * <pre>{@code
 * CallHandle handle = new CallHandle();
 * handle.deadlineMillis(clock.nowMillis() + 60_000);   // optional: a whole-operation deadline
 * worker.submit(() -> path.retrying(attempt, true, handle));
 * handle.cancel();                                      // from any thread
 * }</pre>
 *
 * <p>Thread-safe. Single use: once canceled it stays canceled.
 */
public final class CallHandle {
  private final Object lock = new Object();
  private volatile boolean canceled;
  private volatile @Nullable Call current;
  private volatile long deadlineMillis = Long.MAX_VALUE;

  /** A handle that is not canceled and has no deadline. */
  public CallHandle() {}

  /**
   * Cancels the operation: the running exchange is aborted (its connection released) and a retry
   * wait ends at once. Later requests of the operation fail with {@link #canceledException()}.
   */
  public void cancel() {
    canceled = true;
    Call call = current;
    if (call != null) call.cancel();
    synchronized (lock) {
      lock.notifyAll();
    }
  }

  /** {@return whether {@link #cancel()} was called} */
  public boolean isCanceled() {
    return canceled;
  }

  /**
   * Sets the time (on the operation's {@link Clock}) after which no further attempt starts and no
   * retry wait extends; {@link Long#MAX_VALUE} (the default) for none.
   *
   * @param deadlineMillis the deadline in the clock's milliseconds, or {@link Long#MAX_VALUE}
   */
  public void deadlineMillis(long deadlineMillis) {
    this.deadlineMillis = deadlineMillis;
  }

  /** {@return the deadline set with {@link #deadlineMillis(long)}, or {@link Long#MAX_VALUE}} */
  public long deadlineMillis() {
    return deadlineMillis;
  }

  /**
   * Makes {@code call} the exchange that {@link #cancel()} aborts, and cancels it at once if this
   * handle is already canceled.
   *
   * @param call the OkHttp call now running for this operation
   */
  public void running(Call call) {
    if (call == null) throw new NullPointerException("call == null");
    current = call;
    if (canceled) call.cancel();
  }

  /**
   * Aborts the running exchange, closing its connection, without canceling the operation: for a
   * response the SDK refuses before reading its body, whose framing it cannot trust (OkHttp would
   * otherwise try to read the rest of the body to keep the connection).
   */
  public void abortExchange() {
    Call call = current;
    if (call != null) call.cancel();
  }

  /**
   * Returns the failure to report for {@code e}: {@link #canceledException()} once canceled, a
   * {@link SocketTimeoutException} saying so when OkHttp's call timeout (set from the deadline)
   * ended the exchange, otherwise {@code e} itself.
   *
   * @param e the failure an exchange of this operation ended with
   * @return the exception to throw in place of {@code e}, possibly {@code e} itself
   */
  public IOException failure(IOException e) {
    if (canceled) return canceledException();
    if (deadlineMillis != Long.MAX_VALUE && e instanceof InterruptedIOException
        && !(e instanceof SocketTimeoutException)) {
      SocketTimeoutException timeout =
          new SocketTimeoutException("the call did not finish before its deadline");
      timeout.initCause(e);
      return timeout;
    }
    return e;
  }

  /**
   * Throws {@link #canceledException()} if canceled.
   *
   * @throws IOException {@link #canceledException()}, if {@link #cancel()} was called
   */
  public void throwIfCanceled() throws IOException {
    if (canceled) throw canceledException();
  }

  /**
   * Waits {@code millis}, or less if canceled, then throws if canceled. With {@link Clock#SYSTEM}
   * the wait is real and a cancellation wakes it at once; any other clock is asked to
   * {@link Clock#sleep(long)} (tests' fake clocks advance instead of sleeping).
   *
   * @param millis how long to wait, in milliseconds; 0 or less does not wait
   * @param clock the operation's clock; {@link Clock#SYSTEM} waits on this handle, any other clock
   *     sleeps
   * @throws InterruptedIOException if the thread was interrupted
   * @throws IOException {@link #canceledException()}, if canceled before or during the wait
   */
  public void await(long millis, Clock clock) throws IOException {
    if (clock == null) throw new NullPointerException("clock == null");
    throwIfCanceled();
    if (millis <= 0) return;
    if (clock != Clock.SYSTEM) {
      clock.sleep(millis);
    } else {
      long end = System.nanoTime() + millis * 1_000_000L;
      synchronized (lock) {
        long remaining;
        while (!canceled && (remaining = end - System.nanoTime()) > 0) {
          try {
            lock.wait(Math.max(1, remaining / 1_000_000L));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to retry");
          }
        }
      }
    }
    throwIfCanceled();
  }

  /**
   * The exception a canceled operation throws: {@code IOException("Canceled")}, the same as
   * OkHttp's canceled calls, so callers handle both alike.
   *
   * @return a new {@code IOException} with the message {@code "Canceled"}
   */
  public static IOException canceledException() {
    return new IOException("Canceled");
  }

  @Override
  public String toString() {
    return "CallHandle{canceled=" + canceled + "}";
  }
}
