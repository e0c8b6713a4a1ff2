package dev.mxsdk.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

final class RetryPolicyTest {
  /** A random source that always returns {@code value} from nextDouble. */
  private static Random fixed(double value) {
    return new Random() {
      @Override
      public double nextDouble() {
        return value;
      }
    };
  }

  private static MatrixApiException error(int status, String errcode, long retryAfter) {
    return new MatrixApiException(status, errcode, null, retryAfter, false);
  }

  private final RetryPolicy policy = RetryPolicy.builder()
      .maxAttempts(6).maxTotalWaitMillis(60_000).maxServerDelayMillis(10_000)
      .initialBackoffMillis(1000).maxBackoffMillis(4000).build();

  @Test
  void rateLimitsUnavailableAndGatewayTimeoutsAreRetried() {
    assertTrue(RetryPolicy.isRetryable(error(429, null, -1)));
    assertTrue(RetryPolicy.isRetryable(error(400, "M_LIMIT_EXCEEDED", -1)));
    assertTrue(RetryPolicy.isRetryable(error(503, null, -1)));
    assertTrue(RetryPolicy.isRetryable(error(504, "M_NOT_YET_UPLOADED", -1)));
  }

  @Test
  void badGatewayAndOtherStatusesAreNeverRetried() {
    for (int status : new int[] {400, 401, 403, 404, 500, 501, 502}) {
      assertFalse(RetryPolicy.isRetryable(error(status, null, -1)), "status " + status);
      assertEquals(-1, policy.delayMillis(1, error(status, null, 5), 0, fixed(0.5)));
    }
    assertEquals(-1, policy.delayMillis(1, error(502, "M_TOO_LARGE", -1), 0, fixed(0.5)));
  }

  @Test
  void theServersDelayIsHonoured() {
    assertEquals(2500, policy.delayMillis(1, error(429, "M_LIMIT_EXCEEDED", 2500), 0, fixed(0)));
    assertEquals(0, policy.delayMillis(1, error(503, null, 0), 0, fixed(0.9)));
  }

  @Test
  void theServersDelayIsCapped() {
    assertEquals(10_000, policy.delayMillis(1, error(429, null, 3_600_000), 0, fixed(0)));
  }

  @Test
  void backoffDoublesUpToItsMaximumWithFullJitter() {
    MatrixApiException e = error(503, null, -1);
    assertEquals(1000, policy.delayMillis(1, e, 0, fixed(0.9999999)));
    assertEquals(2000, policy.delayMillis(2, e, 0, fixed(0.9999999)));
    assertEquals(4000, policy.delayMillis(3, e, 0, fixed(0.9999999)));
    assertEquals(4000, policy.delayMillis(5, e, 0, fixed(0.9999999)));
    assertEquals(0, policy.delayMillis(3, e, 0, fixed(0)));
    assertEquals(2000, policy.delayMillis(3, e, 0, fixed(0.5)));
  }

  @Test
  void jitterStaysWithinTheCeiling() {
    Random random = new Random(42);
    boolean sawDifferent = false;
    long first = -2;
    for (int i = 0; i < 1000; i++) {
      long d = policy.delayMillis(2, error(504, null, -1), 0, random);
      assertTrue(d >= 0 && d <= 2000, "delay " + d);
      if (first == -2) first = d;
      else if (d != first) sawDifferent = true;
    }
    assertTrue(sawDifferent);
  }

  @Test
  void attemptsAreBounded() {
    MatrixApiException e = error(429, null, 10);
    assertEquals(10, policy.delayMillis(5, e, 0, fixed(0)));
    assertEquals(-1, policy.delayMillis(6, e, 0, fixed(0)));
    assertEquals(-1, RetryPolicy.none().delayMillis(1, e, 0));
  }

  @Test
  void totalWaitIsBounded() {
    MatrixApiException e = error(429, null, 5000);
    assertEquals(5000, policy.delayMillis(2, e, 55_000, fixed(0)));
    assertEquals(-1, policy.delayMillis(2, e, 55_001, fixed(0)));
  }

  @Test
  void defaultsAreSensible() {
    RetryPolicy d = RetryPolicy.defaults();
    assertEquals(4, d.maxAttempts());
    assertEquals(60_000, d.maxTotalWaitMillis());
    assertEquals(30_000, d.maxServerDelayMillis());
    assertEquals(500, d.initialBackoffMillis());
    assertEquals(8_000, d.maxBackoffMillis());
    assertEquals(d, RetryPolicy.builder().build());
    assertEquals(1, RetryPolicy.none().maxAttempts());
  }

  @Test
  void isAValueType() {
    RetryPolicy copy = policy.newBuilder().build();
    assertEquals(policy, copy);
    assertEquals(policy.hashCode(), copy.hashCode());
    assertNotEquals(policy, policy.newBuilder().maxAttempts(2).build());
    assertEquals("RetryPolicy{maxAttempts=6, maxTotalWaitMillis=60000, maxServerDelayMillis=10000,"
        + " initialBackoffMillis=1000, maxBackoffMillis=4000}", policy.toString());
  }

  @Test
  void misuseIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> RetryPolicy.builder().maxAttempts(0));
    assertThrows(IllegalArgumentException.class,
        () -> RetryPolicy.builder().maxTotalWaitMillis(-1));
    assertThrows(IllegalStateException.class,
        () -> RetryPolicy.builder().initialBackoffMillis(10).maxBackoffMillis(5).build());
    assertThrows(IllegalArgumentException.class,
        () -> policy.delayMillis(0, error(429, null, 1), 0));
    assertThrows(NullPointerException.class, () -> policy.delayMillis(1, null, 0));
  }
}
