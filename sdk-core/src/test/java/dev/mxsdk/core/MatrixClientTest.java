package dev.mxsdk.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;

final class MatrixClientTest {
  @Test
  void versionsAreFetchedOnceUnauthenticatedAndCached() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.enqueue(new MockResponse().setBody(
          "{\"versions\":[\"v1.10\",\"v1.11\"],\"unstable_features\":{\"org.matrix.msc3916\":true}}"));
      MatrixClient client = MatrixClient.builder()
          .homeserver(server.url("/"))
          .okHttpClient(new OkHttpClient())
          .accessTokenProvider(() -> "secret")
          .userAgent("test-agent")
          .build();
      ServerVersions first = client.serverVersions();
      assertSame(first, client.serverVersions());
      assertTrue(first.supports("v1.11"));
      assertTrue(first.isUnstableFeatureEnabled("org.matrix.msc3916"));
      assertEquals(1, server.getRequestCount());
      RecordedRequest r = server.takeRequest();
      assertEquals("/_matrix/client/versions", r.getPath());
      assertNull(r.getHeader("Authorization"));
      assertEquals("test-agent", r.getHeader("User-Agent"));
    }
  }

  @Test
  void versionsErrorIsTyped() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      server.enqueue(new MockResponse().setResponseCode(502).setBody("<html>bad gateway</html>"));
      MatrixClient client = MatrixClient.builder().homeserver(server.url("/")).build();
      MatrixApiException e = assertThrows(MatrixApiException.class, client::serverVersions);
      assertEquals(502, e.status());
      assertNull(e.errcode());
    }
  }

  @Test
  void homeserverIsRequired() {
    assertThrows(IllegalStateException.class, () -> MatrixClient.builder().build());
  }

  private static Response response(int code, String body, String retryAfter) {
    Response.Builder b = new Response.Builder()
        .request(new Request.Builder().url("https://hs.example/x?access_token=leak").build())
        .protocol(Protocol.HTTP_1_1).code(code).message("x")
        .body(ResponseBody.create(body, null));
    if (retryAfter != null) b.header("Retry-After", retryAfter);
    return b.build();
  }

  @Test
  void matrixErrorBodyIsParsed() {
    MatrixApiException e = MatrixApiException.from(response(429,
        "{\"errcode\":\"M_LIMIT_EXCEEDED\",\"error\":\"Too many\",\"retry_after_ms\":2500}", null));
    assertEquals(429, e.status());
    assertEquals("M_LIMIT_EXCEEDED", e.errcode());
    assertEquals("Too many", e.error());
    assertEquals(2500, e.retryAfterMillis());
    assertFalse(e.getMessage().contains("leak"));
  }

  @Test
  void retryAfterHeaderInSecondsIsUsedWithoutABodyValue() {
    MatrixApiException e = MatrixApiException.from(response(429, "{}", "3"));
    assertEquals(3000, e.retryAfterMillis());
  }

  @Test
  void softLogoutAndNonJsonBodies() {
    assertTrue(MatrixApiException.from(response(401,
        "{\"errcode\":\"M_UNKNOWN_TOKEN\",\"soft_logout\":true}", null)).softLogout());
    MatrixApiException e = MatrixApiException.from(response(500, "not json", null));
    assertEquals(500, e.status());
    assertNull(e.errcode());
    assertEquals(-1, e.retryAfterMillis());
  }
}
