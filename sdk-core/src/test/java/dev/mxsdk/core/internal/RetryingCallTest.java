package dev.mxsdk.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mxsdk.core.Clock;
import dev.mxsdk.core.FakeClock;
import dev.mxsdk.core.MatrixApiException;
import dev.mxsdk.core.RetryPolicy;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

final class RetryingCallTest {
  private MockWebServer server;
  private final FakeClock clock = new FakeClock(0);
  private final OkHttpClient client = new OkHttpClient();

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private RetryingCall<String> call(RetryPolicy policy, Clock clock) {
    return new RetryingCall<>(client, new Request.Builder().url(server.url("/r")).build(), policy,
        clock, new Random(1), response -> response.body().string());
  }

  @Test
  void successOnTheFirstAttemptDoesNotWait() throws Exception {
    server.enqueue(new MockResponse().setBody("ok"));
    assertEquals("ok", call(RetryPolicy.defaults(), clock).execute());
    assertTrue(clock.sleeps().isEmpty());
  }

  @Test
  void retriesWaitTheServersDelayThenBackoff() throws Exception {
    server.enqueue(new MockResponse().setResponseCode(429).setHeader("Retry-After", "4"));
    server.enqueue(new MockResponse().setResponseCode(503));
    server.enqueue(new MockResponse().setBody("ok"));
    RetryPolicy policy = RetryPolicy.builder().initialBackoffMillis(1000).build();
    assertEquals("ok", call(policy, clock).execute());
    List<Long> sleeps = clock.sleeps();
    assertEquals(2, sleeps.size());
    assertEquals(4000L, sleeps.get(0));
    assertTrue(sleeps.get(1) >= 0 && sleeps.get(1) <= 2000, "backoff " + sleeps.get(1));
    assertEquals(3, server.getRequestCount());
  }

  @Test
  void theTotalWaitBoundEndsRetriesWithTheLastError() throws Exception {
    server.enqueue(new MockResponse().setResponseCode(429).setHeader("Retry-After", "3"));
    server.enqueue(new MockResponse().setResponseCode(429).setHeader("Retry-After", "3"));
    RetryPolicy policy = RetryPolicy.builder().maxAttempts(10).maxTotalWaitMillis(5000).build();
    MatrixApiException e =
        assertThrows(MatrixApiException.class, () -> call(policy, clock).execute());
    assertEquals(429, e.status());
    assertEquals(List.of(3000L), clock.sleeps());
    assertEquals(2, server.getRequestCount());
  }

  @Test
  void cancelDuringAWaitStopsBeforeTheNextAttempt() throws Exception {
    server.enqueue(new MockResponse().setResponseCode(503).setHeader("Retry-After", "1"));
    server.enqueue(new MockResponse().setBody("never"));
    RetryingCall<String> call = call(RetryPolicy.defaults(), clock);
    clock.onSleep(call::cancel);
    assertThrows(InterruptedIOException.class, call::execute);
    assertEquals(1, server.getRequestCount());
    assertTrue(call.isCanceled());
  }

  @Test
  void aCanceledCallMakesNoRequest() {
    RetryingCall<String> call = call(RetryPolicy.defaults(), clock);
    call.cancel();
    assertThrows(InterruptedIOException.class, call::execute);
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void cancelWakesASystemClockWaitAtOnce() throws Exception {
    // The server asks for 30 s; the call must end as soon as it is canceled, not after 30 s.
    server.enqueue(new MockResponse().setResponseCode(429).setHeader("Retry-After", "30"));
    RetryingCall<String> call = call(RetryPolicy.defaults(), Clock.SYSTEM);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(1);
    Thread t = new Thread(() -> {
      try {
        call.execute();
      } catch (Throwable e) {
        failure.set(e);
      }
      done.countDown();
    });
    t.start();
    server.takeRequest(10, TimeUnit.SECONDS);
    for (int spins = 0; t.getState() != Thread.State.TIMED_WAITING && spins < 10_000; spins++) {
      Thread.sleep(1);
    }
    call.cancel();
    assertTrue(done.await(10, TimeUnit.SECONDS), "still waiting after cancel");
    assertTrue(failure.get() instanceof InterruptedIOException, String.valueOf(failure.get()));
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void aCallRunsOnce() throws Exception {
    server.enqueue(new MockResponse().setBody("ok"));
    RetryingCall<String> call = call(RetryPolicy.defaults(), clock);
    call.execute();
    assertThrows(IllegalStateException.class, call::execute);
  }
}
