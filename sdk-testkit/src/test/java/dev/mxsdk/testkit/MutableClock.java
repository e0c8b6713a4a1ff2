package dev.mxsdk.testkit;

import dev.mxsdk.core.Clock;

/** A clock tests move by hand; {@link #sleep} advances it instead of blocking. */
final class MutableClock implements Clock {
  private volatile long millis;

  MutableClock(long millis) {
    this.millis = millis;
  }

  void advance(long delta) {
    millis += delta;
  }

  @Override
  public long nowMillis() {
    return millis;
  }

  @Override
  public void sleep(long millis) {
    advance(millis);
  }
}
