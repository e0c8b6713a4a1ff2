package dev.mxsdk.media.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
}
