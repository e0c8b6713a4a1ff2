package dev.mxsdk.media.internal.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mxsdk.core.MatrixApiException;
import dev.mxsdk.core.ServerVersions;
import java.io.IOException;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The media flow's retry rules at each of their boundaries. */
final class RetryDelayTest {
  private long now = 1_000_000L;

  private final Clock clock = new Clock() {
    @Override
    public long nowMillis() {
      return now;
    }

    @Override
    public void sleep(long millis, CallHandle handle) {
      now += millis;
    }
  };

  private final MediaEngine engine = new MediaEngine(new Host() {
    @Override
    public HttpUrl homeserver() {
      return HttpUrl.get("https://hs.example/");
    }

    @Override
    public OkHttpClient okHttpClient() {
      return new OkHttpClient();
    }

    @Override
    public @Nullable String accessToken() {
      return null;
    }

    @Override
    public boolean recoverFromUnknownToken(String rejectedToken, MatrixApiException error) {
      return false;
    }

    @Override
    public ServerInfo serverInfo() throws IOException {
      throw new IOException("not used");
    }

    @Override
    public @Nullable String userAgent() {
      return null;
    }
  }, clock, null);

  private static MatrixApiException error(int status, String errcode, long retryAfter) {
    return new MatrixApiException(status, errcode, "x", retryAfter, false);
  }

  private long delay(MatrixApiException e, int attempt, long remaining) {
    return engine.retryDelay(e, attempt, now + remaining);
  }

  @Test
  void rateLimitsWaitTheServersDelayUpToThirtySecondsAndTheDeadline() {
    assertEquals(1234, delay(error(429, "M_LIMIT_EXCEEDED", 1234), 1, 60_000));
    assertEquals(0, delay(error(429, null, 0), 1, 60_000));
    assertEquals(30_000, delay(error(429, null, 30_000), 1, 60_000));
    assertEquals(-1, delay(error(429, null, 30_001), 1, 60_000), "beyond 30 s gives up");
    assertEquals(5_000, delay(error(429, null, 5_000), 1, 5_000), "exactly the time left");
    assertEquals(-1, delay(error(429, null, 5_001), 1, 5_000), "beyond the deadline gives up");
    assertEquals(1000, delay(error(400, "M_LIMIT_EXCEEDED", 1000), 1, 60_000), "errcode alone");
  }

  @Test
  void withoutADelayRateLimitsBackOffExponentiallyUpToEightSeconds() {
    long[] expected = {500, 1000, 2000, 4000, 8000};
    for (int attempt = 1; attempt <= 5; attempt++) {
      assertEquals(expected[attempt - 1], delay(error(429, null, -1), attempt, 600_000),
          "attempt " + attempt);
    }
  }

  @Test
  void notYetUploadedWaitsTheBackoffCutToTheDeadline() {
    assertEquals(500, delay(error(504, "M_NOT_YET_UPLOADED", -1), 1, 60_000));
    assertEquals(2000, delay(error(504, "M_NOT_YET_UPLOADED", -1), 3, 60_000));
    assertEquals(300, delay(error(504, "M_NOT_YET_UPLOADED", -1), 3, 300));
    assertEquals(-1, delay(error(504, "M_UNKNOWN", -1), 1, 60_000));
    assertEquals(-1, delay(error(502, "M_NOT_YET_UPLOADED", -1), 1, 60_000));
  }

  @Test
  void attemptsAndTheDeadlineBoundEveryRetry() {
    assertEquals(8000, delay(error(429, null, -1), MediaEngine.MAX_ATTEMPTS - 1, 600_000));
    assertEquals(-1, delay(error(429, null, -1), MediaEngine.MAX_ATTEMPTS, 600_000));
    assertEquals(-1, delay(error(429, null, 0), 1, 0), "no time left");
    assertEquals(1, delay(error(504, "M_NOT_YET_UPLOADED", -1), 1, 1), "one millisecond left");
    assertEquals(-1, delay(error(502, "M_TOO_LARGE", -1), 1, 60_000));
    assertEquals(-1, delay(error(500, null, -1), 1, 60_000));
    assertEquals(-1, delay(error(404, "M_NOT_FOUND", -1), 1, 60_000));
  }
}
