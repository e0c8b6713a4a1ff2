package dev.mxsdk.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mxsdk.core.MalformedResponseException;
import dev.mxsdk.core.MatrixApiException;
import dev.mxsdk.core.MxcUri;
import dev.mxsdk.core.UnexpectedRedirectException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link MediaClient#previewUrl} against MockWebServer: the wire, the fallback, errors, JSON. */
final class UrlPreviewTest {
  private static final String PAGE = "https://blog.example/post?id=7&lang=en";
  private FlowFixture f;

  @BeforeEach
  void setUp() throws IOException {
    f = new FlowFixture();
  }

  @AfterEach
  void tearDown() throws IOException {
    f.close();
  }

  private static MockResponse json(String body) {
    return new MockResponse().setHeader("Content-Type", "application/json").setBody(body);
  }

  @Test
  void theAuthenticatedEndpointGetsTheUrlAndTsAndTheBearerToken() throws Exception {
    f.enqueue(json("{\"og:title\":\"Matrix Blog Post\",\"og:description\":\"cool\","
        + "\"og:image\":\"mxc://example.com/ascERGshawAWawugaAcauga\",\"og:image:type\":\"image/png\","
        + "\"og:image:height\":48,\"og:image:width\":48,\"matrix:image:size\":102400}"));
    UrlPreview preview = f.mediaClient().previewUrl(PAGE, 1510610716656L);
    RecordedRequest r = f.homeserverMediaRequests().get(0);
    HttpUrl url = r.getRequestUrl();
    assertEquals("GET", r.getMethod());
    assertEquals("/_matrix/client/v1/media/preview_url", url.encodedPath());
    assertEquals(PAGE, url.queryParameter("url"));
    assertEquals("1510610716656", url.queryParameter("ts"));
    assertEquals("Bearer " + FlowFixture.TOKEN, r.getHeader("Authorization"));
    assertNull(url.queryParameter("access_token"));

    assertEquals("Matrix Blog Post", preview.title());
    assertEquals("cool", preview.description());
    assertEquals(MxcUri.parse("mxc://example.com/ascERGshawAWawugaAcauga"), preview.ogImage());
    assertEquals("image/png", preview.imageType());
    assertEquals(48, preview.imageWidth());
    assertEquals(48, preview.imageHeight());
    assertEquals(102400, preview.imageSize());
    assertEquals(7, preview.openGraph().size());
    assertEquals(102400L, preview.openGraph().get("matrix:image:size"));
  }

  @Test
  void withoutTsNoneIsSentAndAnEmptyPreviewIsValid() throws Exception {
    f.enqueue(json("{}"));
    UrlPreview preview = f.mediaClient().previewUrl(PAGE);
    assertNull(f.homeserverMediaRequests().get(0).getRequestUrl().queryParameter("ts"));
    assertTrue(preview.openGraph().isEmpty());
    assertNull(preview.title());
    assertNull(preview.ogImage());
    assertEquals(-1, preview.imageSize());
    assertEquals(-1, preview.imageWidth());
  }

  @Test
  void olderServersGetTheLegacyEndpointAndAnUnrecognizedV1FallsBack() throws Exception {
    f.versionsJson = "{\"versions\":[\"v1.5\"]}";
    f.enqueue(json("{\"og:title\":\"old\"}"));
    assertEquals("old", f.mediaClient().previewUrl(PAGE).title());
    assertEquals("/_matrix/media/v3/preview_url",
        f.homeserverMediaRequests().get(0).getRequestUrl().encodedPath());

    f.versionsJson = "{\"versions\":[\"v1.11\"]}";
    f.enqueue(new MockResponse().setResponseCode(404)
        .setBody("{\"errcode\":\"M_UNRECOGNIZED\",\"error\":\"Unrecognized request\"}"));
    f.enqueue(json("{\"og:title\":\"fallen back\"}"));
    assertEquals("fallen back", f.mediaClient().previewUrl(PAGE).title());
    List<RecordedRequest> requests = f.homeserverMediaRequests();
    assertEquals("/_matrix/client/v1/media/preview_url", requests.get(0).getRequestUrl().encodedPath());
    assertEquals("/_matrix/media/v3/preview_url", requests.get(1).getRequestUrl().encodedPath());
    assertEquals("Bearer " + FlowFixture.TOKEN, requests.get(1).getHeader("Authorization"));
  }

  @Test
  void rateLimitsAreRetriedUnderTheClientsPolicy() throws Exception {
    f.enqueue(new MockResponse().setResponseCode(429)
        .setBody("{\"errcode\":\"M_LIMIT_EXCEEDED\",\"error\":\"slow down\",\"retry_after_ms\":1500}"));
    f.enqueue(json("{\"og:title\":\"t\"}"));
    assertEquals("t", f.mediaClient().previewUrl(PAGE).title());
    assertEquals(2, f.homeserverMediaRequests().size());
    assertEquals(List.of(1500L), f.clock.sleeps);
  }

  @Test
  void serverErrorsAreTypedAndNeverEchoTheUrl() throws Exception {
    f.enqueue(new MockResponse().setResponseCode(403).setBody("{\"errcode\":\"M_FORBIDDEN\","
        + "\"error\":\"IP address blocked for " + PAGE + "\"}"));
    MatrixApiException e = assertThrows(MatrixApiException.class,
        () -> f.mediaClient().previewUrl(PAGE));
    assertEquals(403, e.status());
    assertEquals("M_FORBIDDEN", e.errcode());
    assertFalse(e.getMessage().contains("blog.example"), e.getMessage());
    assertFalse(e.getMessage().contains(FlowFixture.TOKEN));

    f.enqueue(new MockResponse().setResponseCode(502)
        .setBody("{\"errcode\":\"M_UNKNOWN\",\"error\":\"Failed to download content\"}"));
    assertEquals(502, assertThrows(MatrixApiException.class,
        () -> f.mediaClient().previewUrl(PAGE)).status());
  }

  @Test
  void aRedirectIsNotFollowed() throws Exception {
    f.enqueue(f.redirectToCdn("/elsewhere"));
    assertThrows(UnexpectedRedirectException.class, () -> f.mediaClient().previewUrl(PAGE));
    assertTrue(f.cdnRequests().isEmpty());
  }

  @Test
  void malformedAnswersNameTheProblem() throws Exception {
    String[][] cases = {
        {"[1,2]", "GET /media/preview_url: expected an object but was BEGIN_ARRAY"},
        {"{\"og:title\":\"cut", "GET /media/preview_url: not valid JSON"},
        {"not json", "GET /media/preview_url: not valid JSON"},
        {"{\"og:image\":42}", "GET /media/preview_url: og:image expected a string but was NUMBER"},
        {"{\"matrix:image:size\":\"big\"}",
            "GET /media/preview_url: matrix:image:size expected a whole number but was STRING"},
        {"{\"matrix:image:size\":1.5}",
            "GET /media/preview_url: matrix:image:size expected a whole number but was NUMBER"}};
    for (String[] c : cases) {
      f.enqueue(json(c[0]));
      MalformedResponseException e = assertThrows(MalformedResponseException.class,
          () -> f.mediaClient().previewUrl(PAGE), c[0]);
      assertTrue(e.getMessage().startsWith(c[1]), e.getMessage());
    }
  }

  @Test
  void otherValuesAreKeptByTypeAndNonMxcImagesAreNoOgImage() throws Exception {
    f.enqueue(json("{\"og:type\":\"article\",\"og:video:width\":1.5,\"og:rich\":true,"
        + "\"og:nothing\":null,\"og:list\":[1],\"og:object\":{\"a\":1},"
        + "\"og:image\":\"https://blog.example/logo.png\",\"og:image:width\":\"wide\","
        + "\"og:title\":\"first\",\"og:title\":\"second\"}"));
    UrlPreview preview = f.mediaClient().previewUrl(PAGE);
    Map<String, Object> og = preview.openGraph();
    assertEquals("article", og.get("og:type"));
    assertEquals(1.5, og.get("og:video:width"));
    assertEquals(Boolean.TRUE, og.get("og:rich"));
    assertFalse(og.containsKey("og:nothing"));
    assertFalse(og.containsKey("og:list"));
    assertFalse(og.containsKey("og:object"));
    assertEquals("first", preview.title());
    assertNull(preview.ogImage());
    assertEquals("https://blog.example/logo.png", preview.string("og:image"));
    assertEquals(-1, preview.imageWidth());
    assertThrows(UnsupportedOperationException.class, () -> og.put("x", "y"));
    assertEquals("UrlPreview[og:type, og:video:width, og:rich, og:image, og:image:width, og:title]",
        preview.toString());
  }

  @Test
  void urlsThatAreNotAbsoluteHttpAreRefusedBeforeARequest() throws Exception {
    MediaClient media = f.mediaClient();
    for (String bad : new String[] {"", "blog.example", "/post", "ftp://blog.example/",
        "mailto:a@b.example"}) {
      assertThrows(IllegalArgumentException.class, () -> media.previewUrl(bad), bad);
    }
    assertThrows(NullPointerException.class, () -> media.previewUrl(null));
    assertThrows(IllegalArgumentException.class, () -> media.previewUrl(PAGE, -1));
    assertTrue(f.homeserverMediaRequests().isEmpty());
  }
}
