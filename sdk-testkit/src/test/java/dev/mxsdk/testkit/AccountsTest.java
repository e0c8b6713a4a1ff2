package dev.mxsdk.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.squareup.moshi.JsonReader;
import dev.mxsdk.core.MxcUri;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The testkit's login, refresh, logout, whoami and {@code .well-known} endpoints. */
final class AccountsTest {
  private final Http http = new Http();
  private TestHomeserver server;

  @AfterEach
  void close() {
    if (server != null) server.close();
  }

  private HttpResponse<byte[]> post(String path, String json, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
        .POST(HttpRequest.BodyPublishers.ofString(json));
    if (headers.length > 0) request.headers(headers);
    return http.send(request.build());
  }

  private static Map<?, ?> json(HttpResponse<byte[]> response) throws Exception {
    return (Map<?, ?>) JsonReader.of(new Buffer().write(response.body())).readJsonValue();
  }

  private static String login(String user, String password, boolean refresh) {
    return "{\"type\":\"m.login.password\",\"identifier\":{\"type\":\"m.id.user\",\"user\":\""
        + user + "\"},\"password\":\"" + password + "\",\"refresh_token\":" + refresh + "}";
  }

  private HttpResponse<byte[]> download(MxcUri uri, String token) {
    return http.get(server.baseUrl() + "/_matrix/client/v1/media/download/" + uri.serverName()
        + "/" + uri.mediaId(), "Authorization", "Bearer " + token);
  }

  @Test
  void aPasswordLoginIssuesTokensThatAuthenticateMediaRequests() throws Exception {
    server = TestHomeserver.newBuilder().user("alice", "pw").start();
    HttpResponse<byte[]> response = post("/_matrix/client/v3/login", login("alice", "pw", false));
    assertEquals(200, response.statusCode());
    Map<?, ?> body = json(response);
    assertEquals("@alice:localhost", body.get("user_id"));
    assertFalse(body.containsKey("refresh_token"));
    assertFalse(body.containsKey("expires_in_ms"));
    String token = (String) body.get("access_token");
    assertEquals(List.of(body.get("device_id")), server.devices("@alice:localhost"));

    MxcUri uri = server.seed("x".getBytes(StandardCharsets.UTF_8), "text/plain", null);
    assertEquals(307, download(uri, token).statusCode());
    HttpResponse<byte[]> whoami = http.get(server.baseUrl() + "/_matrix/client/v3/account/whoami",
        "Authorization", "Bearer " + token);
    assertEquals(Map.of("user_id", "@alice:localhost", "device_id", body.get("device_id")),
        json(whoami));
  }

  @Test
  void theFullUserIdOnTheServerNameOrOnTheServersAddressIsAccepted() throws Exception {
    server = TestHomeserver.newBuilder().user("alice", "pw").start();
    assertEquals("@alice:localhost", json(post("/_matrix/client/v3/login",
        login("@alice:localhost", "pw", false))).get("user_id"));
    String onAddress = "@alice:" + server.authority();
    assertEquals(onAddress, json(post("/_matrix/client/v3/login", login(onAddress, "pw", false)))
        .get("user_id"));
    assertEquals(403, post("/_matrix/client/v3/login", login("@alice:elsewhere.org", "pw", false))
        .statusCode());
  }

  @Test
  void wrongPasswordsUnknownUsersAndBadBodiesAreTheSpecsErrors() throws Exception {
    server = TestHomeserver.newBuilder().user("alice", "pw").start();
    HttpResponse<byte[]> wrong = post("/_matrix/client/v3/login", login("alice", "nope", false));
    assertEquals(403, wrong.statusCode());
    assertEquals("M_FORBIDDEN", json(wrong).get("errcode"));
    assertEquals(403, post("/_matrix/client/v3/login", login("bob", "pw", false)).statusCode());
    HttpResponse<byte[]> notJson = post("/_matrix/client/v3/login", "{nope");
    assertEquals(400, notJson.statusCode());
    assertEquals("M_NOT_JSON", json(notJson).get("errcode"));
    HttpResponse<byte[]> sso = post("/_matrix/client/v3/login", "{\"type\":\"m.login.token\"}");
    assertEquals("M_UNKNOWN", json(sso).get("errcode"));
    assertEquals("{\"flows\":[{\"type\":\"m.login.password\"}]}",
        Http.body(http.get(server.baseUrl() + "/_matrix/client/v3/login")));
  }

  @Test
  void shortLivedTokensExpireToSoftLogoutAndARefreshTokenWorksExactlyOnce() throws Exception {
    MutableClock clock = new MutableClock(1_700_000_000_000L);
    server = TestHomeserver.newBuilder().user("alice", "pw").accessTokenLifetimeMillis(60_000)
        .clock(clock).start();
    Map<?, ?> session = json(post("/_matrix/client/v3/login", login("alice", "pw", true)));
    assertEquals(60_000L, ((Number) session.get("expires_in_ms")).longValue());
    String access = (String) session.get("access_token");
    String refresh = (String) session.get("refresh_token");
    MxcUri uri = server.seed("x".getBytes(StandardCharsets.UTF_8), "text/plain", null);
    assertEquals(307, download(uri, access).statusCode());

    clock.advance(60_000);
    HttpResponse<byte[]> expired = download(uri, access);
    assertEquals(401, expired.statusCode());
    assertEquals(Map.of("errcode", "M_UNKNOWN_TOKEN", "error", "Access token has expired",
        "soft_logout", true), json(expired));

    Map<?, ?> refreshed = json(post("/_matrix/client/v3/refresh",
        "{\"refresh_token\":\"" + refresh + "\"}"));
    String newAccess = (String) refreshed.get("access_token");
    assertNotEquals(access, newAccess);
    assertNotEquals(refresh, refreshed.get("refresh_token"));
    assertEquals(307, download(uri, newAccess).statusCode());
    assertEquals(401, download(uri, access).statusCode(), "the old access token is gone");

    HttpResponse<byte[]> reused = post("/_matrix/client/v3/refresh",
        "{\"refresh_token\":\"" + refresh + "\"}");
    assertEquals(401, reused.statusCode());
    assertEquals(Boolean.FALSE, json(reused).get("soft_logout"));
  }

  @Test
  void expireAccessTokensExpiresEveryIssuedTokenAtOnce() throws Exception {
    server = TestHomeserver.newBuilder().user("alice", "pw").start();
    String a = (String) json(post("/_matrix/client/v3/login", login("alice", "pw", true)))
        .get("access_token");
    MxcUri uri = server.seed("x".getBytes(StandardCharsets.UTF_8), "text/plain", null);
    assertEquals(307, download(uri, a).statusCode());
    server.expireAccessTokens();
    assertEquals(401, download(uri, a).statusCode());
    assertEquals(307, download(uri, server.accessToken()).statusCode(),
        "the configured static token never expires");
  }

  @Test
  void logoutDeletesTheDeviceAndItsTokens() throws Exception {
    server = TestHomeserver.newBuilder().user("alice", "pw").start();
    Map<?, ?> session = json(post("/_matrix/client/v3/login", login("alice", "pw", true)));
    String access = (String) session.get("access_token");
    assertEquals(200, post("/_matrix/client/v3/logout", "{}", "Authorization", "Bearer " + access)
        .statusCode());
    assertTrue(server.devices("@alice:localhost").isEmpty());
    MxcUri uri = server.seed("x".getBytes(StandardCharsets.UTF_8), "text/plain", null);
    HttpResponse<byte[]> after = download(uri, access);
    assertEquals(401, after.statusCode());
    assertFalse(json(after).containsKey("soft_logout"));
    assertEquals(401, post("/_matrix/client/v3/refresh",
        "{\"refresh_token\":\"" + session.get("refresh_token") + "\"}").statusCode());
    assertEquals(401, post("/_matrix/client/v3/logout", "{}", "Authorization", "Bearer " + access)
        .statusCode());
  }

  @Test
  void wellKnownNamesTheBaseUrlAndCanBeReplacedOrRemoved() throws Exception {
    server = TestHomeserver.newBuilder().start();
    HttpResponse<byte[]> wellKnown = http.get(server.baseUrl() + "/.well-known/matrix/client");
    assertEquals(200, wellKnown.statusCode());
    assertEquals(Map.of("m.homeserver", Map.of("base_url", server.baseUrl())), json(wellKnown));
    server.wellKnown("{broken");
    assertEquals("{broken", Http.body(http.get(server.baseUrl() + "/.well-known/matrix/client")));
    server.wellKnown(null);
    assertEquals(404, http.get(server.baseUrl() + "/.well-known/matrix/client").statusCode());
  }
}
