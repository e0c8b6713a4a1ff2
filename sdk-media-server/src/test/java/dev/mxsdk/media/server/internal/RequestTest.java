package dev.mxsdk.media.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

final class RequestTest {
  private static final String CAP = "0123456789abcdef0123456789abcdef";
  private static final int PORT = 4711;
  private static final Limits LIMITS = new Limits(8192, 16384, 100);

  private static Request interpret(String head) throws Exception {
    RequestHead h = new HeadReader(
        new java.io.ByteArrayInputStream(head.getBytes(StandardCharsets.ISO_8859_1)),
        millis -> { }, LIMITS).next(System.nanoTime() + 1_000_000_000_000L, 1_000_000_000_000L);
    return Request.interpret(h, PORT);
  }

  private static int status(String head) throws Exception {
    try {
      interpret(head);
      return 0;
    } catch (HttpRefusal r) {
      return r.status();
    }
  }

  private static String get(String target, String headers) {
    return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + PORT + "\r\n" + headers + "\r\n";
  }

  @Test
  void theCapabilityIsTheFirstSegmentAndTheRestIsIgnored() throws Exception {
    assertEquals(CAP, interpret(get("/" + CAP + "/clip.mp4", "")).capability());
    assertEquals(CAP, interpret(get("/" + CAP, "")).capability());
    assertEquals(CAP, interpret(get("/" + CAP + "/a%20b.mp4?x=1&y=/?", "")).capability());
    assertNull(interpret(get("/" + CAP + "/a/b", "")).capability());
    assertNull(interpret(get("/x/" + CAP, "")).capability());
    assertNull(interpret(get("/" + CAP.toUpperCase(java.util.Locale.ROOT), "")).capability());
    assertNull(interpret(get("/", "")).capability());
  }

  @Test
  void targetsThatAreNotCleanOriginFormAre400() throws Exception {
    assertEquals(400, status(get("http://127.0.0.1:" + PORT + "/" + CAP, "")));
    assertEquals(400, status(get("*", "")));
    assertEquals(400, status(get("/" + CAP + "#x", "")));
    assertEquals(400, status(get("/" + CAP + "%2", "")));
    assertEquals(400, status(get("/" + CAP + "%g0", "")));
    assertEquals(400, status(get("/<script>", "")));
    assertEquals(400, status(get("/a\\b", "")));
  }

  @Test
  void methodsBodiesAndHostsAreCheckedInThatOrder() throws Exception {
    assertEquals(405, status("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"));
    assertEquals(501, status("FOO / HTTP/1.1\r\n\r\n"));
    assertEquals(501, status(get("/", "Transfer-Encoding: chunked\r\n")));
    assertEquals(413, status(get("/", "Content-Length: 1\r\n")));
    assertEquals(400, status(get("/", "Content-Length: 00000000000000000001\r\n")));
    assertEquals(0, status(get("/", "Content-Length: 0\r\n")));
    assertEquals(400, status("GET / HTTP/1.1\r\n\r\n"));
    assertEquals(421, status("GET / HTTP/1.1\r\nHost: 127.0.0.1:" + (PORT + 1) + "\r\n\r\n"));
  }

  @Test
  void onlyTheServersTwoNamesAreThisServer() {
    assertTrue(Request.isThisServer("127.0.0.1:" + PORT, PORT));
    assertTrue(Request.isThisServer("localhost:" + PORT, PORT));
    assertTrue(Request.isThisServer("LOCALHOST:" + PORT, PORT));
    assertFalse(Request.isThisServer("127.0.0.1.nip.io:" + PORT, PORT));
    assertFalse(Request.isThisServer("evil.com:" + PORT, PORT));
    assertFalse(Request.isThisServer("127.0.0.1:" + PORT + "0", PORT));
    assertFalse(Request.isThisServer("x127.0.0.1:" + PORT, PORT));
    assertFalse(Request.isThisServer(":" + PORT, PORT));
    assertFalse(Request.isThisServer("127.0.0.1", PORT));
  }

  @Test
  void rangeAppliesToGetWithoutIfRangeAndOnlyOnce() throws Exception {
    assertEquals("bytes=0-1", interpret(get("/", "Range: bytes=0-1\r\n")).range());
    assertNull(interpret(get("/", "Range: bytes=0-1\r\nIf-Range: \"x\"\r\n")).range());
    assertNull(interpret(get("/", "Range: bytes=0-1\r\nRange: bytes=0-1\r\n")).range());
    assertNull(interpret("HEAD / HTTP/1.1\r\nHost: 127.0.0.1:" + PORT
        + "\r\nRange: bytes=0-1\r\n\r\n").range());
  }

  @Test
  void theConnectionClosesForHttp10AndForConnectionClose() throws Exception {
    assertFalse(interpret(get("/", "")).closeRequested());
    assertTrue(interpret(get("/", "Connection: keep-alive, Close\r\n")).closeRequested());
    assertTrue(interpret("GET / HTTP/1.0\r\nHost: 127.0.0.1:" + PORT
        + "\r\nConnection: keep-alive\r\n\r\n").closeRequested());
  }

  @Test
  void toStringHoldsNoCapability() throws Exception {
    assertFalse(interpret(get("/" + CAP, "")).toString().contains(CAP));
  }
}
