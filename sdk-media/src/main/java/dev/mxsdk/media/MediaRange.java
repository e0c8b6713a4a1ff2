package dev.mxsdk.media;

import org.jspecify.annotations.Nullable;

/**
 * A range of a media object's plaintext bytes to download, with HTTP's semantics: {@link
 * #of(long, long) offset and length}, {@link #from(long) from an offset to the end}, or {@link
 * #suffix(long) the last n bytes}. A range that reaches past the end of the media is cut at its
 * end; one that starts at or past the end yields no bytes (the response still reports the media's
 * {@linkplain MediaResponse#totalLength() total length}, like a 416 would).
 *
 * <pre>{@code
 * MediaRequest seek = MediaRequest.download(mxc).newBuilder()
 *     .range(MediaRange.from(1_000_000))
 *     .build();
 * MediaRange tail = MediaRange.parse("-65536");          // the last 64 KiB
 * MediaRange header = MediaRange.parse("bytes=0-1023");  // HTTP's form, inclusive
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class MediaRange {
  /** {@code parse} accepts at most this many digits per number (those of Long.MAX_VALUE). */
  private static final int MAX_DIGITS = 19;
  private static final String BYTES_UNIT = "bytes=";

  private final long offset;
  private final long length;
  private final boolean suffix;

  private MediaRange(long offset, long length, boolean suffix) {
    this.offset = offset;
    this.length = length;
    this.suffix = suffix;
  }

  /**
   * The {@code length} bytes from {@code offset}; {@code length} 0 asks for no bytes, only the
   * metadata (the total length, the content type).
   *
   * @param offset the first byte's offset
   * @param length the number of bytes, or 0 for the metadata only
   * @return the range
   * @throws IllegalArgumentException if {@code offset} or {@code length} is negative
   */
  public static MediaRange of(long offset, long length) {
    if (offset < 0) throw new IllegalArgumentException("offset < 0: " + offset);
    if (length < 0) throw new IllegalArgumentException("length < 0: " + length);
    return new MediaRange(offset, length, false);
  }

  /**
   * The bytes from {@code offset} to the end.
   *
   * @param offset the first byte's offset
   * @return the range to the end of the media
   * @throws IllegalArgumentException if {@code offset} is negative
   */
  public static MediaRange from(long offset) {
    if (offset < 0) throw new IllegalArgumentException("offset < 0: " + offset);
    return new MediaRange(offset, -1, false);
  }

  /**
   * The last {@code length} bytes (all of them when the media is shorter).
   *
   * @param length the number of bytes at the end of the media
   * @return the suffix range
   * @throws IllegalArgumentException if {@code length} is not positive
   */
  public static MediaRange suffix(long length) {
    if (length <= 0) throw new IllegalArgumentException("suffix length must be positive: " + length);
    return new MediaRange(-1, length, true);
  }

  /**
   * Parses one range in HTTP's inclusive notation (RFC 9110 section 14.1.1), with or without the
   * {@code bytes=} unit: {@code START-END}, {@code START-} (to the end) or {@code -N} (the last N
   * bytes). Multiple ranges are not supported.
   *
   * @param spec e.g. {@code "bytes=0-499"}, {@code "500-"} or {@code "-500"}
   * @return the range
   * @throws IllegalArgumentException if {@code spec} is not one such range, or END is before START
   */
  public static MediaRange parse(String spec) {
    if (spec == null) throw new NullPointerException("spec == null");
    String s = spec.trim();
    if (s.startsWith(BYTES_UNIT)) s = s.substring(BYTES_UNIT.length()).trim();
    int dash = s.indexOf('-');
    if (dash < 0 || s.indexOf('-', dash + 1) >= 0) throw unparsable(spec);
    String first = s.substring(0, dash).trim();
    String last = s.substring(dash + 1).trim();
    if (first.isEmpty()) {
      if (last.isEmpty()) throw unparsable(spec);
      long n = number(last, spec);
      if (n == 0) throw new IllegalArgumentException("a suffix range needs at least 1 byte: " + quoted(spec));
      return suffix(n);
    }
    long start = number(first, spec);
    if (last.isEmpty()) return from(start);
    long end = number(last, spec);
    if (end < start) {
      throw new IllegalArgumentException("the range ends before it starts: " + quoted(spec));
    }
    if (end == Long.MAX_VALUE) return from(start);
    return of(start, end - start + 1);
  }

  private static long number(String digits, String spec) {
    if (digits.isEmpty() || digits.length() > MAX_DIGITS) throw unparsable(spec);
    for (int i = 0; i < digits.length(); i++) {
      char c = digits.charAt(i);
      if (c < '0' || c > '9') throw unparsable(spec);
    }
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw unparsable(spec);
    }
  }

  private static IllegalArgumentException unparsable(String spec) {
    return new IllegalArgumentException(
        "expected a byte range START-END, START- or -LENGTH, was " + quoted(spec));
  }

  private static String quoted(String spec) {
    String cut = spec.length() > 40 ? spec.substring(0, 40) + "..." : spec;
    StringBuilder b = new StringBuilder("'");
    for (int i = 0; i < cut.length(); i++) {
      char c = cut.charAt(i);
      b.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return b.append('\'').toString();
  }

  /** {@return the first byte's offset, or -1 for a {@linkplain #isSuffix() suffix} range} */
  public long offset() {
    return offset;
  }

  /**
   * The number of bytes asked for (fewer arrive when the media ends first), or -1 for a range to
   * the end.
   *
   * @return the length asked for, in bytes, or -1
   */
  public long length() {
    return length;
  }

  /** {@return whether this is the last {@link #length()} bytes, wherever they start} */
  public boolean isSuffix() {
    return suffix;
  }

  /**
   * The offset of the last byte asked for, or -1 for a range to the end or a suffix range.
   * Saturates at {@code Long.MAX_VALUE}.
   *
   * @return the last offset asked for, or -1
   */
  public long lastOffset() {
    if (suffix || length < 0) return -1;
    if (length == 0) return offset - 1;
    long last = offset + length - 1;
    return last < offset ? Long.MAX_VALUE : last;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) return true;
    if (!(o instanceof MediaRange)) return false;
    MediaRange that = (MediaRange) o;
    return offset == that.offset && length == that.length && suffix == that.suffix;
  }

  @Override
  public int hashCode() {
    int h = (int) (offset ^ (offset >>> 32));
    h = 31 * h + (int) (length ^ (length >>> 32));
    return 31 * h + (suffix ? 1 : 0);
  }

  /** The range in HTTP's notation, e.g. {@code bytes=0-1023}, {@code bytes=100-}, {@code bytes=-500}. */
  @Override
  public String toString() {
    if (suffix) return "bytes=-" + length;
    if (length < 0) return "bytes=" + offset + "-";
    if (length == 0) return "bytes=" + offset + "+0";
    return "bytes=" + offset + "-" + lastOffset();
  }
}
