package dev.mxsdk.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

final class SessionTest {
  private static Session.Builder alice() {
    return Session.builder().userId("@alice:example.org").deviceId("DEV")
        .accessToken("SECRET_ACCESS").refreshToken("SECRET_REFRESH");
  }

  @Test
  void toStringNamesUserAndDeviceButNoToken() {
    String s = alice().accessTokenExpiresAtMillis(5).build().toString();
    assertEquals("Session{userId=@alice:example.org, deviceId=DEV, refreshToken=present,"
        + " expiresAtMillis=5}", s);
    assertFalse(s.contains("SECRET"));
  }

  @Test
  void equalityCoversTheTokens() {
    assertEquals(alice().build(), alice().build());
    assertEquals(alice().build().hashCode(), alice().build().hashCode());
    assertNotEquals(alice().build(), alice().accessToken("other").build());
    assertNotEquals(alice().build(), alice().refreshToken(null).build());
    assertEquals(alice().build(), alice().build().newBuilder().build());
  }

  @Test
  void requiredFieldsAndMalformedValuesAreRefusedWithoutEchoingTokens() {
    assertThrows(IllegalStateException.class,
        () -> Session.builder().userId("@a:b").deviceId("D").build());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> alice().accessToken("SECRET with space"));
    assertTrue(e.getMessage().startsWith("accessToken has a character"), e.getMessage());
    assertFalse(e.getMessage().contains("SECRET"));
    assertThrows(IllegalArgumentException.class, () -> alice().userId("alice"));
    assertThrows(IllegalArgumentException.class, () -> alice().userId("@alice"));
    assertThrows(IllegalArgumentException.class, () -> alice().userId("@:example.org"));
    assertThrows(IllegalArgumentException.class, () -> alice().userId("@alice:bad host"));
    assertThrows(IllegalArgumentException.class, () -> alice().accessTokenExpiresAtMillis(-2));
    assertThrows(IllegalArgumentException.class, () -> alice().deviceId(""));
  }

  @Test
  void passwordLoginToStringHasNoPassword() {
    PasswordLogin login = PasswordLogin.builder().user("@alice:example.org")
        .password("hunter2".toCharArray()).deviceId("DEV").build();
    assertEquals("PasswordLogin{user=@alice:example.org, deviceId=DEV, requestRefreshToken=true}",
        login.toString());
    assertThrows(IllegalStateException.class,
        () -> PasswordLogin.builder().user("alice").build());
    assertThrows(IllegalArgumentException.class,
        () -> PasswordLogin.builder().user("@alice"));
  }
}
