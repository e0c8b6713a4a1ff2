package dev.mxsdk.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * No core call follows a redirect: a homeserver answering 307 or 308 to login, refresh, logout,
 * whoami or {@code /versions} gets an {@link UnexpectedRedirectException}, and the redirect's
 * target (another https origin, plain http, or the same origin) receives nothing, so neither the
 * password, nor a token, nor a body is ever re-sent. Only {@code .well-known} follows https
 * redirects.
 */
final class RedirectRefusalTest {
  private static final String PASSWORD = "correct horse battery staple";
  private static final String TOKEN = "syt_access_token_0123456789";
  private static final String REFRESH_TOKEN = "syr_refresh_token_0123456789";

  private static final HeldCertificate CERTIFICATE = new HeldCertificate.Builder()
      .addSubjectAlternativeName("localhost")
      .addSubjectAlternativeName("127.0.0.1")
      .build();
  private static final HandshakeCertificates SERVER = new HandshakeCertificates.Builder()
      .heldCertificate(CERTIFICATE)
      .build();
  private static final HandshakeCertificates CLIENT = new HandshakeCertificates.Builder()
      .addTrustedCertificate(CERTIFICATE.certificate())
      .build();

  private MockWebServer homeserver;
  private MockWebServer other;
  private MockWebServer plain;
  private final FakeClock clock = new FakeClock(1_000_000L);

  enum CoreCall { LOGIN, REFRESH, LOGOUT, WHOAMI, VERSIONS }

  enum Target { OTHER_HTTPS_ORIGIN, PLAIN_HTTP, SAME_ORIGIN }

  static List<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (CoreCall call : CoreCall.values()) {
      for (Target target : Target.values()) {
        for (int status : new int[] {307, 308}) {
          cases.add(Arguments.of(call, target, status));
        }
      }
    }
    return cases;
  }

  @BeforeEach
  void start() throws IOException {
    homeserver = new MockWebServer();
    homeserver.useHttps(SERVER.sslSocketFactory(), false);
    homeserver.start();
    other = new MockWebServer();
    other.useHttps(SERVER.sslSocketFactory(), false);
    other.start();
    plain = new MockWebServer();
    plain.start();
  }

  @AfterEach
  void stop() throws IOException {
    homeserver.close();
    other.close();
    plain.close();
  }

  private OkHttpClient okHttp() {
    return new OkHttpClient.Builder()
        .sslSocketFactory(CLIENT.sslSocketFactory(), CLIENT.trustManager())
        .build();
  }

  private HttpUrl target(Target target) {
    switch (target) {
      case OTHER_HTTPS_ORIGIN: return other.url("/steal");
      case PLAIN_HTTP: return plain.url("/steal");
      default: return homeserver.url("/elsewhere");
    }
  }

  @ParameterizedTest(name = "{0} answered {2} to {1}")
  @MethodSource("cases")
  void aCoreCallNeverFollowsARedirect(CoreCall call, Target target, int status)
      throws Exception {
    MockResponse redirect = new MockResponse().setResponseCode(status)
        .setHeader("Location", target(target).toString());
    MatrixClient.Builder builder = MatrixClient.builder()
        .homeserver(homeserver.url("/"))
        .okHttpClient(okHttp())
        .clock(clock)
        .retryPolicy(RetryPolicy.none());
    MatrixClient client;
    switch (call) {
      case REFRESH:
        // An expired access token makes the next call refresh first; the refresh is redirected.
        client = builder.session(Session.builder().userId("@alice:example.org").deviceId("D")
            .accessToken(TOKEN).refreshToken(REFRESH_TOKEN).accessTokenExpiresAtMillis(1)
            .build(), s -> { }).build();
        break;
      case LOGOUT:
      case WHOAMI:
        client = builder.accessTokenProvider(() -> TOKEN).build();
        break;
      default:
        client = builder.build();
    }
    homeserver.enqueue(redirect);

    UnexpectedRedirectException e = assertThrows(UnexpectedRedirectException.class, () -> {
      switch (call) {
        case LOGIN:
          client.login(PasswordLogin.builder().user("alice").password(PASSWORD.toCharArray())
              .build());
          break;
        case REFRESH:
        case WHOAMI:
          client.whoami();
          break;
        case LOGOUT:
          client.logout();
          break;
        default:
          client.serverVersions();
      }
    });
    assertEquals(status, e.status());
    assertTrue(e.getMessage().contains("HTTP " + status), e.getMessage());
    assertFalse(e.getMessage().contains("/steal"), "no path of the target in the message");
    assertFalse(e.getMessage().contains("/elsewhere"), "no path of the target in the message");

    assertEquals(1, homeserver.getRequestCount(), "one request, never repeated at the target");
    assertEquals(0, other.getRequestCount(), "the other origin received nothing");
    assertEquals(0, plain.getRequestCount(), "the plain-http server received nothing");
    RecordedRequest sent = homeserver.takeRequest();
    if (call == CoreCall.LOGIN) {
      assertTrue(sent.getBody().readUtf8().contains(PASSWORD), "the one request had the password");
    }
  }

  @Test
  void wellKnownFollowsAnHttpsRedirectToAnotherOrigin() throws Exception {
    String base = homeserver.url("/").toString();
    other.enqueue(new MockResponse().setResponseCode(307)
        .setHeader("Location", homeserver.url("/.well-known/matrix/client")));
    homeserver.enqueue(new MockResponse()
        .setBody("{\"m.homeserver\":{\"base_url\":\"" + base + "\"}}"));
    homeserver.enqueue(new MockResponse().setBody("{\"versions\":[\"v1.11\"]}"));
    DiscoveredServer found = ServerDiscovery.create(okHttp())
        .discover("@alice:localhost:" + other.getPort());
    assertEquals(homeserver.url("/"), found.homeserver());
    assertEquals(1, other.getRequestCount());
    assertEquals(2, homeserver.getRequestCount());
  }

  @Test
  void wellKnownDoesNotFollowARedirectToPlainHttp() throws Exception {
    other.enqueue(new MockResponse().setResponseCode(307)
        .setHeader("Location", plain.url("/.well-known/matrix/client")));
    DiscoveryException e = assertThrows(DiscoveryException.class,
        () -> ServerDiscovery.create(okHttp()).discover("@alice:localhost:" + other.getPort()));
    assertEquals(DiscoveryException.Step.WELL_KNOWN, e.step());
    assertEquals(0, plain.getRequestCount(), "the plain-http server received nothing");
  }

  @Test
  void discoveredVersionsCheckDoesNotFollowARedirect() throws Exception {
    String base = homeserver.url("/").toString();
    other.enqueue(new MockResponse()
        .setBody("{\"m.homeserver\":{\"base_url\":\"" + base + "\"}}"));
    homeserver.enqueue(new MockResponse().setResponseCode(308)
        .setHeader("Location", other.url("/_matrix/client/versions")));
    DiscoveryException e = assertThrows(DiscoveryException.class,
        () -> ServerDiscovery.create(okHttp()).discover("@alice:localhost:" + other.getPort()));
    assertEquals(DiscoveryException.Step.HOMESERVER_VERSIONS, e.step());
    assertTrue(e.getMessage().contains("308"), e.getMessage());
    assertEquals(1, other.getRequestCount(), "only the .well-known request reached the other origin");
  }

  @Test
  void aRedirectedVersionsAnswerNeverSwitchesTheClientToLegacyEndpoints() throws Exception {
    plain.enqueue(new MockResponse().setBody("{\"versions\":[\"r0.6.1\"]}"));
    homeserver.enqueue(new MockResponse().setResponseCode(307)
        .setHeader("Location", plain.url("/_matrix/client/versions")));
    homeserver.enqueue(new MockResponse().setBody("{\"versions\":[\"v1.11\"]}"));
    MatrixClient client = MatrixClient.builder().homeserver(homeserver.url("/"))
        .okHttpClient(okHttp()).clock(clock).retryPolicy(RetryPolicy.none()).build();
    assertThrows(UnexpectedRedirectException.class, client::serverVersions);
    assertTrue(client.serverVersions().supportsSpec(1, 11), "the failure was not cached");
    assertEquals(0, plain.getRequestCount());
  }
}
