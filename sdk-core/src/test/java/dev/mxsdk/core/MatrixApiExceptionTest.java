package dev.mxsdk.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.Locale;
import java.util.TimeZone;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okio.Buffer;
import org.junit.jupiter.api.Test;

final class MatrixApiExceptionTest {
  private static final long NOW = 1_700_000_000_000L;

  private static Response response(int code, String body, String retryAfter) {
    Response.Builder b = new Response.Builder()
        .request(new Request.Builder().url("https://hs.example/x?access_token=leak")
            .header("Authorization", "Bearer secret-token").build())
        .protocol(Protocol.HTTP_1_1).code(code).message("x")
        .body(ResponseBody.create(body, MediaType.get("application/json")));
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
    assertEquals("HTTP 429 M_LIMIT_EXCEEDED: Too many", e.getMessage());
  }

  @Test
  void messageNeverContainsTheTokenOrTheUrl() {
    MatrixApiException e = MatrixApiException.from(response(401,
        "{\"errcode\":\"M_UNKNOWN_TOKEN\",\"error\":\"Unknown token\"}", null));
    assertFalse(e.getMessage().contains("secret-token"));
    assertFalse(e.getMessage().contains("leak"));
    assertFalse(e.toString().contains("secret-token"));
  }

  @Test
  void bodyDelayWinsOverTheHeader() {
    assertEquals(100, MatrixApiException.from(
        response(429, "{\"retry_after_ms\":100}", "7"), NOW).retryAfterMillis());
  }

  @Test
  void retryAfterHeaderInSecondsIsUsedWithoutABodyValue() {
    assertEquals(3000, MatrixApiException.from(response(429, "{}", "3"), NOW).retryAfterMillis());
    assertEquals(0, MatrixApiException.from(response(503, "", " 0 "), NOW).retryAfterMillis());
  }

  @Test
  void retryAfterHttpDateIsRelativeToTheInjectedClock() {
    SimpleDateFormat f = new SimpleDateFormat("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);
    f.setTimeZone(TimeZone.getTimeZone("GMT"));
    String in42s = f.format(new Date(NOW + 42_000));
    assertEquals(42_000, MatrixApiException.from(response(503, "", in42s), NOW)
        .retryAfterMillis());
    String past = f.format(new Date(NOW - 5_000));
    assertEquals(0, MatrixApiException.from(response(503, "", past), NOW).retryAfterMillis());
  }

  @Test
  void unusableRetryAfterHeadersAreIgnored() {
    for (String h : new String[] {"soon", "-5", "", "Tue, 99 Foo 2024 99:00:00 GMT"}) {
      assertEquals(-1, MatrixApiException.from(response(503, "", h), NOW).retryAfterMillis(), h);
    }
  }

  @Test
  void softLogoutIsRead() {
    MatrixApiException e = MatrixApiException.from(response(401,
        "{\"errcode\":\"M_UNKNOWN_TOKEN\",\"soft_logout\":true}", null));
    assertTrue(e.softLogout());
    assertFalse(MatrixApiException.from(response(401, "{\"errcode\":\"M_UNKNOWN_TOKEN\"}", null))
        .softLogout());
  }

  @Test
  void nonJsonAndEmptyBodiesStillYieldTheStatus() {
    for (String body : new String[] {"not json", "", "[1,2]", "{\"errcode\":", "null"}) {
      MatrixApiException e = MatrixApiException.from(response(500, body, null));
      assertEquals(500, e.status(), body);
      assertEquals(-1, e.retryAfterMillis());
      assertEquals("HTTP 500", e.getMessage().substring(0, 8));
    }
  }

  @Test
  void fieldsOfTheWrongTypeAreIgnored() {
    MatrixApiException e = MatrixApiException.from(response(400,
        "{\"errcode\":7,\"error\":{},\"retry_after_ms\":\"x\",\"soft_logout\":\"yes\"}", null));
    assertEquals(400, e.status());
    assertNull(e.errcode());
    assertNull(e.error());
    assertEquals(-1, e.retryAfterMillis());
    assertFalse(e.softLogout());
  }

  @Test
  void aHugeBodyIsReadOnlyUpToItsCap() throws Exception {
    try (MockWebServer server = new MockWebServer()) {
      Buffer huge = new Buffer().writeUtf8("{\"errcode\":\"M_UNKNOWN\",\"error\":\"");
      byte[] chunk = new byte[1024 * 1024];
      java.util.Arrays.fill(chunk, (byte) 'a');
      for (int i = 0; i < 16; i++) huge.write(chunk);
      huge.writeUtf8("\"}");
      server.enqueue(new MockResponse().setResponseCode(500).setBody(huge));
      OkHttpClient client = new OkHttpClient();
      try (Response r = client.newCall(new Request.Builder().url(server.url("/")).build())
          .execute()) {
        MatrixApiException e = MatrixApiException.from(r);
        assertEquals(500, e.status());
        assertEquals("M_UNKNOWN", e.errcode());
        assertTrue(r.body().source().getBuffer().size() < 1024 * 1024, "read past the cap");
        assertTrue(e.getMessage().length() < 300, "error text is cut in the message");
      }
    }
  }

  @Test
  void longErrorTextIsCutInTheMessageButKept() {
    String text = "x".repeat(1000);
    MatrixApiException e = MatrixApiException.from(response(400,
        "{\"errcode\":\"M_BAD\",\"error\":\"" + text + "\"}", null));
    assertEquals(text, e.error());
    assertTrue(e.getMessage().length() < 230);
  }

  @Test
  void isAnIOException() {
    assertTrue(new MatrixApiException(404, "M_NOT_FOUND", null, -1, false)
        instanceof java.io.IOException);
  }
}
