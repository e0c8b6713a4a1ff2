package dev.mxsdk.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

final class ByteRangeTest {
  private static String parse(String header, long total) {
    ByteRange range = ByteRange.parse(header, total);
    return range == null ? "416" : range.toString();
  }

  @Test
  void aFirstLastRangeIsCutToTheRepresentation() {
    assertEquals("ByteRange[0-99]", parse("bytes=0-99", 1000));
    assertEquals("ByteRange[900-999]", parse("bytes=900-5000", 1000));
    assertEquals("ByteRange[5-5]", parse(" bytes= 5 - 5 ", 1000));
  }

  @Test
  void openAndSuffixRangesReachTheEnd() {
    assertEquals("ByteRange[990-999]", parse("bytes=990-", 1000));
    assertEquals("ByteRange[900-999]", parse("bytes=-100", 1000));
    assertEquals("ByteRange[0-999]", parse("bytes=-5000", 1000));
  }

  @Test
  void rangesThatSelectNothingAreUnsatisfiable() {
    assertEquals("416", parse("bytes=1000-", 1000));
    assertEquals("416", parse("bytes=1000-2000", 1000));
    assertEquals("416", parse("bytes=-0", 1000));
    assertEquals("416", parse("bytes=-10", 0));
    assertEquals("416", parse("bytes=0-", 0));
  }

  @Test
  void headersThisServerDoesNotServeAsARangeGetTheWholeRepresentation() {
    assertSame(ByteRange.WHOLE, ByteRange.parse("bytes=0-1,5-6", 1000));
    assertSame(ByteRange.WHOLE, ByteRange.parse("items=0-1", 1000));
    assertSame(ByteRange.WHOLE, ByteRange.parse("bytes=5", 1000));
    assertSame(ByteRange.WHOLE, ByteRange.parse("bytes=-", 1000));
    assertSame(ByteRange.WHOLE, ByteRange.parse("bytes=a-b", 1000));
    assertSame(ByteRange.WHOLE, ByteRange.parse("bytes=1234567890123456789-", 1000));
    // RFC 9110 14.1.1: a last position before the first is invalid syntax, not unsatisfiable.
    assertSame(ByteRange.WHOLE, ByteRange.parse("bytes=5-4", 1000));
    assertSame(ByteRange.WHOLE, ByteRange.parse("bytes=2000-1000", 1000));
    // Multiple ranges, even satisfiable ones, would need multipart/byteranges: served whole.
    assertSame(ByteRange.WHOLE, ByteRange.parse("bytes=0-0,-1", 1000));
  }

  @Test
  void theUnitIsCaseInsensitive() {
    assertEquals("ByteRange[1-2]", parse("Bytes=1-2", 1000));
    assertEquals("ByteRange[998-999]", parse("BYTES=-2", 1000));
  }
}
