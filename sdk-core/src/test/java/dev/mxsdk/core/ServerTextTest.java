package dev.mxsdk.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Collections;
import org.junit.jupiter.api.Test;

final class ServerTextTest {
  @Test
  void terminalControlSequencesAreEscaped() {
    String forged = "\u001b]0;pwned\u0007\u001b[2K\rmxmedia: done\u009b31m";
    String safe = ServerText.sanitize(forged, 200);
    for (char c : safe.toCharArray()) {
      assertTrue(c >= 0x20 && c < 0x7f, "unsafe char " + (int) c + " in " + safe);
    }
    assertTrue(safe.startsWith("\\u001b]0;pwned\\u0007"), safe);
  }

  @Test
  void lineSeparatorsAndBidiOverridesAreEscaped() {
    assertEquals("a\\u2028b\\u0085c\\u202ed\\u2066e",
        ServerText.sanitize("a\u2028b\u0085c\u202ed\u2066e", 200));
  }

  @Test
  void ordinaryUnicodeAndSurrogatePairsAreKept() {
    String text = "Fichier trop gros: \u00e9t\u00e9 \ud83d\udcf7";
    assertEquals(text, ServerText.sanitize(text, 200));
    assertEquals("x\\ud83dy", ServerText.sanitize("x\ud83dy", 200));
  }

  @Test
  void longTextIsCutWithAMarkerAndStaysWithinTheLimit() {
    char[] many = new char[60_000];
    Arrays.fill(many, 'E');
    String cut = ServerText.sanitize(new String(many), 64);
    assertEquals(64, cut.length());
    assertTrue(cut.endsWith("..."));
    String escapes = ServerText.sanitize("\u0007\u0007\u0007\u0007\u0007", 16);
    assertTrue(escapes.length() <= 16, escapes);
    assertEquals("\\u0007\\u0007...", escapes);
  }

  @Test
  void sanitizingTwiceChangesNothing() {
    String once = ServerText.sanitize("\u001b[31m" + "y".repeat(500), 100);
    assertEquals(once, ServerText.sanitize(once, 100));
  }

  @Test
  void secretsAreRedactedEverywhereTheyOccur() {
    String text = "token abcdef123 and again abcdef123.";
    assertEquals("token [redacted] and again [redacted].",
        ServerText.redact(text, Collections.singletonList("abcdef123")));
  }

  @Test
  void hexSecretsAreRedactedInEitherCase() {
    assertEquals("key [redacted]",
        ServerText.redact("key 00FFAB12CD", Collections.singletonList("00ffab12cd")));
  }

  @Test
  void shortSecretsAreNotSearchedFor() {
    String text = "an ordinary sentence";
    assertSame(text, ServerText.redact(text, Collections.singletonList("or")));
  }

  @Test
  void aPasswordIsRedactedAsCharacters() {
    assertEquals("wrong password [redacted]!",
        ServerText.redact("wrong password hunter22!", "hunter22".toCharArray()));
    assertFalse(ServerText.redact("no match here", "hunter22".toCharArray()).contains("["));
  }
}
