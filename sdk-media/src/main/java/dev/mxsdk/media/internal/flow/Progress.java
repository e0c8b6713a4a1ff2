package dev.mxsdk.media.internal.flow;

import dev.mxsdk.media.ProgressListener;
import org.jspecify.annotations.Nullable;

/**
 * The one progress counter of the flow, for both directions: a download's {@link WireSource}
 * counts the wire bytes it read, an upload's {@link UploadBody} the bytes it handed to the socket.
 * The listener hears every change of the count, on the thread that moved the bytes. Not
 * thread-safe: one transfer, one thread at a time.
 */
final class Progress {
  private final @Nullable ProgressListener listener;
  private final long total;
  private long done;

  /** {@code total} is what {@link ProgressListener#onProgress} receives as the length, or -1. */
  Progress(@Nullable ProgressListener listener, long total) {
    this.listener = listener;
    this.total = total;
  }

  /** Counts {@code n} more bytes. */
  void add(long n) {
    if (n > 0) to(done + n);
  }

  /** Sets the count to {@code count} and reports it if it changed. */
  void to(long count) {
    if (count == done) return;
    done = count;
    if (listener != null) listener.onProgress(count, total);
  }

  /** Starts the count again from zero (a retried upload sends its body again), and reports it. */
  void restart() {
    if (done == 0) return;
    done = 0;
    if (listener != null) listener.onProgress(0, total);
  }

  /** The bytes counted so far. */
  long done() {
    return done;
  }
}
