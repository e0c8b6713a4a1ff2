package dev.mxsdk.core;

import java.nio.charset.Charset;
import java.security.MessageDigest;
import org.jspecify.annotations.Nullable;

/** Checks and compares tokens without putting them in messages. */
final class Tokens {
  private static final Charset UTF_8 = Charset.forName("UTF-8");

  private Tokens() {}

  /** Returns {@code token} if it is a usable header value; the message names only {@code what}. */
  static String require(String token, String what) {
    if (token == null) throw new NullPointerException(what + " == null");
    if (token.isEmpty()) throw new IllegalArgumentException(what + " is empty");
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c <= ' ' || c >= 0x7f) {
        throw new IllegalArgumentException(
            what + " has a character that cannot be sent in a header, at index " + i);
      }
    }
    return token;
  }

  /** Compares in time independent of where the tokens differ. */
  static boolean equal(@Nullable String a, @Nullable String b) {
    if (a == null || b == null) return a == b;
    return MessageDigest.isEqual(a.getBytes(UTF_8), b.getBytes(UTF_8));
  }
}
