package dev.mxsdk.media.internal.flow;

import java.io.IOException;

/** Time for retry decisions; tests replace it so that no test sleeps. */
public interface Clock {
  /** The real clock: waits are real and end early on cancellation. */
  Clock SYSTEM = new Clock() {
    @Override
    public long nowMillis() {
      return System.nanoTime() / 1_000_000L;
    }

    @Override
    public void sleep(long millis, CallHandle handle) throws IOException {
      handle.await(millis);
    }
  };

  /** A monotonic time in milliseconds. */
  long nowMillis();

  /** Waits {@code millis}; throws {@code IOException("Canceled")} if {@code handle} is canceled. */
  void sleep(long millis, CallHandle handle) throws IOException;
}
