package dev.mxsdk.media.server.internal;

/**
 * IMF-fixdate (RFC 9110 section 5.6.7), e.g. {@code Sun, 06 Nov 1994 08:49:37 GMT}, computed
 * without {@code java.time} (Android API 26) or a shared {@code SimpleDateFormat} (not
 * thread-safe).
 */
final class HttpDates {
  private static final String[] DAYS = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
  private static final String[] MONTHS = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

  private HttpDates() {
  }

  static String format(long epochMillis) {
    long seconds = floorDiv(epochMillis, 1000L);
    long days = floorDiv(seconds, 86_400L);
    long secondOfDay = seconds - days * 86_400L;
    String dayName = DAYS[(int) (days - floorDiv(days, 7L) * 7L)];

    // Civil date from days since 1970-01-01 (H. Hinnant's days_from_civil, inverted).
    long z = days + 719_468L;
    long era = floorDiv(z, 146_097L);
    long doe = z - era * 146_097L;
    long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long day = doy - (153 * mp + 2) / 5 + 1;
    long month = mp < 10 ? mp + 3 : mp - 9;
    long year = yoe + era * 400 + (month <= 2 ? 1 : 0);

    StringBuilder b = new StringBuilder(29);
    b.append(dayName).append(", ");
    two(b, day);
    b.append(' ').append(MONTHS[(int) month - 1]).append(' ').append(year).append(' ');
    two(b, secondOfDay / 3600);
    b.append(':');
    two(b, secondOfDay / 60 % 60);
    b.append(':');
    two(b, secondOfDay % 60);
    return b.append(" GMT").toString();
  }

  // Math.floorDiv is Android API 24.
  private static long floorDiv(long x, long y) {
    long q = x / y;
    return (x % y != 0 && (x < 0) != (y < 0)) ? q - 1 : q;
  }

  private static void two(StringBuilder b, long value) {
    if (value < 10) b.append('0');
    b.append(value);
  }
}
