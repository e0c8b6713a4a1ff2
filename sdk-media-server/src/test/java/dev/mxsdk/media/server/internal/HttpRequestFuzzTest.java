package dev.mxsdk.media.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Fuzzes the request reader and the rules behind it with arbitrary bytes as one connection's
 * input, under small and under default limits: every head is either parsed into a request that
 * obeys the grammar and the limits, or refused with one of the documented status codes; no other
 * exception, and the reading always ends (each head consumes input). Parsed ranges are applied
 * to several lengths and always fall inside the content.
 */
final class HttpRequestFuzzTest {
  private static final int PORT = 8080;
  private static final Set<Integer> REFUSALS = new HashSet<>(
      Arrays.asList(400, 405, 413, 414, 421, 431, 501, 505));
  private static final long[] LENGTHS = {0, 1, 1000, Long.MAX_VALUE};
  private static final Limits SMALL = new Limits(64, 256, 8);
  private static final Limits DEFAULT = new Limits(8192, 16384, 100);

  @FuzzTest(maxDuration = "2m")
  void anyBytesYieldRequestsOrATypedRefusal(byte[] input) throws IOException {
    read(input, SMALL);
    read(input, DEFAULT);
  }

  private static void read(byte[] input, Limits limits) throws IOException {
    HeadReader reader = new HeadReader(new ByteArrayInputStream(input), millis -> { }, limits);
    // Each head consumes at least one byte, so this bounds the loop without trusting the reader.
    for (int heads = 0; heads <= input.length; heads++) {
      RequestHead head;
      try {
        head = reader.next(System.nanoTime() + 3_600_000_000_000L, 3_600_000_000_000L);
      } catch (HttpRefusal refusal) {
        assertTrue(REFUSALS.contains(refusal.status()), "status " + refusal.status());
        return;
      }
      if (head == null) return;
      checkHead(head, limits);
      Request request;
      try {
        request = Request.interpret(head, PORT);
      } catch (HttpRefusal refusal) {
        assertTrue(REFUSALS.contains(refusal.status()), "status " + refusal.status());
        return;
      }
      checkRequest(request);
    }
    throw new AssertionError("more heads than input bytes");
  }

  private static void checkHead(RequestHead head, Limits limits) {
    assertFalse(head.method().isEmpty());
    for (int i = 0; i < head.method().length(); i++) {
      assertTrue(HttpSyntax.isTchar(head.method().charAt(i)));
    }
    for (int i = 0; i < head.target().length(); i++) {
      char c = head.target().charAt(i);
      assertTrue(c > 0x20 && c < 0x7f, "target char " + (int) c);
    }
    assertTrue(head.method().length() + head.target().length() + 10 <= limits.maxRequestLineBytes);
    assertTrue(head.headerCount() <= limits.maxHeaderCount);
    for (int i = 0; i < head.headerCount(); i++) {
      String name = head.name(i);
      assertEquals(name.toLowerCase(Locale.ROOT), name);
      for (int j = 0; j < name.length(); j++) assertTrue(HttpSyntax.isTchar(name.charAt(j)));
      String value = head.value(i);
      assertEquals(value.trim(), value);
      for (int j = 0; j < value.length(); j++) {
        char c = value.charAt(j);
        assertTrue(c == '\t' || (c >= 0x20 && c != 0x7f && c <= 0xff), "value char " + (int) c);
      }
    }
  }

  private static void checkRequest(Request request) {
    String capability = request.capability();
    if (capability != null) assertTrue(Capabilities.isWellFormed(capability));
    String range = request.range();
    if (range == null) return;
    for (long length : LENGTHS) {
      ByteRange r = ByteRange.parse(range, length);
      if (r == null || r == ByteRange.UNSATISFIABLE) continue;
      assertTrue(r.first() >= 0 && r.first() <= r.last() && r.last() < length,
          r + " of " + length);
    }
  }
}
