package dev.mxsdk.media.internal.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mxsdk.media.MediaTooLargeException;
import java.io.IOException;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/** {@link LimitSource} at and around its limit. */
final class FlowPartsTest {
  private static LimitSource limited(int size, long max) {
    return new LimitSource(new Buffer().write(new byte[size]), max);
  }

  private static long drain(LimitSource source, long chunk) throws IOException {
    Buffer sink = new Buffer();
    long total = 0;
    for (long n; (n = source.read(sink, chunk)) != -1; ) {
      assertTrue(n > 0 && n <= chunk, "read " + n);
      total += n;
    }
    assertEquals(total, sink.size());
    return total;
  }

  @Test
  void exactlyTheLimitPassesAndOneByteMoreFailsStickily() throws IOException {
    assertEquals(100, drain(limited(100, 100), 7));
    assertEquals(100, drain(limited(100, 100), 1000));
    for (long chunk : new long[] {1, 7, 100, 1000}) {
      LimitSource over = limited(101, 100);
      MediaTooLargeException e =
          assertThrows(MediaTooLargeException.class, () -> drain(over, chunk));
      assertEquals(100, e.maxSize());
      assertEquals("the media is larger than the configured maximum of 100 bytes", e.getMessage());
      assertThrows(MediaTooLargeException.class, () -> over.read(new Buffer(), 10), "sticky");
    }
  }

  @Test
  void noByteBeyondTheLimitIsEverHandedOut() throws IOException {
    LimitSource over = limited(1000, 100);
    Buffer sink = new Buffer();
    try {
      while (over.read(sink, 64) != -1) {
        // read until it throws
      }
    } catch (MediaTooLargeException expected) {
      // expected
    }
    assertTrue(sink.size() <= 100, "handed out " + sink.size());
  }
}
