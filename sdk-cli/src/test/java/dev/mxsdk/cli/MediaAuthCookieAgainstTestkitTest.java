package dev.mxsdk.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mxsdk.core.MatrixClient;
import dev.mxsdk.core.MediaAuthCookie;
import dev.mxsdk.core.MediaAuthCookieUnavailableException;
import dev.mxsdk.core.MxcUri;
import dev.mxsdk.core.PasswordLogin;
import dev.mxsdk.core.Session;
import dev.mxsdk.media.MediaClient;
import dev.mxsdk.media.MediaRequest;
import dev.mxsdk.media.MediaResponse;
import dev.mxsdk.testkit.RecordedRequest;
import dev.mxsdk.testkit.TestHomeserver;
import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import okhttp3.Cookie;
import okhttp3.CookieJar;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * MSC4250 end to end: the SDK obtains the cookie from the testkit, and a client with nothing but
 * the cookie (no {@code Authorization}) downloads media with it, as a WebView does; the cookie
 * never reaches the CDN origin when a download is redirected there.
 */
final class MediaAuthCookieAgainstTestkitTest {
  private TestHomeserver server;
  private final List<MatrixClient> clients = new ArrayList<>();

  @AfterEach
  void tearDown() {
    for (MatrixClient c : clients) Cli.shutdown(c);
    if (server != null) server.close();
  }

  private static byte[] random(int size) {
    byte[] b = new byte[size];
    new SecureRandom().nextBytes(b);
    return b;
  }

  private MatrixClient matrix(TestHomeserver server) {
    MatrixClient m = Cli.matrixClient(HttpUrl.get(server.baseUrl()), server.accessToken(),
        Cli.okHttpClient().build(), true);
    clients.add(m);
    return m;
  }

  private HttpUrl download(MxcUri uri) {
    return HttpUrl.get(server.baseUrl() + "/_matrix/client/v1/media/download/"
        + uri.serverName() + "/" + uri.mediaId());
  }

  private List<RecordedRequest> mediaRequests() {
    List<RecordedRequest> result = new ArrayList<>();
    for (RecordedRequest r : server.homeserverRequests()) {
      if (r.path().startsWith("/_matrix/client/v1/media/")) result.add(r);
    }
    return result;
  }

  @Test
  void aPlainClientWithOnlyTheCookieDownloadsMedia() throws Exception {
    server = TestHomeserver.newBuilder().cdn(false).mediaAuthCookies(true).start();
    byte[] content = random(50_000);
    MxcUri uri = server.seed(content, "application/octet-stream", "data.bin");
    MediaAuthCookie cookie = matrix(server).mediaAuthCookie();
    assertEquals("mxsdk_testkit_media", cookie.name());
    assertEquals("@testkit:localhost", cookie.userId());
    assertTrue(cookie.appliesTo(download(uri)));

    OkHttpClient plain = new OkHttpClient();
    try (Response r = plain.newCall(new Request.Builder().url(download(uri))
        .header("Cookie", cookie.cookieHeader()).build()).execute()) {
      assertEquals(200, r.code());
      assertArrayEquals(content, r.body().bytes());
    }
    RecordedRequest received = mediaRequests().get(0);
    assertNull(received.header("Authorization"));
    assertEquals(cookie.cookieHeader(), received.header("Cookie"));
  }

  @Test
  void aJvmCookieManagerFedTheHttpCookieSendsItToTheMediaEndpointsOnly() throws Exception {
    server = TestHomeserver.newBuilder().cdn(false).mediaAuthCookies(true).start();
    byte[] content = random(1_000);
    MxcUri uri = server.seed(content, "application/octet-stream", null);
    MediaAuthCookie cookie = matrix(server).mediaAuthCookie();
    CookieManager jvm = new CookieManager();
    jvm.getCookieStore().add(cookie.url().uri(), cookie.toHttpCookie(System.currentTimeMillis()));

    List<HttpCookie> forMedia = jvm.getCookieStore().get(download(uri).uri());
    assertEquals(1, forMedia.size());
    assertEquals(cookie.cookieHeader(), forMedia.get(0).toString());
    assertTrue(jvm.get(HttpUrl.get(server.baseUrl() + "/_matrix/client/v3/account/whoami").uri(),
        Collections.emptyMap()).getOrDefault("Cookie", List.of()).isEmpty());
    List<String> sent = jvm.get(download(uri).uri(), Collections.emptyMap()).get("Cookie");
    try (Response r = new OkHttpClient().newCall(new Request.Builder().url(download(uri))
        .header("Cookie", String.join("; ", sent)).build()).execute()) {
      assertEquals(200, r.code());
      assertArrayEquals(content, r.body().bytes());
    }
  }

  @Test
  void aRedirectedDownloadNeverCarriesTheCookieToTheCdn() throws Exception {
    server = TestHomeserver.newBuilder().mediaAuthCookies(true).start();
    byte[] content = random(20_000);
    MxcUri uri = server.seed(content, "application/octet-stream", "data.bin");
    MatrixClient matrix = matrix(server);
    MediaAuthCookie cookie = matrix.mediaAuthCookie();
    // A client following redirects with a cookie jar that holds what the SDK handed on, matched
    // by OkHttp's own RFC 6265 rules: the CDN is the same host on another port, but not the path.
    Cookie stored = Cookie.parse(cookie.url(), cookie.setCookieHeader());
    CookieJar jar = new CookieJar() {
      @Override
      public void saveFromResponse(HttpUrl url, List<Cookie> cookies) {}

      @Override
      public List<Cookie> loadForRequest(HttpUrl url) {
        return stored.matches(url) ? List.of(stored) : List.of();
      }
    };
    OkHttpClient browserLike = new OkHttpClient.Builder().cookieJar(jar).build();
    try (Response r = browserLike.newCall(new Request.Builder().url(download(uri)).build())
        .execute()) {
      assertEquals(200, r.code());
      assertArrayEquals(content, r.body().bytes());
      assertTrue(r.priorResponse() != null && r.priorResponse().isRedirect());
    }
    assertEquals(cookie.cookieHeader(), mediaRequests().get(0).header("Cookie"));
    assertEquals(1, server.cdnRequests().size());
    assertNull(server.cdnRequests().get(0).header("Cookie"));
    assertFalse(cookie.appliesTo(HttpUrl.get(server.cdnBaseUrl() + "/_matrix/client/v1/media/")));

    // The SDK's own download, with an app jar that would send the cookie everywhere: the
    // homeserver hop may carry it, the CDN hop never does.
    server.clearRecordedRequests();
    CookieJar naive = new CookieJar() {
      @Override
      public void saveFromResponse(HttpUrl url, List<Cookie> cookies) {}

      @Override
      public List<Cookie> loadForRequest(HttpUrl url) {
        return List.of(new Cookie.Builder().name(cookie.name()).value(cookie.value())
            .hostOnlyDomain(url.host()).path("/").build());
      }
    };
    MatrixClient withJar = matrix.newBuilder()
        .okHttpClient(Cli.okHttpClient().cookieJar(naive).build()).build();
    clients.add(withJar);
    try (MediaResponse response = MediaClient.create(withJar)
        .newCall(MediaRequest.download(uri)).execute()) {
      assertArrayEquals(content, response.source().readByteArray());
    }
    assertEquals(cookie.cookieHeader(), mediaRequests().get(0).header("Cookie"));
    assertEquals(1, server.cdnRequests().size());
    assertNull(server.cdnRequests().get(0).header("Cookie"));
    assertNull(server.cdnRequests().get(0).header("Authorization"));
  }

  @Test
  void afterATokenRefreshTheSdkObtainsANewCookieThatMatchesTheNewToken() throws Exception {
    server = TestHomeserver.newBuilder().cdn(false).mediaAuthCookies(true).user("alice", "pw")
        .start();
    MxcUri uri = server.seed(random(100), "application/octet-stream", null);
    MatrixClient anonymous = matrix(server);
    Session session = anonymous.login(PasswordLogin.builder().user("alice")
        .password("pw".toCharArray()).requestRefreshToken(true).build());
    MatrixClient alice = anonymous.newBuilder().session(session, s -> { }).build();
    clients.add(alice);
    MediaAuthCookie first = alice.mediaAuthCookie();
    assertSame(first, alice.mediaAuthCookie());

    server.expireAccessTokens();
    alice.whoami(); // meets 401 M_UNKNOWN_TOKEN and refreshes
    assertNotEquals(session.accessToken(), alice.session().accessToken());
    MediaAuthCookie second = alice.mediaAuthCookie();
    assertNotEquals(first.value(), second.value());
    try (Response r = new OkHttpClient().newCall(new Request.Builder().url(download(uri))
        .header("Cookie", second.cookieHeader())
        .header("Authorization", "Bearer " + alice.session().accessToken()).build()).execute()) {
      assertEquals(200, r.code());
    }
  }

  @Test
  void aServerWithoutTheSwitchIsNotAskedForACookie() throws Exception {
    server = TestHomeserver.newBuilder().cdn(false).start();
    MatrixClient matrix = matrix(server);
    MediaAuthCookieUnavailableException e =
        assertThrows(MediaAuthCookieUnavailableException.class, matrix::mediaAuthCookie);
    assertEquals(MediaAuthCookieUnavailableException.Reason.NOT_ADVERTISED, e.reason());
    for (RecordedRequest r : server.homeserverRequests()) {
      assertFalse(r.path().contains("whoami"), r.toString());
    }
    // Forced on a server that does not implement it: asked, and declined.
    MatrixClient forced = matrix.newBuilder().forceMediaAuthCookie(true).build();
    clients.add(forced);
    assertEquals(MediaAuthCookieUnavailableException.Reason.NOT_SET,
        assertThrows(MediaAuthCookieUnavailableException.class, forced::mediaAuthCookie)
            .reason());
  }

  @Test
  void theCookieValueReachesNoExceptionOrToString() throws IOException {
    server = TestHomeserver.newBuilder().cdn(false).mediaAuthCookies(true).start();
    MatrixClient matrix = matrix(server);
    MediaAuthCookie cookie = matrix.mediaAuthCookie();
    assertFalse(cookie.toString().contains(cookie.value()));
    assertFalse(matrix.toString().contains(cookie.value()));
  }
}
