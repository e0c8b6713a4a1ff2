package dev.mxsdk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mxsdk.core.MxcUri;
import dev.mxsdk.media.MediaCall;
import dev.mxsdk.media.MediaRequest;
import dev.mxsdk.media.MediaResponse;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shutdown hook of {@code mxmedia download}, run without stopping the test's JVM. */
final class CancelOnShutdownTest {
  /** A call that only records {@link #cancel()}. */
  private static final class RecordingCall implements MediaCall {
    final CountDownLatch cancelled = new CountDownLatch(1);

    @Override
    public MediaRequest request() {
      return MediaRequest.download(MxcUri.parse("mxc://example.org/abc"));
    }

    @Override
    public MediaResponse execute() {
      throw new UnsupportedOperationException();
    }

    @Override
    public void enqueue(Callback callback) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void cancel() {
      cancelled.countDown();
    }

    @Override
    public boolean isCanceled() {
      return cancelled.getCount() == 0;
    }
  }

  @Test
  void theHookCancelsTheCallAndReturnsOnceTheDownloadHasUnwound() throws Exception {
    RecordingCall call = new RecordingCall();
    // Waits far longer than the test takes, so the hook can only return through close().
    CancelOnShutdown guard = CancelOnShutdown.install(call, TimeUnit.MINUTES.toMillis(10));
    Thread hook = new Thread(guard::onShutdown);
    hook.start();
    assertTrue(call.cancelled.await(60, TimeUnit.SECONDS));
    assertTrue(guard.fired());
    assertTrue(hook.isAlive(), "the hook returned before the download unwound");
    guard.close();
    hook.join(TimeUnit.SECONDS.toMillis(60));
    assertFalse(hook.isAlive());
  }

  @Test
  void theHookStopsWaitingWhenTheDownloadNeverUnwinds() {
    RecordingCall call = new RecordingCall();
    CancelOnShutdown guard = CancelOnShutdown.install(call, 1);
    try {
      guard.onShutdown();
      assertTrue(call.isCanceled());
    } finally {
      guard.close();
    }
  }

  @Test
  void closingRemovesTheHookAndIsIdempotent() {
    int before = CancelOnShutdown.INSTALLED.get();
    CancelOnShutdown guard = CancelOnShutdown.install(new RecordingCall());
    assertEquals(before + 1, CancelOnShutdown.INSTALLED.get());
    guard.close();
    guard.close();
    assertEquals(before, CancelOnShutdown.INSTALLED.get());
    assertFalse(guard.fired());
  }

  @Test
  void everyDownloadCommandRemovesItsHookWhetherItSucceedsOrFails(@TempDir Path dir)
      throws IOException {
    Map<String, String> saved = HomeserverAccess.environment;
    HomeserverAccess.environment = Map.of("MXMEDIA_ACCESS_TOKEN", "syt_hook_token");
    try (MockWebServer server = new MockWebServer()) {
      server.enqueue(new MockResponse().setBody("{\"versions\":[\"v1.11\"]}"));
      server.enqueue(new MockResponse().setBody("media"));
      server.enqueue(new MockResponse().setBody("{\"versions\":[\"v1.11\"]}"));
      server.enqueue(new MockResponse().setResponseCode(403)
          .setBody("{\"errcode\":\"M_FORBIDDEN\",\"error\":\"no\"}"));
      server.start();
      int before = CancelOnShutdown.INSTALLED.get();
      for (int expected : new int[] {0, 1}) {
        CliRun run = CliRun.of("download", "mxc://example.org/abc", "-o",
            dir.resolve("out-" + expected).toString(), "--homeserver", server.url("/").toString(),
            "--allow-insecure-loopback");
        assertEquals(expected, run.exitCode(), run.err());
        assertEquals(before, CancelOnShutdown.INSTALLED.get());
      }
    } finally {
      HomeserverAccess.environment = saved;
    }
  }
}
