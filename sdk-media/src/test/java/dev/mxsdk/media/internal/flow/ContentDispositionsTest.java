package dev.mxsdk.media.internal.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

final class ContentDispositionsTest {
  @Test
  void quotedFileNameIsReturned() {
    assertEquals("cat photo.jpg",
        ContentDispositions.fileName("attachment; filename=\"cat photo.jpg\""));
  }

  @Test
  void tokenFileNameIsReturned() {
    assertEquals("report.pdf", ContentDispositions.fileName("inline; filename=report.pdf"));
  }

  @Test
  void extendedFileNameWinsAndIsPercentDecoded() {
    assertEquals("Grüße €.txt", ContentDispositions.fileName(
        "attachment; filename=\"fallback.txt\"; filename*=UTF-8''Gr%C3%BC%C3%9Fe%20%E2%82%AC.txt"));
  }

  @Test
  void pathSeparatorsKeepOnlyTheLastSegment() {
    assertEquals("passwd", ContentDispositions.fileName("attachment; filename=\"../../etc/passwd\""));
    assertEquals("evil.exe",
        ContentDispositions.fileName("attachment; filename=\"C:\\\\Windows\\\\evil.exe\""));
  }

  @Test
  void leadingDotsAndControlCharactersAreRemoved() {
    assertEquals("profile", ContentDispositions.fileName(
        "attachment; filename*=UTF-8''..%2F..profile%0D%0A"));
    assertEquals("ab.txt", ContentDispositions.sanitize("a\u0000b\u202e.txt"));
  }

  @Test
  void reservedCharactersBecomeUnderscores() {
    assertEquals("a_b_c.txt", ContentDispositions.sanitize("a:b*c.txt"));
  }

  @Test
  void longNamesAreCapped() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 500; i++) b.append('x');
    assertEquals(ContentDispositions.MAX_LENGTH,
        ContentDispositions.sanitize(b.toString()).length());
  }

  @Test
  void nothingUsableIsNull() {
    assertNull(ContentDispositions.fileName(null));
    assertNull(ContentDispositions.fileName("inline"));
    assertNull(ContentDispositions.fileName("attachment; filename=\"...\""));
    assertNull(ContentDispositions.fileName("attachment; filename=\"/\""));
    assertNull(ContentDispositions.fileName("attachment; filename*=KOI8-R''abc"));
  }
}
