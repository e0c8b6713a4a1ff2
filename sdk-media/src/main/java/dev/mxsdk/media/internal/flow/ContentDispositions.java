package dev.mxsdk.media.internal.flow;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import org.jspecify.annotations.Nullable;

/**
 * Extracts a file name from a {@code Content-Disposition} header (RFC 6266: {@code filename*}
 * preferred over {@code filename}) and sanitises it so that it is safe as a single file name in
 * any folder: no path separators, no control or bidirectional-override characters, no leading
 * dots, at most {@link #MAX_LENGTH} characters.
 */
public final class ContentDispositions {
  static final int MAX_LENGTH = 200;
  /**
   * The most UTF-8 bytes a name may take: file systems limit names to 255 bytes, and a temporary
   * file's prefix and suffix sit around the name beside the target.
   */
  static final int MAX_UTF8_BYTES = 200;

  private ContentDispositions() {}

  /** Returns the sanitised file name, or null if the header has none usable. */
  public static @Nullable String fileName(@Nullable String header) {
    if (header == null) return null;
    String plain = null;
    String extended = null;
    int i = header.indexOf(';');
    while (i >= 0 && i < header.length()) {
      int start = i + 1;
      int eq = header.indexOf('=', start);
      if (eq < 0) break;
      String name = header.substring(start, eq).trim().toLowerCase(java.util.Locale.ROOT);
      int pos = eq + 1;
      while (pos < header.length() && header.charAt(pos) == ' ') pos++;
      String value;
      int next;
      if (pos < header.length() && header.charAt(pos) == '"') {
        StringBuilder b = new StringBuilder();
        int j = pos + 1;
        for (; j < header.length() && header.charAt(j) != '"'; j++) {
          char c = header.charAt(j);
          if (c == '\\' && j + 1 < header.length()) c = header.charAt(++j);
          b.append(c);
        }
        value = b.toString();
        next = header.indexOf(';', j);
      } else {
        next = header.indexOf(';', pos);
        value = (next < 0 ? header.substring(pos) : header.substring(pos, next)).trim();
      }
      if (name.equals("filename*")) {
        extended = decodeExtended(value);
      } else if (name.equals("filename")) {
        plain = value;
      }
      i = next;
    }
    String chosen = extended != null ? extended : plain;
    return chosen == null ? null : sanitize(chosen);
  }

  /** Decodes RFC 8187 {@code charset'lang'pct-encoded}; UTF-8 and ISO-8859-1 only. */
  private static @Nullable String decodeExtended(String value) {
    int q1 = value.indexOf('\'');
    int q2 = q1 < 0 ? -1 : value.indexOf('\'', q1 + 1);
    if (q2 < 0) return null;
    String charset = value.substring(0, q1).trim();
    Charset cs;
    if (charset.equalsIgnoreCase("UTF-8")) {
      cs = Charset.forName("UTF-8");
    } else if (charset.equalsIgnoreCase("ISO-8859-1")) {
      cs = Charset.forName("ISO-8859-1");
    } else {
      return null;
    }
    String encoded = value.substring(q2 + 1);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < encoded.length(); i++) {
      char c = encoded.charAt(i);
      if (c == '%') {
        if (i + 2 >= encoded.length()) return null;
        int hi = Character.digit(encoded.charAt(i + 1), 16);
        int lo = Character.digit(encoded.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) return null;
        bytes.write(hi * 16 + lo);
        i += 2;
      } else if (c < 0x80) {
        bytes.write(c);
      } else {
        return null;
      }
    }
    return new String(bytes.toByteArray(), cs);
  }

  /** Makes {@code name} a safe single file name, or returns null if nothing usable is left. */
  public static @Nullable String sanitize(String name) {
    int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
    String base = name.substring(slash + 1);
    StringBuilder b = new StringBuilder(base.length());
    for (int i = 0; i < base.length(); i++) {
      char c = base.charAt(i);
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) continue;
      if (c == '\u200e' || c == '\u200f' || (c >= '\u202a' && c <= '\u202e')
          || (c >= '\u2066' && c <= '\u2069') || c == '\u2028' || c == '\u2029'
          || c == '\u061c' || c == '\ufeff') {
        continue;
      }
      if (Character.isSurrogate(c)) {
        boolean paired = Character.isHighSurrogate(c) && i + 1 < base.length()
            && Character.isLowSurrogate(base.charAt(i + 1));
        if (!paired) continue; // an unpaired surrogate has no UTF-8 form
        b.append(c).append(base.charAt(++i));
        continue;
      }
      if (c == ':' || c == '*' || c == '?' || c == '"' || c == '<' || c == '>' || c == '|') {
        c = '_';
      }
      b.append(c);
    }
    int start = 0;
    while (start < b.length() && (b.charAt(start) == '.' || b.charAt(start) == ' ')) start++;
    String result = b.substring(start).trim();
    int cut = 0;
    int bytes = 0;
    while (cut < result.length() && cut < MAX_LENGTH) {
      char c = result.charAt(cut);
      int width = Character.isHighSurrogate(c) ? 2 : 1;
      int size = c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isHighSurrogate(c) ? 4 : 3;
      if (bytes + size > MAX_UTF8_BYTES || cut + width > MAX_LENGTH) break;
      bytes += size;
      cut += width;
    }
    result = result.substring(0, cut).trim();
    return result.isEmpty() ? null : result;
  }
}
