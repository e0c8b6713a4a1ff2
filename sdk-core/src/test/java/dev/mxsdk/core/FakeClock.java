package dev.mxsdk.core;

import java.util.ArrayList;
import java.util.List;

/** A clock whose time moves only when a retry sleeps or a test advances it; records the sleeps. */
public final class FakeClock implements Clock {
  private long now;
  private final List<Long> sleeps = new ArrayList<>();
  private Runnable onSleep = () -> { };

  public FakeClock(long now) {
    this.now = now;
  }

  @Override
  public synchronized long nowMillis() {
    return now;
  }

  @Override
  public void sleep(long millis) {
    synchronized (this) {
      sleeps.add(millis);
      now += millis;
    }
    onSleep.run();
  }

  public synchronized void advance(long millis) {
    now += millis;
  }

  public synchronized List<Long> sleeps() {
    return new ArrayList<>(sleeps);
  }

  /** Runs {@code action} after each sleep, e.g. to cancel the sleeping call. */
  public void onSleep(Runnable action) {
    this.onSleep = action;
  }
}
