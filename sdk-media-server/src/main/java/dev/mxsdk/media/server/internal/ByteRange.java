package dev.mxsdk.media.server.internal;

import org.jspecify.annotations.Nullable;

/**
 * The outcome of a {@code Range} header against a representation of known length (RFC 9110
 * section 14): one satisfiable range, {@link #UNSATISFIABLE} (416), or null from {@link #parse}
 * when the header is to be ignored and the whole representation sent (200).
 *
 * <p>Multiple ranges are ignored, which RFC 9110 section 14.2 allows ("A server MAY ignore the
 * Range header field"): players and browsers ask for one range, a multipart/byteranges body is
 * something no consumer of this server needs, and answering only the first range would be a
 * response to a request nobody sent.
 */
public final class ByteRange {
  /** No range overlaps the representation: 416 with {@code Content-Range: bytes *}{@code /LEN}. */
  public static final ByteRange UNSATISFIABLE = new ByteRange(-1, -1);

  private final long first;
  private final long last;

  private ByteRange(long first, long last) {
    this.first = first;
    this.last = last;
  }

  /** The first byte, inclusive. */
  public long first() {
    return first;
  }

  /** The last byte, inclusive. */
  public long last() {
    return last;
  }

  public long length() {
    return last - first + 1;
  }

  /**
   * Applies {@code value}, the single {@code Range} field of a GET, to a representation of
   * {@code length} bytes.
   *
   * @return the range, {@link #UNSATISFIABLE}, or null to ignore the header: an unknown length,
   *     a unit other than {@code bytes}, a syntax error, a range whose last position is before its
   *     first, more than one range, or a suffix range of an empty representation
   */
  public static @Nullable ByteRange parse(String value, long length) {
    if (length < 0) return null;
    int eq = value.indexOf('=');
    // Range units are case-insensitive (RFC 9110 section 14.1); any other unit is ignored.
    if (eq != 5 || !value.regionMatches(true, 0, "bytes", 0, 5)) return null;

    ByteRange found = null;
    int specs = 0;
    int i = eq + 1;
    int n = value.length();
    while (i <= n) {
      int comma = value.indexOf(',', i);
      if (comma < 0) comma = n;
      int start = i;
      int stop = comma;
      while (start < stop && HttpSyntax.isWhitespace(value.charAt(start))) start++;
      while (stop > start && HttpSyntax.isWhitespace(value.charAt(stop - 1))) stop--;
      // Empty list elements are allowed and skipped (RFC 9110 section 5.6.1).
      if (start < stop) {
        ByteRange spec = spec(value, start, stop, length);
        if (spec == null) return null;
        if (++specs > 1) return null;
        found = spec;
      }
      i = comma + 1;
    }
    return found;
  }

  /** One range-spec; null if invalid (or not applicable, see {@link #parse}). */
  private static @Nullable ByteRange spec(String s, int start, int stop, long length) {
    int dash = s.indexOf('-', start);
    if (dash < 0 || dash >= stop) return null;
    if (dash == start) {
      long suffix = digits(s, start + 1, stop);
      if (suffix < 0) return null;
      // A suffix of zero bytes never overlaps (RFC 9110 section 14.1.1).
      if (suffix == 0) return UNSATISFIABLE;
      // A non-zero suffix of an empty representation is "the entire representation", which no
      // Content-Range can describe: the header is ignored and the empty body sent with 200.
      if (length == 0) return null;
      return new ByteRange(length - Math.min(suffix, length), length - 1);
    }
    long first = digits(s, start, dash);
    if (first < 0) return null;
    long last;
    if (dash + 1 == stop) {
      last = Long.MAX_VALUE;
    } else {
      last = digits(s, dash + 1, stop);
      if (last < 0 || last < first) return null;
    }
    if (first >= length) return UNSATISFIABLE;
    return new ByteRange(first, Math.min(last, length - 1));
  }

  /** 1*DIGIT as a non-negative long, saturating at Long.MAX_VALUE; -1 if not all digits. */
  private static long digits(String s, int from, int to) {
    if (from >= to) return -1;
    long value = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') return -1;
      int d = c - '0';
      value = value > (Long.MAX_VALUE - d) / 10 ? Long.MAX_VALUE : value * 10 + d;
    }
    return value;
  }

  @Override
  public String toString() {
    return this == UNSATISFIABLE
        ? "ByteRange{unsatisfiable}"
        : "ByteRange{" + first + "-" + last + "}";
  }
}
