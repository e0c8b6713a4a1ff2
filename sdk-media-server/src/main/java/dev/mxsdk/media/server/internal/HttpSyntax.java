package dev.mxsdk.media.server.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/** The RFC 9110/9112 grammar of request lines and header lines, strictly. */
final class HttpSyntax {
  private static final boolean[] TCHAR = new boolean[128];

  static {
    for (char c = '0'; c <= '9'; c++) TCHAR[c] = true;
    for (char c = 'A'; c <= 'Z'; c++) TCHAR[c] = true;
    for (char c = 'a'; c <= 'z'; c++) TCHAR[c] = true;
    for (char c : "!#$%&'*+-.^_`|~".toCharArray()) TCHAR[c] = true;
  }

  private HttpSyntax() {
  }

  static boolean isTchar(int b) {
    return b < 128 && b >= 0 && TCHAR[b];
  }

  /**
   * {@code method SP request-target SP HTTP-version}, single spaces, no other whitespace.
   *
   * @throws HttpRefusal 400 if malformed, 505 for a major version other than 1
   */
  static RequestLine parseRequestLine(byte[] line, int length) throws HttpRefusal {
    int i = 0;
    while (i < length && isTchar(line[i])) i++;
    if (i == 0 || i == length || line[i] != ' ') throw new HttpRefusal(400);
    String method = latin1(line, 0, i);

    int targetStart = ++i;
    while (i < length && line[i] > 0x20 && line[i] < 0x7f) i++;
    if (i == targetStart || i == length || line[i] != ' ') throw new HttpRefusal(400);
    String target = latin1(line, targetStart, i);

    int version = ++i;
    // "HTTP/" DIGIT "." DIGIT, case-sensitive (RFC 9112 section 2.3).
    if (length - version != 8
        || line[version] != 'H' || line[version + 1] != 'T' || line[version + 2] != 'T'
        || line[version + 3] != 'P' || line[version + 4] != '/'
        || !isDigit(line[version + 5]) || line[version + 6] != '.'
        || !isDigit(line[version + 7])) {
      throw new HttpRefusal(400);
    }
    if (line[version + 5] != '1') throw new HttpRefusal(505);
    // A later 1.x minor version is handled as the highest one implemented (RFC 9110 2.5).
    int minor = line[version + 7] == '0' ? 0 : 1;
    return new RequestLine(method, target, minor);
  }

  /**
   * {@code field-name ":" OWS field-value OWS}: no whitespace before the colon, no obsolete line
   * folding, no control characters but HTAB in the value.
   */
  static void parseHeaderLine(byte[] line, int length, List<String> names, List<String> values)
      throws HttpRefusal {
    int i = 0;
    while (i < length && isTchar(line[i])) i++;
    // Covers obs-fold (a line starting with SP or HTAB) and "name :" (RFC 9112 section 5.1),
    // both refused with 400 because lenient handling of either enables request smuggling.
    if (i == 0 || i == length || line[i] != ':') throw new HttpRefusal(400);
    String name = latin1(line, 0, i).toLowerCase(Locale.ROOT);
    int start = i + 1;
    int stop = length;
    while (start < stop && isWhitespace(line[start])) start++;
    while (stop > start && isWhitespace(line[stop - 1])) stop--;
    for (int j = start; j < stop; j++) {
      int b = line[j] & 0xff;
      // VCHAR, SP, HTAB and obs-text are allowed; NUL, CR, LF, the other controls and DEL not.
      if ((b < 0x20 && b != '\t') || b == 0x7f) throw new HttpRefusal(400);
    }
    names.add(name);
    values.add(latin1(line, start, stop));
  }

  static boolean isWhitespace(int b) {
    return b == ' ' || b == '\t';
  }

  static boolean isDigit(int b) {
    return b >= '0' && b <= '9';
  }

  private static String latin1(byte[] bytes, int from, int to) {
    return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
  }
}
