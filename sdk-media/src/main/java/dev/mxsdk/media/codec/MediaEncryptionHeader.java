package dev.mxsdk.media.codec;

import dev.mxsdk.media.MediaProtocolException;
import java.util.List;
import okio.ByteString;
import org.jspecify.annotations.Nullable;

/**
 * A parsed {@code X-Matrix-Media-Encryption} header (MSC4097 as this project defines it):
 * {@code alg=aes128gcm, key=<unpadded base64url of 16 bytes>}.
 *
 * <p>Strict: comma-separated {@code name=value} pairs, optional whitespace around tokens, values
 * may be double-quoted, names case-sensitive, unknown names ignored, {@code key} with or without {@code =} padding in the
 * strict base64url alphabet and exactly 16 bytes. A repeated header, a repeated name, a missing
 * {@code alg} or {@code key}, or an {@code alg} the client did not offer is a {@link
 * MediaProtocolException}. Messages never contain the key.
 */
public final class MediaEncryptionHeader {
  /** The key size of {@code aes128gcm}. */
  public static final int KEY_SIZE = 16;

  private final String alg;
  private final SecretBytes key;

  private MediaEncryptionHeader(String alg, SecretBytes key) {
    this.alg = alg;
    this.key = key;
  }

  /**
   * Parses the values of every {@code X-Matrix-Media-Encryption} header of one response.
   *
   * @param offered the algorithms the request offered, preferred first
   */
  public static MediaEncryptionHeader parse(List<String> values, List<String> offered)
      throws MediaProtocolException {
    if (values.size() != 1) {
      throw new MediaProtocolException("expected one X-Matrix-Media-Encryption header, got "
          + values.size());
    }
    String header = values.get(0);
    String alg = null;
    String keyText = null;
    int i = 0;
    int n = header.length();
    while (true) {
      i = skipSpaces(header, i);
      int nameStart = i;
      while (i < n && isTokenChar(header.charAt(i))) i++;
      if (i == nameStart) throw malformed("a parameter name");
      // Names are case-sensitive (docs/msc4097.md section 3.1): "ALG" is an unknown name.
      String name = header.substring(nameStart, i);
      i = skipSpaces(header, i);
      if (i >= n || header.charAt(i) != '=') throw malformed("'=' after " + describeName(name));
      i = skipSpaces(header, i + 1);
      String value;
      if (i < n && header.charAt(i) == '"') {
        StringBuilder b = new StringBuilder();
        i++;
        while (true) {
          if (i >= n) throw malformed("a closing quote");
          char c = header.charAt(i++);
          if (c == '"') break;
          if (c == '\\') {
            if (i >= n) throw malformed("a closing quote");
            c = header.charAt(i++);
          }
          b.append(c);
        }
        value = b.toString();
      } else {
        int valueStart = i;
        while (i < n && (isTokenChar(header.charAt(i)) || header.charAt(i) == '=')) i++;
        value = header.substring(valueStart, i);
      }
      if (name.equals("alg")) {
        if (alg != null) throw new MediaProtocolException("repeated 'alg' in the key header");
        alg = value;
      } else if (name.equals("key")) {
        if (keyText != null) throw new MediaProtocolException("repeated 'key' in the key header");
        keyText = value;
      }
      i = skipSpaces(header, i);
      if (i >= n) break;
      if (header.charAt(i) != ',') throw malformed("',' between parameters");
      i++;
    }
    if (alg == null) throw new MediaProtocolException("the key header has no 'alg'");
    if (keyText == null) throw new MediaProtocolException("the key header has no 'key'");
    if (!offered.contains(alg)) {
      throw new MediaProtocolException("the key header names alg '" + algForMessage(alg)
          + "', which the client did not offer (offered: " + offered + ")");
    }
    return new MediaEncryptionHeader(alg, decodeKey(keyText));
  }

  private static SecretBytes decodeKey(String text) throws MediaProtocolException {
    int end = text.length();
    while (end > 0 && text.charAt(end - 1) == '=') end--;
    if (text.length() - end > 2) throw new MediaProtocolException("the key has too much padding");
    if (end < text.length() && text.length() % 4 != 0) {
      // Padding is optional, but when present it must complete the last quantum: one '=' after 22
      // characters is not base64.
      throw new MediaProtocolException("the key's padding does not complete its last quantum");
    }
    for (int i = 0; i < end; i++) {
      char c = text.charAt(i);
      boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_';
      if (!ok) throw new MediaProtocolException("the key is not base64url");
    }
    ByteString decoded = end % 4 == 1 ? null : ByteString.decodeBase64(text.substring(0, end));
    if (decoded == null) throw new MediaProtocolException("the key is not base64url");
    if (decoded.size() != KEY_SIZE) {
      throw new MediaProtocolException(
          "the key must be " + KEY_SIZE + " bytes, was " + decoded.size());
    }
    return SecretBytes.wrap(decoded.toByteArray());
  }

  private static int skipSpaces(String s, int i) {
    while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) i++;
    return i;
  }

  private static boolean isTokenChar(char c) {
    return c > 0x20 && c < 0x7f && c != ',' && c != '=' && c != '"' && c != ';';
  }

  private static MediaProtocolException malformed(String expected) {
    return new MediaProtocolException("malformed key header: expected " + expected);
  }

  private static String describeName(String name) {
    return name.equals("key") || name.equals("alg") ? "'" + name + "'" : "a parameter name";
  }

  /**
   * The refused alg for a message: at most 16 token characters, so that a malformed header that
   * carries key material in its alg (a 16-byte key is 22 base64url characters) cannot put a key
   * in a message or log.
   */
  private static String algForMessage(String alg) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < alg.length() && i < 16; i++) {
      char c = alg.charAt(i);
      b.append(isTokenChar(c) && c != '=' ? c : '?');
    }
    if (alg.length() > 16) b.append("...");
    return b.toString();
  }

  /** The algorithm, one the client offered. */
  public String alg() {
    return alg;
  }

  /** The key. */
  public SecretBytes key() {
    return key;
  }

  @Override
  public String toString() {
    return "MediaEncryptionHeader{alg=" + alg + ", key=" + key + "}";
  }
}
