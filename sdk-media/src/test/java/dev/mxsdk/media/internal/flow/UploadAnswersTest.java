package dev.mxsdk.media.internal.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mxsdk.media.MediaProtocolException;
import java.io.IOException;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/**
 * What the upload flow reads from the server on its own: the content token's grammar at each of
 * its edges, the size bound on JSON answers, and the {@code /create} answer's fields.
 */
final class UploadAnswersTest {
  private static String repeat(char c, int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) b.append(c);
    return b.toString();
  }

  @Test
  void aContentTokenIsOneTo255UnreservedCharacters() {
    assertTrue(UploadFlow.isContentToken("AZaz09-._~"));
    assertTrue(UploadFlow.isContentToken("a"));
    assertTrue(UploadFlow.isContentToken(repeat('x', 255)));
    assertFalse(UploadFlow.isContentToken(repeat('x', 256)));
    assertFalse(UploadFlow.isContentToken(""));
    // Each neighbour of each allowed range, and the usual suspects.
    for (char c : new char[] {'@', '[', '`', '{', '/', ':', ',', '+', '=', ' ', '%', '\u00e9',
        '!', '*'}) {
      assertFalse(UploadFlow.isContentToken("ab" + c), String.valueOf(c));
      assertFalse(UploadFlow.isContentToken(c + "ab"), String.valueOf(c));
    }
    for (char c : new char[] {'A', 'Z', 'a', 'z', '0', '9', '-', '.', '_', '~'}) {
      assertTrue(UploadFlow.isContentToken("ab" + c), String.valueOf(c));
    }
  }

  private static void uploaded(String json) throws IOException {
    UploadFlow.readUploaded(new Buffer().writeUtf8(json));
  }

  @Test
  void theUploadsAnswerIsBoundedAndItsTokenChecked() throws IOException {
    uploaded("{\"content_uri\":\"mxc://example.org/abc\"}");
    uploaded("{\"content_uri\":\"mxc://example.org/abc\",\"content_token\":\"t0k.en~\","
        + "\"other\":[1,2]}");
    String message = "the upload's content_token is not 1 to 255 characters of A-Z a-z 0-9 - . _"
        + " ~ (MSC3910)";
    assertEquals(message, assertThrows(MediaProtocolException.class, () -> uploaded(
        "{\"content_uri\":\"mxc://example.org/abc\",\"content_token\":\"a b\"}")).getMessage());
    assertEquals(message, assertThrows(MediaProtocolException.class, () -> uploaded(
        "{\"content_uri\":\"mxc://example.org/abc\",\"content_token\":\"\"}")).getMessage());
    assertEquals("the upload's answer has no content_uri", assertThrows(
        MediaProtocolException.class, () -> uploaded("{\"content_uri\":5}")).getMessage());
    assertTrue(assertThrows(MediaProtocolException.class, () -> uploaded(
        "{\"content_uri\":\"https://example.org/abc\"}")).getMessage()
        .startsWith("the upload's answer's content_uri is not an mxc URI: "));
    assertTrue(assertThrows(MediaProtocolException.class, () -> uploaded(
        "{\"content_uri\":\"mxc://example.org/abc\"")).getMessage()
        .startsWith("the upload's answer is not valid JSON: "));
    // 64 KiB is the most an answer may have.
    String small = "{\"content_uri\":\"mxc://example.org/abc\"}";
    uploaded(small + repeat(' ', (int) UploadFlow.MAX_JSON_BYTES - small.length()));
    assertEquals("the upload's answer is longer than 65536 bytes", assertThrows(
        MediaProtocolException.class, () -> uploaded(small
            + repeat(' ', (int) UploadFlow.MAX_JSON_BYTES - small.length() + 1))).getMessage());
  }

  private static CreatedMedia created(String json) throws IOException {
    return UploadFlow.readCreated(new Buffer().writeUtf8(json));
  }

  @Test
  void theCreateAnswerGivesTheReservationsFields() throws IOException {
    CreatedMedia plain = created("{\"content_uri\":\"mxc://example.org/r\"}");
    assertEquals("mxc://example.org/r", plain.mxcUri.toString());
    assertEquals(-1, plain.unusedExpiresAtMillis);
    assertNull(plain.uploadUrl);
    assertNull(plain.uploadMethod);
    CreatedMedia full = created("{\"content_uri\":\"mxc://example.org/r\","
        + "\"unused_expires_at\":1700000000000,\"upload_url\":\"https://up.example/x?sig=1\","
        + "\"upload_method\":\"POST\",\"x\":{}}");
    assertEquals(1700000000000L, full.unusedExpiresAtMillis);
    assertEquals("https://up.example/x?sig=1", full.uploadUrl.toString());
    assertEquals("POST", full.uploadMethod);
    assertEquals("PUT", created("{\"content_uri\":\"mxc://example.org/r\","
        + "\"upload_url\":\"https://up.example/x\"}").uploadMethod, "PUT unless told otherwise");
    CreatedMedia unusable = created("{\"content_uri\":\"mxc://example.org/r\","
        + "\"upload_url\":\"ftp://up.example/x\",\"upload_method\":\"POST\"}");
    assertNull(unusable.uploadUrl);
    assertNull(unusable.uploadMethod);
    assertEquals(0, created("{\"content_uri\":\"mxc://example.org/r\",\"unused_expires_at\":0}")
        .unusedExpiresAtMillis);
    assertEquals("the /create answer's unused_expires_at is negative", assertThrows(
        MediaProtocolException.class, () -> created("{\"content_uri\":\"mxc://example.org/r\","
            + "\"unused_expires_at\":-2}")).getMessage());
    assertEquals("the /create answer has no content_uri", assertThrows(
        MediaProtocolException.class, () -> created("{}")).getMessage());
    assertEquals("the /create answer is longer than 65536 bytes", assertThrows(
        MediaProtocolException.class, () -> created("{\"content_uri\":\"mxc://example.org/r\"}"
            + repeat(' ', 70_000))).getMessage());
    assertTrue(assertThrows(MediaProtocolException.class, () -> created("[]")).getMessage()
        .startsWith("the /create answer is not valid JSON: "));
  }
}
