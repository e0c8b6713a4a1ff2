package dev.mxsdk.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.Test;

/** {@link CallHandle}'s cancellation and waits. */
final class CallHandleTest {
  @Test
  void aCanceledHandleCancelsTheCallItIsGivenAndThrowsCanceled() throws IOException {
    OkHttpClient client = new OkHttpClient();
    CallHandle handle = new CallHandle();
    okhttp3.Call first = client.newCall(new Request.Builder().url("http://127.0.0.1:1/").build());
    handle.running(first);
    handle.throwIfCanceled();
    assertFalse(first.isCanceled());
    handle.cancel();
    assertTrue(handle.isCanceled());
    assertTrue(first.isCanceled(), "cancel() aborts the running call");
    okhttp3.Call second = client.newCall(new Request.Builder().url("http://127.0.0.1:1/").build());
    handle.running(second);
    assertTrue(second.isCanceled(), "a call started after cancel() is canceled at once");
    IOException e = assertThrows(IOException.class, handle::throwIfCanceled);
    assertEquals("Canceled", e.getMessage());
  }

  @Test
  void awaitWaitsUntilCanceledAndThenThrows() throws Exception {
    CallHandle handle = new CallHandle();
    handle.await(0, Clock.SYSTEM);
    handle.await(1, Clock.SYSTEM);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(1);
    Thread waiter = new Thread(() -> {
      try {
        handle.await(TimeUnit.MINUTES.toMillis(10), Clock.SYSTEM);
      } catch (Throwable t) {
        thrown.set(t);
      }
      done.countDown();
    });
    waiter.start();
    handle.cancel();
    assertTrue(done.await(30, TimeUnit.SECONDS), "cancel() ends the wait");
    assertEquals("Canceled", thrown.get().getMessage());
  }

  @Test
  void anInterruptedWaitSaysSoAndKeepsTheInterrupt() throws Exception {
    CallHandle handle = new CallHandle();
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicReference<Boolean> interrupted = new AtomicReference<>();
    Thread waiter = new Thread(() -> {
      try {
        handle.await(TimeUnit.MINUTES.toMillis(10), Clock.SYSTEM);
      } catch (Throwable t) {
        thrown.set(t);
        interrupted.set(Thread.currentThread().isInterrupted());
      }
    });
    waiter.start();
    waiter.interrupt();
    waiter.join(30_000);
    assertFalse(waiter.isAlive());
    assertTrue(thrown.get() instanceof InterruptedIOException, String.valueOf(thrown.get()));
    assertEquals(Boolean.TRUE, interrupted.get());
    assertSame(InterruptedIOException.class, thrown.get().getClass());
  }

  @Test
  void aFakeClockIsAskedToSleepAndACancelAfterItIsReported() throws Exception {
    FakeClock clock = new FakeClock(0);
    CallHandle handle = new CallHandle();
    clock.onSleep(handle::cancel);
    IOException e = assertThrows(IOException.class, () -> handle.await(250, clock));
    assertEquals("Canceled", e.getMessage());
    assertEquals(java.util.List.of(250L), clock.sleeps());
  }
}
