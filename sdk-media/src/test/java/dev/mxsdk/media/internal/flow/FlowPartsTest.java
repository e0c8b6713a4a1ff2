package dev.mxsdk.media.internal.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mxsdk.media.MediaTooLargeException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/** {@link LimitSource} at and around its limit, and {@link CallHandle}'s cancellation and waits. */
final class FlowPartsTest {
  private static LimitSource limited(int size, long max) {
    return new LimitSource(new Buffer().write(new byte[size]), max);
  }

  private static long drain(LimitSource source, long chunk) throws IOException {
    Buffer sink = new Buffer();
    long total = 0;
    for (long n; (n = source.read(sink, chunk)) != -1; ) {
      assertTrue(n > 0 && n <= chunk, "read " + n);
      total += n;
    }
    assertEquals(total, sink.size());
    return total;
  }

  @Test
  void exactlyTheLimitPassesAndOneByteMoreFailsStickily() throws IOException {
    assertEquals(100, drain(limited(100, 100), 7));
    assertEquals(100, drain(limited(100, 100), 1000));
    for (long chunk : new long[] {1, 7, 100, 1000}) {
      LimitSource over = limited(101, 100);
      MediaTooLargeException e =
          assertThrows(MediaTooLargeException.class, () -> drain(over, chunk));
      assertEquals(100, e.maxSize());
      assertEquals("the media is larger than the configured maximum of 100 bytes", e.getMessage());
      assertThrows(MediaTooLargeException.class, () -> over.read(new Buffer(), 10), "sticky");
    }
  }

  @Test
  void noByteBeyondTheLimitIsEverHandedOut() throws IOException {
    LimitSource over = limited(1000, 100);
    Buffer sink = new Buffer();
    try {
      while (over.read(sink, 64) != -1) {
        // read until it throws
      }
    } catch (MediaTooLargeException expected) {
      // expected
    }
    assertTrue(sink.size() <= 100, "handed out " + sink.size());
  }

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
    handle.await(0);
    handle.await(1);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(1);
    Thread waiter = new Thread(() -> {
      try {
        handle.await(TimeUnit.MINUTES.toMillis(10));
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
        handle.await(TimeUnit.MINUTES.toMillis(10));
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
}
