package dev.mxsdk.core;

import java.util.Collection;
import org.jspecify.annotations.Nullable;

/**
 * Makes text that came from a server safe to put in a message, a log line or a terminal: control
 * and line-separator characters escaped, length capped, and secrets the request carried removed.
 * Every SDK exception that quotes a server (an {@code error} text, an {@code errcode}) passes it
 * through here, so a hostile server can neither forge terminal output (ESC and OSC sequences, BEL,
 * bidi overrides, U+2028) nor echo a token back into the app's logs.
 *
 * <pre>{@code
 * String shown = ServerText.sanitize(e.error(), 200);
 * }</pre>
 */
public final class ServerText {
  /** What a redacted secret is replaced with. */
  public static final String REDACTED = "[redacted]";
  /** Secrets shorter than this are not searched for: they would match ordinary text. */
  static final int MIN_SECRET_LENGTH = 6;

  private ServerText() {}

  /**
   * Returns {@code text} with every C0 and C1 control character, DEL, U+2028, U+2029 and bidi
   * control written as a {@code \\uXXXX} escape, cut to at most {@code maxChars} characters of
   * output (ending in {@code "..."} when cut). Sanitizing sanitized text changes nothing.
   *
   * @param text the server's text
   * @param maxChars the longest output allowed, at least 3
   * @return the escaped text, at most {@code maxChars} characters long
   */
  public static String sanitize(String text, int maxChars) {
    if (text == null) throw new NullPointerException("text == null");
    if (maxChars < 3) throw new IllegalArgumentException("maxChars < 3: " + maxChars);
    StringBuilder out = new StringBuilder(Math.min(text.length(), maxChars) + 8);
    // Where the text would be cut if it turns out too long: after the last whole piece that
    // leaves room for the "..." marker.
    int cut = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      String piece;
      if (Character.isHighSurrogate(c) && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        piece = text.substring(i, i + 2);
        i++;
      } else if (isUnsafe(c) || Character.isSurrogate(c)) {
        piece = String.format("\\u%04x", (int) c);
      } else {
        piece = String.valueOf(c);
      }
      if (out.length() + piece.length() > maxChars) {
        out.setLength(cut);
        return out.append("...").toString();
      }
      out.append(piece);
      if (out.length() <= maxChars - 3) cut = out.length();
    }
    return out.toString();
  }

  /**
   * Returns {@code text} with every occurrence of each secret (of at least 6 characters) replaced
   * by {@link #REDACTED}. Matching is exact and case-sensitive except for secrets that consist of
   * hex digits only, which are matched in either case.
   *
   * @param text the text to redact
   * @param secrets the secrets to remove, or null for none; shorter ones than 6 characters are left
   * @return {@code text} with the secrets replaced
   */
  public static String redact(String text, @Nullable Collection<String> secrets) {
    if (text == null) throw new NullPointerException("text == null");
    if (secrets == null || secrets.isEmpty()) return text;
    String result = text;
    for (String secret : secrets) {
      if (secret == null || secret.length() < MIN_SECRET_LENGTH) continue;
      result = replaceAll(result, secret, isHex(secret));
    }
    return result;
  }

  /**
   * Returns {@code text} with {@code secret} (compared as characters, so a password held in a
   * wipeable array never becomes a {@code String}) replaced by {@link #REDACTED}; the same
   * instance when it does not occur or {@code text} is null.
   */
  static @Nullable String redact(@Nullable String text, char[] secret) {
    if (text == null || secret.length < MIN_SECRET_LENGTH) return text;
    StringBuilder out = null;
    int from = 0;
    for (int i = 0; i + secret.length <= text.length(); ) {
      boolean match = true;
      for (int j = 0; j < secret.length && match; j++) {
        match = text.charAt(i + j) == secret[j];
      }
      if (match) {
        if (out == null) out = new StringBuilder(text.length());
        out.append(text, from, i).append(REDACTED);
        i += secret.length;
        from = i;
      } else {
        i++;
      }
    }
    if (out == null) return text;
    return out.append(text, from, text.length()).toString();
  }

  private static String replaceAll(String text, String secret, boolean ignoreCase) {
    StringBuilder out = null;
    int from = 0;
    for (int i = 0; i + secret.length() <= text.length(); ) {
      if (text.regionMatches(ignoreCase, i, secret, 0, secret.length())) {
        if (out == null) out = new StringBuilder(text.length());
        out.append(text, from, i).append(REDACTED);
        i += secret.length();
        from = i;
      } else {
        i++;
      }
    }
    if (out == null) return text;
    return out.append(text, from, text.length()).toString();
  }

  private static boolean isHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.digit(s.charAt(i), 16) < 0) return false;
    }
    return true;
  }

  /** C0, DEL, C1 (U+0085 among them), line and paragraph separators, bidi controls. */
  static boolean isUnsafe(char c) {
    return c < 0x20 || (c >= 0x7f && c <= 0x9f)
        || c == '\u2028' || c == '\u2029'
        || (c >= '\u202a' && c <= '\u202e')
        || (c >= '\u2066' && c <= '\u2069')
        || c == '\u200e' || c == '\u200f' || c == '\u061c'
        || c == '\ufeff';
  }
}
