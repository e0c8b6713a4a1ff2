package dev.mxsdk.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

final class MediaRangeTest {
  @Test
  void theThreeHttpFormsParseWithOrWithoutTheUnit() {
    assertEquals(MediaRange.of(0, 100), MediaRange.parse("0-99"));
    assertEquals(MediaRange.of(0, 100), MediaRange.parse("bytes=0-99"));
    assertEquals(MediaRange.of(5, 1), MediaRange.parse(" 5 - 5 "));
    assertEquals(MediaRange.from(1000), MediaRange.parse("1000-"));
    assertEquals(MediaRange.suffix(500), MediaRange.parse("bytes=-500"));
    assertEquals(MediaRange.from(7), MediaRange.parse("7-" + Long.MAX_VALUE));
  }

  @Test
  void malformedRangesAreRefusedWithAMessageThatQuotesThemSafely() {
    String[] bad = {"", "-", "5", "a-b", "5-4", "-0", "1-2,4-5", "bytes=1--2", "0x1-2",
        "12345678901234567890-", "9223372036854775808-", "+1-2", "items=0-1", "\u001b[31m1-2"};
    for (String spec : bad) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> MediaRange.parse(spec), spec);
      assertFalse(e.getMessage().contains("\u001b"), e.getMessage());
    }
  }

  @Test
  void accessorsDescribeTheRange() {
    MediaRange r = MediaRange.of(10, 5);
    assertEquals(10, r.offset());
    assertEquals(5, r.length());
    assertEquals(14, r.lastOffset());
    assertFalse(r.isSuffix());
    assertEquals(-1, MediaRange.from(3).lastOffset());
    assertEquals(-1, MediaRange.from(3).length());
    MediaRange tail = MediaRange.suffix(7);
    assertTrue(tail.isSuffix());
    assertEquals(-1, tail.offset());
    assertEquals(-1, tail.lastOffset());
    assertEquals(Long.MAX_VALUE, MediaRange.of(Long.MAX_VALUE - 1, 10).lastOffset());
    assertEquals(9, MediaRange.of(10, 0).lastOffset());
  }

  @Test
  void toStringIsHttpsNotationAndEqualityFollowsTheValues() {
    assertEquals("bytes=0-99", MediaRange.of(0, 100).toString());
    assertEquals("bytes=100-", MediaRange.from(100).toString());
    assertEquals("bytes=-500", MediaRange.suffix(500).toString());
    assertEquals(MediaRange.of(1, 2).hashCode(), MediaRange.of(1, 2).hashCode());
    assertNotEquals(MediaRange.of(1, 2), MediaRange.of(1, 3));
    assertNotEquals(MediaRange.from(1), MediaRange.suffix(1));
  }

  @Test
  void negativeValuesAreMisuse() {
    assertThrows(IllegalArgumentException.class, () -> MediaRange.of(-1, 1));
    assertThrows(IllegalArgumentException.class, () -> MediaRange.of(1, -1));
    assertThrows(IllegalArgumentException.class, () -> MediaRange.from(-1));
    assertThrows(IllegalArgumentException.class, () -> MediaRange.suffix(0));
  }

  @Test
  void aRequestCarriesItsRangeWithoutChangingItsCacheKey() {
    MediaRequest whole = MediaRequest.download(dev.mxsdk.core.MxcUri.parse("mxc://a.example/b"));
    MediaRequest ranged = whole.newBuilder().range(MediaRange.of(0, 10)).build();
    assertEquals(MediaRange.of(0, 10), ranged.range());
    assertEquals(whole.cacheKey(), ranged.cacheKey());
    assertNotEquals(whole, ranged);
    assertTrue(ranged.toString().contains("bytes=0-9"), ranged.toString());
  }
}
