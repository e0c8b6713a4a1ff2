package dev.mxsdk.media.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import org.junit.jupiter.api.Test;

final class HeadReaderTest {
  private static final long FAR = Long.MAX_VALUE / 4;
  private static final Limits LIMITS = new Limits(100, 300, 5);

  static HeadReader reader(String input, Limits limits) {
    return reader(new ByteArrayInputStream(input.getBytes(StandardCharsets.ISO_8859_1)), limits);
  }

  static HeadReader reader(InputStream in, Limits limits) {
    return new HeadReader(in, millis -> { }, limits);
  }

  private static RequestHead next(HeadReader reader) throws IOException, HttpRefusal {
    return reader.next(System.nanoTime() + FAR, FAR);
  }

  private static int refusal(String input) throws IOException {
    try {
      next(reader(input, LIMITS));
    } catch (HttpRefusal r) {
      return r.status();
    }
    return 0;
  }

  @Test
  void aValidHeadIsParsedWithLowerCaseNamesAndTrimmedValues() throws Exception {
    RequestHead h = next(reader(
        "GET /a?b HTTP/1.1\r\nHost:  127.0.0.1:1 \r\nX-Tab:\tv\t\r\nRANGE: bytes=0-\r\n\r\n",
        LIMITS));
    assertEquals("GET", h.method());
    assertEquals("/a?b", h.target());
    assertEquals(1, h.minorVersion());
    assertEquals(3, h.headerCount());
    assertEquals(Collections.singletonList("127.0.0.1:1"), h.values("host"));
    assertEquals(Collections.singletonList("v"), h.values("x-tab"));
    assertEquals(Collections.singletonList("bytes=0-"), h.values("range"));
    assertFalse(h.toString().contains("/a"), "the target holds the capability");
  }

  @Test
  void pipelinedHeadsAreReadOneAfterTheOtherThenTheEnd() throws Exception {
    HeadReader r = reader("GET /1 HTTP/1.1\r\nHost: h\r\n\r\nHEAD /2 HTTP/1.0\r\n\r\n", LIMITS);
    assertEquals("/1", next(r).target());
    RequestHead second = next(r);
    assertEquals("HEAD", second.method());
    assertEquals(0, second.minorVersion());
    assertNull(next(r));
  }

  @Test
  void anEmptyStreamIsNoRequest() throws Exception {
    assertNull(next(reader("", LIMITS)));
  }

  @Test
  void silenceBeforeTheFirstByteIsNoRequestAndSilenceAfterIt408() throws Exception {
    InputStream silent = new InputStream() {
      @Override
      public int read() throws IOException {
        throw new SocketTimeoutException();
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        throw new SocketTimeoutException();
      }
    };
    assertNull(next(reader(silent, LIMITS)));

    InputStream trickle = new InputStream() {
      private int calls;

      @Override
      public int read() {
        throw new UnsupportedOperationException();
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (calls++ == 0) {
          b[off] = 'G';
          return 1;
        }
        throw new SocketTimeoutException();
      }
    };
    HttpRefusal r = assertThrows(HttpRefusal.class, () -> next(reader(trickle, LIMITS)));
    assertEquals(408, r.status());
  }

  @Test
  void aPassedDeadlineIs408OnceTheHeadHasBegun() throws Exception {
    // Two reads: the first byte, then the rest after the deadline.
    InputStream slow = new InputStream() {
      private int calls;

      @Override
      public int read() {
        throw new UnsupportedOperationException();
      }

      @Override
      public int read(byte[] b, int off, int len) {
        b[off] = (byte) "GE".charAt(calls++);
        return 1;
      }
    };
    HeadReader r = reader(slow, LIMITS);
    HttpRefusal refusal = assertThrows(HttpRefusal.class,
        () -> r.next(System.nanoTime() + FAR, 0));
    assertEquals(408, refusal.status());
  }

  @Test
  void limitsAreEnforcedWithTheirOwnStatusCodes() throws Exception {
    char[] a = new char[101];
    Arrays.fill(a, 'a');
    String longTarget = "/" + new String(a, 0, 90);
    assertEquals(414, refusal("GET " + longTarget + " HTTP/1.1\r\n\r\n"));
    assertEquals(0, refusal("GET /" + new String(a, 0, 86) + " HTTP/1.1\r\nHost: h\r\n\r\n"));
    StringBuilder many = new StringBuilder("GET / HTTP/1.1\r\n");
    for (int i = 0; i < 6; i++) many.append("A").append(i).append(": 1\r\n");
    assertEquals(431, refusal(many.append("\r\n").toString()));
    assertEquals(431, refusal("GET / HTTP/1.1\r\nA: " + new String(a) + "\r\nB: "
        + new String(a) + "\r\nC: " + new String(a) + "\r\n\r\n"));
  }

  @Test
  void lineEndingsMustBeCrlf() throws Exception {
    assertEquals(400, refusal("GET / HTTP/1.1\nHost: h\n\n"));
    assertEquals(400, refusal("GET / HTTP/1.1\r\nHost: h\rX: y\r\n\r\n"));
    assertEquals(400, refusal("GET / HTTP/1.1\r\nHost: h\r\n\n"));
    assertEquals(400, refusal("GET / HTTP/1.1\r\nHost: h\r\n"));
  }

  @Test
  void theRequestLineGrammarIsStrict() throws Exception {
    assertEquals(400, refusal("GET / HTTP/1.1 \r\n\r\n"));
    assertEquals(400, refusal(" GET / HTTP/1.1\r\n\r\n"));
    assertEquals(400, refusal("GET\t/ HTTP/1.1\r\n\r\n"));
    assertEquals(400, refusal("GET / HTTP/1.10\r\n\r\n"));
    assertEquals(400, refusal("GET / HTTP/11\r\n\r\n"));
    assertEquals(400, refusal("G(T / HTTP/1.1\r\n\r\n"));
    assertEquals(400, refusal("GET /\u0000 HTTP/1.1\r\n\r\n"));
    assertEquals(505, refusal("GET / HTTP/3.0\r\n\r\n"));
    assertEquals(0, refusal("GET / HTTP/1.7\r\n\r\n"));
  }

  @Test
  void atMostAFewEmptyLinesMayPrecedeARequest() throws Exception {
    assertEquals(0, refusal("\r\n\r\n\r\n\r\nGET / HTTP/1.1\r\n\r\n"));
    assertEquals(400, refusal("\r\n\r\n\r\n\r\n\r\nGET / HTTP/1.1\r\n\r\n"));
  }

  @Test
  void headerLinesRefuseFoldingSpacesBeforeTheColonAndControls() throws Exception {
    assertEquals(400, refusal("GET / HTTP/1.1\r\nA: 1\r\n  2\r\n\r\n"));
    assertEquals(400, refusal("GET / HTTP/1.1\r\nA : 1\r\n\r\n"));
    assertEquals(400, refusal("GET / HTTP/1.1\r\nA\r\n\r\n"));
    assertEquals(400, refusal("GET / HTTP/1.1\r\nA: \u0001\r\n\r\n"));
    assertEquals(400, refusal("GET / HTTP/1.1\r\nA: \u007f\r\n\r\n"));
    assertEquals(400, refusal("GET / HTTP/1.1\r\nA\u00e9: 1\r\n\r\n"));
    assertEquals(0, refusal("GET / HTTP/1.1\r\nA: caf\u00e9\r\n\r\n"));
  }
}
