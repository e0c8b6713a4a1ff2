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
}
