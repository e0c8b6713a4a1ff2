package dev.mxsdk.media.server;

import dev.mxsdk.core.Clock;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when told. */
final class FakeClock implements Clock {
  private final AtomicLong now = new AtomicLong(1_700_000_000_000L);

  @Override
  public long nowMillis() {
    return now.get();
  }

  @Override
  public void sleep(long millis) {
    now.addAndGet(millis);
  }

  void advance(long millis) {
    now.addAndGet(millis);
  }
}
