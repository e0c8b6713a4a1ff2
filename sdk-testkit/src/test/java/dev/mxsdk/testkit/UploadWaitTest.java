package dev.mxsdk.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.mxsdk.core.MxcUri;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code timeout_ms}: a download of media created but not yet uploaded waits for the upload, up
 * to the request's timeout capped by the server's, and is woken by the upload.
 */
final class UploadWaitTest {
  private final Http http = new Http();
  private final HttpClient async = HttpClient.newHttpClient();
  private TestHomeserver server;

  @AfterEach
  void close() {
    if (server != null) server.close();
  }

  private MxcUri create() {
    HttpResponse<byte[]> create = http.send(HttpRequest.newBuilder(
            URI.create(server.baseUrl() + "/_matrix/media/v1/create"))
        .header("Authorization", "Bearer " + server.accessToken())
        .POST(HttpRequest.BodyPublishers.noBody()).build());
    Matcher m = Pattern.compile("\"content_uri\":\"(mxc://[^\"]+)\"").matcher(Http.body(create));
    assertTrue(m.find(), Http.body(create));
    return MxcUri.parse(m.group(1));
  }

  private void upload(MxcUri uri, byte[] content) {
    HttpResponse<byte[]> put = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl()
            + "/_matrix/media/v3/upload/localhost/" + uri.mediaId()))
        .header("Authorization", "Bearer " + server.accessToken())
        .header("Content-Type", "image/png")
        .PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build());
    assertEquals(200, put.statusCode(), Http.body(put));
  }

  private CompletableFuture<HttpResponse<byte[]>> startDownload(String path) {
    return async.sendAsync(HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
        .header("Authorization", "Bearer " + server.accessToken()).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  /** Returns once {@code n} requests wait for an upload (they wait up to 20 s). */
  private void awaitWaiting(int n) throws InterruptedException {
    long giveUp = System.nanoTime() + 15_000_000_000L;
    while (server.downloadsAwaitingUpload() < n) {
      if (System.nanoTime() > giveUp) fail("never " + n + " waiting downloads");
      Thread.sleep(1);
    }
  }

  private HttpResponse<byte[]> get(String path) {
    return http.get(server.baseUrl() + path, "Authorization", "Bearer " + server.accessToken());
  }

  @Test
  void aWaitingDownloadGetsTheBytesOnceTheyAreUploaded() throws Exception {
    server = TestHomeserver.newBuilder().cdn(false).start();
    MxcUri uri = create();
    String path = "/_matrix/client/v1/media/download/localhost/" + uri.mediaId();
    CompletableFuture<HttpResponse<byte[]>> first = startDownload(path + "?timeout_ms=60000");
    CompletableFuture<HttpResponse<byte[]>> second = startDownload(path);
    awaitWaiting(2);
    byte[] content = ThumbnailTest.png(20, 10, false);
    upload(uri, content);
    for (CompletableFuture<HttpResponse<byte[]>> download : java.util.List.of(first, second)) {
      HttpResponse<byte[]> response = download.get();
      assertEquals(200, response.statusCode());
      assertArrayEquals(content, response.body());
    }
    assertEquals(0, server.downloadsAwaitingUpload());
  }

  @Test
  void thumbnailsAndRedirectedDownloadsWaitToo() throws Exception {
    server = TestHomeserver.newBuilder().start();
    MxcUri uri = create();
    CompletableFuture<HttpResponse<byte[]>> thumbnail = startDownload(
        "/_matrix/client/v1/media/thumbnail/localhost/" + uri.mediaId() + "?width=8&height=8");
    CompletableFuture<HttpResponse<byte[]>> redirect = startDownload(
        "/_matrix/client/v1/media/download/localhost/" + uri.mediaId());
    awaitWaiting(2);
    upload(uri, ThumbnailTest.png(20, 10, false));
    assertEquals(307, thumbnail.get().statusCode());
    assertEquals(307, redirect.get().statusCode());
  }

  @Test
  void aZeroTimeoutOrAZeroCapAnswersNotYetUploadedAtOnce() throws Exception {
    server = TestHomeserver.newBuilder().maxUploadWaitMillis(0).start();
    MxcUri uri = create();
    String path = "/_matrix/client/v1/media/download/localhost/" + uri.mediaId();
    HttpResponse<byte[]> capped = get(path + "?timeout_ms=600000");
    assertEquals(504, capped.statusCode());
    assertTrue(Http.body(capped).contains("\"errcode\":\"M_NOT_YET_UPLOADED\""));
    server.close();
    server = TestHomeserver.newBuilder().start();
    uri = create();
    HttpResponse<byte[]> zero = get("/_matrix/client/v1/media/download/localhost/" + uri.mediaId()
        + "?timeout_ms=0");
    assertEquals(504, zero.statusCode());
  }

  @Test
  void aWaitThatEndsBeforeTheUploadAnswersNotYetUploaded() throws Exception {
    server = TestHomeserver.newBuilder().start();
    MxcUri uri = create();
    HttpResponse<byte[]> response = get("/_matrix/media/v3/download/localhost/" + uri.mediaId()
        + "?timeout_ms=20");
    assertEquals(504, response.statusCode());
    assertTrue(Http.body(response).contains("M_NOT_YET_UPLOADED"));
    assertEquals(0, server.downloadsAwaitingUpload());
  }

  @Test
  void aTimeoutThatIsNotANumberIsRefused() throws Exception {
    server = TestHomeserver.newBuilder().start();
    MxcUri uri = create();
    for (String bad : new String[] {"-1", "soon", "1e3"}) {
      HttpResponse<byte[]> response = get("/_matrix/client/v1/media/download/localhost/"
          + uri.mediaId() + "?timeout_ms=" + bad);
      assertEquals(400, response.statusCode(), bad);
      assertTrue(Http.body(response).contains("M_INVALID_PARAM"), bad);
    }
  }

  @Test
  void theNotYetUploadedFaultStillAnswersAtOnceForUploadedMedia() throws Exception {
    server = TestHomeserver.newBuilder().cdn(false).start();
    MxcUri uri = server.seed(new byte[] {1}, "text/plain", null);
    server.faults().notYetUploaded(1);
    assertEquals(504, get("/_matrix/client/v1/media/download/localhost/" + uri.mediaId()
        + "?timeout_ms=60000").statusCode());
    assertEquals(200, get("/_matrix/client/v1/media/download/localhost/" + uri.mediaId())
        .statusCode());
  }
}
