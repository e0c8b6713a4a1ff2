package dev.mxsdk.media.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.Locale;
import java.util.Random;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

final class HttpDatesTest {
  @Test
  void formatsImfFixdate() {
    assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", HttpDates.format(784_111_777_000L));
    assertEquals("Thu, 01 Jan 1970 00:00:00 GMT", HttpDates.format(0));
    assertEquals("Wed, 31 Dec 1969 23:59:59 GMT", HttpDates.format(-1));
    assertEquals("Tue, 29 Feb 2028 12:00:00 GMT", HttpDates.format(1_835_438_400_000L));
  }

  @Test
  void agreesWithSimpleDateFormat() {
    SimpleDateFormat reference = new SimpleDateFormat("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);
    reference.setTimeZone(TimeZone.getTimeZone("GMT"));
    Random random = new Random(7);
    for (int i = 0; i < 10_000; i++) {
      long millis = (long) (random.nextDouble() * 8_000_000_000_000L);
      assertEquals(reference.format(new Date(millis)), HttpDates.format(millis));
    }
  }
}
