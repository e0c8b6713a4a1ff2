package dev.mxsdk.media.internal.cache;

import java.nio.charset.Charset;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.jspecify.annotations.Nullable;

/**
 * The name of an entry: the SHA-256 of its cache key ({@code mxc://server/id#rendition}). Files
 * are named by its hex form, so no text from a server (a media ID, a file name) ever reaches a
 * path, and no key can collide with another or escape the cache folder. Immutable.
 */
final class EntryName {
  static final int BYTES = 32;
  private static final Charset UTF_8 = Charset.forName("UTF-8");
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final long a;
  private final long b;
  private final long c;
  private final long d;

  private EntryName(long a, long b, long c, long d) {
    this.a = a;
    this.b = b;
    this.c = c;
    this.d = d;
  }

  /** The name of {@code cacheKey}. */
  static EntryName of(String cacheKey) {
    return fromBytes(sha256().digest(cacheKey.getBytes(UTF_8)), 0);
  }

  static EntryName fromBytes(byte[] bytes, int offset) {
    return new EntryName(getLong(bytes, offset), getLong(bytes, offset + 8),
        getLong(bytes, offset + 16), getLong(bytes, offset + 24));
  }

  /** Parses a file name; null unless it is exactly 64 lowercase hex digits. */
  static @Nullable EntryName parseHex(String hex) {
    if (hex.length() != 2 * BYTES) return null;
    byte[] bytes = new byte[BYTES];
    for (int i = 0; i < BYTES; i++) {
      int hi = digit(hex.charAt(2 * i));
      int lo = digit(hex.charAt(2 * i + 1));
      if (hi < 0 || lo < 0) return null;
      bytes[i] = (byte) (hi << 4 | lo);
    }
    return fromBytes(bytes, 0);
  }

  private static int digit(char ch) {
    if (ch >= '0' && ch <= '9') return ch - '0';
    if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
    return -1;
  }

  void writeTo(byte[] out, int offset) {
    putLong(out, offset, a);
    putLong(out, offset + 8, b);
    putLong(out, offset + 16, c);
    putLong(out, offset + 24, d);
  }

  /** The 64 hex digits: the entry's file name. */
  String hex() {
    char[] out = new char[2 * BYTES];
    long[] words = {a, b, c, d};
    int i = 0;
    for (long word : words) {
      for (int shift = 60; shift >= 0; shift -= 4) out[i++] = HEX[(int) (word >>> shift) & 0xf];
    }
    return new String(out);
  }

  /** The folder of the entry's file: the first two hex digits (256 folders). */
  String shard() {
    return hex().substring(0, 2);
  }

  static long getLong(byte[] bytes, int offset) {
    long v = 0;
    for (int i = 0; i < 8; i++) v = v << 8 | (bytes[offset + i] & 0xff);
    return v;
  }

  static void putLong(byte[] bytes, int offset, long v) {
    for (int i = 7; i >= 0; i--) {
      bytes[offset + i] = (byte) v;
      v >>>= 8;
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof EntryName)) return false;
    EntryName that = (EntryName) o;
    return a == that.a && b == that.b && c == that.c && d == that.d;
  }

  @Override
  public int hashCode() {
    // The name is a hash already: any 32 bits of it are as good as all of them.
    return (int) a;
  }

  @Override
  public String toString() {
    return hex();
  }
}
