package dev.mxsdk.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The RFC 6265 parsing of {@code Set-Cookie} behind the media cookie. */
final class SetCookieTest {
  /** 2030-10-31T07:28:00Z. */
  private static final long DATE = 1_919_662_080_000L;

  @Test
  void theProposalsExampleParses() throws Exception {
    SetCookie c = SetCookie.parse("example_auth=token; Expires=Thu, 31 Oct 2030 07:28:00 GMT;"
        + " Secure; HttpOnly; Domain=matrix-client.example.org; Path=/_matrix/client/v1/media/;"
        + " SameSite=Strict");
    assertEquals("example_auth", c.name);
    assertEquals("token", c.value);
    assertEquals(Long.valueOf(DATE), c.expiresMillis);
    assertNull(c.maxAgeSeconds);
    assertEquals("matrix-client.example.org", c.domain);
    assertEquals("/_matrix/client/v1/media/", c.path);
    assertTrue(c.secure);
    assertTrue(c.httpOnly);
    assertEquals("Strict", c.sameSite);
    assertFalse(c.toString().contains("token"));
  }

  @Test
  void attributeNamesAreCaseInsensitiveAndTheLastOneWins() throws Exception {
    SetCookie c = SetCookie.parse("a=b;max-age=5;MAX-AGE=7;PATH=/x;path=/y;samesite=lax;"
        + "DOMAIN=.Example.ORG;secure;Priority=High;Partitioned");
    assertEquals(Long.valueOf(7), c.maxAgeSeconds);
    assertEquals("/y", c.path);
    assertEquals("Lax", c.sameSite);
    assertEquals("example.org", c.domain);
    assertTrue(c.secure);
    assertFalse(c.httpOnly);
  }

  @Test
  void unparseableAttributeValuesAreIgnored() throws Exception {
    SetCookie c = SetCookie.parse("a=b; Max-Age=5; Max-Age=soon; Expires=tomorrow; Path=relative;"
        + " SameSite=Sometimes; Domain=");
    assertEquals(Long.valueOf(5), c.maxAgeSeconds);
    assertNull(c.expiresMillis);
    assertNull(c.path);
    assertNull(c.sameSite);
    assertNull(c.domain);
  }

  @Test
  void cookieDatesInTheFormsBrowsersAccept() {
    assertEquals(Long.valueOf(DATE), SetCookie.parseCookieDate("Thu, 31 Oct 2030 07:28:00 GMT"));
    assertEquals(Long.valueOf(DATE), SetCookie.parseCookieDate("Thursday, 31-Oct-30 07:28:00 GMT"));
    assertEquals(Long.valueOf(DATE), SetCookie.parseCookieDate("Thu Oct 31 07:28:00 2030"));
    assertEquals(Long.valueOf(DATE), SetCookie.parseCookieDate("31 october 2030 7:28:0"));
    assertEquals(Long.valueOf(0L), SetCookie.parseCookieDate("Thu, 01 Jan 1970 00:00:00 GMT"));
    assertNull(SetCookie.parseCookieDate("Sat, 30 Feb 2030 07:28:00 GMT"));
    assertNull(SetCookie.parseCookieDate("Thu, 31 Oct 2030 24:00:00 GMT"));
    assertNull(SetCookie.parseCookieDate("Thu, 31 Oct 2030"));
    assertNull(SetCookie.parseCookieDate("31 Oct 1600 07:28:00"));
    assertNull(SetCookie.parseCookieDate(""));
  }

  @Test
  void maxAgeIsDigitsWithAnOptionalMinus() {
    assertEquals(Long.valueOf(300), SetCookie.parseMaxAge("300"));
    assertEquals(Long.valueOf(-1), SetCookie.parseMaxAge("-1"));
    assertEquals(Long.valueOf(Long.MAX_VALUE), SetCookie.parseMaxAge("99999999999999999999"));
    assertNull(SetCookie.parseMaxAge("+3"));
    assertNull(SetCookie.parseMaxAge("3s"));
    assertNull(SetCookie.parseMaxAge("-"));
    assertNull(SetCookie.parseMaxAge(""));
  }

  @Test
  void whatRfc6265IgnoresOrTheSdkCannotHandOnSafelyIsRejectedWithoutTheValue() {
    for (String header : new String[] {"novalue", "=v", " =v", "a b=v", "a=", "a=\"\"",
        "a=v v", "a=v,w", "a=v\\w", "a=\u00e9t\u00e9", "a=x\"y"}) {
      SetCookie.Rejected e = assertThrows(SetCookie.Rejected.class, () -> SetCookie.parse(header),
          header);
      assertFalse(e.getMessage().contains("v,w") || e.getMessage().contains("x\"y"),
          e.getMessage());
    }
  }
}
