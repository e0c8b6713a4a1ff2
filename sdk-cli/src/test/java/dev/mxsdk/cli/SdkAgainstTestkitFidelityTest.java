package dev.mxsdk.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.net.httpserver.HttpServer;
import dev.mxsdk.core.MatrixApiException;
import dev.mxsdk.core.MatrixClient;
import dev.mxsdk.core.MxcUri;
import dev.mxsdk.media.MediaClient;
import dev.mxsdk.media.MediaRequest;
import dev.mxsdk.media.MediaResponse;
import dev.mxsdk.media.UrlPreview;
import dev.mxsdk.testkit.RecordedRequest;
import dev.mxsdk.testkit.TestHomeserver;
import dev.mxsdk.testkit.TestHomeserverBuilder;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The SDK against what issue 21 made the testkit do as a real homeserver does: the file-name
 * override behind the keyed redirect, waiting for an upload instead of retrying, and URL previews
 * of a page a loopback server in the test serves.
 */
final class SdkAgainstTestkitFidelityTest {
  private TestHomeserver server;
  private MatrixClient matrix;
  private HttpServer pages;
  private final ExecutorService executor = Executors.newSingleThreadExecutor();

  @AfterEach
  void tearDown() {
    executor.shutdownNow();
    if (pages != null) pages.stop(0);
    if (matrix != null) Cli.shutdown(matrix);
    if (server != null) server.close();
  }

  private MediaClient start(TestHomeserverBuilder builder) throws IOException {
    server = builder.start();
    matrix = Cli.matrixClient(HttpUrl.get(server.baseUrl()), server.accessToken(),
        Cli.okHttpClient().build(), true);
    return MediaClient.create(matrix);
  }

  private List<RecordedRequest> downloads() {
    List<RecordedRequest> result = new ArrayList<>();
    for (RecordedRequest r : server.homeserverRequests()) {
      if (r.path().contains("/media/download/")) result.add(r);
    }
    return result;
  }

  @Test
  void theFileNameOverrideArrivesThroughTheKeyedRedirect() throws Exception {
    MediaClient media = start(TestHomeserver.newBuilder());
    byte[] content = SampleImage.png(30, 20);
    MxcUri uri = server.seed(content, "image/png", "IMG_0001.png");
    MediaRequest request = MediaRequest.download(uri).newBuilder().fileName("holiday \u00e9t\u00e9.png").build();
    try (MediaResponse response = media.newCall(request).execute()) {
      assertArrayEquals(content, response.source().readByteArray());
      assertEquals("holiday \u00e9t\u00e9.png", response.fileName());
      assertTrue(response.diagnostics().keyReceived());
    }
    assertEquals("/_matrix/client/v1/media/download/localhost/" + uri.mediaId()
        + "/holiday%20%C3%A9t%C3%A9.png", downloads().get(0).path());
  }

  @Test
  void aDownloadOfMediaNotYetUploadedWaitsForItInOneRequest() throws Exception {
    MediaClient media = start(TestHomeserver.newBuilder());
    OkHttpClient http = new OkHttpClient();
    Response created = http.newCall(new Request.Builder()
        .url(server.baseUrl() + "/_matrix/media/v1/create")
        .header("Authorization", "Bearer " + server.accessToken())
        .post(RequestBody.create(new byte[0], null)).build()).execute();
    String body = created.body().string();
    MxcUri uri = MxcUri.parse(body.replaceAll(".*\"content_uri\":\"(mxc://[^\"]+)\".*", "$1"));
    Future<byte[]> download = executor.submit(() -> {
      try (MediaResponse response = media.newCall(MediaRequest.download(uri)).execute()) {
        return response.source().readByteArray();
      }
    });
    long giveUp = System.nanoTime() + 15_000_000_000L;
    while (server.downloadsAwaitingUpload() == 0) {
      if (System.nanoTime() > giveUp) fail("the download never waited");
      Thread.sleep(1);
    }
    byte[] content = "arrived later".getBytes(StandardCharsets.UTF_8);
    try (Response put = http.newCall(new Request.Builder()
        .url(server.baseUrl() + "/_matrix/media/v3/upload/localhost/" + uri.mediaId())
        .header("Authorization", "Bearer " + server.accessToken())
        .put(RequestBody.create(content, MediaType.get("text/plain"))).build()).execute()) {
      assertEquals(200, put.code());
    }
    assertArrayEquals(content, download.get());
    // One request that waited, not a retry loop of 504s.
    assertEquals(1, downloads().size());
    assertTrue(downloads().get(0).query().contains("timeout_ms="));
  }

  @Test
  void aPreviewOfALoopbackPageHasItsTitleAndItsImageAsMedia() throws Exception {
    MediaClient media = start(TestHomeserver.newBuilder());
    byte[] logo = SampleImage.png(64, 48);
    pages = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    pages.createContext("/", exchange -> {
      boolean image = exchange.getRequestURI().getPath().equals("/notes/logo.png");
      byte[] bytes = image ? logo : ("<html><head><meta property=\"og:title\" content=\"Release notes\">"
          + "<meta property=\"og:image\" content=\"logo.png\"></head></html>")
          .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", image ? "image/png" : "text/html");
      exchange.sendResponseHeaders(200, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    });
    pages.start();
    String page = "http://127.0.0.1:" + pages.getAddress().getPort() + "/notes/";
    UrlPreview preview = media.previewUrl(page, System.currentTimeMillis());
    assertEquals("Release notes", preview.title());
    assertEquals(64, preview.imageWidth());
    assertEquals(48, preview.imageHeight());
    assertEquals(logo.length, preview.imageSize());
    MxcUri image = preview.ogImage();
    assertNotNull(image);
    try (MediaResponse response = media.newCall(MediaRequest.download(image)).execute()) {
      assertArrayEquals(logo, response.source().readByteArray());
    }
    RecordedRequest call = server.homeserverRequests().get(1);
    assertEquals("/_matrix/client/v1/media/preview_url", call.path());

    MatrixApiException refused = assertThrows(MatrixApiException.class,
        () -> media.previewUrl("https://matrix.org/"));
    assertEquals(403, refused.status());
    assertEquals("M_FORBIDDEN", refused.errcode());
  }
}
