package dev.mxsdk.media.internal.flow;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes {@code Content-Disposition} file-name extraction: it never throws, and what it returns is
 * null or one safe file name: no path separator, no control or bidi-override character, not
 * {@code .} or {@code ..}, no leading dot, bounded length.
 */
final class ContentDispositionsFuzzTest {
  @FuzzTest(maxDuration = "2m")
  void fileNameIsNullOrASafeName(FuzzedDataProvider data) {
    String name = ContentDispositions.fileName(data.consumeRemainingAsString());
    if (name == null) return;
    assertFalse(name.isEmpty());
    assertTrue(name.length() <= ContentDispositions.MAX_LENGTH, "too long: " + name.length());
    assertFalse(name.startsWith("."), name);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      assertFalse(c == '/' || c == '\\' || c < 0x20 || c == 0x7f, "unsafe char " + (int) c);
      assertFalse(c >= '\u202a' && c <= '\u202e', "bidi override");
    }
  }
}
