package dev.mxsdk.core;

import dev.mxsdk.core.DiscoveryException.Action;
import dev.mxsdk.core.DiscoveryException.Step;
import dev.mxsdk.core.internal.AccountJson;
import java.io.IOException;
import java.io.InterruptedIOException;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;

/**
 * Finds a user's homeserver from their user ID with {@code /.well-known/matrix/client}, following
 * the spec's auto-discovery flow: take the server name from the user ID, {@code GET
 * https://<server name>/.well-known/matrix/client}, read {@code m.homeserver.base_url}, and check
 * it with {@code GET /_matrix/client/versions} (and an advertised identity server with {@code GET
 * /_matrix/identity/v2}). Each failure is a {@link DiscoveryException} naming the step and the
 * spec's {@code FAIL_PROMPT} or {@code FAIL_ERROR}.
 *
 * <pre>{@code
 * ServerDiscovery discovery = ServerDiscovery.create(appOkHttpClient);
 * DiscoveredServer server = discovery.discover("@alice:example.org");
 * MatrixClient matrix = MatrixClient.builder().homeserver(server.homeserver()).build();
 * }</pre>
 *
 * <p>Rules beyond the spec's text, chosen for safety and for real deployments:
 * <ul>
 *   <li>Everything is https: the {@code .well-known} request, the homeserver and the identity
 *       server. A redirect from https to http is not followed, and a {@code base_url} that is not
 *       https or that carries a user name or password fails with {@code FAIL_ERROR}.
 *   <li>A server name with an explicit port ({@code example.org:8448}) is fetched on that port; the
 *       spec's "hostname" would drop it, which no test or non-default deployment could use.
 *   <li>Redirects of {@code .well-known} are followed, https to https only (OkHttp's limit of
 *       20), and a body beyond 51200 bytes is {@code FAIL_PROMPT}, as MSC2499 proposes. The
 *       {@code /versions} and identity-server checks follow no redirect, like every other call
 *       of the SDK: a 3xx fails the check.
 *   <li>When there is no {@code .well-known} (404, the spec's {@code IGNORE}) the server name
 *       itself is tried as {@code https://<server name>}; if it does not answer {@code /versions}
 *       the result is {@code FAIL_PROMPT}, since nothing was discovered.
 * </ul>
 *
 * <p>Immutable and thread-safe. Sends no credentials and no cookies of its own.
 */
public final class ServerDiscovery {
  static final long MAX_WELL_KNOWN_BYTES = 51200;

  /** For {@code .well-known} only: it carries no credentials, so https redirects may be followed. */
  private final OkHttpClient wellKnownClient;
  /** For everything else ({@code /versions}, the identity server): no redirects, like all calls. */
  private final OkHttpClient client;
  private final @Nullable String userAgent;

  private ServerDiscovery(OkHttpClient client, @Nullable String userAgent) {
    this.wellKnownClient = client.newBuilder()
        .followRedirects(true)
        .followSslRedirects(false)
        .build();
    this.client = client.newBuilder().followRedirects(false).followSslRedirects(false).build();
    this.userAgent = userAgent;
  }

  /**
   * Discovery over {@code client}'s connection pool, TLS settings and timeouts.
   *
   * @param client the app's client to send discovery requests on
   * @return a discovery that sends OkHttp's default User-Agent
   */
  public static ServerDiscovery create(OkHttpClient client) {
    return create(client, null);
  }

  /**
   * Discovery over {@code client}, sending {@code userAgent} (or OkHttp's when null).
   *
   * @param client the app's client to send discovery requests on
   * @param userAgent the {@code User-Agent} value, or null for OkHttp's
   * @return a discovery over {@code client}
   */
  public static ServerDiscovery create(OkHttpClient client, @Nullable String userAgent) {
    if (client == null) throw new NullPointerException("client == null");
    return new ServerDiscovery(client, userAgent);
  }

  /**
   * Discovers the homeserver of {@code userIdOrServerName}: a user ID ({@code @alice:example.org})
   * or a bare server name ({@code example.org}).
   *
   * @param userIdOrServerName e.g. {@code "@alice:example.org"} or {@code "example.org"}
   * @return the homeserver (and identity server, if advertised) with its checked {@code /versions}
   * @throws DiscoveryException naming the step that failed and the spec's next action
   * @throws InterruptedIOException if the thread was interrupted
   */
  public DiscoveredServer discover(String userIdOrServerName) throws IOException {
    if (userIdOrServerName == null) throw new NullPointerException("userIdOrServerName == null");
    String serverName;
    try {
      serverName = userIdOrServerName.startsWith("@")
          ? UserIds.serverNameOf(userIdOrServerName) : checkServerName(userIdOrServerName);
    } catch (IllegalArgumentException e) {
      throw new DiscoveryException(Step.SERVER_NAME, Action.FAIL_PROMPT, e.getMessage(), null);
    }
    String where = "discovery for " + serverName + ": ";
    HttpUrl serverUrl = HttpUrl.parse("https://" + serverName + "/");
    if (serverUrl == null) {
      throw new DiscoveryException(Step.SERVER_NAME, Action.FAIL_PROMPT,
          where + "the server name is not a host", null);
    }
    HttpUrl wellKnownUrl = serverUrl.resolve("/.well-known/matrix/client");

    AccountJson.WellKnown wellKnown;
    Request.Builder request = request(wellKnownUrl);
    Response response;
    try {
      response = wellKnownClient.newCall(request.build()).execute();
    } catch (InterruptedIOException e) {
      throw e;
    } catch (IOException e) {
      throw new DiscoveryException(Step.WELL_KNOWN, Action.FAIL_PROMPT,
          where + "GET /.well-known/matrix/client failed: " + describe(e), e);
    }
    try {
      if (response.code() == 404) {
        return fallback(serverName, serverUrl, where);
      }
      if (response.code() != 200) {
        String redirect = response.isRedirect() ? " (a redirect that was not followed)" : "";
        throw new DiscoveryException(Step.WELL_KNOWN, Action.FAIL_PROMPT,
            where + "/.well-known/matrix/client answered HTTP " + response.code() + redirect,
            null);
      }
      ResponseBody body = response.body();
      Buffer bytes = new Buffer();
      if (body != null) {
        BufferedSource source = body.source();
        while (bytes.size() <= MAX_WELL_KNOWN_BYTES && source.read(bytes, 8192) != -1) {
          // read up to one byte past the limit
        }
      }
      if (bytes.size() > MAX_WELL_KNOWN_BYTES) {
        throw new DiscoveryException(Step.WELL_KNOWN, Action.FAIL_PROMPT,
            where + "/.well-known/matrix/client is larger than " + MAX_WELL_KNOWN_BYTES + " bytes",
            null);
      }
      if (bytes.size() == 0) {
        throw new DiscoveryException(Step.WELL_KNOWN, Action.FAIL_PROMPT,
            where + "/.well-known/matrix/client is empty", null);
      }
      try {
        wellKnown = AccountJson.readWellKnown(bytes);
      } catch (MalformedResponseException e) {
        throw new DiscoveryException(Step.WELL_KNOWN, Action.FAIL_PROMPT,
            where + e.getMessage(), e);
      }
    } catch (DiscoveryException e) {
      throw e;
    } catch (InterruptedIOException e) {
      throw e;
    } catch (IOException e) {
      throw new DiscoveryException(Step.WELL_KNOWN, Action.FAIL_PROMPT,
          where + "reading /.well-known/matrix/client failed: " + describe(e), e);
    } finally {
      response.close();
    }

    String base = wellKnown.homeserver;
    if (base == null) {
      throw new DiscoveryException(Step.WELL_KNOWN, Action.FAIL_PROMPT,
          where + "/.well-known/matrix/client has no m.homeserver.base_url", null);
    }
    HttpUrl homeserver = httpsUrl(base, Step.HOMESERVER_URL, where + "m.homeserver.base_url");
    ServerVersions versions = checkHomeserver(homeserver, Action.FAIL_ERROR, where);

    HttpUrl identityServer = null;
    if (wellKnown.identityServerPresent) {
      String is = wellKnown.identityServer;
      if (is == null) {
        throw new DiscoveryException(Step.IDENTITY_SERVER, Action.FAIL_ERROR,
            where + "m.identity_server has no base_url", null);
      }
      identityServer = httpsUrl(is, Step.IDENTITY_SERVER, where + "m.identity_server.base_url");
      checkIdentityServer(identityServer, where);
    }
    return new DiscoveredServer(serverName, homeserver, identityServer, true, versions);
  }

  private DiscoveredServer fallback(String serverName, HttpUrl serverUrl, String where)
      throws IOException {
    try {
      ServerVersions versions = checkHomeserver(serverUrl, Action.FAIL_PROMPT, where);
      return new DiscoveredServer(serverName, serverUrl, null, false, versions);
    } catch (DiscoveryException e) {
      throw new DiscoveryException(Step.WELL_KNOWN, Action.FAIL_PROMPT,
          where + "there is no /.well-known/matrix/client (404), and " + serverUrl
              + " is not a homeserver: " + e.getMessage().substring(where.length()), e);
    }
  }

  private ServerVersions checkHomeserver(HttpUrl homeserver, Action action, String where)
      throws IOException {
    MatrixClient probe = MatrixClient.builder()
        .homeserver(homeserver)
        .okHttpClient(client)
        .userAgent(userAgent)
        .retryPolicy(RetryPolicy.none())
        .versionsCacheMillis(0)
        .build();
    try {
      return probe.serverVersions();
    } catch (InterruptedIOException e) {
      throw e;
    } catch (IOException e) {
      throw new DiscoveryException(Step.HOMESERVER_VERSIONS, action,
          where + "the homeserver " + homeserver + " failed the /versions check: " + describe(e),
          e);
    }
  }

  private void checkIdentityServer(HttpUrl identityServer, String where) throws IOException {
    Request.Builder request =
        request(identityServer.newBuilder().addPathSegments("_matrix/identity/v2").build());
    try (Response response = client.newCall(request.build()).execute()) {
      if (response.code() != 200) {
        String redirect = response.isRedirect() ? " (a redirect, which is not followed)" : "";
        throw new DiscoveryException(Step.IDENTITY_SERVER, Action.FAIL_ERROR,
            where + "the identity server " + identityServer + " answered HTTP "
                + response.code() + redirect + " to /_matrix/identity/v2", null);
      }
    } catch (DiscoveryException | InterruptedIOException e) {
      throw e;
    } catch (IOException e) {
      throw new DiscoveryException(Step.IDENTITY_SERVER, Action.FAIL_ERROR,
          where + "the identity server " + identityServer + " failed the check: " + describe(e),
          e);
    }
  }

  /** A request for {@code url} with the User-Agent, if one was given. */
  private Request.Builder request(HttpUrl url) {
    Request.Builder request = new Request.Builder().url(url);
    if (userAgent != null) request.header("User-Agent", userAgent);
    return request;
  }

  private static HttpUrl httpsUrl(String value, Step step, String what)
      throws DiscoveryException {
    HttpUrl url = HttpUrl.parse(value.trim());
    if (url == null) {
      throw new DiscoveryException(step, Action.FAIL_ERROR,
          what + " is not an http(s) URL: " + MxcUri.quote(value), null);
    }
    if (!url.username().isEmpty() || !url.password().isEmpty()) {
      throw new DiscoveryException(step, Action.FAIL_ERROR,
          what + " carries a user name or password, which is refused", null);
    }
    if (!url.isHttps()) {
      throw new DiscoveryException(step, Action.FAIL_ERROR,
          what + " is not https: " + url.scheme() + "://" + url.host(), null);
    }
    if (url.query() != null || url.fragment() != null) {
      url = url.newBuilder().query(null).fragment(null).build();
    }
    return url;
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message != null ? " (" + message + ")" : "");
  }

  private static String checkServerName(String serverName) {
    String problem = MxcUri.serverNameProblem(serverName);
    if (problem != null) {
      throw new IllegalArgumentException(
          "not a server name (" + problem + "): " + MxcUri.quote(serverName));
    }
    return serverName;
  }
}
