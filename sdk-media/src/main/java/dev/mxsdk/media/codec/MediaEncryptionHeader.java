package dev.mxsdk.media.codec;

import dev.mxsdk.media.MediaOptions;
import dev.mxsdk.media.MediaProtocolException;
import java.util.List;
import okio.ByteString;
import org.jspecify.annotations.Nullable;

/**
 * A parsed {@code X-Matrix-Media-Encryption} header (MSC4097 as this project defines it,
 * {@code docs/msc4097.md} section 3.1):
 * {@code alg=aes128gcm, key=<unpadded base64url of 16 bytes>}, optionally followed by
 * {@code rs=<record size>} and {@code salt=<unpadded base64url of the 16-byte salt>}, with which a
 * client can ask the CDN for just the records of a range and open them without the encoding's
 * header.
 *
 * <pre>{@code
 * // a homeserver or CDN writing the header
 * String value = MediaEncryptionHeader.format(key, 65536, Msc4097.salt(key, sha256, 65536, "download"));
 * // a client reading it
 * MediaEncryptionHeader header = MediaEncryptionHeader.parse(response.headers(Msc4097.KEY_HEADER),
 *     Collections.singletonList(Msc4097.ALG_AES128GCM));
 * }</pre>
 *
 * <p>Strict: comma-separated {@code name=value} pairs, optional whitespace around tokens, values
 * may be double-quoted (except {@code rs}, an unquoted decimal), names case-sensitive, unknown
 * names ignored, {@code key} and {@code salt} with or without {@code =} padding in the strict
 * base64url alphabet and exactly 16 bytes, {@code rs} from {@value
 * Aes128GcmDecodingSource#MIN_RECORD_SIZE} to the client's cap. A repeated header, a repeated
 * name, a missing {@code alg} or {@code key}, an {@code alg} the client did not offer, or a
 * malformed {@code rs} or {@code salt} is a {@link MediaProtocolException}. Messages never contain
 * the key. Immutable and thread-safe.
 */
public final class MediaEncryptionHeader {
  /** The key size of {@code aes128gcm}. */
  public static final int KEY_SIZE = 16;
  /** The most digits an {@code rs} value may have: enough for any int. */
  private static final int MAX_RS_DIGITS = 10;

  private final String alg;
  private final SecretBytes key;
  private final int recordSize;
  private final byte @Nullable [] salt;

  private MediaEncryptionHeader(String alg, SecretBytes key, int recordSize,
      byte @Nullable [] salt) {
    this.alg = alg;
    this.key = key;
    this.recordSize = recordSize;
    this.salt = salt;
  }

  /**
   * Parses the values of every {@code X-Matrix-Media-Encryption} header of one response, with
   * the default record size cap ({@link MediaOptions#DEFAULT_MAX_RECORD_SIZE}).
   *
   * @param values the header's values, as {@code response.headers(Msc4097.KEY_HEADER)} gives them
   * @param offered the algorithms the request offered, preferred first
   * @return the parsed header
   * @throws MediaProtocolException if there is not exactly one header, or it is malformed or names
   *     an algorithm that was not offered
   */
  public static MediaEncryptionHeader parse(List<String> values, List<String> offered)
      throws MediaProtocolException {
    return parse(values, offered, MediaOptions.DEFAULT_MAX_RECORD_SIZE);
  }

  /**
   * Parses the values of every {@code X-Matrix-Media-Encryption} header of one response.
   *
   * @param values the header's values, as {@code response.headers(Msc4097.KEY_HEADER)} gives them
   * @param offered the algorithms the request offered, preferred first
   * @param maxRecordSize the largest {@code rs} accepted (the cap the decoder applies too)
   * @return the parsed header
   * @throws MediaProtocolException if there is not exactly one header, or it is malformed, names an
   *     algorithm that was not offered, or has an {@code rs} above {@code maxRecordSize}
   */
  public static MediaEncryptionHeader parse(List<String> values, List<String> offered,
      int maxRecordSize) throws MediaProtocolException {
    if (values.size() != 1) {
      throw new MediaProtocolException("expected one X-Matrix-Media-Encryption header, got "
          + values.size());
    }
    String header = values.get(0);
    String alg = null;
    String keyText = null;
    String rsText = null;
    String saltText = null;
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
      boolean quoted = i < n && header.charAt(i) == '"';
      if (quoted) {
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
      } else if (name.equals("rs")) {
        if (rsText != null) throw new MediaProtocolException("repeated 'rs' in the key header");
        // The profile writes rs as a bare decimal, so a quoted one is not this profile's header.
        if (quoted) throw new MediaProtocolException("'rs' in the key header must be unquoted");
        rsText = value;
      } else if (name.equals("salt")) {
        if (saltText != null) {
          throw new MediaProtocolException("repeated 'salt' in the key header");
        }
        saltText = value;
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
    int rs = rsText == null ? -1 : parseRecordSize(rsText, maxRecordSize);
    byte[] salt = saltText == null ? null
        : decode16(saltText, "salt", Aes128GcmDecodingSource.SALT_LENGTH);
    return new MediaEncryptionHeader(alg, SecretBytes.wrap(decode16(keyText, "key", KEY_SIZE)),
        rs, salt);
  }

  private static int parseRecordSize(String text, int maxRecordSize)
      throws MediaProtocolException {
    if (text.isEmpty() || text.length() > MAX_RS_DIGITS) {
      throw new MediaProtocolException("'rs' in the key header is not a decimal record size");
    }
    long rs = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        throw new MediaProtocolException("'rs' in the key header is not a decimal record size");
      }
      rs = rs * 10 + (c - '0');
    }
    if (rs < Aes128GcmDecodingSource.MIN_RECORD_SIZE || rs > maxRecordSize) {
      throw new MediaProtocolException("'rs' in the key header must be "
          + Aes128GcmDecodingSource.MIN_RECORD_SIZE + ".." + maxRecordSize + ", was " + rs);
    }
    return (int) rs;
  }

  /** Decodes the base64url {@code text} of the parameter {@code what}, which must be 16 bytes. */
  private static byte[] decode16(String text, String what, int size)
      throws MediaProtocolException {
    int end = text.length();
    while (end > 0 && text.charAt(end - 1) == '=') end--;
    if (text.length() - end > 2) {
      throw new MediaProtocolException("the " + what + " has too much padding");
    }
    if (end < text.length() && text.length() % 4 != 0) {
      // Padding is optional, but when present it must complete the last quantum: one '=' after 22
      // characters is not base64.
      throw new MediaProtocolException(
          "the " + what + "'s padding does not complete its last quantum");
    }
    for (int i = 0; i < end; i++) {
      char c = text.charAt(i);
      boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_';
      if (!ok) throw new MediaProtocolException("the " + what + " is not base64url");
    }
    ByteString decoded = end % 4 == 1 ? null : ByteString.decodeBase64(text.substring(0, end));
    if (decoded == null) throw new MediaProtocolException("the " + what + " is not base64url");
    if (decoded.size() != size) {
      throw new MediaProtocolException(
          "the " + what + " must be " + size + " bytes, was " + decoded.size());
    }
    return decoded.toByteArray();
  }

  /**
   * The header value a homeserver sends with a keyed redirect: {@code alg=aes128gcm, key=...},
   * without {@code rs} and {@code salt}.
   *
   * @param key the 16-byte key of the redirect
   * @return the header value
   * @throws IllegalArgumentException if {@code key} is not 16 bytes
   */
  public static String format(SecretBytes key) {
    if (key == null) throw new NullPointerException("key == null");
    if (key.size() != KEY_SIZE) {
      throw new IllegalArgumentException("key must be " + KEY_SIZE + " bytes, was " + key.size());
    }
    byte[] bytes = key.bytes();
    try {
      return "alg=" + Msc4097.ALG_AES128GCM + ", key=" + unpadded(ByteString.of(bytes));
    } finally {
      java.util.Arrays.fill(bytes, (byte) 0);
    }
  }

  /**
   * The header value a homeserver sends with a keyed redirect when it knows how the CDN encodes
   * the object: {@code alg=aes128gcm, key=..., rs=<recordSize>, salt=...}. A homeserver that
   * sends {@code rs} and {@code salt} promises the profile's canonical encoding with exactly them
   * (docs/msc4097.md section 4.1); derive the salt with {@link Msc4097#salt}.
   *
   * @param key the 16-byte key of the redirect
   * @param recordSize the rs the CDN seals with
   * @param salt the 16-byte salt of the CDN's encoding
   * @return the header value
   * @throws IllegalArgumentException if {@code key} or {@code salt} is not 16 bytes, or
   *     {@code recordSize} is below {@value Aes128GcmDecodingSource#MIN_RECORD_SIZE}
   */
  public static String format(SecretBytes key, int recordSize, byte[] salt) {
    if (salt == null) throw new NullPointerException("salt == null");
    if (recordSize < Aes128GcmDecodingSource.MIN_RECORD_SIZE) {
      throw new IllegalArgumentException("recordSize < "
          + Aes128GcmDecodingSource.MIN_RECORD_SIZE + ": " + recordSize);
    }
    if (salt.length != Aes128GcmDecodingSource.SALT_LENGTH) {
      throw new IllegalArgumentException("salt must be 16 bytes, was " + salt.length);
    }
    return format(key) + ", rs=" + recordSize + ", salt=" + unpadded(ByteString.of(salt));
  }

  private static String unpadded(ByteString bytes) {
    String text = bytes.base64Url();
    int end = text.length();
    while (end > 0 && text.charAt(end - 1) == '=') end--;
    return text.substring(0, end);
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

  /** {@return the algorithm, one the client offered} */
  public String alg() {
    return alg;
  }

  /** {@return the key} */
  public SecretBytes key() {
    return key;
  }

  /**
   * The record size the homeserver says the CDN seals with ({@code rs}), or -1 when the header
   * has none. An encoding whose header names another rs is a protocol error.
   *
   * @return the record size, or -1
   */
  public int recordSize() {
    return recordSize;
  }

  /**
   * A copy of the 16-byte salt of the CDN's encoding ({@code salt}), or null when the header has
   * none. An encoding whose header carries another salt is a protocol error.
   *
   * @return a copy of the salt, or null
   */
  public byte @Nullable [] salt() {
    return salt != null ? salt.clone() : null;
  }

  @Override
  public String toString() {
    return "MediaEncryptionHeader{alg=" + alg + ", key=" + key
        + (recordSize > 0 ? ", rs=" + recordSize : "")
        + (salt != null ? ", salt present" : "") + "}";
  }
}
