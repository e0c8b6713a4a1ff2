package dev.mxsdk.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.HttpCookie;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.Cookie;
import okhttp3.CookieJar;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** MSC4250's media cookie against MockWebServer: the request, the parsing, the cache, the scope. */
final class MediaAuthCookieTest {
  private static final String VERSIONS = "{\"versions\":[\"v1.11\"],"
      + "\"unstable_features\":{\"org.matrix.msc4250\":true}}";
  private static final String VERSIONS_WITHOUT = "{\"versions\":[\"v1.11\"],"
      + "\"unstable_features\":{\"org.matrix.msc4250\":false}}";
  private static final String WHOAMI = "{\"user_id\":\"@alice:example.org\",\"device_id\":\"D\"}";
  /** A value that must appear in no message, log or toString. */
  private static final String VALUE = "s3cr3tC00kieValue";
  /** 2030-10-31T07:18:00Z, ten minutes before the proposal's example date (moved to 2030). */
  private static final long T0 = 1_919_661_480_000L;
  private static final String MEDIA = "/_matrix/client/v1/media/";

  private MockWebServer server;
  private final FakeClock clock = new FakeClock(T0);

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.start();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private MatrixClient.Builder client(String token) {
    return MatrixClient.builder()
        .homeserver(server.url("/"))
        .allowInsecureLoopback(true)
        .okHttpClient(new OkHttpClient())
        .accessTokenProvider(() -> token)
        .clock(clock)
        .random(new Random(7));
  }

  private static MockResponse whoami(String... setCookies) {
    MockResponse r = new MockResponse().setBody(WHOAMI);
    for (String c : setCookies) r.addHeader("Set-Cookie", c);
    return r;
  }

  private static void assertNoValue(Object o) {
    assertFalse(String.valueOf(o).contains(VALUE), () -> "leaks the cookie value: " + o);
  }

  private IOException failure(MatrixClient client) {
    IOException e = assertThrows(IOException.class, client::mediaAuthCookie);
    assertNoValue(e.getMessage());
    assertNoValue(e);
    return e;
  }

  @Test
  void anAdvertisedServerIsAskedWithTheUnstableParameterAndItsCookieIsHandedOnNarrowed()
      throws Exception {
    server.enqueue(new MockResponse().setBody(VERSIONS));
    server.enqueue(whoami("example_auth=" + VALUE + "; Max-Age=300; Secure; HttpOnly;"
        + " Domain=" + server.getHostName() + "; Path=/_matrix/client/v1/media/; SameSite=Strict"));
    MatrixClient client = client("tok").build();

    MediaAuthCookie cookie = client.mediaAuthCookie();

    assertEquals("/_matrix/client/versions", server.takeRequest().getPath());
    RecordedRequest asked = server.takeRequest();
    assertEquals("GET", asked.getMethod());
    assertEquals("/_matrix/client/v3/account/whoami?org.matrix.msc4250.set_auth_cookie=true",
        asked.getPath());
    assertEquals("Bearer tok", asked.getHeader("Authorization"));
    assertNull(asked.getHeader("Cookie"));

    assertEquals("example_auth", cookie.name());
    assertEquals(VALUE, cookie.value());
    assertEquals(server.url(MEDIA), cookie.url());
    assertEquals(MEDIA, cookie.path());
    assertEquals("@alice:example.org", cookie.userId());
    assertEquals(T0 + 300_000, cookie.expiresAtMillis());
    assertEquals(T0 + 240_000, cookie.refreshAtMillis());
    assertTrue(cookie.secure());
    assertTrue(cookie.httpOnly());
    assertEquals("Strict", cookie.sameSite());
    assertEquals("example_auth=" + VALUE, cookie.cookieHeader());
    // No Domain: host-only. Expires is absolute, from the client's clock.
    assertEquals("example_auth=" + VALUE + "; Path=/_matrix/client/v1/media/;"
        + " Expires=Thu, 31 Oct 2030 07:23:00 GMT; Secure; HttpOnly; SameSite=Strict",
        cookie.setCookieHeader());
    assertNoValue(cookie);
  }

  @Test
  void theHttpCookieIsHostOnlyVersionZeroAndCountsMaxAgeFromTheGivenNow() throws Exception {
    server.enqueue(new MockResponse().setBody(VERSIONS));
    server.enqueue(whoami("a=" + VALUE + "; Max-Age=300"));
    MediaAuthCookie cookie = client("tok").build().mediaAuthCookie();

    HttpCookie http = cookie.toHttpCookie(T0 + 100_000);
    assertEquals("a", http.getName());
    assertEquals(VALUE, http.getValue());
    assertEquals(0, http.getVersion());
    assertNull(http.getDomain());
    assertEquals(MEDIA, http.getPath());
    assertFalse(http.getSecure()); // plain http loopback, and the server did not say Secure
    assertTrue(http.isHttpOnly());
    assertEquals(200, http.getMaxAge());
    assertEquals("a=" + VALUE, http.toString());
    assertEquals(0, cookie.toHttpCookie(T0 + 400_000).getMaxAge());
  }

  @Test
  void theCookieAppliesToTheHomeserversMediaEndpointsOnly() throws Exception {
    server.enqueue(new MockResponse().setBody(VERSIONS));
    server.enqueue(whoami("a=" + VALUE + "; Path=/"));
    MediaAuthCookie cookie = client("tok").build().mediaAuthCookie();

    assertEquals(MEDIA, cookie.path()); // narrowed from "/"
    assertTrue(cookie.appliesTo(server.url("/_matrix/client/v1/media/download/example.org/abc")));
    assertTrue(cookie.appliesTo(server.url("/_matrix/client/v1/media/thumbnail/example.org/abc")));
    assertFalse(cookie.appliesTo(server.url("/_matrix/client/v3/account/whoami")));
    HttpUrl otherPort = server.url("/_matrix/client/v1/media/download/example.org/abc")
        .newBuilder().port(server.getPort() == 1 ? 2 : server.getPort() - 1).build();
    assertFalse(cookie.appliesTo(otherPort));
    HttpUrl otherScheme = server.url("/_matrix/client/v1/media/download/example.org/abc")
        .newBuilder().scheme("https").build();
    assertFalse(cookie.appliesTo(otherScheme));
  }

  @Test
  void aServerThatDoesNotAdvertiseItIsNotAskedAtAll() throws Exception {
    server.enqueue(new MockResponse().setBody(VERSIONS_WITHOUT));
    MatrixClient client = client("tok").build();
    IOException e = failure(client);
    assertEquals(MediaAuthCookieUnavailableException.Reason.NOT_ADVERTISED,
        ((MediaAuthCookieUnavailableException) e).reason());
    assertEquals(1, server.getRequestCount());
    assertEquals("/_matrix/client/versions", server.takeRequest().getPath());
  }

  @Test
  void aForcedClientAsksWithoutReadingVersions() throws Exception {
    server.enqueue(whoami("a=" + VALUE + "; Max-Age=60"));
    MatrixClient client = client("tok").forceMediaAuthCookie(true).build();
    assertTrue(client.forceMediaAuthCookie());
    assertEquals(VALUE, client.mediaAuthCookie().value());
    assertEquals(1, server.getRequestCount());
    assertTrue(server.takeRequest().getPath().startsWith("/_matrix/client/v3/account/whoami?"));
  }

  @Test
  void anAnswerWithoutSetCookieIsTypedAsNotSet() throws Exception {
    server.enqueue(new MockResponse().setBody(VERSIONS));
    server.enqueue(whoami());
    IOException e = failure(client("tok").build());
    assertEquals(MediaAuthCookieUnavailableException.Reason.NOT_SET,
        ((MediaAuthCookieUnavailableException) e).reason());
  }

  @Test
  void maxAgeWinsOverExpiresAndExpiresIsReadAsADate() throws Exception {
    server.enqueue(new MockResponse().setBody(VERSIONS));
    server.enqueue(whoami("a=" + VALUE + "; Expires=Thu, 31 Oct 2030 07:28:00 GMT; Max-Age=120"));
    assertEquals(T0 + 120_000, client("tok").build().mediaAuthCookie().expiresAtMillis());

    server.enqueue(whoami("a=" + VALUE + "; Expires=Thu, 31 Oct 2030 07:28:00 GMT"));
    MediaAuthCookie cookie = client("tok").forceMediaAuthCookie(true).build().mediaAuthCookie();
    assertEquals(T0 + 600_000, cookie.expiresAtMillis());
    assertEquals(T0 + 540_000, cookie.refreshAtMillis());
  }

  @Test
  void aSessionCookieGetsTheDefaultLifetimeAndALongOneIsCapped() throws Exception {
    server.enqueue(whoami("a=" + VALUE));
    assertEquals(T0 + MediaAuthCookie.DEFAULT_LIFETIME_MILLIS,
        client("tok").forceMediaAuthCookie(true).build().mediaAuthCookie().expiresAtMillis());
    server.enqueue(whoami("a=" + VALUE + "; Max-Age=2302128000")); // 73 years
    assertEquals(T0 + MediaAuthCookie.MAX_LIFETIME_MILLIS,
        client("tok").forceMediaAuthCookie(true).build().mediaAuthCookie().expiresAtMillis());
  }

  @Test
  void theMarginIsAtMostHalfTheLifetime() throws Exception {
    server.enqueue(whoami("a=" + VALUE + "; Max-Age=30"));
    MediaAuthCookie cookie = client("tok").forceMediaAuthCookie(true)
        .mediaAuthCookieRefreshMarginMillis(60_000).build().mediaAuthCookie();
    assertEquals(T0 + 30_000, cookie.expiresAtMillis());
    assertEquals(T0 + 15_000, cookie.refreshAtMillis());
  }

  @Test
  void anAlreadyExpiredCookieIsMalformed() throws Exception {
    for (String attributes : new String[] {"Max-Age=0", "Max-Age=-5",
        "Expires=Thu, 31 Oct 2030 07:18:00 GMT", "Expires=Wed, 21 Oct 2015 07:28:00 GMT"}) {
      server.enqueue(whoami("a=" + VALUE + "; " + attributes));
      IOException e = failure(client("tok").forceMediaAuthCookie(true).build());
      assertTrue(e instanceof MalformedResponseException, attributes + ": " + e);
      assertTrue(e.getMessage().contains("already expired"), e.getMessage());
    }
  }

  @Test
  void aDomainThatWouldWidenTheCookieIsRefused() throws Exception {
    for (String domain : new String[] {"example.org", "." + server.getHostName() + ".evil",
        "org", "localdomain"}) {
      server.enqueue(whoami("a=" + VALUE + "; Max-Age=60; Domain=" + domain));
      IOException e = failure(client("tok").forceMediaAuthCookie(true).build());
      assertTrue(e instanceof MalformedResponseException, domain + ": " + e);
      assertTrue(e.getMessage().contains("would widen it"), e.getMessage());
    }
    // The homeserver's own host, with or without the leading dot, in any case: accepted, host-only.
    server.enqueue(whoami("a=" + VALUE + "; Max-Age=60; Domain=."
        + server.getHostName().toUpperCase(java.util.Locale.ROOT)));
    MediaAuthCookie cookie = client("tok").forceMediaAuthCookie(true).build().mediaAuthCookie();
    assertFalse(cookie.setCookieHeader().contains("Domain"));
  }

  @Test
  void aCookieForAnotherPathIsNotTakenForTheMediaCookie() throws Exception {
    server.enqueue(whoami("a=" + VALUE + "; Path=/_matrix/client/v3/account"));
    IOException e = failure(client("tok").forceMediaAuthCookie(true).build());
    assertTrue(e instanceof MalformedResponseException, e.toString());
    assertTrue(e.getMessage().contains("no cookie's Path covers " + MEDIA), e.getMessage());

    // A cookie for the download endpoints alone does not cover thumbnails.
    server.enqueue(whoami("a=" + VALUE + "; Path=/_matrix/client/v1/media/download"));
    assertTrue(failure(client("tok").forceMediaAuthCookie(true).build())
        instanceof MalformedResponseException);
  }

  @Test
  void anotherCookieBesideTheMediaCookieIsIgnoredButTwoMediaCookiesAreAmbiguous()
      throws Exception {
    server.enqueue(whoami("lb=" + VALUE + "x; Path=/elsewhere", "a=" + VALUE + "; Max-Age=60",
        "broken"));
    assertEquals("a", client("tok").forceMediaAuthCookie(true).build().mediaAuthCookie().name());

    server.enqueue(whoami("a=" + VALUE + "; Path=/", "b=" + VALUE + "; Path=/_matrix"));
    IOException e = failure(client("tok").forceMediaAuthCookie(true).build());
    assertTrue(e instanceof MalformedResponseException, e.toString());
    assertTrue(e.getMessage().contains("2 cookies for the media endpoints [a, b]"),
        e.getMessage());
  }

  @Test
  void aValueThatCouldInjectAttributesOrANameThatIsNoTokenIsMalformed() throws Exception {
    for (String header : new String[] {"a=" + VALUE + "\"x", "a=" + VALUE + ",x=y",
        "a=" + VALUE + "\\", "a=", "a b=" + VALUE, "=" + VALUE}) {
      server.enqueue(whoami(header));
      IOException e = failure(client("tok").forceMediaAuthCookie(true).build());
      assertTrue(e instanceof MalformedResponseException, header + ": " + e);
    }
    // A quoted value is kept, quotes and all, as RFC 6265 does.
    server.enqueue(whoami("a=\"" + VALUE + "\""));
    assertEquals("\"" + VALUE + "\"",
        client("tok").forceMediaAuthCookie(true).build().mediaAuthCookie().value());
  }

  @Test
  void theCookieIsCachedUntilItsRefreshTimeThenReplaced() throws Exception {
    server.enqueue(new MockResponse().setBody(VERSIONS));
    server.enqueue(whoami("a=first; Max-Age=300"));
    server.enqueue(whoami("a=second; Max-Age=300"));
    MatrixClient client = client("tok").build();
    MediaAuthCookie first = client.mediaAuthCookie();
    clock.advance(239_999);
    assertSame(first, client.mediaAuthCookie());
    assertEquals(2, server.getRequestCount());
    clock.advance(1);
    MediaAuthCookie second = client.mediaAuthCookie();
    assertEquals("second", second.value());
    assertEquals(3, server.getRequestCount());
    assertSame(second, client.mediaAuthCookie());
  }

  @Test
  void invalidatingForgetsTheCookie() throws Exception {
    server.enqueue(whoami("a=first; Max-Age=300"));
    server.enqueue(whoami("a=second; Max-Age=300"));
    MatrixClient client = client("tok").forceMediaAuthCookie(true).build();
    assertEquals("first", client.mediaAuthCookie().value());
    client.invalidateMediaAuthCookie();
    assertEquals("second", client.mediaAuthCookie().value());
  }

  @Test
  void aNewAccessTokenGetsANewCookie() throws Exception {
    AtomicReference<String> token = new AtomicReference<>("old");
    server.enqueue(whoami("a=first; Max-Age=300"));
    server.enqueue(whoami("a=second; Max-Age=300"));
    MatrixClient client = client("unused").accessTokenProvider(token::get)
        .forceMediaAuthCookie(true).build();
    assertEquals("first", client.mediaAuthCookie().value());
    assertEquals("Bearer old", server.takeRequest().getHeader("Authorization"));
    token.set("new");
    assertEquals("second", client.mediaAuthCookie().value());
    assertEquals("Bearer new", server.takeRequest().getHeader("Authorization"));
  }

  @Test
  void aTokenRefreshedOnTheWayIsTheOneTheCookieIsBoundTo() throws Exception {
    server.enqueue(new MockResponse().setResponseCode(401)
        .setBody("{\"errcode\":\"M_UNKNOWN_TOKEN\",\"error\":\"expired\",\"soft_logout\":true}"));
    server.enqueue(new MockResponse().setBody(
        "{\"access_token\":\"at2\",\"refresh_token\":\"rt2\",\"expires_in_ms\":600000}"));
    server.enqueue(whoami("a=" + VALUE + "; Max-Age=300"));
    MatrixClient client = MatrixClient.builder().homeserver(server.url("/"))
        .allowInsecureLoopback(true).clock(clock).forceMediaAuthCookie(true)
        .session(Session.builder().userId("@alice:example.org").deviceId("D")
            .accessToken("at1").refreshToken("rt1").build(), s -> { })
        .build();
    MediaAuthCookie cookie = client.mediaAuthCookie();
    assertEquals("Bearer at1", server.takeRequest().getHeader("Authorization"));
    assertEquals("/_matrix/client/v3/refresh", server.takeRequest().getPath());
    assertEquals("Bearer at2", server.takeRequest().getHeader("Authorization"));
    // Bound to at2, the current token: the cache answers.
    assertSame(cookie, client.mediaAuthCookie());
    assertEquals(3, server.getRequestCount());
  }

  @Test
  void aRedirectIsNotFollowed() throws Exception {
    MockWebServer elsewhere = new MockWebServer();
    elsewhere.start();
    try {
      server.enqueue(new MockResponse().setResponseCode(302)
          .setHeader("Location", elsewhere.url("/_matrix/client/v3/account/whoami"))
          .addHeader("Set-Cookie", "a=" + VALUE + "; Max-Age=60"));
      IOException e = failure(client("tok").forceMediaAuthCookie(true).build());
      assertTrue(e instanceof UnexpectedRedirectException, e.toString());
      assertEquals(0, elsewhere.getRequestCount());
    } finally {
      elsewhere.close();
    }
  }

  @Test
  void anErrorIsTypedAndNotCached() throws Exception {
    server.enqueue(new MockResponse().setResponseCode(401)
        .setBody("{\"errcode\":\"M_UNKNOWN_TOKEN\",\"error\":\"no\"}"));
    server.enqueue(whoami("a=" + VALUE + "; Max-Age=60"));
    MatrixClient client = client("tok").forceMediaAuthCookie(true).build();
    IOException e = failure(client);
    assertEquals("M_UNKNOWN_TOKEN", ((MatrixApiException) e).errcode());
    assertEquals(VALUE, client.mediaAuthCookie().value());
  }

  @Test
  void withoutAnAccessTokenThereIsNoCookieToAskFor() {
    MatrixClient client = MatrixClient.builder().homeserver(server.url("/"))
        .allowInsecureLoopback(true).forceMediaAuthCookie(true).build();
    assertThrows(IllegalStateException.class, client::mediaAuthCookie);
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void theAppsInterceptorsAndCookieJarNeverSeeTheSetCookie() throws Exception {
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    List<Cookie> saved = Collections.synchronizedList(new ArrayList<>());
    OkHttpClient app = new OkHttpClient.Builder()
        .addInterceptor(chain -> {
          okhttp3.Response r = chain.proceed(chain.request());
          seen.add("app: " + r.headers());
          return r;
        })
        .addNetworkInterceptor(chain -> {
          okhttp3.Response r = chain.proceed(chain.request());
          seen.add("network: " + r.headers());
          return r;
        })
        .cookieJar(new CookieJar() {
          @Override
          public void saveFromResponse(HttpUrl url, List<Cookie> cookies) {
            saved.addAll(cookies);
          }

          @Override
          public List<Cookie> loadForRequest(HttpUrl url) {
            return Collections.emptyList();
          }
        })
        .build();
    server.enqueue(whoami("a=" + VALUE + "; Max-Age=60"));
    MatrixClient client = client("tok").okHttpClient(app).forceMediaAuthCookie(true).build();
    assertEquals(VALUE, client.mediaAuthCookie().value());
    assertEquals(2, seen.size(), seen.toString());
    for (String s : seen) {
      assertNoValue(s);
      assertFalse(s.toLowerCase(java.util.Locale.ROOT).contains("set-cookie"), s);
    }
    assertEquals(List.of(), saved);
  }

  @Test
  void concurrentCallersShareOneRequest() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        release.await(10, TimeUnit.SECONDS);
        return whoami("a=" + VALUE + "; Max-Age=60");
      }
    });
    MatrixClient client = client("tok").forceMediaAuthCookie(true).build();
    int n = 5;
    List<Thread> threads = new ArrayList<>();
    List<MediaAuthCookie> results = Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < n; i++) {
      Thread t = new Thread(() -> {
        try {
          results.add(client.mediaAuthCookie());
        } catch (IOException e) {
          throw new AssertionError(e);
        }
      });
      threads.add(t);
      t.start();
    }
    server.takeRequest(10, TimeUnit.SECONDS);
    for (int spins = 0; waiting(threads) < n - 1 && spins < 10_000; spins++) Thread.sleep(1);
    assertEquals(n - 1, waiting(threads));
    release.countDown();
    for (Thread t : threads) t.join(10_000);
    assertEquals(n, results.size());
    for (MediaAuthCookie c : results) assertSame(results.get(0), c);
    assertEquals(1, server.getRequestCount());
  }

  private static int waiting(List<Thread> threads) {
    int w = 0;
    for (Thread t : threads) {
      if (t.getState() == Thread.State.WAITING) w++;
    }
    return w;
  }

  @Test
  void valueTypeComparesByContent() throws Exception {
    server.enqueue(whoami("a=" + VALUE + "; Max-Age=60"));
    server.enqueue(whoami("a=" + VALUE + "; Max-Age=60"));
    server.enqueue(whoami("a=other; Max-Age=60"));
    MatrixClient client = client("tok").forceMediaAuthCookie(true).build();
    MediaAuthCookie one = client.mediaAuthCookie();
    client.invalidateMediaAuthCookie();
    MediaAuthCookie two = client.mediaAuthCookie();
    client.invalidateMediaAuthCookie();
    MediaAuthCookie three = client.mediaAuthCookie();
    assertNotSame(one, two);
    assertEquals(one, two);
    assertEquals(one.hashCode(), two.hashCode());
    assertFalse(one.equals(three));
  }
}
