package dev.mxsdk.media.internal.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Exact results for the edges of {@code Content-Disposition} parsing and sanitising, so that each
 * boundary is pinned by an expected value: parameter syntax, quoting and escapes, RFC 8187
 * percent-decoding and its errors, each class of removed or replaced character, leading dots,
 * the length cap and a surrogate pair at the cut. {@code <null>} stands for no name.
 */
final class ContentDispositionsExamplesTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', nullValues = "<null>", value = {
      "attachment; filename=a.txt | a.txt",
      "attachment;filename=a.txt;size=3 | a.txt",
      "attachment; filename=  spaced.txt  ; x=1 | spaced.txt",
      "attachment; FILENAME=upper.txt | upper.txt",
      "attachment; filename=\"q\\\"uote.txt\" | q_uote.txt",
      "attachment; filename=\"semi;colon.txt\"; x=1 | semi;colon.txt",
      "attachment; filename=\"unterminated | unterminated",
      "attachment; filename=\"ends\\ | <null>",
      "attachment; filename | <null>",
      "attachment | <null>",
      "attachment; size=1 | <null>",
      "attachment; filename=a; filename*=UTF-8''b%C3%A9.txt | bé.txt",
      "attachment; filename*=UTF-8''b%C3%A9.txt; filename=a | bé.txt",
      "attachment; filename*=utf-8'en'x%2Fy | y",
      "attachment; filename*=ISO-8859-1''caf%E9 | café",
      "attachment; filename*=UTF-16''x; filename=fallback | fallback",
      "attachment; filename*=UTF-8''bad%2; filename=fallback | fallback",
      "attachment; filename*=UTF-8''bad%G1; filename=fallback | fallback",
      "attachment; filename*=UTF-8''%41 | A",
      "attachment; filename*=UTF-8''%4 ; filename=f | f",
      "attachment; filename*=UTF-8''é; filename=fallback | fallback",
      "attachment; filename*=UTF-8'no-second-quote; filename=fallback | fallback",
      "attachment; filename=../../etc/passwd | passwd",
      "attachment; filename=..\\..\\win.ini | win.ini",
      "attachment; filename=...hidden | hidden",
      "attachment; filename= . . .x | x",
      "attachment; filename=a:b*c?d<e>f | a_b_c_d_e_f",
      "attachment; filename=dir/ | <null>",
      "attachment; filename=... | <null>",
  })
  void headersYieldTheseNames(String header, String expected) {
    assertEquals(expected, ContentDispositions.fileName(header));
  }

  @ParameterizedTest(name = "U+{0}")
  @CsvSource({"0000", "001f", "007f", "0080", "009f", "200e", "200f", "202a", "202e", "2066",
      "2069", "2028", "2029", "061c", "feff"})
  void controlAndDirectionCharactersAreRemoved(String hex) {
    char c = (char) Integer.parseInt(hex, 16);
    assertEquals("ab.txt", ContentDispositions.sanitize("a" + c + "b.txt"));
  }

  @ParameterizedTest(name = "U+{0}")
  @CsvSource({"0020", "007e", "00a0", "200d", "2027", "202f", "2065", "206a"})
  void theirNeighboursAreKept(String hex) {
    char c = (char) Integer.parseInt(hex, 16);
    String name = "a" + c + "b";
    assertEquals(name, ContentDispositions.sanitize(name));
  }

  @ParameterizedTest(name = "{0} characters")
  @CsvSource({"199", "200", "201", "500"})
  void namesAreCutAtTheLimit(int length) {
    char[] chars = new char[length];
    Arrays.fill(chars, 'x');
    assertEquals(Math.min(length, ContentDispositions.MAX_LENGTH),
        ContentDispositions.sanitize(new String(chars)).length());
  }

  @ParameterizedTest(name = "pair at {0}")
  @CsvSource({"198", "199", "200"})
  void aCutNeverSplitsASurrogatePair(int at) {
    char[] chars = new char[210];
    Arrays.fill(chars, 'x');
    chars[at] = '\ud83d';
    chars[at + 1] = '\ude00';
    String cut = ContentDispositions.sanitize(new String(chars));
    char last = cut.charAt(cut.length() - 1);
    assertEquals(false, Character.isHighSurrogate(last), "ends inside a pair at " + cut.length());
    // The pair is 4 UTF-8 bytes: it fits only when the name stays within 200 bytes.
    assertEquals(at, cut.length());
  }

  @ParameterizedTest(name = "{0} two-byte characters")
  @CsvSource({"99", "100", "101", "150"})
  void namesAreCutAtTwoHundredUtf8Bytes(int count) {
    char[] chars = new char[count];
    Arrays.fill(chars, '\u00e9');
    String cut = ContentDispositions.sanitize(new String(chars));
    assertEquals(Math.min(count, 100), cut.length());
    assertEquals(true, cut.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 200);
  }

  @org.junit.jupiter.api.Test
  void anUnpairedSurrogateIsRemoved() {
    assertEquals("ab.txt", ContentDispositions.sanitize("a\ud83db.txt"));
    assertEquals("ab.txt", ContentDispositions.sanitize("a\ude00b.txt"));
  }
}
