package dev.mxsdk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

final class SanitizerTest {
  private static final byte[] KEY = new byte[32];

  static {
    for (int i = 0; i < KEY.length; i++) KEY[i] = (byte) (0xf0 + i * 7);
  }

  private final Sanitizer sanitizer = new Sanitizer();

  /** No character that a terminal could act on, and nothing outside one line. */
  private static void assertPrintable(String line) {
    for (int i = 0; i < line.length(); ) {
      int cp = line.codePointAt(i);
      assertFalse(Sanitizer.isUnsafe(cp), String.format("U+%04X in %s", cp, line));
      i += Character.charCount(cp);
    }
  }

  @Test
  void escSequencesAndBelAreShownAsVisibleEscapes() {
    String cleaned = sanitizer.clean("\u001b]0;pwned\u0007 and \u001b[2J\u001b[1;1H");
    assertEquals("\\u001b]0;pwned\\u0007 and \\u001b[2J\\u001b[1;1H", cleaned);
    assertPrintable(cleaned);
  }

  @Test
  void lineSeparatorsNextLineAndDelAreEscaped() {
    assertEquals("a\\u2028b\\u2029c\\u0085d\\u007fe",
        sanitizer.clean("a\u2028b\u2029c\u0085d\u007fe"));
  }

  @Test
  void everyC0AndC1ControlIsEscapedOrTurnedIntoASpace() {
    for (char c = 0; c < 0xa0; c++) {
      if (c >= 0x20 && c < 0x7f) continue;
      String expected = c == '\r' || c == '\n' || c == '\t' ? "x y"
          : String.format("x\\u%04xy", (int) c);
      assertEquals(expected, sanitizer.clean("x" + c + "y"), "U+" + Integer.toHexString(c));
    }
  }

  @Test
  void carriageReturnLineFeedAndTabBecomeSpacesSoTheTextStaysOnOneLine() {
    assertEquals("HTTP 500  /tmp/x: 13 bytes in 0.01 s",
        sanitizer.clean("HTTP 500\r\n/tmp/x:\t13 bytes in 0.01 s\n"));
  }

  @Test
  void bidirectionalOverridesAndIsolatesAreEscaped() {
    String text = "\u202agnp.exe\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c";
    String cleaned = sanitizer.clean(text);
    assertPrintable(cleaned);
    assertEquals("\\u202agnp.exe\\u202b\\u202c\\u202d\\u202e\\u2066\\u2067\\u2068\\u2069"
        + "\\u200e\\u200f\\u061c", cleaned);
  }

  @Test
  void unpairedSurrogatesAreEscapedAndPairsAreKept() {
    assertEquals("\\ud800 \ud83d\ude00 \\ude00", sanitizer.clean("\ud800 \ud83d\ude00 \ude00"));
  }

  @Test
  void ordinaryTextIncludingAccentsAndEmojiIsUnchanged() {
    String text = "Fichier introuvable: café 🎉 «ok» [M_NOT_FOUND]";
    assertEquals(text, sanitizer.clean(text));
  }

  @Test
  void textUpToTheCapIsKeptWhole() {
    String text = "e".repeat(Sanitizer.MAX_LENGTH);
    assertEquals(text, sanitizer.clean(text));
  }

  @Test
  void longerTextIsCutAtTheCapEndingWithAnEllipsis() {
    String cleaned = sanitizer.clean("M_" + "X".repeat(60_000));
    assertEquals(Sanitizer.MAX_LENGTH, cleaned.length());
    assertTrue(cleaned.endsWith("XXX..."), cleaned);
  }

  @Test
  void theCapCountsEscapesAndNeverSplitsOne() {
    String cleaned = sanitizer.clean("\u001b".repeat(60_000));
    assertTrue(cleaned.length() <= Sanitizer.MAX_LENGTH, cleaned);
    assertTrue(cleaned.matches("(\\\\u001b)+\\.\\.\\."), cleaned);
  }

  @Test
  void theCapNeverSplitsASurrogatePair() {
    String cleaned = sanitizer.clean("a" + "🎉".repeat(400));
    assertTrue(cleaned.length() <= Sanitizer.MAX_LENGTH, "" + cleaned.length());
    assertTrue(cleaned.endsWith("🎉..."), cleaned);
  }

  @Test
  void tokensAndPasswordsAreRedacted() {
    sanitizer.addSecret("syt_dG9rZW4_secret");
    sanitizer.addSecret("hunter2 pass".toCharArray());
    String cleaned = sanitizer.clean("token=syt_dG9rZW4_secret password='hunter2 pass' again"
        + " syt_dG9rZW4_secret");
    assertEquals("token=[redacted] password='[redacted]' again [redacted]", cleaned);
  }

  @Test
  void aPasswordArrayClearedByTheCallerIsStillRedacted() {
    char[] password = "correct horse".toCharArray();
    sanitizer.addSecret(password);
    java.util.Arrays.fill(password, '\0');
    assertEquals("bad [redacted]", sanitizer.clean("bad correct horse"));
  }

  @Test
  void theKeyIsRedactedInEveryBase64AndHexForm() {
    sanitizer.addKey(KEY);
    String standard = Base64.getEncoder().encodeToString(KEY);
    String url = Base64.getUrlEncoder().encodeToString(KEY);
    assertTrue(standard.contains("+") || standard.contains("/"), "the test key must differ"
        + " between the two alphabets");
    String hex = HexFormat.of().formatHex(KEY);
    String[] forms = {standard, standard.replace("=", ""), url, url.replace("=", ""), hex,
        hex.toUpperCase(java.util.Locale.ROOT),
        hex.substring(0, 10).toUpperCase(java.util.Locale.ROOT) + hex.substring(10)};
    for (String form : forms) {
      assertEquals("key [redacted] end", sanitizer.clean("key " + form + " end"), form);
    }
  }

  @Test
  void theKeyOfEncryptedFileJsonIsRedactedEvenWhenTheJsonIsBroken() {
    String k = Base64.getUrlEncoder().withoutPadding().encodeToString(KEY);
    sanitizer.addEncryptedFileKey("{\"key\":{\"kty\":\"oct\",\"k\" : \"" + k + "\",");
    assertEquals("[redacted] / [redacted]", sanitizer.clean(k + " / "
        + HexFormat.of().formatHex(KEY)));
  }

  @Test
  void aSecretInterleavedWithControlCharactersIsStillRedacted() {
    sanitizer.addSecret("syt_cli_token");
    String cleaned = sanitizer.clean("x syt_\u001bcli\u200f_to\u0000ken y");
    assertEquals("x [redacted] y", cleaned);
  }

  @Test
  void aSecretPastTheCapIsNeitherShownNorCutInHalf() {
    sanitizer.addSecret("syt_cli_token");
    String cleaned = sanitizer.clean("x".repeat(Sanitizer.MAX_LENGTH - 8) + "syt_cli_token");
    assertFalse(cleaned.contains("syt_"), cleaned);
    assertTrue(cleaned.endsWith("..."), cleaned);
  }

  @Test
  void clearForgetsTheSecrets() {
    sanitizer.addSecret("syt_cli_token");
    sanitizer.clear();
    assertEquals("syt_cli_token", sanitizer.clean("syt_cli_token"));
  }

  @Test
  void anExceptionWithoutMessageIsDescribedByItsType() {
    assertEquals("IOException", sanitizer.describe(new IOException()));
  }

  @Test
  void stackTracesPrintEveryMessageCleanedAndRedacted() {
    sanitizer.addSecret("syt_cli_token");
    IOException cause = new IOException("cause \u001b]0;x\u0007 syt_cli_token\nforged: 1 bytes");
    IOException e = new IOException("top \u2028 line", cause);
    e.addSuppressed(new IllegalStateException("suppressed \u0085"));
    StringWriter trace = new StringWriter();
    sanitizer.printStackTrace(e, new PrintWriter(trace, true));
    String text = trace.toString();
    assertFalse(text.contains("syt_cli_token"), text);
    for (String line : text.split("\n", -1)) {
      assertPrintable(line.replace("\t", ""));
      assertFalse(line.startsWith("forged"), text);
    }
    assertTrue(text.contains("Caused by: java.io.IOException: cause \\u001b]0;x\\u0007 [redacted]"
        + " forged: 1 bytes"), text);
    assertTrue(text.contains("\tSuppressed: java.lang.IllegalStateException: suppressed"
        + " \\u0085"), text);
    assertTrue(text.contains("\tat dev.mxsdk.cli.SanitizerTest."), text);
  }

  @Test
  void fileNamesLoseEveryUnsafeCharacter() {
    assertEquals("evil_name_txt_.exe", Sanitizer.safeFileName("evil\u2028name\u202etxt\u0085.exe"));
  }
}
