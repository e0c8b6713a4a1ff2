package dev.mxsdk.media.internal.cache;

import java.io.InterruptedIOException;

/**
 * One entry being filled by a download. Followers wait on it; the leader completes or abandons
 * it through the store.
 */
public final class CacheFill {
  final EntryName name;
  final Thread leader;
  private boolean done;

  CacheFill(EntryName name, Thread leader) {
    this.name = name;
    this.leader = leader;
  }

  synchronized void finish() {
    done = true;
    notifyAll();
  }

  /** Whether the fill ended (stored or given up). */
  public synchronized boolean isDone() {
    return done;
  }

  /**
   * Waits at most {@code millis} for the fill to end; returns whether it did.
   *
   * @throws InterruptedIOException if the thread is interrupted
   */
  public synchronized boolean await(long millis) throws InterruptedIOException {
    if (!done) {
      try {
        wait(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting for the media cache");
      }
    }
    return done;
  }
}
