package dev.mxsdk.media.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

final class ByteRangeTest {
  private static String range(String value, long length) {
    ByteRange r = ByteRange.parse(value, length);
    if (r == null) return "ignored";
    if (r == ByteRange.UNSATISFIABLE) return "416";
    return r.first() + "-" + r.last();
  }

  @Test
  void theThreeFormsAndTheirClamping() {
    assertEquals("0-99", range("bytes=0-99", 1000));
    assertEquals("100-999", range("bytes=100-", 1000));
    assertEquals("900-999", range("bytes=-100", 1000));
    assertEquals("990-999", range("bytes=990-5000", 1000));
    assertEquals("0-999", range("bytes=-5000", 1000));
    assertEquals("999-999", range("bytes=999-", 1000));
    assertEquals("0-0", range("bytes=0-0", 1));
  }

  @Test
  void unitCaseWhitespaceAndEmptyElementsAreTolerated() {
    assertEquals("5-9", range("Bytes=5-9", 1000));
    assertEquals("5-9", range("bytes= 5-9", 1000));
    assertEquals("5-9", range("bytes=,\t5-9 ,,", 1000));
  }

  @Test
  void whatDoesNotOverlapIsUnsatisfiable() {
    assertEquals("416", range("bytes=1000-", 1000));
    assertEquals("416", range("bytes=1000-2000", 1000));
    assertEquals("416", range("bytes=-0", 1000));
    assertEquals("416", range("bytes=0-", 0));
    assertEquals("416", range("bytes=99999999999999999999999-", 1000));
    assertSame(ByteRange.UNSATISFIABLE, ByteRange.parse("bytes=5-", 5));
  }

  @Test
  void invalidMultipleAndForeignRangesAreIgnored() {
    String[] ignored = {
        "bytes=0-1,5-9", "bytes=0-1, 0-1", "bytes=5-2", "items=0-1", "bytes=abc", "bytes=",
        "bytes=,", "bytes", "bytes 0-1", "bytes =0-1", "bytes=0--1", "bytes=--1", "bytes=-",
        "bytes=1-2-3", "bytes=+1-2", "bytes=0x10-", "bytes=1 -2", "bytes=\u0661-2", "=0-1",
        "bytesx=0-1"};
    for (String value : ignored) assertEquals("ignored", range(value, 1000), value);
    // A non-zero suffix of an empty representation is the whole (empty) representation.
    assertEquals("ignored", range("bytes=-5", 0));
    assertEquals("ignored", range("bytes=0-", -1));
  }

  @Test
  void hugeNumbersSaturateInsteadOfOverflowing() {
    assertEquals("10-999", range("bytes=10-99999999999999999999999999", 1000));
    assertEquals("0-999", range("bytes=-99999999999999999999999999", 1000));
    assertEquals("9223372036854775806-9223372036854775806",
        range("bytes=9223372036854775806-", Long.MAX_VALUE));
    assertNull(ByteRange.parse("bytes=20-10", Long.MAX_VALUE));
  }
}
