package dev.mxsdk.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.squareup.moshi.JsonReader;
import dev.mxsdk.core.MxcUri;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The testkit's MSC4250 switch: cookie issuance, expiry, the mismatch rule, the scope. */
final class MediaCookiesTest {
  private static final String WHOAMI = "/_matrix/client/v3/account/whoami";
  private static final String ASK = WHOAMI + "?org.matrix.msc4250.set_auth_cookie=true";
  private static final long T0 = 1_919_661_480_000L; // 2030-10-31T07:18:00Z

  private final Http http = new Http();
  private final MutableClock clock = new MutableClock(T0);
  private TestHomeserver server;
  private MxcUri uri;

  @AfterEach
  void close() {
    if (server != null) server.close();
  }

  private TestHomeserverBuilder builder() {
    return TestHomeserver.newBuilder().cdn(false).clock(clock).mediaAuthCookies(true)
        .user("alice", "pw").user("bob", "pw");
  }

  private void start(TestHomeserverBuilder b) throws Exception {
    server = b.start();
    uri = server.seed("hello".getBytes(StandardCharsets.UTF_8), "text/plain", "hello.txt");
  }

  private static Map<?, ?> json(HttpResponse<byte[]> response) throws Exception {
    return (Map<?, ?>) JsonReader.of(new Buffer().write(response.body())).readJsonValue();
  }

  private String login(String user) throws Exception {
    HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(
        URI.create(server.baseUrl() + "/_matrix/client/v3/login"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"m.login.password\",\"identifier\":"
            + "{\"type\":\"m.id.user\",\"user\":\"" + user + "\"},\"password\":\"pw\"}"))
        .build());
    assertEquals(200, r.statusCode());
    return (String) json(r).get("access_token");
  }

  /** Asks for a cookie with {@code token}; returns the {@code name=value} pair. */
  private String cookie(String token) {
    HttpResponse<byte[]> r = http.get(server.baseUrl() + ASK, "Authorization", "Bearer " + token);
    assertEquals(200, r.statusCode());
    String setCookie = Http.header(r, "Set-Cookie");
    assertNotNull(setCookie, "no Set-Cookie");
    return setCookie.substring(0, setCookie.indexOf(';'));
  }

  private String download() {
    return server.baseUrl() + "/_matrix/client/v1/media/download/" + uri.serverName() + "/"
        + uri.mediaId();
  }

  private static String errcode(HttpResponse<byte[]> r) throws Exception {
    return (String) json(r).get("errcode");
  }

  @Test
  void whoamiSetsAShortLivedHostOnlyCookieForTheMediaPathOnlyWhenAsked() throws Exception {
    start(builder());
    String token = login("alice");
    assertNull(Http.header(http.get(server.baseUrl() + WHOAMI, "Authorization",
        "Bearer " + token), "Set-Cookie"));
    assertNull(Http.header(http.get(server.baseUrl() + WHOAMI
        + "?org.matrix.msc4250.set_auth_cookie=false", "Authorization", "Bearer " + token),
        "Set-Cookie"));

    HttpResponse<byte[]> r = http.get(server.baseUrl() + ASK, "Authorization", "Bearer " + token);
    assertEquals(200, r.statusCode());
    assertEquals("@alice:localhost", json(r).get("user_id"));
    String setCookie = Http.header(r, "Set-Cookie");
    assertTrue(setCookie.matches("mxsdk_testkit_media=[A-Za-z0-9_-]{32}; "
        + "Path=/_matrix/client/v1/media/; Max-Age=300; Expires=Thu, 31 Oct 2030 07:23:00 GMT;"
        + " HttpOnly; SameSite=Strict"), setCookie);
    assertFalse(setCookie.contains("Domain"));
    assertFalse(setCookie.contains("Secure")); // plain http
    assertEquals(1, r.headers().allValues("Set-Cookie").size());
  }

  @Test
  void theFeatureIsAdvertisedOnlyWhileTheSwitchIsOn() throws Exception {
    start(builder());
    assertEquals(Boolean.TRUE, ((Map<?, ?>) json(http.get(server.baseUrl()
        + "/_matrix/client/versions")).get("unstable_features")).get("org.matrix.msc4250"));
    server.close();

    start(TestHomeserver.newBuilder().cdn(false).user("alice", "pw"));
    assertNull(((Map<?, ?>) json(http.get(server.baseUrl() + "/_matrix/client/versions"))
        .get("unstable_features")).get("org.matrix.msc4250"));
    String token = login("alice");
    assertNull(Http.header(http.get(server.baseUrl() + ASK, "Authorization", "Bearer " + token),
        "Set-Cookie"));
  }

  @Test
  void aServerCanImplementItWithoutAdvertisingIt() throws Exception {
    start(builder().unstableFeature("org.matrix.msc4250", false));
    assertEquals(Boolean.FALSE, ((Map<?, ?>) json(http.get(server.baseUrl()
        + "/_matrix/client/versions")).get("unstable_features")).get("org.matrix.msc4250"));
    assertEquals(200, http.get(download(), "Cookie", cookie(login("alice"))).statusCode());
  }

  @Test
  void theCookieAloneAuthenticatesDownloadsAndThumbnails() throws Exception {
    server = builder().start();
    uri = server.seed(ThumbnailTest.png(64, 48, false), "image/png", "p.png");
    String cookie = cookie(login("alice"));

    HttpResponse<byte[]> plain = http.get(download(), "Cookie", cookie);
    assertEquals(200, plain.statusCode());
    assertEquals("image/png", Http.header(plain, "Content-Type"));
    assertEquals(200, http.get(download() + "/named.png", "Cookie", "other=1; " + cookie)
        .statusCode());
    assertEquals(200, http.get(server.baseUrl() + "/_matrix/client/v1/media/thumbnail/"
        + uri.serverName() + "/" + uri.mediaId() + "?width=32&height=32", "Cookie", cookie)
        .statusCode());
    // Without the cookie or a token: no authentication at all.
    HttpResponse<byte[]> none = http.get(download());
    assertEquals(401, none.statusCode());
    assertEquals("M_MISSING_TOKEN", errcode(none));
  }

  @Test
  void aCookieOfAConfiguredTokenWorksToo() throws Exception {
    start(builder());
    assertEquals(200, http.get(download(), "Cookie", cookie(server.accessToken())).statusCode());
  }

  @Test
  void anExpiredCookieIsAnUnknownToken() throws Exception {
    start(builder().mediaAuthCookieLifetimeMillis(60_000));
    String cookie = cookie(login("alice"));
    clock.advance(59_999);
    assertEquals(200, http.get(download(), "Cookie", cookie).statusCode());
    clock.advance(1);
    HttpResponse<byte[]> expired = http.get(download(), "Cookie", cookie);
    assertEquals(401, expired.statusCode());
    assertEquals("M_UNKNOWN_TOKEN", errcode(expired));
  }

  @Test
  void anUnknownCookieValueIsAnUnknownTokenButAnotherCookieNameIsNoAuthentication()
      throws Exception {
    start(builder());
    HttpResponse<byte[]> unknown = http.get(download(), "Cookie", "mxsdk_testkit_media=forged");
    assertEquals(401, unknown.statusCode());
    assertEquals("M_UNKNOWN_TOKEN", errcode(unknown));
    HttpResponse<byte[]> useless = http.get(download(), "Cookie", "not_auth=token");
    assertEquals(401, useless.statusCode());
    assertEquals("M_MISSING_TOKEN", errcode(useless));
  }

  @Test
  void cookieAndTokenOfDifferentUsersOrDevicesAreRefused() throws Exception {
    start(builder());
    String alice = login("alice");
    String aliceOtherDevice = login("alice");
    String bob = login("bob");
    String cookie = cookie(alice);

    assertEquals(200, http.get(download(), "Cookie", cookie, "Authorization", "Bearer " + alice)
        .statusCode());
    for (String token : new String[] {bob, aliceOtherDevice, server.accessToken()}) {
      HttpResponse<byte[]> mismatch = http.get(download(), "Cookie", cookie,
          "Authorization", "Bearer " + token);
      assertEquals(401, mismatch.statusCode());
      assertEquals("M_UNKNOWN_TOKEN", errcode(mismatch));
    }
    // A valid cookie does not rescue an invalid token.
    HttpResponse<byte[]> badToken = http.get(download(), "Cookie", cookie,
        "Authorization", "Bearer nope");
    assertEquals(401, badToken.statusCode());
    assertEquals("M_UNKNOWN_TOKEN", errcode(badToken));
  }

  @Test
  void otherEndpointsIgnoreTheCookie() throws Exception {
    start(builder());
    String alice = login("alice");
    String bob = login("bob");
    String cookie = cookie(alice);
    for (String path : new String[] {WHOAMI, "/_matrix/client/v1/media/config",
        "/_matrix/client/v1/media/preview_url?url=http://127.0.0.1/"}) {
      HttpResponse<byte[]> alone = http.get(server.baseUrl() + path, "Cookie", cookie);
      assertEquals(401, alone.statusCode(), path);
      assertEquals("M_MISSING_TOKEN", errcode(alone), path);
    }
    // The proposal's example: an unlisted endpoint answers for the token's user, cookie or not.
    HttpResponse<byte[]> whoami = http.get(server.baseUrl() + WHOAMI, "Cookie", cookie,
        "Authorization", "Bearer " + bob);
    assertEquals(200, whoami.statusCode());
    assertEquals("@bob:localhost", json(whoami).get("user_id"));
  }

  @Test
  void aLoggedOutDevicesCookieIsAnUnknownToken() throws Exception {
    start(builder());
    String alice = login("alice");
    String cookie = cookie(alice);
    assertEquals(200, http.send(HttpRequest.newBuilder(
        URI.create(server.baseUrl() + "/_matrix/client/v3/logout"))
        .header("Authorization", "Bearer " + alice)
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build()).statusCode());
    HttpResponse<byte[]> after = http.get(download(), "Cookie", cookie);
    assertEquals(401, after.statusCode());
    assertEquals("M_UNKNOWN_TOKEN", errcode(after));
  }

  @Test
  void withTlsTheCookieIsSecure() throws Exception {
    server = builder().tls(true).start();
    Http https = new Http(server.sslContext());
    HttpResponse<byte[]> r = https.get(server.baseUrl() + ASK,
        "Authorization", "Bearer " + server.accessToken());
    assertTrue(Http.header(r, "Set-Cookie").contains("; Secure;"), Http.header(r, "Set-Cookie"));
  }
}
