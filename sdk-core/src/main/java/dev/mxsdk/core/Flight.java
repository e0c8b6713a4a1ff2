package dev.mxsdk.core;

import java.io.IOException;
import java.io.InterruptedIOException;
import org.jspecify.annotations.Nullable;

/**
 * One in-flight operation that concurrent callers wait for and share: its result or its error.
 * The leader runs the operation and calls {@link #complete}; followers call {@link #await}.
 */
final class Flight<T> {
  private final String what;
  private boolean done;
  private @Nullable T result;
  private @Nullable Throwable failure;

  /** {@code what} names the operation in the interruption message, e.g. "/versions". */
  Flight(String what) {
    this.what = what;
  }

  synchronized void complete(@Nullable T result, @Nullable Throwable failure) {
    this.result = result;
    this.failure = failure;
    this.done = true;
    notifyAll();
  }

  /** Waits for the leader and returns its result or rethrows its error. */
  synchronized T await() throws IOException {
    while (!done) {
      try {
        wait();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting for " + what);
      }
    }
    Throwable f = failure;
    if (f instanceof IOException) throw (IOException) f;
    if (f instanceof RuntimeException) throw (RuntimeException) f;
    if (f instanceof Error) throw (Error) f;
    T r = result;
    if (r == null) throw new IllegalStateException("no result");
    return r;
  }
}
