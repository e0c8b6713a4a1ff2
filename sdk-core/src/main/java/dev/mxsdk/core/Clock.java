package dev.mxsdk.core;

import java.io.InterruptedIOException;

/**
 * The time source and sleeper that {@link MatrixClient} uses for its {@code /versions} cache,
 * {@code Retry-After} dates and retry delays; tests inject a fake one so that nothing really
 * sleeps.
 *
 * <pre>{@code
 * MatrixClient client = MatrixClient.builder()
 *     .homeserver(HttpUrl.get("https://matrix.example.org"))
 *     .clock(Clock.SYSTEM)
 *     .build();
 * }</pre>
 *
 * <p>Implementations must be thread-safe.
 */
public interface Clock {
  /** The wall clock ({@link System#currentTimeMillis()}) and {@link Thread#sleep(long)}. */
  Clock SYSTEM = new Clock() {
    @Override
    public long nowMillis() {
      return System.currentTimeMillis();
    }

    @Override
    public void sleep(long millis) throws InterruptedIOException {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting to retry");
      }
    }

    @Override
    public String toString() {
      return "Clock.SYSTEM";
    }
  };

  /** {@return the current time in milliseconds since the epoch} */
  long nowMillis();

  /**
   * Blocks for {@code millis} milliseconds. Retries made with {@link #SYSTEM} do not call this
   * method: they wait on the call itself, so that a cancellation wakes them at once.
   *
   * @param millis how long to block, in milliseconds
   * @throws InterruptedIOException if the thread was interrupted
   */
  void sleep(long millis) throws InterruptedIOException;
}
