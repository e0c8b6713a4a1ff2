package dev.mxsdk.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mxsdk.core.MxcUri;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okio.Buffer;
import okio.BufferedSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Cancellation and async calls. */
final class MediaCallCancelTest {
  private static final MxcUri MXC = MxcUri.parse("mxc://media.example/cancel");
  private FlowFixture f;

  @BeforeEach
  void setUp() throws IOException {
    f = new FlowFixture();
  }

  @AfterEach
  void tearDown() throws IOException {
    f.close();
  }

  @Test
  void cancelWhileReadingFailsTheNextReadAndReleasesTheConnection() throws Exception {
    f.enqueue(f.redirectToCdn("/slow"));
    Buffer big = new Buffer();
    big.write(new byte[4 * 1024 * 1024]);
    f.cdn.enqueue(new MockResponse().setBody(big).throttleBody(64 * 1024, 50, TimeUnit.MILLISECONDS));
    OkHttpClient ok = f.okHttpClient();
    MediaClient client =
        f.mediaClient(ok, MediaOptions.defaults());
    MediaCall call = client.newCall(MediaRequest.download(MXC));
    MediaResponse response = call.execute();
    BufferedSource source = response.source();
    source.readByteArray(1024);
    call.cancel();
    assertTrue(call.isCanceled());
    IOException e = assertThrows(IOException.class, () -> source.readByteArray(1024 * 1024));
    assertEquals("Canceled", e.getMessage());
    response.close();
    assertEquals(ok.connectionPool().idleConnectionCount(), ok.connectionPool().connectionCount(),
        "no connection is still held by the canceled call");
  }

  @Test
  void cancelBeforeExecuteFailsWithCanceled() throws Exception {
    MediaCall call = f.mediaClient().newCall(MediaRequest.download(MXC));
    call.cancel();
    IOException e = assertThrows(IOException.class, call::execute);
    assertEquals("Canceled", e.getMessage());
  }

  @Test
  void enqueueDeliversTheResponseToTheCallback() throws Exception {
    f.enqueue(new MockResponse().setBody("async"));
    CountDownLatch done = new CountDownLatch(1);
    AtomicReference<String> body = new AtomicReference<>();
    AtomicReference<IOException> failure = new AtomicReference<>();
    f.mediaClient().newCall(MediaRequest.download(MXC)).enqueue(new MediaCall.Callback() {
      @Override
      public void onResponse(MediaCall call, MediaResponse response) {
        try (response) {
          body.set(response.source().readUtf8());
        } catch (IOException e) {
          failure.set(e);
        }
        done.countDown();
      }

      @Override
      public void onFailure(MediaCall call, IOException e) {
        failure.set(e);
        done.countDown();
      }
    });
    assertTrue(done.await(30, TimeUnit.SECONDS));
    assertEquals(null, failure.get());
    assertEquals("async", body.get());
  }

  @Test
  void enqueueReportsFailuresToTheCallback() throws Exception {
    f.enqueue(new MockResponse().setResponseCode(403)
        .setBody("{\"errcode\":\"M_FORBIDDEN\",\"error\":\"no\"}"));
    CountDownLatch done = new CountDownLatch(1);
    AtomicReference<IOException> failure = new AtomicReference<>();
    f.mediaClient().newCall(MediaRequest.download(MXC)).enqueue(new MediaCall.Callback() {
      @Override
      public void onResponse(MediaCall call, MediaResponse response) {
        response.close();
        done.countDown();
      }

      @Override
      public void onFailure(MediaCall call, IOException e) {
        failure.set(e);
        done.countDown();
      }
    });
    assertTrue(done.await(30, TimeUnit.SECONDS));
    assertTrue(failure.get() instanceof dev.mxsdk.core.MatrixApiException, String.valueOf(failure.get()));
  }
}
