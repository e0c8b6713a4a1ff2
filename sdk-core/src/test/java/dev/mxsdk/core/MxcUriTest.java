package dev.mxsdk.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

final class MxcUriTest {
  private static String problem(String uri) {
    return assertThrows(IllegalArgumentException.class, () -> MxcUri.parse(uri), uri)
        .getMessage();
  }

  @Test
  void parsesADnsNameAndMediaId() {
    MxcUri uri = MxcUri.parse("mxc://example.org/SEsfnsuifSDFSSEF");
    assertEquals("example.org", uri.serverName());
    assertEquals("SEsfnsuifSDFSSEF", uri.mediaId());
  }

  @Test
  void parsesIpv4Ipv6AndPorts() {
    assertEquals("1.2.3.4", MxcUri.parse("mxc://1.2.3.4/abc").serverName());
    assertEquals("1.2.3.4:8448", MxcUri.parse("mxc://1.2.3.4:8448/abc").serverName());
    assertEquals("[::1]", MxcUri.parse("mxc://[::1]/abc").serverName());
    assertEquals("[2001:db8::1]:443", MxcUri.parse("mxc://[2001:db8::1]:443/a_b-C").serverName());
    assertEquals("matrix.example.org:1", MxcUri.parse("mxc://matrix.example.org:1/x").serverName());
    assertEquals("h:65535", MxcUri.parse("mxc://h:65535/x").serverName());
  }

  @Test
  void mediaIdAllowsOnlyLettersDigitsUnderscoreAndHyphen() {
    assertEquals("aZ09_-", MxcUri.parse("mxc://h/aZ09_-").mediaId());
    assertTrue(problem("mxc://h/a.b").contains("media ID"));
    assertTrue(problem("mxc://h/a.b").contains("'.'"));
    assertTrue(problem("mxc://h/a b").contains("media ID"));
    assertTrue(problem("mxc://h/a%2Fb").contains("'%'"));
  }

  @Test
  void pathTraversalIsRejected() {
    String m = problem("mxc://a/../b");
    assertTrue(m.contains("media ID") && m.contains("'.'"), m);
    assertTrue(problem("mxc://a/b/c").contains("'/'"));
  }

  @Test
  void queryAndFragmentAreRejected() {
    assertTrue(problem("mxc://a/b?x=1").contains("'?'"));
    assertTrue(problem("mxc://a/b#f").contains("'#'"));
  }

  @Test
  void emptyPartsAreNamed() {
    assertTrue(problem("mxc:///abc").contains("server name (empty)"));
    assertTrue(problem("mxc://a/").contains("media ID (empty)"));
    assertTrue(problem("mxc://a").contains("no media ID"));
    assertTrue(problem("mxc://:80/abc").contains("empty hostname"));
    assertTrue(problem("mxc://a:/abc").contains("port must be 1 to 5 digits"));
  }

  @Test
  void portsAreBounded() {
    assertTrue(problem("mxc://a:65536/abc").contains("port above 65535"));
    assertTrue(problem("mxc://a:123456/abc").contains("1 to 5 digits"));
    assertTrue(problem("mxc://a:8x/abc").contains("port contains 'x'"));
  }

  @Test
  void ipv6LiteralsMustBeWellFormed() {
    assertTrue(problem("mxc://[::1/abc").contains("unterminated IPv6"));
    assertTrue(problem("mxc://[::1]x/abc").contains("after IPv6"));
    assertTrue(problem("mxc://[::g]/abc").contains("IPv6 literal contains 'g'"));
    assertTrue(problem("mxc://[]/abc").contains("IPv6 literal has a bad length"));
  }

  @Test
  void schemeMustBeMxc() {
    assertTrue(problem("https://a/b").contains("must start with \"mxc://\""));
    assertTrue(problem("MXC://a/b").contains("mxc://"));
    assertTrue(problem("").contains("mxc://"));
  }

  @Test
  void unicodeIsRejectedAndNamedByCodePoint() {
    assertTrue(problem("mxc://exämple.org/abc").contains("U+00E4"));
    assertTrue(problem("mxc://a/ab\u200B").contains("U+200B"));
    assertTrue(problem("mxc://a/ab\n").contains("U+000A"));
  }

  @Test
  void overlongHostnamesAreRejected() {
    String host = "a".repeat(256);
    assertTrue(problem("mxc://" + host + "/abc").contains("longer than 255"));
    assertEquals(255, MxcUri.parse("mxc://" + "a".repeat(255) + "/abc").serverName().length());
  }

  @Test
  void messagesQuoteInputSafely() {
    String m = problem("mxc://a/\"" + "x".repeat(200));
    assertTrue(m.contains("\\u0022"), m);
    assertTrue(m.endsWith("...\""), m);
  }

  @Test
  void toStringRoundTrips() {
    for (String s : new String[] {"mxc://example.org/abc", "mxc://[::1]:8448/A_b-9",
        "mxc://10.0.0.1:80/x"}) {
      assertEquals(s, MxcUri.parse(s).toString());
      assertEquals(MxcUri.parse(s), MxcUri.parse(MxcUri.parse(s).toString()));
    }
  }

  @Test
  void ofValidatesLikeParse() {
    assertEquals(MxcUri.parse("mxc://h:1/m"), MxcUri.of("h:1", "m"));
    assertThrows(IllegalArgumentException.class, () -> MxcUri.of("h", "../m"));
    assertThrows(IllegalArgumentException.class, () -> MxcUri.of("h/x", "m"));
    assertThrows(NullPointerException.class, () -> MxcUri.of(null, "m"));
  }

  @Test
  void equalsAndHashCodeUseBothParts() {
    MxcUri a = MxcUri.parse("mxc://h/m");
    assertEquals(a, MxcUri.parse("mxc://h/m"));
    assertEquals(a.hashCode(), MxcUri.parse("mxc://h/m").hashCode());
    assertNotEquals(a, MxcUri.parse("mxc://h/n"));
    assertNotEquals(a, MxcUri.parse("mxc://g/m"));
    assertNotEquals(a, MxcUri.parse("mxc://H/m"));
    assertNotEquals(a, "mxc://h/m");
  }

  @Test
  void isValidAnswersWithoutThrowing() {
    assertTrue(MxcUri.isValid("mxc://h/m"));
    assertFalse(MxcUri.isValid("mxc://h/m?x"));
    assertFalse(MxcUri.isValid(null));
  }
}
