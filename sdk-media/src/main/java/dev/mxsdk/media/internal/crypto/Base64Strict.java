package dev.mxsdk.media.internal.crypto;

import okio.ByteString;
import org.jspecify.annotations.Nullable;

/**
 * Strict base64 decoding for one alphabet, with or without {@code =} padding, no whitespace.
 * (okio's decoder accepts both alphabets and skips whitespace; Matrix fields name one alphabet.)
 */
public final class Base64Strict {
  private Base64Strict() {}

  /**
   * Returns the bytes {@code s} encodes in the standard ({@code url} false) or URL-safe
   * ({@code url} true) alphabet, or null if {@code s} is not valid base64 in that alphabet.
   */
  public static @Nullable ByteString decode(String s, boolean url) {
    int end = s.length();
    int padding = 0;
    while (end > 0 && s.charAt(end - 1) == '=' && padding < 2) {
      end--;
      padding++;
    }
    if (padding > 0 && s.length() % 4 != 0) return null;
    if (end % 4 == 1) return null;
    for (int i = 0; i < end; i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || (url ? (c == '-' || c == '_') : (c == '+' || c == '/'));
      if (!ok) return null;
    }
    return ByteString.decodeBase64(s.substring(0, end));
  }

  /** Unpadded standard base64. */
  public static String encode(ByteString bytes) {
    return stripPadding(bytes.base64());
  }

  /** Unpadded URL-safe base64. */
  public static String encodeUrl(ByteString bytes) {
    return stripPadding(bytes.base64Url());
  }

  private static String stripPadding(String s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == '=') end--;
    return s.substring(0, end);
  }
}
