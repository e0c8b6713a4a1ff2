package dev.mxsdk.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mxsdk.testkit.internal.ContentHeaders;
import org.junit.jupiter.api.Test;

final class ContentHeadersTest {
  @Test
  void safeTypesAreInlineAndOthersAttachments() {
    assertEquals("inline", ContentHeaders.contentDisposition("image/png", null));
    assertEquals("inline", ContentHeaders.contentDisposition("text/plain; charset=utf-8", ""));
    assertEquals("attachment", ContentHeaders.contentDisposition("text/html", null));
    assertEquals("attachment", ContentHeaders.contentDisposition("image/svg+xml", null));
    assertEquals("attachment; filename=\"a.bin\"",
        ContentHeaders.contentDisposition("application/octet-stream", "a.bin"));
  }

  @Test
  void quotesAreEscapedAndNonAsciiNamesArePercentEncoded() {
    assertEquals("inline; filename=\"say \\\"hi\\\".txt\"",
        ContentHeaders.contentDisposition("text/plain", "say \"hi\".txt"));
    assertEquals("inline; filename*=UTF-8''%E6%97%A5%20%C3%A9.png",
        ContentHeaders.contentDisposition("image/png", "日 é.png"));
  }

  @Test
  void namesLoseControlCharactersAndAreCutAt255BytesOfUtf8() {
    assertEquals("a/b\\c.txt", ContentHeaders.sanitizeFileName("a/b\\c\r\n\u0000\u007f\u0085.txt"));
    assertEquals("x".repeat(255), ContentHeaders.sanitizeFileName("x".repeat(300)));
    // A 4-byte character that would end past byte 255 is left out whole.
    assertEquals("x".repeat(253), ContentHeaders.sanitizeFileName("x".repeat(253) + "\ud83c\udf1e"));
    assertEquals("x".repeat(251) + "\ud83c\udf1e",
        ContentHeaders.sanitizeFileName("x".repeat(251) + "\ud83c\udf1e" + "y"));
    assertEquals("inline", ContentHeaders.contentDisposition("image/png", "\u0007"));
  }
}
