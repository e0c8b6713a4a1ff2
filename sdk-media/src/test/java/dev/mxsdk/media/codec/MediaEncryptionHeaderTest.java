package dev.mxsdk.media.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mxsdk.media.MediaProtocolException;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import okio.ByteString;
import org.junit.jupiter.api.Test;

final class MediaEncryptionHeaderTest {
  private static final List<String> OFFERED = Collections.singletonList("aes128gcm");
  private static final byte[] KEY = new byte[] {
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, (byte) 0xfe};
  private static final String B64 = ByteString.of(KEY).base64Url().replace("=", "");

  private static MediaEncryptionHeader parse(String value) throws MediaProtocolException {
    return MediaEncryptionHeader.parse(Collections.singletonList(value), OFFERED);
  }

  @Test
  void canonicalHeaderParses() throws Exception {
    MediaEncryptionHeader h = parse("alg=aes128gcm, key=" + B64);
    assertEquals("aes128gcm", h.alg());
    assertArrayEquals(KEY, h.key().bytes());
    assertFalse(h.toString().contains(B64));
  }

  @Test
  void whitespaceQuotesPaddingOrderAndUnknownNamesAreAccepted() throws Exception {
    assertArrayEquals(KEY, parse("  key = \"" + B64 + "==\" ,alg=\"aes128gcm\", v=1 ").key().bytes());
    assertArrayEquals(KEY, parse("key=" + B64 + "==,alg=aes128gcm").key().bytes());
  }

  @Test
  void violationsAreProtocolErrors() {
    String[] bad = {
        "alg=aes128gcm",
        "key=" + B64,
        "alg=aes128gcm, alg=aes128gcm, key=" + B64,
        "alg=aes128gcm, key=" + B64 + ", key=" + B64,
        "alg=aes256gcm, key=" + B64,
        "alg=aes128gcm, key=" + B64.substring(1),
        "alg=aes128gcm, key=" + B64 + "AA",
        "alg=aes128gcm, key=" + B64.replace(B64.charAt(0), '+'),
        "alg=aes128gcm, key=" + B64.substring(0, 21) + "/",
        "alg=aes128gcm; key=" + B64,
        "alg=aes128gcm, key=\"" + B64,
        "",
    };
    for (String value : bad) {
      MediaProtocolException e = assertThrows(MediaProtocolException.class, () -> parse(value), value);
      assertFalse(e.getMessage().contains(B64), e.getMessage());
    }
  }

  @Test
  void repeatedHeaderIsAProtocolError() {
    assertThrows(MediaProtocolException.class, () -> MediaEncryptionHeader.parse(
        Arrays.asList("alg=aes128gcm, key=" + B64, "alg=aes128gcm, key=" + B64), OFFERED));
  }

  @Test
  void keyWhenNothingWasOfferedIsAProtocolError() {
    assertThrows(MediaProtocolException.class, () -> MediaEncryptionHeader.parse(
        Collections.singletonList("alg=aes128gcm, key=" + B64), Collections.<String>emptyList()));
  }

  private static final byte[] SALT = new byte[] {
      9, 8, 7, 6, 5, 4, 3, 2, 1, 0, (byte) 0xff, (byte) 0xee, 12, 13, 14, 15};
  private static final String SALT64 = ByteString.of(SALT).base64Url().replace("=", "");

  @Test
  void aHeaderWithoutRsAndSaltHasNeither() throws Exception {
    MediaEncryptionHeader h = parse("alg=aes128gcm, key=" + B64);
    assertEquals(-1, h.recordSize());
    assertNull(h.salt());
  }

  @Test
  void rsAndSaltAreReadAndTheSaltIsACopy() throws Exception {
    MediaEncryptionHeader h = parse("alg=aes128gcm, key=" + B64 + ", rs=65536, salt=" + SALT64);
    assertEquals(65536, h.recordSize());
    assertArrayEquals(SALT, h.salt());
    h.salt()[0] ^= 1;
    assertArrayEquals(SALT, h.salt());
    assertEquals(18, parse("rs=18,key=" + B64 + ",alg=aes128gcm").recordSize());
    assertArrayEquals(SALT, parse("alg=aes128gcm, key=" + B64 + ", salt=\"" + SALT64 + "==\"")
        .salt());
    assertFalse(h.toString().contains(B64));
  }

  @Test
  void formatWritesWhatParseReads() throws Exception {
    SecretBytes key = SecretBytes.copyOf(KEY);
    String plain = MediaEncryptionHeader.format(key);
    assertEquals("alg=aes128gcm, key=" + B64, plain);
    String full = MediaEncryptionHeader.format(key, 4096, SALT);
    assertEquals("alg=aes128gcm, key=" + B64 + ", rs=4096, salt=" + SALT64, full);
    MediaEncryptionHeader h = parse(full);
    assertArrayEquals(KEY, h.key().bytes());
    assertEquals(4096, h.recordSize());
    assertArrayEquals(SALT, h.salt());
    assertThrows(IllegalArgumentException.class,
        () -> MediaEncryptionHeader.format(key, 17, SALT));
    assertThrows(IllegalArgumentException.class,
        () -> MediaEncryptionHeader.format(key, 4096, new byte[15]));
    assertThrows(IllegalArgumentException.class,
        () -> MediaEncryptionHeader.format(SecretBytes.copyOf(new byte[32])));
  }

  @Test
  void aMalformedRsOrSaltIsAProtocolError() {
    String prefix = "alg=aes128gcm, key=" + B64 + ", ";
    String[] bad = {
        "rs=17", "rs=1048577", "rs=-5", "rs=+100", "rs=1e5", "rs=", "rs=\"65536\"",
        "rs=99999999999", "rs=4096, rs=4096", "rs=65536x",
        "salt=" + SALT64.substring(1), "salt=" + SALT64 + "AA", "salt=" + B64.replace('A', '+'),
        "salt=" + SALT64 + ", salt=" + SALT64, "salt=",
    };
    for (String value : bad) {
      MediaProtocolException e =
          assertThrows(MediaProtocolException.class, () -> parse(prefix + value), value);
      assertFalse(e.getMessage().contains(B64), e.getMessage());
    }
  }

  @Test
  void theRecordSizeCapIsTheCallersOne() throws Exception {
    List<String> value = Collections.singletonList("alg=aes128gcm, key=" + B64 + ", rs=4096");
    assertEquals(4096, MediaEncryptionHeader.parse(value, OFFERED, 4096).recordSize());
    assertThrows(MediaProtocolException.class,
        () -> MediaEncryptionHeader.parse(value, OFFERED, 4095));
  }

  @Test
  void namesAreCaseSensitiveSoAnUppercaseRsIsAnUnknownName() throws Exception {
    assertEquals(-1, parse("alg=aes128gcm, key=" + B64 + ", RS=17, Salt=x").recordSize());
  }
}
