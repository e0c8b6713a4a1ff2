package dev.mxsdk.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mxsdk.core.DiscoveryException.Action;
import dev.mxsdk.core.DiscoveryException.Step;
import java.io.InputStream;
import java.net.ServerSocket;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /.well-known/matrix/client} discovery against an https MockWebServer (a test-only
 * self-signed certificate for 127.0.0.1 in src/test/resources/tls).
 */
final class ServerDiscoveryTest {
  private static final String VERSIONS = "{\"versions\":[\"v1.11\"]}";
  private static SSLContext serverContext;
  private static SSLContext clientContext;
  private static X509TrustManager trustManager;

  private MockWebServer server;
  private String serverName;
  private volatile String wellKnown;
  private volatile int wellKnownStatus;
  private volatile MockResponse versions;
  private volatile MockResponse identity;

  @BeforeAll
  static void tls() throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = ServerDiscoveryTest.class.getResourceAsStream("/tls/localhost.p12")) {
      store.load(in, "testonly".toCharArray());
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, "testonly".toCharArray());
    serverContext = SSLContext.getInstance("TLS");
    serverContext.init(keys.getKeyManagers(), null, null);
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    trustManager = (X509TrustManager) trust.getTrustManagers()[0];
    clientContext = SSLContext.getInstance("TLS");
    clientContext.init(null, new TrustManager[] {trustManager}, null);
  }

  @BeforeEach
  void start() throws Exception {
    server = new MockWebServer();
    server.useHttps(serverContext.getSocketFactory(), false);
    server.start();
    serverName = "127.0.0.1:" + server.getPort();
    wellKnown = "{\"m.homeserver\":{\"base_url\":\"https://" + serverName + "/matrix\"}}";
    wellKnownStatus = 200;
    versions = new MockResponse().setBody(VERSIONS);
    identity = new MockResponse().setBody("{}");
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        String path = request.getPath();
        if (path.equals("/.well-known/matrix/client")) {
          return new MockResponse().setResponseCode(wellKnownStatus).setBody(wellKnown);
        }
        if (path.endsWith("/_matrix/client/versions")) return versions;
        if (path.equals("/identity/_matrix/identity/v2")) return identity;
        return new MockResponse().setResponseCode(404);
      }
    });
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private DiscoveredServer discover(String who) throws Exception {
    OkHttpClient client = new OkHttpClient.Builder()
        .sslSocketFactory(clientContext.getSocketFactory(), trustManager).build();
    return ServerDiscovery.create(client, "test-agent").discover(who);
  }

  private DiscoveryException fails(String who) {
    return assertThrows(DiscoveryException.class, () -> discover(who));
  }

  @Test
  void theUserIdsServerNameLeadsToTheWellKnownHomeserverCheckedByVersions() throws Exception {
    DiscoveredServer found = discover("@alice:" + serverName);

    assertEquals("https://" + serverName + "/matrix", found.homeserver().toString());
    assertTrue(found.fromWellKnown());
    assertNull(found.identityServer());
    assertEquals(serverName, found.serverName());
    assertTrue(found.versions().supports("v1.11"));
    RecordedRequest first = server.takeRequest();
    assertEquals("/.well-known/matrix/client", first.getPath());
    assertEquals("test-agent", first.getHeader("User-Agent"));
    assertNull(first.getHeader("Authorization"));
    assertEquals("/matrix/_matrix/client/versions", server.takeRequest().getPath());
  }

  @Test
  void aBareServerNameWorksToo() throws Exception {
    assertTrue(discover(serverName).fromWellKnown());
  }

  @Test
  void withoutWellKnownTheServerNameItselfIsTriedAsTheHomeserver() throws Exception {
    wellKnownStatus = 404;
    DiscoveredServer found = discover("@alice:" + serverName);
    assertFalse(found.fromWellKnown());
    assertEquals("https://" + serverName + "/", found.homeserver().toString());
  }

  @Test
  void withoutWellKnownAndWithoutAHomeserverAtTheServerNameTheUserIsPrompted() {
    wellKnownStatus = 404;
    versions = new MockResponse().setResponseCode(404);
    DiscoveryException e = fails("@alice:" + serverName);
    assertEquals(Step.WELL_KNOWN, e.step());
    assertEquals(Action.FAIL_PROMPT, e.action());
    assertTrue(e.getMessage().contains("there is no /.well-known/matrix/client (404)"),
        e.getMessage());
  }

  @Test
  void aServerErrorOnWellKnownIsFailPrompt() {
    wellKnownStatus = 500;
    DiscoveryException e = fails("@alice:" + serverName);
    assertEquals(Step.WELL_KNOWN, e.step());
    assertEquals(Action.FAIL_PROMPT, e.action());
    assertEquals("discovery for " + serverName
        + ": /.well-known/matrix/client answered HTTP 500", e.getMessage());
  }

  @Test
  void anEmptyOrBrokenOrIncompleteWellKnownIsFailPrompt() {
    for (String body : new String[] {"", "{not json", "[]", "{}", "{\"m.homeserver\":{}}",
        "{\"m.homeserver\":\"https://x\"}", "{\"m.homeserver\":{\"base_url\":7}}",
        "{\"m.homeserver\":{\"base_url\":\"https://x\"}} trailing"}) {
      wellKnown = body;
      DiscoveryException e = fails("@alice:" + serverName);
      assertEquals(Step.WELL_KNOWN, e.step(), body);
      assertEquals(Action.FAIL_PROMPT, e.action(), body);
    }
  }

  @Test
  void aWellKnownLargerThan51200BytesIsFailPrompt() {
    StringBuilder big = new StringBuilder("{\"m.homeserver\":{\"base_url\":\"https://"
        + serverName + "\"},\"pad\":\"");
    while (big.length() < 51200) big.append('x');
    wellKnown = big.append("\"}").toString();
    DiscoveryException e = fails("@alice:" + serverName);
    assertEquals(Step.WELL_KNOWN, e.step());
    assertTrue(e.getMessage().endsWith("is larger than 51200 bytes"), e.getMessage());
  }

  @Test
  void aBaseUrlThatIsNotAUrlOrNotHttpsOrCarriesCredentialsIsFailError() {
    String[][] cases = {
        {"not a url", "is not an http(s) URL"},
        {"ftp://example.org", "is not an http(s) URL"},
        {"http://" + "127.0.0.1:1", "is not https: http://127.0.0.1"},
        {"https://user:SECRET@" + "127.0.0.1:1", "carries a user name or password"},
    };
    for (String[] c : cases) {
      wellKnown = "{\"m.homeserver\":{\"base_url\":\"" + c[0] + "\"}}";
      DiscoveryException e = fails("@alice:" + serverName);
      assertEquals(Step.HOMESERVER_URL, e.step(), c[0]);
      assertEquals(Action.FAIL_ERROR, e.action(), c[0]);
      assertTrue(e.getMessage().contains(c[1]), e.getMessage());
      assertFalse(e.getMessage().contains("SECRET"), e.getMessage());
    }
  }

  @Test
  void aHomeserverThatFailsTheVersionsCheckIsFailError() {
    versions = new MockResponse().setBody("{\"versions\":\"v1.11\"}");
    DiscoveryException e = fails("@alice:" + serverName);
    assertEquals(Step.HOMESERVER_VERSIONS, e.step());
    assertEquals(Action.FAIL_ERROR, e.action());
    assertTrue(e.getMessage().contains("versions expected an array"), e.getMessage());
  }

  @Test
  void anUnreachableHomeserverIsFailErrorNamingTheStep() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    wellKnown = "{\"m.homeserver\":{\"base_url\":\"https://127.0.0.1:" + closedPort + "\"}}";
    DiscoveryException e = fails("@alice:" + serverName);
    assertEquals(Step.HOMESERVER_VERSIONS, e.step());
    assertEquals(Action.FAIL_ERROR, e.action());
  }

  @Test
  void anUnreachableWellKnownIsFailPrompt() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    DiscoveryException e = fails("@alice:127.0.0.1:" + closedPort);
    assertEquals(Step.WELL_KNOWN, e.step());
    assertEquals(Action.FAIL_PROMPT, e.action());
  }

  @Test
  void anAdvertisedIdentityServerIsCheckedAndReturned() throws Exception {
    wellKnown = "{\"m.homeserver\":{\"base_url\":\"https://" + serverName + "\"},"
        + "\"m.identity_server\":{\"base_url\":\"https://" + serverName + "/identity\"}}";
    assertEquals("https://" + serverName + "/identity",
        discover("@alice:" + serverName).identityServer().toString());

    identity = new MockResponse().setResponseCode(500);
    DiscoveryException e = fails("@alice:" + serverName);
    assertEquals(Step.IDENTITY_SERVER, e.step());
    assertEquals(Action.FAIL_ERROR, e.action());
  }

  @Test
  void anHttpsToHttpRedirectIsNotFollowed() {
    wellKnownStatus = 302;
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return new MockResponse().setResponseCode(302)
            .setHeader("Location", "http://127.0.0.1:1/.well-known/matrix/client");
      }
    });
    DiscoveryException e = fails("@alice:" + serverName);
    assertEquals(Step.WELL_KNOWN, e.step());
    assertTrue(e.getMessage().endsWith("HTTP 302 (a redirect that was not followed)"),
        e.getMessage());
  }

  @Test
  void anInvalidUserIdFailsAtTheServerNameStep() {
    for (String bad : new String[] {"@alice", "@:example.org", "@alice:exa mple.org", "",
        "alice@example.org", "@alice:example.org:99999"}) {
      DiscoveryException e = fails(bad);
      assertEquals(Step.SERVER_NAME, e.step(), bad);
      assertEquals(Action.FAIL_PROMPT, e.action(), bad);
    }
  }
}
