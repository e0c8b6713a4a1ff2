package dev.mxsdk.testkit;

import org.jspecify.annotations.Nullable;

/**
 * One {@code Range: bytes=} request resolved against a representation's length (RFC 9110 section
 * 14.1.2): {@code first-last}, open {@code first-}, or suffix {@code -length}.
 */
final class ByteRange {
  private static final String BYTES_UNIT = "bytes=";
  /** Positions up to 18 digits, so that every accepted one fits a long. */
  private static final String POSITION = "[0-9]{0,18}";

  /** A header this server ignores, answering the whole representation (multiple ranges, other units). */
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
    if (!h.startsWith(BYTES_UNIT) || h.indexOf(',') >= 0) return WHOLE;
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
    long last = b.isEmpty() ? total - 1 : Math.min(Long.parseLong(b), total - 1);
    if (first >= total || (!b.isEmpty() && Long.parseLong(b) < first)) return null;
    return new ByteRange(first, last);
  }

  @Override
  public String toString() {
    return this == WHOLE ? "ByteRange[whole]" : "ByteRange[" + first + "-" + last + "]";
  }
}
