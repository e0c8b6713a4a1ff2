package dev.mxsdk.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.squareup.moshi.JsonReader;
import dev.mxsdk.core.MalformedResponseException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import okio.Buffer;
import org.junit.jupiter.api.Test;

final class AccountJsonTest {
  private static Map<?, ?> parse(byte[] json) throws Exception {
    return (Map<?, ?>) JsonReader.of(new Buffer().write(json)).readJsonValue();
  }

  @Test
  void everyPasswordCharacterSurvivesTheHandWrittenEncoding() throws Exception {
    String password = "a\"b\\c\n\t\u0001\u007f\u00e9\u20ac\ud83d\ude00 end";
    byte[] body = AccountJson.passwordLogin("@a:b", password.toCharArray(), "DEV", "name \"x\"",
        false);
    Map<?, ?> json = parse(body);
    assertEquals(password, json.get("password"));
    assertEquals("DEV", json.get("device_id"));
    assertEquals("name \"x\"", json.get("initial_device_display_name"));
    assertFalse(json.containsKey("refresh_token"));
  }

  @Test
  void anUnpairedSurrogateBecomesAQuestionMarkInsteadOfInvalidUtf8() throws Exception {
    byte[] body = AccountJson.passwordLogin("a", new char[] {'x', '\ud800', 'y'}, null, null, true);
    assertEquals("x?y", parse(body).get("password"));
    new String(body, StandardCharsets.UTF_8); // decodes
  }

  @Test
  void aRefreshAnswerNeedsOnlyTheAccessTokenAndRejectsNegativeLifetimes() throws Exception {
    AccountJson.Tokens t = AccountJson.readTokens(
        new Buffer().writeUtf8("{\"access_token\":\"a\",\"refresh_token\":null,\"x\":[1]}"),
        false, "/refresh: ");
    assertEquals("a", t.accessToken);
    assertEquals(-1, t.expiresInMillis);
    MalformedResponseException e = assertThrows(MalformedResponseException.class,
        () -> AccountJson.readTokens(new Buffer().writeUtf8(
            "{\"access_token\":\"a\",\"expires_in_ms\":-5}"), false, "/refresh: "));
    assertEquals("/refresh: expires_in_ms is negative", e.getMessage());
    e = assertThrows(MalformedResponseException.class,
        () -> AccountJson.readTokens(new Buffer().writeUtf8("{\"access_token\":\"SECRET\""),
            false, "/refresh: "));
    assertEquals("/refresh: not valid JSON", e.getMessage());
  }
}
