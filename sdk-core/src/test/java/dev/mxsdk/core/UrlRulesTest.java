package dev.mxsdk.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;

final class UrlRulesTest {
  @Test
  void loopbackHostsAreRecognised() {
    assertTrue(UrlRules.isLoopback("localhost"));
    assertTrue(UrlRules.isLoopback("127.0.0.1"));
    assertTrue(UrlRules.isLoopback("127.255.3.4"));
    assertTrue(UrlRules.isLoopback("::1"));
    assertFalse(UrlRules.isLoopback("127.0.0.1.evil.com"));
    assertFalse(UrlRules.isLoopback("128.0.0.1"));
    assertFalse(UrlRules.isLoopback("10.0.0.1"));
    assertFalse(UrlRules.isLoopback("localhost.evil.com"));
    assertFalse(UrlRules.isLoopback("127.0.0.256"));
  }

  @Test
  void originIsSchemeHostAndPortOnly() {
    assertEquals("https://cdn.example:443",
        UrlRules.origin(HttpUrl.get("https://user:pw@cdn.example/path?token=secret")));
    assertEquals("http://[::1]:8080", UrlRules.origin(HttpUrl.get("http://[::1]:8080/x")));
  }

  @Test
  void sameOriginComparesSchemeHostAndPort() {
    HttpUrl hs = HttpUrl.get("https://hs.example/");
    assertTrue(UrlRules.sameOrigin(hs, HttpUrl.get("https://hs.example:443/other")));
    assertFalse(UrlRules.sameOrigin(hs, HttpUrl.get("https://hs.example:8448/")));
    assertFalse(UrlRules.sameOrigin(hs, HttpUrl.get("http://hs.example/")));
    assertFalse(UrlRules.sameOrigin(hs, HttpUrl.get("https://cdn.hs.example/")));
  }

  @Test
  void aUrlWithAUserNameOrPasswordIsRefusedAndTheMessageHidesThem() {
    HttpUrl from = HttpUrl.get("https://hs.example/");
    for (String url : new String[] {"https://user:SECRET@cdn.example/o", "https://user@cdn.example/o",
        "https://:SECRET@cdn.example/o"}) {
      assertEquals("refused a redirect to a URL with a user name or password"
          + " (https://cdn.example:443)", UrlRules.problem(HttpUrl.get(url), from, false));
    }
  }

  @Test
  void schemeRules() {
    HttpUrl https = HttpUrl.get("https://hs.example/");
    assertNull(UrlRules.problem(https, null, false));
    assertNotNull(UrlRules.problem(HttpUrl.get("http://127.0.0.1/"), null, false));
    assertNull(UrlRules.problem(HttpUrl.get("http://127.0.0.1/"), null, true));
    assertNotNull(UrlRules.problem(HttpUrl.get("http://10.0.0.1/"), null, true));
    assertNotNull(UrlRules.problem(HttpUrl.get("http://127.0.0.1/"), https, true));
  }
}
