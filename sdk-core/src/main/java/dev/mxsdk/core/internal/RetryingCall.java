package dev.mxsdk.core.internal;

import dev.mxsdk.core.Clock;
import dev.mxsdk.core.MatrixApiException;
import dev.mxsdk.core.RetryPolicy;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Random;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * Runs one idempotent request under a {@link RetryPolicy}: each failed attempt's error is read as
 * a {@link MatrixApiException} and the policy decides whether and how long to wait. Single use.
 *
 * <p>{@link #cancel()} may be called from any thread: it cancels the attempt in flight and wakes a
 * waiting call at once, which then throws {@link InterruptedIOException}.
 */
public final class RetryingCall<T> {
  /** Reads a successful response; the call closes the response afterwards. */
  public interface BodyReader<T> {
    /** Returns the value read from {@code response}, whose status is 2xx. */
    T read(Response response) throws IOException;
  }

  private final OkHttpClient client;
  private final Request request;
  private final RetryPolicy policy;
  private final Clock clock;
  private final Random random;
  private final BodyReader<T> reader;
  private final Object lock = new Object();
  private boolean canceled;
  private boolean executed;
  private @Nullable Call inFlight;

  /**
   * Prepares {@code request} on {@code client}; {@code reader} reads the successful response,
   * {@code clock} times the waits and dates, {@code random} jitters the backoff.
   */
  public RetryingCall(OkHttpClient client, Request request, RetryPolicy policy, Clock clock,
      Random random, BodyReader<T> reader) {
    this.client = client;
    this.request = request;
    this.policy = policy;
    this.clock = clock;
    this.random = random;
    this.reader = reader;
  }

  /**
   * Runs the request until it succeeds, fails with an error the policy does not retry, or the
   * policy gives up; the last error is thrown.
   *
   * @throws MatrixApiException the server's last error
   * @throws InterruptedIOException if the call was canceled
   * @throws IllegalStateException if called twice
   */
  public T execute() throws IOException {
    synchronized (lock) {
      if (executed) throw new IllegalStateException("already executed");
      executed = true;
    }
    long waited = 0;
    for (int attempt = 1; ; attempt++) {
      Call call;
      synchronized (lock) {
        if (canceled) throw new InterruptedIOException("canceled");
        call = client.newCall(request);
        inFlight = call;
      }
      MatrixApiException error;
      Response response;
      try {
        response = call.execute();
      } catch (IOException e) {
        synchronized (lock) {
          inFlight = null;
        }
        if (isCanceled()) throw new InterruptedIOException("canceled");
        throw e;
      }
      try {
        if (response.isSuccessful()) return reader.read(response);
        error = MatrixApiException.from(response, clock.nowMillis());
      } finally {
        response.close();
        synchronized (lock) {
          inFlight = null;
        }
      }
      long delay = policy.delayMillis(attempt, error, waited, random);
      if (delay < 0) throw error;
      await(delay);
      waited += delay;
    }
  }

  /** Cancels the call: the attempt in flight fails and a pending wait ends at once. */
  public void cancel() {
    Call call;
    synchronized (lock) {
      canceled = true;
      call = inFlight;
      lock.notifyAll();
    }
    if (call != null) call.cancel();
  }

  /** Returns true once {@link #cancel()} was called. */
  public boolean isCanceled() {
    synchronized (lock) {
      return canceled;
    }
  }

  private void await(long millis) throws InterruptedIOException {
    if (clock != Clock.SYSTEM) {
      if (isCanceled()) throw new InterruptedIOException("canceled");
      clock.sleep(millis);
    } else {
      synchronized (lock) {
        long end = System.nanoTime() + millis * 1_000_000L;
        long remaining = millis;
        while (!canceled && remaining > 0) {
          try {
            lock.wait(remaining);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to retry");
          }
          remaining = (end - System.nanoTime() + 999_999L) / 1_000_000L;
        }
      }
    }
    if (isCanceled()) throw new InterruptedIOException("canceled");
  }
}
