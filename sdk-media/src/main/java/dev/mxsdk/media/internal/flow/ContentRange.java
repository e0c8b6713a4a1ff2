package dev.mxsdk.media.internal.flow;

import dev.mxsdk.media.MediaProtocolException;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * A parsed {@code Content-Range} of a {@code 206} ({@code bytes first-last/complete}) or a
 * {@code 416} ({@code bytes *}{@code /complete}), RFC 9110 section 14.4; the complete length may
 * be {@code *} (unknown) in a 206.
 */
final class ContentRange {
  private static final String BYTES = "bytes ";
  private static final int MAX_DIGITS = 18;

  /** The first byte, or -1 for the unsatisfied form. */
  final long first;
  /** The last byte (inclusive), or -1 for the unsatisfied form. */
  final long last;
  /** The complete length, or -1 when the server sent {@code *}. */
  final long complete;

  private ContentRange(long first, long last, long complete) {
    this.first = first;
    this.last = last;
    this.complete = complete;
  }

  /**
   * The {@code Content-Range} of {@code response}, or null if it has none.
   *
   * @throws MediaProtocolException if it is repeated or malformed
   */
  static @Nullable ContentRange of(Response response) throws MediaProtocolException {
    java.util.List<String> values = response.headers(CdnLayer.CONTENT_RANGE);
    if (values.isEmpty()) return null;
    if (values.size() > 1) throw new MediaProtocolException("repeated Content-Range headers");
    ContentRange range = parse(values.get(0).trim());
    if (range == null) {
      throw new MediaProtocolException("the Content-Range header is malformed: "
          + CdnLayer.shown(values.get(0)));
    }
    return range;
  }

  static @Nullable ContentRange parse(String value) {
    if (!value.startsWith(BYTES)) return null;
    String rest = value.substring(BYTES.length()).trim();
    int slash = rest.indexOf('/');
    if (slash < 0) return null;
    String range = rest.substring(0, slash).trim();
    String completeText = rest.substring(slash + 1).trim();
    long complete = completeText.equals("*") ? -1 : number(completeText);
    if (complete < -1 || (complete == -1 && !completeText.equals("*"))) return null;
    if (range.equals("*")) {
      return complete < 0 ? null : new ContentRange(-1, -1, complete);
    }
    int dash = range.indexOf('-');
    if (dash < 0) return null;
    long first = number(range.substring(0, dash).trim());
    long last = number(range.substring(dash + 1).trim());
    if (first < 0 || last < first) return null;
    if (complete >= 0 && last >= complete) return null;
    return new ContentRange(first, last, complete);
  }

  private static long number(String digits) {
    if (digits.isEmpty() || digits.length() > MAX_DIGITS) return -2;
    long n = 0;
    for (int i = 0; i < digits.length(); i++) {
      char c = digits.charAt(i);
      if (c < '0' || c > '9') return -2;
      n = n * 10 + (c - '0');
    }
    return n;
  }

  /** Whether this is the unsatisfied form of a 416. */
  boolean unsatisfied() {
    return first < 0;
  }

  @Override
  public String toString() {
    return "bytes " + (first < 0 ? "*" : first + "-" + last) + "/"
        + (complete < 0 ? "*" : Long.toString(complete));
  }
}
