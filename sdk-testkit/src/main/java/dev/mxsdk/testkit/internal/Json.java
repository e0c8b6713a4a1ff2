package dev.mxsdk.testkit.internal;

/** JSON string quoting for the few bodies the testkit writes by hand. */
public final class Json {
  private Json() {}

  /** Returns {@code s} as a JSON string literal, quotes included. */
  public static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"': b.append("\\\""); break;
        case '\\': b.append("\\\\"); break;
        case '\n': b.append("\\n"); break;
        case '\r': b.append("\\r"); break;
        case '\t': b.append("\\t"); break;
        default:
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
      }
    }
    return b.append('"').toString();
  }

  /** Returns a Matrix error body, {@code {"errcode":...,"error":...}}. */
  public static String error(String errcode, String error) {
    return "{\"errcode\":" + quote(errcode) + ",\"error\":" + quote(error) + "}";
  }
}
