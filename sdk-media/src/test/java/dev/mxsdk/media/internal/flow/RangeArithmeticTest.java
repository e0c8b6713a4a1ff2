package dev.mxsdk.media.internal.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mxsdk.media.MediaProtocolException;
import dev.mxsdk.media.codec.Aes128GcmEncodingSource;
import java.io.IOException;
import java.util.Random;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/** {@link RecordRanges}, {@link ContentRange} and {@link SliceSource}. */
final class RangeArithmeticTest {
  @Test
  void everyCanonicalEncodedLengthGivesBackItsPlaintextLength() {
    for (int rs : new int[] {18, 19, 25, 100, 65536}) {
      for (long length = 0; length < 3000; length++) {
        long encoded = Aes128GcmEncodingSource.encodedLength(length, rs, 0);
        assertEquals(length, RecordRanges.plaintextLength(encoded, rs), "rs " + rs + " L " + length);
      }
    }
    long gib = 1L << 30;
    assertEquals(gib, RecordRanges.plaintextLength(
        Aes128GcmEncodingSource.encodedLength(gib, 65536, 0), 65536));
  }

  @Test
  void lengthsNoCanonicalEncodingHasAreRefused() {
    int rs = 25;
    int canonical = 0;
    for (long encoded = 0; encoded < 2000; encoded++) {
      long length = RecordRanges.plaintextLength(encoded, rs);
      if (length >= 0) {
        canonical++;
        assertEquals(encoded, Aes128GcmEncodingSource.encodedLength(length, rs, 0));
      }
    }
    assertEquals(-1, RecordRanges.plaintextLength(21, rs));
    assertEquals(-1, RecordRanges.plaintextLength(37, rs));
    assertEquals(0, RecordRanges.plaintextLength(38, rs));
    // Of every rs consecutive lengths only those whose last record holds 1..rs-17 bytes occur.
    assertTrue(canonical > 600 && canonical < 680, "canonical " + canonical);
  }

  @Test
  void recordPositionsFollowTheLayout() {
    assertEquals(0, RecordRanges.recordOf(0, 25));
    assertEquals(0, RecordRanges.recordOf(7, 25));
    assertEquals(1, RecordRanges.recordOf(8, 25));
    assertEquals(21, RecordRanges.encodedStart(0, 25));
    assertEquals(46, RecordRanges.encodedStart(1, 25));
    assertEquals(45, RecordRanges.encodedEnd(0, 25));
    assertTrue(RecordRanges.isRecordStart(71, 25));
    assertTrue(!RecordRanges.isRecordStart(72, 25) && !RecordRanges.isRecordStart(0, 25));
    assertEquals(Long.MAX_VALUE, RecordRanges.encodedStart(Long.MAX_VALUE / 18, 65536));
  }

  @Test
  void contentRangesParseStrictly() {
    ContentRange r = ContentRange.parse("bytes 0-99/1000");
    assertEquals(0, r.first);
    assertEquals(99, r.last);
    assertEquals(1000, r.complete);
    assertEquals(-1, ContentRange.parse("bytes 5-9/*").complete);
    ContentRange unsatisfied = ContentRange.parse("bytes */42");
    assertTrue(unsatisfied.unsatisfied());
    assertEquals(42, unsatisfied.complete);
    String[] bad = {"bytes 5-4/10", "bytes 0-10/10", "bytes */*", "bytes 1-2", "items 0-1/2",
        "bytes -1-2/5", "bytes 0-x/5", "bytes 0-1/1234567890123456789"};
    for (String value : bad) assertNull(ContentRange.parse(value), value);
  }

  @Test
  void aSliceDropsWhatComesBeforeTheOffsetAndStopsAtTheLimit() throws IOException {
    byte[] data = new byte[300_000];
    new Random(7).nextBytes(data);
    SliceSource slice = new SliceSource(new Buffer().write(data), 1000, 150_000, 70_000, -1);
    Buffer out = new Buffer();
    while (slice.read(out, 8192) != -1) {}
    assertArrayEquals(java.util.Arrays.copyOfRange(data, 149_000, 219_000), out.readByteArray());
    assertEquals(149_000, slice.skipped());
  }

  @Test
  void aSliceWhoseUpstreamEndsElsewhereThanPromisedFails() throws IOException {
    SliceSource slice = new SliceSource(new Buffer().write(new byte[100]), 0, 10, -1, 101);
    Buffer out = new Buffer();
    assertThrows(MediaProtocolException.class, () -> {
      while (slice.read(out, 8192) != -1) {}
    });
    assertThrows(MediaProtocolException.class, () -> slice.read(out, 1));
    SliceSource pastTheEnd = new SliceSource(new Buffer().write(new byte[100]), 0, 500, 10, 100);
    assertEquals(-1, pastTheEnd.read(out, 10));
  }
}
