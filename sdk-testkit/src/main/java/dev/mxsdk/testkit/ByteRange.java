package dev.mxsdk.testkit;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One {@code Range} request header resolved against a representation's length, as RFC 9110
 * section 14 says a server may:
 *
 * <ul>
 *   <li>{@code bytes=first-last} (the last position cut to the representation), {@code
 *       bytes=first-} (to the end) and the suffix {@code bytes=-length} (the last length bytes,
 *       all of them when the representation is shorter) are served as that one range (206);
 *   <li>a range that selects nothing, that is, one starting at or past the end, a suffix of
 *       length 0, or any range of an empty representation, is unsatisfiable (416, section
 *       15.5.17);
 *   <li>a header this server does not serve as a range is ignored and the whole representation
 *       sent (200), which section 14.2 allows: another unit than {@code bytes}, invalid syntax
 *       (section 14.1.1: a last position before the first is invalid, not unsatisfiable), and
 *       multiple ranges, which would need a {@code multipart/byteranges} answer. A server MUST NOT
 *       answer a multi-range request with just one of its ranges as a single part unless that
 *       part is all it was asked (section 15.3.7.2), so whole is the one other correct answer.
 * </ul>
 *
 * <p>The unit is compared case-insensitively (section 14.1); whitespace around the numbers is
 * tolerated. Positions have at most 18 digits, so that every accepted one fits a long.
 */
final class ByteRange {
  private static final String BYTES_UNIT = "bytes=";
  /** Positions up to 18 digits, so that every accepted one fits a long. */
  private static final String POSITION = "[0-9]{0,18}";

  /** A header this server ignores, answering the whole representation. */
  static final ByteRange WHOLE = new ByteRange(-1, -1);

  final long first;
  final long last;

  private ByteRange(long first, long last) {
    this.first = first;
    this.last = last;
  }

  /**
   * Parses {@code header} against {@code total} bytes: returns the range, {@link #WHOLE} to ignore
   * the header, or null if the range is unsatisfiable ({@code 416}).
   */
  static @Nullable ByteRange parse(String header, long total) {
    String h = header.trim();
    if (!h.toLowerCase(Locale.ROOT).startsWith(BYTES_UNIT) || h.indexOf(',') >= 0) return WHOLE;
    String spec = h.substring(BYTES_UNIT.length()).trim();
    int dash = spec.indexOf('-');
    if (dash < 0) return WHOLE;
    String a = spec.substring(0, dash).trim();
    String b = spec.substring(dash + 1).trim();
    if (!a.matches(POSITION) || !b.matches(POSITION) || (a.isEmpty() && b.isEmpty())) {
      return WHOLE;
    }
    if (a.isEmpty()) {
      long suffix = Long.parseLong(b);
      if (suffix == 0 || total == 0) return null;
      return new ByteRange(Math.max(0, total - suffix), total - 1);
    }
    long first = Long.parseLong(a);
    if (!b.isEmpty() && Long.parseLong(b) < first) return WHOLE;
    if (first >= total) return null;
    long last = b.isEmpty() ? total - 1 : Math.min(Long.parseLong(b), total - 1);
    return new ByteRange(first, last);
  }

  @Override
  public String toString() {
    return this == WHOLE ? "ByteRange[whole]" : "ByteRange[" + first + "-" + last + "]";
  }
}
