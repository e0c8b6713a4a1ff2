package dev.mxsdk.testkit.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** The response headers the client-server spec asks of a content repository. */
public final class ContentHeaders {
  /** The spec's recommended Content-Security-Policy for media downloads. */
  public static final String CONTENT_SECURITY_POLICY =
      "sandbox; default-src 'none'; script-src 'none'; plugin-types application/pdf; "
          + "style-src 'unsafe-inline'; object-src 'self';";

  /** Types the spec lists as safe to serve {@code inline}; everything else is an attachment. */
  private static final Set<String> INLINE_TYPES = new HashSet<>(Arrays.asList(
      "text/css", "text/plain", "text/csv", "application/json", "application/ld+json",
      "image/jpeg", "image/gif", "image/png", "image/apng", "image/webp", "image/avif",
      "video/mp4", "video/webm", "video/ogg", "video/quicktime",
      "audio/mp4", "audio/webm", "audio/aac", "audio/mpeg", "audio/ogg", "audio/wave",
      "audio/wav", "audio/x-wav", "audio/x-pn-wav", "audio/flac", "audio/x-flac"));

  /** The longest file name sent, in bytes of UTF-8: what common file systems allow. */
  public static final int MAX_FILE_NAME_BYTES = 255;

  private ContentHeaders() {}

  /** Returns true if {@code contentType} (parameters ignored) may be served {@code inline}. */
  public static boolean isInline(String contentType) {
    int semicolon = contentType.indexOf(';');
    String bare = (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
        .trim().toLowerCase(Locale.ROOT);
    return INLINE_TYPES.contains(bare);
  }

  /**
   * Returns the Content-Disposition for {@code contentType} and {@code fileName}: {@code inline}
   * or {@code attachment}, then the {@linkplain #sanitizeFileName sanitised} name as a quoted
   * {@code filename} when it is printable ASCII and as RFC 6266's {@code filename*=UTF-8''...}
   * (RFC 8187 encoding) otherwise.
   */
  public static String contentDisposition(String contentType, @Nullable String fileName) {
    String type = isInline(contentType) ? "inline" : "attachment";
    if (fileName != null) fileName = sanitizeFileName(fileName);
    if (fileName == null || fileName.isEmpty()) return type;
    boolean ascii = true;
    for (int i = 0; i < fileName.length(); i++) {
      char c = fileName.charAt(i);
      if (c < 0x20 || c >= 0x7f) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      return type + "; filename=\"" + fileName.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
    return type + "; filename*=UTF-8''" + percentEncode(fileName);
  }

  /**
   * Returns {@code name} fit for a {@code Content-Disposition}: control characters (C0, DEL, C1)
   * removed, cut to {@link #MAX_FILE_NAME_BYTES} bytes of UTF-8 without splitting a character.
   * Path separators stay, as a homeserver sends them: stripping them is the recipient's job (RFC
   * 6266 section 4.3), which clients are tested for against this server.
   */
  public static String sanitizeFileName(String name) {
    StringBuilder b = new StringBuilder(name.length());
    int bytes = 0;
    for (int i = 0; i < name.length(); ) {
      int c = name.codePointAt(i);
      i += Character.charCount(c);
      if (c < 0x20 || (c >= 0x7f && c < 0xa0)) continue;
      int size = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
      if (bytes + size > MAX_FILE_NAME_BYTES) break;
      bytes += size;
      b.appendCodePoint(c);
    }
    return b.toString();
  }

  private static String percentEncode(String s) {
    StringBuilder b = new StringBuilder();
    for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
      int c = x & 0xff;
      boolean attrChar = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || "!#$&+-.^_`|~".indexOf(c) >= 0;
      if (attrChar) {
        b.append((char) c);
      } else {
        b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return b.toString();
  }
}
