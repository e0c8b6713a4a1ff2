package dev.mxsdk.media.server.internal;

/**
 * Content types as sent: the value comes from a remote server (a homeserver's
 * {@code Content-Type}, an event's {@code mimetype}), so anything that is not a plain
 * {@code type/subtype[; params]} of printable ASCII becomes {@code application/octet-stream}
 * rather than reaching a response header (where a CR or LF would inject fields).
 */
public final class ContentTypes {
  public static final String OCTET_STREAM = "application/octet-stream";
  private static final int MAX_LENGTH = 256;

  private ContentTypes() {
  }

  public static String safe(String contentType) {
    int n = contentType.length();
    if (n == 0 || n > MAX_LENGTH) return OCTET_STREAM;
    int i = 0;
    while (i < n && HttpSyntax.isTchar(contentType.charAt(i))) i++;
    if (i == 0 || i == n || contentType.charAt(i) != '/') return OCTET_STREAM;
    int subtype = ++i;
    while (i < n && HttpSyntax.isTchar(contentType.charAt(i))) i++;
    if (i == subtype) return OCTET_STREAM;
    int rest = i;
    while (i < n && HttpSyntax.isWhitespace(contentType.charAt(i))) i++;
    if (i < n && contentType.charAt(i) != ';') return OCTET_STREAM;
    for (int j = rest; j < n; j++) {
      char c = contentType.charAt(j);
      if (c < 0x20 || c > 0x7e) return OCTET_STREAM;
    }
    return contentType;
  }
}
