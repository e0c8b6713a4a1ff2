package dev.mxsdk.media;

import dev.mxsdk.core.MatrixClient;
import dev.mxsdk.core.Clock;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * Two MockWebServers, a homeserver (answering /versions from a setting, everything else from a
 * queue) and a CDN, and a MediaClient wired to them with a fake clock.
 */
final class FlowFixture implements AutoCloseable {
  static final String TOKEN = "syt_secret_access_token";

  final MockWebServer homeserver = new MockWebServer();
  final MockWebServer cdn = new MockWebServer();
  final ConcurrentLinkedQueue<MockResponse> homeserverQueue = new ConcurrentLinkedQueue<>();
  final FakeClock clock = new FakeClock();
  volatile String versionsJson = "{\"versions\":[\"v1.11\"]}";
  /** When set, answers every {@code .../media/config} request (uploads read it); else the queue. */
  volatile @org.jspecify.annotations.Nullable String configJson;

  private final okhttp3.tls.@org.jspecify.annotations.Nullable HandshakeCertificates clientCerts;

  FlowFixture() throws IOException {
    this(false);
  }

  /** With {@code tls}, both servers speak https with a certificate for localhost the client trusts. */
  FlowFixture(boolean tls) throws IOException {
    if (tls) {
      okhttp3.tls.HeldCertificate certificate = new okhttp3.tls.HeldCertificate.Builder()
          .addSubjectAlternativeName("localhost")
          .addSubjectAlternativeName("127.0.0.1")
          .build();
      okhttp3.tls.HandshakeCertificates server = new okhttp3.tls.HandshakeCertificates.Builder()
          .heldCertificate(certificate)
          .build();
      clientCerts = new okhttp3.tls.HandshakeCertificates.Builder()
          .addTrustedCertificate(certificate.certificate())
          .build();
      homeserver.useHttps(server.sslSocketFactory(), false);
      cdn.useHttps(server.sslSocketFactory(), false);
    } else {
      clientCerts = null;
    }
    homeserver.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        if (request.getPath().startsWith("/_matrix/client/versions")) {
          return new MockResponse().setHeader("Content-Type", "application/json")
              .setBody(versionsJson);
        }
        String config = configJson;
        if (config != null && isConfig(request)) {
          return new MockResponse().setHeader("Content-Type", "application/json").setBody(config);
        }
        MockResponse next = homeserverQueue.poll();
        return next != null ? next : new MockResponse().setResponseCode(500)
            .setBody("{\"errcode\":\"M_UNKNOWN\",\"error\":\"no response queued\"}");
      }
    });
    homeserver.start();
    cdn.start();
  }

  HttpUrl homeserverUrl() {
    return homeserver.url("/");
  }

  void enqueue(MockResponse response) {
    homeserverQueue.add(response);
  }

  /** A 307 from the homeserver to {@code path} on the CDN. */
  MockResponse redirectToCdn(String path) {
    return new MockResponse().setResponseCode(307)
        .setHeader("Location", cdn.url(path).toString())
        .setHeader("Cache-Control", "no-store");
  }

  OkHttpClient okHttpClient() {
    OkHttpClient.Builder b = new OkHttpClient.Builder().readTimeout(30, TimeUnit.SECONDS);
    if (clientCerts != null) {
      b.sslSocketFactory(clientCerts.sslSocketFactory(), clientCerts.trustManager());
    }
    return b.build();
  }

  MatrixClient matrixClient(OkHttpClient okHttpClient) {
    return TestClients.matrixClientBuilder(homeserverUrl(), okHttpClient, TOKEN)
        .clock(clock)
        .build();
  }

  MediaClient mediaClient() {
    return mediaClient(okHttpClient(), MediaOptions.defaults());
  }

  MediaClient mediaClient(OkHttpClient okHttpClient, MediaOptions options) {
    return MediaClient.builder(matrixClient(okHttpClient))
        .defaultOptions(options)
        .build();
  }

  /** The homeserver's media requests (not /versions), in order. */
  List<RecordedRequest> homeserverMediaRequests() throws InterruptedException {
    List<RecordedRequest> result = new ArrayList<>();
    RecordedRequest r;
    while ((r = homeserver.takeRequest(0, TimeUnit.MILLISECONDS)) != null) {
      if (!r.getPath().startsWith("/_matrix/client/versions")) result.add(r);
    }
    return result;
  }

  /** The homeserver's requests other than /versions and media config, in order. */
  List<RecordedRequest> homeserverUploadRequests() throws InterruptedException {
    List<RecordedRequest> result = new ArrayList<>();
    for (RecordedRequest r : homeserverMediaRequests()) {
      if (!isConfig(r)) result.add(r);
    }
    return result;
  }

  List<RecordedRequest> cdnRequests() throws InterruptedException {
    List<RecordedRequest> result = new ArrayList<>();
    RecordedRequest r;
    while ((r = cdn.takeRequest(0, TimeUnit.MILLISECONDS)) != null) result.add(r);
    return result;
  }

  static boolean isConfig(RecordedRequest request) {
    String path = request.getPath();
    return path.startsWith("/_matrix/client/v1/media/config")
        || path.startsWith("/_matrix/media/v3/config");
  }

  @Override
  public void close() throws IOException {
    homeserver.shutdown();
    cdn.shutdown();
  }

  /** A clock that never sleeps: sleeping advances it and is recorded. */
  static final class FakeClock implements Clock {
    final List<Long> sleeps = new ArrayList<>();
    long now = 1_000_000L;

    @Override
    public synchronized long nowMillis() {
      return now;
    }

    @Override
    public synchronized void sleep(long millis) {
      sleeps.add(millis);
      now += millis;
    }
  }
}
