package dev.mxsdk.media.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The responder over raw sockets: exactly what is sent, exactly what comes back. */
final class MediaServerTest {
  private static final byte[] DATA = TestContents.bytes(1000);

  private final FakeClock clock = new FakeClock();
  private MediaServer server;
  private int port;

  private MediaServer start(MediaServer.Builder builder) throws IOException {
    server = builder.clock(clock).build();
    server.start();
    port = server.port();
    return server;
  }

  private MediaServer start() throws IOException {
    return start(MediaServer.builder());
  }

  @AfterEach
  void tearDown() {
    if (server != null) server.close();
  }

  private String path(MediaLink link) {
    return link.url().substring(("http://127.0.0.1:" + port).length());
  }

  private String get(MediaLink link, String... headers) {
    StringBuilder b = new StringBuilder("GET ").append(path(link)).append(" HTTP/1.1\r\n")
        .append("Host: 127.0.0.1:").append(port).append("\r\n");
    for (String h : headers) b.append(h).append("\r\n");
    return b.append("\r\n").toString();
  }

  private RawHttp.Response exchange(String request) throws IOException {
    try (RawHttp http = new RawHttp(port)) {
      return http.send(request).read();
    }
  }

  @Test
  void getServesTheWholeContentWithItsLengthTypeAndSafetyHeaders() throws IOException {
    start();
    MediaLink link = server.url(MediaContent.create(DATA, "video/mp4", "clip.mp4"));
    RawHttp.Response r = exchange(get(link));
    assertEquals(200, r.status);
    assertArrayEquals(DATA, r.body);
    assertEquals("1000", r.header("Content-Length"));
    assertEquals("video/mp4", r.header("Content-Type"));
    assertEquals("bytes", r.header("Accept-Ranges"));
    assertEquals("no-store", r.header("Cache-Control"));
    assertEquals("nosniff", r.header("X-Content-Type-Options"));
    assertEquals("sandbox", r.header("Content-Security-Policy"));
    assertTrue(r.header("Date").endsWith(" GMT"), r.header("Date"));
    for (String name : r.headers.keySet()) {
      assertFalse(name.startsWith("access-control-"), name);
    }
  }

  @Test
  void linksHaveTheCapabilityShapeAndKeepItOutOfToString() throws IOException {
    start();
    MediaLink a = server.url(MediaContent.create(DATA, "video/mp4", "My clip (1).mp4"));
    MediaLink b = server.url(MediaContent.create(DATA, "video/mp4", "My clip (1).mp4"));
    assertTrue(a.url().matches(
        "http://127\\.0\\.0\\.1:" + port + "/[0-9a-f]{32}/My_clip__1_\\.mp4"), "shape");
    assertFalse(a.url().equals(b.url()));
    String capability = a.url().split("/")[3];
    assertFalse(a.toString().contains(capability), a.toString());
    assertFalse(server.toString().contains(capability));
    assertEquals(clock.nowMillis() + TimeUnit.HOURS.toMillis(3), a.expiresAtMillis());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "bytes=0-99, 0, 99",
      "bytes=100-, 100, 999",
      "bytes=-100, 900, 999",
      "bytes=990-5000, 990, 999",
      "bytes=-5000, 0, 999",
      "bytes=0-0, 0, 0",
      "bytes=999-999, 999, 999",
      "BYTES=5-9, 5, 9",
      "'bytes= 5-9 ,', 5, 9",
  })
  void eachRangeFormIsA206WithItsContentRange(String range, long first, long last)
      throws IOException {
    start();
    MediaLink link = server.url(MediaContent.create(DATA, "video/mp4", "clip.mp4"));
    RawHttp.Response r = exchange(get(link, "Range: " + range));
    assertEquals(206, r.status);
    assertEquals("bytes " + first + "-" + last + "/1000", r.header("Content-Range"));
    assertEquals(Long.toString(last - first + 1), r.header("Content-Length"));
    assertArrayEquals(Arrays.copyOfRange(DATA, (int) first, (int) last + 1), r.body);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"bytes=1000-", "bytes=5000-6000", "bytes=-0"})
  void anUnsatisfiableRangeIs416WithTheLengthAndKeepsTheConnection(String range)
      throws IOException {
    start();
    MediaLink link = server.url(MediaContent.create(DATA, "video/mp4", "clip.mp4"));
    try (RawHttp http = new RawHttp(port)) {
      RawHttp.Response r = http.send(get(link, "Range: " + range)).read();
      assertEquals(416, r.status);
      assertEquals("bytes */1000", r.header("Content-Range"));
      assertEquals("0", r.header("Content-Length"));
      assertEquals(200, http.send(get(link)).read().status);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "Range: bytes=0-1,5-9", "Range: bytes=5-2", "Range: items=0-1", "Range: bytes=abc",
      "Range: bytes=0-1\r\nRange: bytes=2-3", "Range: bytes=0-9\r\nIf-Range: \"abc\"",
      "Range: bytes=0-9\r\nIf-Range: Sun, 06 Nov 1994 08:49:37 GMT", "Range: bytes=--1"})
  void multipleInvalidOrConditionalRangesGetTheWholeContent(String headers) throws IOException {
    start();
    MediaLink link = server.url(MediaContent.create(DATA, "video/mp4", "clip.mp4"));
    RawHttp.Response r = exchange(get(link, headers));
    assertEquals(200, r.status);
    assertNull(r.header("Content-Range"));
    assertArrayEquals(DATA, r.body);
  }

  @Test
  void headSendsTheHeadersOfGetAndNoBody() throws IOException {
    start();
    MediaLink link = server.url(MediaContent.create(DATA, "image/png", "a.png"));
    try (RawHttp http = new RawHttp(port)) {
      RawHttp.Response head = http.send("HEAD " + path(link) + " HTTP/1.1\r\nHost: 127.0.0.1:"
          + port + "\r\n\r\n").read(true);
      assertEquals(200, head.status);
      assertEquals("1000", head.header("Content-Length"));
      assertEquals("image/png", head.header("Content-Type"));
      // Range is defined for GET only (RFC 9110 section 14.2).
      RawHttp.Response ranged = http.send("HEAD " + path(link) + " HTTP/1.1\r\nHost: 127.0.0.1:"
          + port + "\r\nRange: bytes=0-9\r\n\r\n").read(true);
      assertEquals(200, ranged.status);
      // Had a HEAD sent a body, this response would start inside it.
      RawHttp.Response next = http.send(get(link, "Range: bytes=0-3")).read();
      assertEquals(206, next.status);
      assertArrayEquals(Arrays.copyOf(DATA, 4), next.body);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "evil.com:PORT", "127.0.0.1.nip.io:PORT", "localhost.evil.com:PORT", "127.0.0.1",
      "localhost", "127.0.0.1:1", "[::1]:PORT", "127.1:PORT", "2130706433:PORT",
      "0x7f.0.0.1:PORT", "127.0.0.1:PORT.evil.com", " 127.0.0.1:PORTx", "127.0.0.2:PORT",
      "127.0.0.1:0PORT", "evil.com"})
  void aHostThatIsNotThisServerIs421AndCloses(String host) throws IOException {
    start();
    MediaLink link = server.url(MediaContent.create(DATA, "video/mp4", "clip.mp4"));
    try (RawHttp http = new RawHttp(port)) {
      http.send("GET " + path(link) + " HTTP/1.1\r\nHost: " + host.replace("PORT",
          Integer.toString(port)) + "\r\n\r\n");
      RawHttp.Response r = http.read();
      assertEquals(421, r.status);
      assertEquals(0, r.body.length);
      assertTrue(http.closedByServer());
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"127.0.0.1:PORT", "localhost:PORT", "LocalHost:PORT"})
  void theServersOwnNamesAreAccepted(String host) throws IOException {
    start();
    MediaLink link = server.url(MediaContent.create(DATA, "video/mp4", "clip.mp4"));
    RawHttp.Response r = exchange("GET " + path(link) + " HTTP/1.1\r\nHost: "
        + host.replace("PORT", Integer.toString(port)) + "\r\n\r\n");
    assertEquals(200, r.status);
  }

  @Test
  void aMissingOrRepeatedHostIs400() throws IOException {
    start();
    MediaLink link = server.url(MediaContent.create(DATA, "video/mp4", "clip.mp4"));
    assertEquals(400, exchange("GET " + path(link) + " HTTP/1.1\r\n\r\n").status);
    assertEquals(400, exchange("GET " + path(link) + " HTTP/1.0\r\n\r\n").status);
    assertEquals(400, exchange("GET " + path(link) + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
        + "\r\nHost: 127.0.0.1:" + port + "\r\n\r\n").status);
  }

  @Test
  void unknownMalformedExpiredAndRevokedCapabilitiesAreAll404WithoutDetail() throws IOException {
    start();
    MediaLink expiring = server.url(MediaContent.create(DATA, "video/mp4", "a.mp4"),
        1, TimeUnit.MINUTES);
    MediaLink revoked = server.url(MediaContent.create(DATA, "video/mp4", "b.mp4"));
    MediaLink live = server.url(MediaContent.create(DATA, "video/mp4", "c.mp4"));
    String capability = live.url().split("/")[3];
    assertEquals(200, exchange(get(expiring)).status);
    clock.advance(TimeUnit.MINUTES.toMillis(1));
    revoked.revoke();
    assertTrue(revoked.isRevoked());

    String[] paths = {
        path(expiring), path(revoked),
        "/00000000000000000000000000000000/c.mp4",
        "/" + capability.toUpperCase(java.util.Locale.ROOT) + "/c.mp4",
        "/" + capability.substring(1) + "/c.mp4",
        "/" + capability + "0/c.mp4",
        "/" + capability + "/c.mp4/more",
        "/x/" + capability + "/c.mp4",
        "/", "/favicon.ico", "//" + capability};
    try (RawHttp http = new RawHttp(port)) {
      for (String p : paths) {
        RawHttp.Response r = http.send("GET " + p + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
            + "\r\n\r\n").read();
        assertEquals(404, r.status, p);
        assertEquals("0", r.header("Content-Length"));
        assertEquals(0, r.body.length);
      }
      // 404 keeps the connection, and the live link still works on it, with or without a name.
      assertEquals(200, http.send(get(live)).read().status);
      assertEquals(200, http.send("GET /" + capability + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
          + "\r\n\r\n").read().status);
      assertEquals(200, http.send("GET /" + capability + "/other.name?x=1 HTTP/1.1\r\nHost: "
          + "127.0.0.1:" + port + "\r\n\r\n").read().status);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"POST", "PUT", "DELETE", "OPTIONS", "TRACE", "CONNECT", "PATCH"})
  void methodsOtherThanGetAndHeadAre405AndClose(String method) throws IOException {
    start();
    MediaLink link = server.url(MediaContent.create(DATA, "video/mp4", "clip.mp4"));
    try (RawHttp http = new RawHttp(port)) {
      RawHttp.Response r = http.send(method + " " + path(link) + " HTTP/1.1\r\nHost: 127.0.0.1:"
          + port + "\r\n\r\n").read();
      assertEquals(405, r.status);
      assertEquals("GET, HEAD", r.header("Allow"));
      assertEquals(0, r.body.length);
      assertTrue(http.closedByServer());
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"BREW", "get", "PROPFIND", "M-SEARCH"})
  void unknownMethodsAre501(String method) throws IOException {
    start();
    MediaLink link = server.url(MediaContent.create(DATA, "video/mp4", "clip.mp4"));
    assertEquals(501, exchange(method + " " + path(link) + " HTTP/1.1\r\nHost: 127.0.0.1:"
        + port + "\r\n\r\n").status);
  }

  static Stream<Arguments> bodies() {
    return Stream.of(
        Arguments.of("Content-Length: 5\r\n\r\nhello", 413),
        Arguments.of("Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", 501),
        Arguments.of("Transfer-Encoding: identity\r\n\r\n", 501),
        Arguments.of("Content-Length: abc\r\n\r\n", 400),
        Arguments.of("Content-Length: -1\r\n\r\n", 400),
        Arguments.of("Content-Length: 0\r\nContent-Length: 0\r\n\r\n", 400),
        Arguments.of("Content-Length: 0, 0\r\n\r\n", 400));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bodies")
  void aRequestWithABodyOrTransferEncodingIsRefusedAndClosed(String rest, int status)
      throws IOException {
    start();
    MediaLink link = server.url(MediaContent.create(DATA, "video/mp4", "clip.mp4"));
    try (RawHttp http = new RawHttp(port)) {
      RawHttp.Response r = http.send("GET " + path(link) + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
          + "\r\n" + rest).read();
      assertEquals(status, r.status);
      assertTrue(http.closedByServer());
    }
  }

  @Test
  void aZeroContentLengthIsNoBody() throws IOException {
    start();
    MediaLink link = server.url(MediaContent.create(DATA, "video/mp4", "clip.mp4"));
    try (RawHttp http = new RawHttp(port)) {
      assertEquals(200, http.send(get(link, "Content-Length: 0")).read().status);
      assertEquals(200, http.send(get(link, "Content-Length: 000")).read().status);
    }
  }

  @Test
  void anOversizedRequestLineIs414() throws IOException {
    start();
    char[] longPath = new char[8 * 1024];
    Arrays.fill(longPath, 'a');
    RawHttp.Response r = exchange("GET /" + new String(longPath) + " HTTP/1.1\r\nHost: 127.0.0.1:"
        + port + "\r\n\r\n");
    assertEquals(414, r.status);
    assertEquals(0, r.body.length);
  }

  @Test
  void anOversizedHeadOrTooManyFieldsIs431() throws IOException {
    start();
    MediaLink link = server.url(MediaContent.create(DATA, "video/mp4", "clip.mp4"));
    char[] value = new char[1000];
    Arrays.fill(value, 'v');
    StringBuilder big = new StringBuilder();
    for (int i = 0; i < 17; i++) big.append("X-Filler-").append(i).append(": ").append(value)
        .append("\r\n");
    assertEquals(431, exchange(get(link, big.toString().trim())).status);

    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 100; i++) many.append("X-").append(i).append(": 1\r\n");
    // 100 fields plus Host is one too many.
    assertEquals(431, exchange(get(link, many.toString().trim())).status);
    many.setLength(0);
    for (int i = 0; i < 99; i++) many.append("X-").append(i).append(": 1\r\n");
    assertEquals(200, exchange(get(link, many.toString().trim())).status);
  }

  @Test
  void smallerConfiguredLimitsApply() throws IOException {
    start(MediaServer.builder().maxRequestLineBytes(100).maxHeaderBytes(300).maxHeaderCount(3));
    MediaLink link = server.url(MediaContent.create(DATA, "video/mp4", "clip.mp4"));
    assertEquals(200, exchange(get(link, "A: 1", "B: 2")).status);
    assertEquals(431, exchange(get(link, "A: 1", "B: 2", "C: 3")).status);
    char[] value = new char[250];
    Arrays.fill(value, 'v');
    assertEquals(431, exchange(get(link, "A: " + new String(value))).status);
    assertEquals(414, exchange("GET " + path(link) + "?" + new String(value, 0, 80)
        + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n").status);
  }

  static Stream<Arguments> heads() {
    return Stream.of(
        Arguments.of("GET PATH HTTP/1.1\nHost: HOST\n\n", 400),
        Arguments.of("GET PATH HTTP/1.1\r\nHost: HOST\r\nX: a\rb\r\n\r\n", 400),
        Arguments.of("GET PATH HTTP/1.1\r\nHost: HOST\r\n folded\r\n\r\n", 400),
        Arguments.of("GET PATH HTTP/1.1\r\nHost : HOST\r\n\r\n", 400),
        Arguments.of("GET PATH HTTP/1.1\r\nHost: HOST\r\nX: a\u0000b\r\n\r\n", 400),
        Arguments.of("GET PATH HTTP/1.1\r\nHost: HOST\r\n: empty\r\n\r\n", 400),
        Arguments.of("GET  PATH HTTP/1.1\r\nHost: HOST\r\n\r\n", 400),
        Arguments.of("GET PATH  HTTP/1.1\r\nHost: HOST\r\n\r\n", 400),
        Arguments.of("GET PATH http/1.1\r\nHost: HOST\r\n\r\n", 400),
        Arguments.of("GET PATH HTTP/1.1 \r\nHost: HOST\r\n\r\n", 400),
        Arguments.of("GET PATH\r\nHost: HOST\r\n\r\n", 400),
        Arguments.of("GET PATH HTTP/2.0\r\nHost: HOST\r\n\r\n", 505),
        Arguments.of("GET PATH HTTP/0.9\r\nHost: HOST\r\n\r\n", 505),
        Arguments.of("GET http://HOSTPATH HTTP/1.1\r\nHost: HOST\r\n\r\n", 400),
        Arguments.of("GET PATH#frag HTTP/1.1\r\nHost: HOST\r\n\r\n", 400),
        Arguments.of("GET PATH%zz HTTP/1.1\r\nHost: HOST\r\n\r\n", 400),
        Arguments.of("GET PATH\"x HTTP/1.1\r\nHost: HOST\r\n\r\n", 400),
        Arguments.of("GET PATH\u00e9 HTTP/1.1\r\nHost: HOST\r\n\r\n", 400),
        Arguments.of("\r\n\r\n\r\n\r\n\r\nGET PATH HTTP/1.1\r\nHost: HOST\r\n\r\n", 400),
        Arguments.of("\r\nGET PATH HTTP/1.1\r\nHost: HOST\r\n\r\n", 200),
        Arguments.of("GET PATH HTTP/1.9\r\nHost: HOST\r\n\r\n", 200),
        Arguments.of("GET PATH HTTP/1.1\r\nHost:HOST\r\nX-Empty:\r\nX-Tab:\tv\t\r\n"
            + "X-Latin: caf\u00e9\r\n\r\n", 200));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("heads")
  void malformedHeadsAreRefusedStrictly(String template, int status) throws IOException {
    start();
    MediaLink link = server.url(MediaContent.create(DATA, "video/mp4", "clip.mp4"));
    String request = template.replace("PATH", path(link)).replace("HOST", "127.0.0.1:" + port);
    try (RawHttp http = new RawHttp(port)) {
      RawHttp.Response r = http.send(request).read();
      assertEquals(status, r.status, template);
      if (status != 200) {
        assertEquals(0, r.body.length);
        assertTrue(http.closedByServer());
      }
    }
  }

  @Test
  void aClientThatClosesInTheMiddleOfAHeadGets400() throws IOException {
    start();
    try (RawHttp http = new RawHttp(port)) {
      http.send("GET / HTTP/1.1\r\nHost: 127.0.0.1:" + port);
      http.socket.shutdownOutput();
      assertEquals(400, http.read().status);
    }
  }

  @Test
  void aSlowlorisHeadIsCutOffAtTheHeaderDeadline() throws Exception {
    start(MediaServer.builder().headerTimeout(1, TimeUnit.SECONDS));
    MediaLink link = server.url(MediaContent.create(DATA, "video/mp4", "clip.mp4"));
    byte[] request = get(link, "User-Agent: slow").getBytes("ISO-8859-1");
    try (RawHttp http = new RawHttp(port)) {
      int sent = 0;
      // One byte every 250 ms would take about 25 s for the whole head; the deadline is 1 s.
      while (sent < request.length && http.available() == 0) {
        try {
          http.send(new byte[] {request[sent]});
        } catch (IOException closed) {
          break;
        }
        sent++;
        Thread.sleep(250);
      }
      assertTrue(sent < request.length, "the whole slow head was accepted");
      RawHttp.Response r = http.read();
      assertEquals(408, r.status);
      assertEquals("close", r.header("Connection"));
      assertTrue(http.closedByServer());
    }
  }

  @Test
  void aConnectionThatSendsNothingIsClosedSilentlyAtTheHeaderDeadline() throws IOException {
    start(MediaServer.builder().headerTimeout(300, TimeUnit.MILLISECONDS));
    try (RawHttp http = new RawHttp(port)) {
      assertTrue(http.closedByServer());
    }
  }

  @Test
  void anIdleKeptAliveConnectionIsClosedAfterTheIdleTimeout() throws IOException {
    start(MediaServer.builder().idleTimeout(300, TimeUnit.MILLISECONDS));
    MediaLink link = server.url(MediaContent.create(DATA, "video/mp4", "clip.mp4"));
    try (RawHttp http = new RawHttp(port)) {
      RawHttp.Response r = http.send(get(link)).read();
      assertEquals(200, r.status);
      assertNull(r.header("Connection"));
      // No further request: the server closes the connection without a response.
      assertTrue(http.closedByServer());
    }
  }

  @Test
  void connectionsBeyondTheLimitGet503AndAFreedSlotIsReused() throws Exception {
    start(MediaServer.builder().maxConnections(2).headerTimeout(30, TimeUnit.SECONDS));
    MediaLink link = server.url(MediaContent.create(DATA, "video/mp4", "clip.mp4"));
    RawHttp first = new RawHttp(port);
    RawHttp second = new RawHttp(port);
    try {
      try (RawHttp third = new RawHttp(port)) {
        RawHttp.Response r = third.read();
        assertEquals(503, r.status);
        assertEquals("close", r.header("Connection"));
        assertTrue(third.closedByServer());
      }
      // The two held connections still work.
      assertEquals(200, second.send(get(link)).read().status);
      first.close();
      // The freed slot comes back once the server has seen the close.
      int status = 0;
      for (int attempt = 0; attempt < 200 && status != 200; attempt++) {
        try (RawHttp again = new RawHttp(port)) {
          status = again.send(get(link)).read().status;
        } catch (IOException refusedWhileBusy) {
          status = 0;
        }
        if (status != 200) Thread.sleep(20);
      }
      assertEquals(200, status);
    } finally {
      first.close();
      second.close();
    }
  }

  @Test
  void aKeptAliveConnectionServesSeveralRequestsAndPipelinedOnesInOrder() throws IOException {
    start();
    MediaLink link = server.url(MediaContent.create(DATA, "video/mp4", "clip.mp4"));
    try (RawHttp http = new RawHttp(port)) {
      for (int i = 0; i < 5; i++) {
        RawHttp.Response r = http.send(get(link, "Range: bytes=" + (i * 100) + "-"
            + (i * 100 + 9))).read();
        assertEquals(206, r.status);
        assertArrayEquals(Arrays.copyOfRange(DATA, i * 100, i * 100 + 10), r.body);
      }
      http.send(get(link, "Range: bytes=0-0") + get(link, "Range: bytes=1-1")
          + get(link, "Range: bytes=2-2"));
      for (int i = 0; i < 3; i++) {
        RawHttp.Response r = http.read();
        assertEquals(206, r.status);
        assertArrayEquals(new byte[] {DATA[i]}, r.body);
      }
      RawHttp.Response last = http.send(get(link, "Connection: close")).read();
      assertEquals(200, last.status);
      assertEquals("close", last.header("Connection"));
      assertTrue(http.closedByServer());
    }
  }

  @Test
  void http10GetsItsResponseAndTheConnectionCloses() throws IOException {
    start();
    MediaLink link = server.url(MediaContent.create(DATA, "video/mp4", "clip.mp4"));
    try (RawHttp http = new RawHttp(port)) {
      RawHttp.Response r = http.send("GET " + path(link) + " HTTP/1.0\r\nHost: 127.0.0.1:" + port
          + "\r\nConnection: keep-alive\r\nRange: bytes=10-19\r\n\r\n").read();
      assertEquals(206, r.status);
      assertTrue(r.statusLine.startsWith("HTTP/1.1 "));
      assertEquals("close", r.header("Connection"));
      assertArrayEquals(Arrays.copyOfRange(DATA, 10, 20), r.body);
      assertTrue(http.closedByServer());
    }
  }

  @Test
  void contentOfUnknownLengthIsChunkedToHttp11AndUntilCloseToHttp10() throws IOException {
    start();
    MediaLink link = server.url(TestContents.plain(DATA, false));
    RawHttp.Response chunked = exchange(get(link, "Range: bytes=0-9"));
    assertEquals(200, chunked.status);
    assertEquals("chunked", chunked.header("Transfer-Encoding"));
    assertEquals("none", chunked.header("Accept-Ranges"));
    assertNull(chunked.header("Content-Length"));
    assertTrue(chunked.complete);
    assertArrayEquals(DATA, chunked.body);

    try (RawHttp http = new RawHttp(port)) {
      RawHttp.Response r = http.send("GET " + path(link) + " HTTP/1.0\r\nHost: 127.0.0.1:" + port
          + "\r\n\r\n").read();
      assertEquals(200, r.status);
      assertNull(r.header("Transfer-Encoding"));
      assertNull(r.header("Content-Length"));
      assertArrayEquals(DATA, r.body);
    }
  }

  @Test
  void emptyContentIsAnEmpty200AndEveryByteRangeOfIt416() throws IOException {
    start();
    MediaLink link = server.url(MediaContent.create(new byte[0], "text/plain", "empty.txt"));
    RawHttp.Response whole = exchange(get(link));
    assertEquals(200, whole.status);
    assertEquals("0", whole.header("Content-Length"));
    assertEquals(416, exchange(get(link, "Range: bytes=0-")).status);
    assertEquals(200, exchange(get(link, "Range: bytes=-5")).status);
  }

  @ParameterizedTest(name = "known length {0}")
  @ValueSource(booleans = {true, false})
  void anUpstreamFailureInTheMiddleOfABodyBreaksTheConnection(boolean knownLength)
      throws IOException {
    start();
    TestContents.Counting content = TestContents.failingAfter(DATA, knownLength, 300);
    MediaLink link = server.url(content);
    try (RawHttp http = new RawHttp(port)) {
      RawHttp.Response r = http.send(get(link)).read();
      assertEquals(200, r.status);
      assertFalse(r.complete, "a broken body looked complete");
      assertArrayEquals(Arrays.copyOf(DATA, r.body.length), r.body);
      assertTrue(http.closedByServer());
    }
    assertEquals(1, content.closed.get());
  }

  @Test
  void anUpstreamThatEndsEarlyBreaksTheConnection() throws IOException {
    start();
    TestContents.Counting content = TestContents.endingEarly(DATA, 500);
    MediaLink link = server.url(content);
    try (RawHttp http = new RawHttp(port)) {
      RawHttp.Response r = http.send(get(link)).read();
      assertEquals("1500", r.header("Content-Length"));
      assertFalse(r.complete);
      assertArrayEquals(DATA, r.body);
    }
  }

  @Test
  void anUpstreamThatFailsBeforeItsFirstByteIsAPlain502() throws IOException {
    start();
    TestContents.Counting failing = TestContents.failingAfter(DATA, true, 0);
    MediaLink link = server.url(failing);
    MediaLink throwing = server.url(new MediaContent() {
      @Override
      public String contentType() {
        return "video/mp4";
      }

      @Override
      public long length() {
        return 10;
      }

      @Override
      public okio.Source open(long offset, long byteCount) throws IOException {
        throw new IOException("cannot open");
      }
    });
    for (MediaLink l : new MediaLink[] {link, throwing}) {
      try (RawHttp http = new RawHttp(port)) {
        RawHttp.Response r = http.send(get(l)).read();
        assertEquals(502, r.status);
        assertEquals(0, r.body.length);
        assertTrue(http.closedByServer());
      }
    }
    assertEquals(1, failing.closed.get());
  }

  @Test
  void aContentTypeThatCouldInjectHeadersIsSentAsOctetStream() throws IOException {
    start();
    String[] bad = {"video/mp4\r\nSet-Cookie: a=b", "video", "", "/mp4", "video/mp4\u0000",
        "vidéo/mp4", "video/mp4 x"};
    for (String type : bad) {
      MediaLink link = server.url(MediaContent.create(DATA, type, "clip.mp4"));
      RawHttp.Response r = exchange(get(link));
      assertEquals("application/octet-stream", r.header("Content-Type"), type);
      assertNull(r.header("Set-Cookie"));
    }
    MediaLink good = server.url(MediaContent.create(DATA, "text/plain; charset=utf-8", "a.txt"));
    assertEquals("text/plain; charset=utf-8", exchange(get(good)).header("Content-Type"));
  }

  @Test
  void corsHeadersGoOnlyToConfiguredOrigins() throws IOException {
    start();
    MediaLink link = server.url(MediaContent.create(DATA, "video/mp4", "clip.mp4"));
    RawHttp.Response none = exchange(get(link, "Origin: https://app.example"));
    assertNull(none.header("Access-Control-Allow-Origin"));
    assertNull(none.header("Vary"));
    server.close();

    start(MediaServer.builder().allowedOrigins(Arrays.asList("https://app.example")));
    link = server.url(MediaContent.create(DATA, "video/mp4", "clip.mp4"));
    RawHttp.Response allowed = exchange(get(link, "Origin: https://app.example",
        "Range: bytes=0-9"));
    assertEquals("https://app.example", allowed.header("Access-Control-Allow-Origin"));
    assertTrue(allowed.header("Access-Control-Expose-Headers").contains("Content-Range"));
    assertEquals("Origin", allowed.header("Vary"));
    RawHttp.Response other = exchange(get(link, "Origin: https://evil.example"));
    assertNull(other.header("Access-Control-Allow-Origin"));
    assertEquals("Origin", other.header("Vary"));
    RawHttp.Response nullOrigin = exchange(get(link, "Origin: null"));
    assertNull(nullOrigin.header("Access-Control-Allow-Origin"));
  }

  @Test
  void revokingALinkBreaksItsResponsesInFlightAndReleasesTheUpstream() throws Exception {
    start();
    TestContents.Blocking content = TestContents.blocking(TestContents.bytes(100_000));
    MediaLink link = server.url(content);
    try (RawHttp http = new RawHttp(port)) {
      http.send(get(link));
      assertTrue(content.blocked.await(10, TimeUnit.SECONDS));
      link.revoke();
      RawHttp.Response r = http.read();
      assertEquals(200, r.status);
      assertFalse(r.complete);
    }
    assertEquals(1, content.closed.get());
    assertEquals(404, exchange(get(link)).status);
  }

  @Test
  void aClientThatStopsReadingIsCutAtTheWriteTimeout() throws Exception {
    start(MediaServer.builder().writeTimeout(500, TimeUnit.MILLISECONDS));
    final long size = 256L * 1024 * 1024;
    TestContents.Counting endless = new TestContents.Counting(new byte[0], size) {
      @Override
      okio.Source source(long offset, final long byteCount) {
        return new okio.Source() {
          long left = byteCount;

          @Override
          public long read(okio.Buffer sink, long n) {
            if (left == 0) return -1;
            int chunk = (int) Math.min(Math.min(n, left), 8192);
            sink.write(new byte[chunk]);
            left -= chunk;
            return chunk;
          }

          @Override
          public okio.Timeout timeout() {
            return okio.Timeout.NONE;
          }

          @Override
          public void close() {
          }
        };
      }
    };
    MediaLink link = server.url(endless);
    java.net.Socket socket = new java.net.Socket();
    socket.setReceiveBufferSize(4096);
    socket.connect(new java.net.InetSocketAddress("127.0.0.1", port));
    try {
      socket.getOutputStream().write(get(link).getBytes("ISO-8859-1"));
      // Never read. The server's writes stall once the socket buffers are full, and the stalled
      // write is cut; that closes the upstream.
      for (int i = 0; i < 600 && endless.closed.get() == 0; i++) Thread.sleep(50);
      assertEquals(1, endless.closed.get());
    } finally {
      socket.close();
    }
  }

  @Test
  void closeStopsAcceptingBreaksEveryConnectionAndReleasesEveryUpstream() throws Exception {
    start();
    TestContents.Blocking[] contents = new TestContents.Blocking[3];
    RawHttp[] clients = new RawHttp[3];
    MediaLink[] links = new MediaLink[3];
    for (int i = 0; i < 3; i++) {
      contents[i] = TestContents.blocking(TestContents.bytes(100_000));
      links[i] = server.url(contents[i]);
      clients[i] = new RawHttp(port).send(get(links[i]));
      assertTrue(contents[i].blocked.await(10, TimeUnit.SECONDS));
    }
    MediaLink idle = server.url(MediaContent.create(DATA, "video/mp4", "clip.mp4"));
    RawHttp keptAlive = new RawHttp(port);
    assertEquals(200, keptAlive.send(get(idle)).read().status);

    int serverThreads = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith("mxsdk-media-server-" + port + "-")) serverThreads++;
    }
    assertEquals(5, serverThreads, "accept thread and four connection threads");

    server.close();

    for (int i = 0; i < 3; i++) {
      assertEquals(1, contents[i].closed.get(), "upstream " + i + " still open");
      RawHttp.Response r = clients[i].read();
      assertFalse(r.complete);
      clients[i].close();
      assertTrue(links[i].isRevoked());
    }
    assertTrue(keptAlive.closedByServer());
    keptAlive.close();
    assertThrows(IOException.class, () -> new RawHttp(port).send(get(idle)).read());
    assertThrows(IllegalStateException.class, () -> server.url(TestContents.plain(DATA, true)));
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      assertFalse(t.getName().startsWith("mxsdk-media-server-" + port + "-") && t.isAlive(),
          t.getName() + " survived close()");
    }
  }

  @Test
  void sixtyFourConcurrentClientsEachGetTheirOwnContent() throws Exception {
    start(MediaServer.builder().maxConnections(64));
    final int clients = 64;
    final byte[][] datas = new byte[clients][];
    final MediaLink[] links = new MediaLink[clients];
    for (int i = 0; i < clients; i++) {
      datas[i] = TestContents.bytes(64 * 1024 + i);
      datas[i][0] = (byte) i;
      links[i] = server.url(MediaContent.create(datas[i], "video/mp4", "c" + i + ".mp4"));
    }
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(clients);
    try {
      final java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
      java.util.List<java.util.concurrent.Future<byte[]>> results = new java.util.ArrayList<>();
      for (int i = 0; i < clients; i++) {
        final int n = i;
        results.add(pool.submit(() -> {
          go.await();
          try (RawHttp http = new RawHttp(port)) {
            http.send(get(links[n], "Range: bytes=0-"));
            RawHttp.Response r = http.read();
            assertEquals(206, r.status);
            return r.body;
          }
        }));
      }
      go.countDown();
      for (int i = 0; i < clients; i++) {
        assertArrayEquals(datas[i], results.get(i).get(60, TimeUnit.SECONDS), "client " + i);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void misuseOfTheServerIsReported() throws IOException {
    MediaServer notStarted = MediaServer.builder().build();
    assertThrows(IllegalStateException.class, notStarted::port);
    assertThrows(IllegalStateException.class,
        () -> notStarted.url(TestContents.plain(DATA, true)));
    notStarted.close();
    assertThrows(IllegalStateException.class, notStarted::start);

    start();
    assertThrows(IllegalStateException.class, server::start);
    assertThrows(IllegalArgumentException.class,
        () -> server.url(TestContents.plain(DATA, true), 0, TimeUnit.SECONDS));
    assertThrows(IllegalArgumentException.class,
        () -> MediaServer.builder().allowedOrigins(Arrays.asList("*")));
    assertThrows(IllegalArgumentException.class,
        () -> MediaServer.builder().allowedOrigins(Arrays.asList("https://a.example\r\nX: y")));
    assertThrows(IllegalArgumentException.class,
        () -> MediaServer.builder().maxRequestLineBytes(10_000).maxHeaderBytes(5_000).build());
    assertThrows(IllegalArgumentException.class,
        () -> MediaServer.builder().headerTimeout(0, TimeUnit.SECONDS));
    assertThrows(IllegalArgumentException.class, () -> MediaServer.builder().maxConnections(0));
  }
}
