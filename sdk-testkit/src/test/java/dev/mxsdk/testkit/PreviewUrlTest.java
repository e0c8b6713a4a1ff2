package dev.mxsdk.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.squareup.moshi.JsonReader;
import com.sun.net.httpserver.HttpServer;
import dev.mxsdk.core.MxcUri;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** URL previews from pages a loopback server in the test serves, and refusals of other hosts. */
final class PreviewUrlTest {
  private static final String V1 = "/_matrix/client/v1/media/preview_url?url=";
  private static final String LEGACY = "/_matrix/media/v3/preview_url?url=";

  private final Http http = new Http();
  private final List<String> pageRequests = new CopyOnWriteArrayList<>();
  private TestHomeserver server;
  private HttpServer pages;
  private String pagesUrl;
  private byte[] image;

  @BeforeEach
  void start() throws Exception {
    server = TestHomeserver.newBuilder().start();
    image = ThumbnailTest.png(48, 32, false);
    pages = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    pages.createContext("/", exchange -> {
      pageRequests.add(exchange.getRequestURI().toString());
      String path = exchange.getRequestURI().getPath();
      byte[] body;
      switch (path) {
        case "/post":
          exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
          body = ("<!doctype html><html><head><title>Ignored title</title>"
              + "<meta property=\"og:title\" content=\"Matrix &amp; friends\">"
              + "<meta property='og:description' content='A \u00e9t\u00e9 post &#x1F31E;'>"
              + "<meta name=\"og:site_name\" content=\"Blog\"/>"
              + "<meta property=\"og:url\" content=\"" + pagesUrl + "/post\">"
              + "<meta property=\"og:image\" content=\"/logo.png\">"
              + "<meta property=\"og:image:type\" content=\"image/gif\">"
              + "<meta property=\"og:image:width\" content=\"999\">"
              + "<meta property=\"og:type\" content=\"article\">"
              + "<meta property=\"og:title\" content=\"second title\">"
              + "</head><body>text</body></html>").getBytes(StandardCharsets.UTF_8);
          break;
        case "/plain":
          exchange.getResponseHeaders().set("Content-Type", "text/html");
          body = "<html><head><TITLE>\n  Just a\n title </TITLE></head></html>"
              .getBytes(StandardCharsets.UTF_8);
          break;
        case "/remote-image":
          exchange.getResponseHeaders().set("Content-Type", "text/html");
          body = ("<meta property=\"og:title\" content=\"t\">"
              + "<meta property=\"og:image\" content=\"https://images.example.org/a.png\">")
              .getBytes(StandardCharsets.UTF_8);
          break;
        case "/logo.png":
          exchange.getResponseHeaders().set("Content-Type", "image/png");
          body = image;
          break;
        case "/away":
          exchange.getResponseHeaders().set("Location", "http://example.org/");
          exchange.sendResponseHeaders(302, -1);
          exchange.close();
          return;
        case "/moved":
          exchange.getResponseHeaders().set("Location", "/post");
          exchange.sendResponseHeaders(301, -1);
          exchange.close();
          return;
        default:
          exchange.sendResponseHeaders(404, -1);
          exchange.close();
          return;
      }
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    pages.start();
    pagesUrl = "http://127.0.0.1:" + pages.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    pages.stop(0);
    server.close();
  }

  private HttpResponse<byte[]> preview(String family, String url) {
    return http.get(server.baseUrl() + family + URLEncoder.encode(url, StandardCharsets.UTF_8),
        "Authorization", "Bearer " + server.accessToken());
  }

  private static Map<?, ?> json(HttpResponse<byte[]> response) throws IOException {
    assertEquals("application/json", Http.header(response, "Content-Type"));
    return (Map<?, ?>) JsonReader.of(new Buffer().write(response.body())).readJsonValue();
  }

  @Test
  void thePagesFixedOpenGraphFieldsAndItsImageAsMediaAreServed() throws Exception {
    HttpResponse<byte[]> response = preview(V1, pagesUrl + "/post");
    assertEquals(200, response.statusCode(), Http.body(response));
    Map<?, ?> og = json(response);
    assertEquals("Matrix & friends", og.get("og:title"));
    assertEquals("A \u00e9t\u00e9 post \ud83c\udf1e", og.get("og:description"));
    assertEquals("Blog", og.get("og:site_name"));
    assertEquals(pagesUrl + "/post", og.get("og:url"));
    assertEquals(null, og.get("og:type"));
    // The image is what was stored, described by itself rather than by the page.
    assertEquals("image/png", og.get("og:image:type"));
    assertEquals(48.0, og.get("og:image:width"));
    assertEquals(32.0, og.get("og:image:height"));
    assertEquals((double) image.length, og.get("matrix:image:size"));
    MxcUri uri = MxcUri.parse((String) og.get("og:image"));
    assertEquals("localhost", uri.serverName());
    HttpResponse<byte[]> stored = http.get(server.baseUrl() + "/_matrix/media/v3/download/localhost/"
        + uri.mediaId());
    assertArrayEquals(image, stored.body());
    assertEquals(List.of("/post", "/logo.png"), pageRequests);
  }

  @Test
  void theLegacyPathAnswersTheSameAndBothNeedAnAccessToken() throws Exception {
    Map<?, ?> og = json(preview(LEGACY, pagesUrl + "/plain"));
    assertEquals(Map.of("og:title", "Just a title"), og);
    HttpResponse<byte[]> anonymous = http.get(server.baseUrl() + LEGACY + "x");
    assertEquals(401, anonymous.statusCode());
    assertEquals(401, http.get(server.baseUrl() + V1 + "x").statusCode());
    assertTrue(pageRequests.size() == 1);
  }

  @Test
  void tsIsAcceptedAndMustBeAnInteger() throws Exception {
    HttpResponse<byte[]> withTs = http.get(server.baseUrl() + V1
        + URLEncoder.encode(pagesUrl + "/plain", StandardCharsets.UTF_8) + "&ts=1510610716656",
        "Authorization", "Bearer " + server.accessToken());
    assertEquals(200, withTs.statusCode());
    HttpResponse<byte[]> badTs = http.get(server.baseUrl() + V1 + "x&ts=yesterday",
        "Authorization", "Bearer " + server.accessToken());
    assertEquals(400, badTs.statusCode());
    assertTrue(Http.body(badTs).contains("M_INVALID_PARAM"));
    HttpResponse<byte[]> missing = http.get(server.baseUrl() + "/_matrix/client/v1/media/preview_url",
        "Authorization", "Bearer " + server.accessToken());
    assertEquals(400, missing.statusCode());
    assertTrue(Http.body(missing).contains("M_MISSING_PARAM"));
  }

  @Test
  void otherHostsAndSchemesAreRefusedWithoutARequest() throws Exception {
    for (String url : new String[] {"http://example.org/", "https://10.0.0.1/",
        "http://127.0.0.1.example.org/", "http://128.0.0.1/", "ftp://127.0.0.1/",
        "file:///etc/passwd", "/relative", "http://user@192.168.1.1/"}) {
      HttpResponse<byte[]> refused = preview(V1, url);
      assertEquals(403, refused.statusCode(), url);
      assertTrue(Http.body(refused).contains("\"errcode\":\"M_FORBIDDEN\""), url);
    }
    assertTrue(pageRequests.isEmpty());
  }

  @Test
  void redirectsAreFollowedOnLoopbackOnly() throws Exception {
    assertEquals("Matrix & friends", json(preview(V1, pagesUrl + "/moved")).get("og:title"));
    HttpResponse<byte[]> away = preview(V1, pagesUrl + "/away");
    assertEquals(403, away.statusCode());
    assertTrue(pageRequests.contains("/away"));
  }

  @Test
  void anImageElsewhereIsLeftOutAndAFailedPageIsABadGateway() throws Exception {
    Map<?, ?> og = json(preview(V1, pagesUrl + "/remote-image"));
    assertEquals(Map.of("og:title", "t"), og);
    HttpResponse<byte[]> missing = preview(V1, pagesUrl + "/nothing");
    assertEquals(502, missing.statusCode());
    assertTrue(Http.body(missing).contains("M_UNKNOWN"));
  }

  @Test
  void aUrlThatIsAnImageIsItsOwnPreview() throws Exception {
    Map<?, ?> og = json(preview(V1, "http://localhost:" + pages.getAddress().getPort() + "/logo.png"));
    assertEquals("image/png", og.get("og:image:type"));
    assertEquals((double) image.length, og.get("matrix:image:size"));
    assertTrue(((String) og.get("og:image")).startsWith("mxc://localhost/"));
  }
}
