package dev.mxsdk.core;

import dev.mxsdk.core.internal.AccountJson;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.jspecify.annotations.Nullable;

/**
 * A client of one homeserver for one user: the base URL, the caller's {@link OkHttpClient} (so an
 * app keeps one connection pool), the access token, the retry policy and the cached
 * {@code /versions}.
 *
 * <pre>{@code
 * MatrixClient matrix = MatrixClient.builder()
 *     .homeserver(HttpUrl.get("https://matrix.example.org"))
 *     .accessTokenProvider(() -> session.accessToken())
 *     .okHttpClient(appOkHttpClient)
 *     .build();
 * ServerVersions versions = matrix.serverVersions();
 * }</pre>
 *
 * <p>To log users in and keep their tokens fresh, build it with
 * {@link Builder#session(Session, SessionListener)} after {@link #login(PasswordLogin)} (and find
 * the homeserver with {@link ServerDiscovery}): the client then refreshes expired access tokens
 * itself, once for all waiting requests.
 *
 * <p>Immutable and thread-safe; share one instance. {@link #serverVersions()} is fetched once and
 * cached for {@link Builder#versionsCacheMillis(long)}; concurrent callers share one request.
 * The client owns no resources of its own: whoever created the {@code OkHttpClient} shuts it down.
 * Every request it and sdk-media send goes through its {@link #homeserverPath()}.
 *
 * <h2>Security</h2>
 * The homeserver must be https; plain http is accepted only with
 * {@link Builder#allowInsecureLoopback(boolean)} and only to a loopback host ({@code 127.0.0.0/8},
 * {@code ::1}, {@code localhost}). The access token is sent only as {@code Authorization: Bearer}
 * (never as a query parameter) and only to the homeserver's origin; it never appears in an
 * exception message or {@code toString()}. No request follows a redirect: a {@code 3xx} answer to
 * login, refresh, logout, whoami or {@code /versions} is an {@link UnexpectedRedirectException}
 * (so a password or token is never re-sent to wherever {@code Location} points).
 */
public final class MatrixClient {
  /** How long {@code /versions} is cached by default: 1 hour. */
  public static final long DEFAULT_VERSIONS_CACHE_MILLIS = TimeUnit.HOURS.toMillis(1);

  /**
   * How long before its expiry the MSC4250 media cookie is replaced by default: 1 minute (at most
   * half the cookie's lifetime).
   */
  public static final long DEFAULT_MEDIA_AUTH_COOKIE_REFRESH_MARGIN_MILLIS =
      TimeUnit.MINUTES.toMillis(1);

  private final HttpUrl homeserver;
  private final OkHttpClient okHttpClient;
  private final AccessTokenProvider accessTokenProvider;
  private final @Nullable String userAgent;
  private final long versionsCacheMillis;
  private final boolean allowInsecureLoopback;
  private final RetryPolicy retryPolicy;
  private final Clock clock;
  private final Random random;
  private final @Nullable SessionTokens sessionTokens;
  private final HomeserverPath path;
  private final AccountCalls accounts;
  private final VersionsCache versions;
  private final boolean forceMediaAuthCookie;
  private final long mediaAuthCookieRefreshMarginMillis;
  private final MediaAuthCookies mediaAuthCookies;

  private MatrixClient(Builder b, HttpUrl homeserver) {
    this.homeserver = homeserver;
    this.okHttpClient = b.okHttpClient != null ? b.okHttpClient : new OkHttpClient();
    this.sessionTokens = b.sessionTokens;
    this.accessTokenProvider = b.sessionTokens != null ? b.sessionTokens : b.accessTokenProvider;
    this.userAgent = b.userAgent;
    this.versionsCacheMillis = b.versionsCacheMillis;
    this.allowInsecureLoopback = b.allowInsecureLoopback;
    this.retryPolicy = b.retryPolicy;
    this.clock = b.clock;
    this.random = b.random;
    this.path = new HomeserverPath(homeserver, okHttpClient, accessTokenProvider, sessionTokens,
        userAgent, clock, retryPolicy, allowInsecureLoopback, random);
    this.accounts = new AccountCalls(path);
    this.versions = new VersionsCache(path, versionsCacheMillis);
    this.forceMediaAuthCookie = b.forceMediaAuthCookie;
    this.mediaAuthCookieRefreshMarginMillis = b.mediaAuthCookieRefreshMarginMillis;
    this.mediaAuthCookies = new MediaAuthCookies(path, accessTokenProvider, versions,
        forceMediaAuthCookie, mediaAuthCookieRefreshMarginMillis);
    if (sessionTokens != null) {
      sessionTokens.attach(new SessionTokens.Refresher() {
        @Override
        public AccountJson.Tokens refresh(String refreshToken) throws IOException {
          return accounts.refresh(refreshToken);
        }
      }, clock);
    }
  }

  /** {@return a builder; {@link Builder#homeserver(HttpUrl)} is required} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder holding this client's settings (its {@code OkHttpClient} included). The new
   * client starts with an empty {@code /versions} cache. A client built with a
   * {@linkplain Builder#session(Session, SessionListener) session} shares it with the new client:
   * a refresh by either is seen by both, and both stop at a logout.
   *
   * @return a new builder; building it gives an independent client with the same settings
   */
  public Builder newBuilder() {
    return new Builder(this);
  }

  /** {@return the homeserver's base URL} */
  public HttpUrl homeserver() {
    return homeserver;
  }

  /** {@return the caller's client (or a default one); requests derive their call paths from it} */
  public OkHttpClient okHttpClient() {
    return okHttpClient;
  }

  /** {@return the provider that supplies the access token for homeserver requests} */
  public AccessTokenProvider accessTokenProvider() {
    return accessTokenProvider;
  }

  /** {@return the User-Agent sent with requests, or null for OkHttp's} */
  public @Nullable String userAgent() {
    return userAgent;
  }

  /** {@return how long {@code /versions} stays cached, in milliseconds} */
  public long versionsCacheMillis() {
    return versionsCacheMillis;
  }

  /** {@return whether plain http to a loopback homeserver was allowed} */
  public boolean allowInsecureLoopback() {
    return allowInsecureLoopback;
  }

  /** {@return the policy for retrying idempotent requests such as {@code /versions}} */
  public RetryPolicy retryPolicy() {
    return retryPolicy;
  }

  /**
   * {@return the clock used for the cache, {@code Retry-After} dates, expiries and retry delays}
   */
  public Clock clock() {
    return clock;
  }

  /**
   * The call path every request of this client, and of the sdk-media clients built on it, goes
   * through: User-Agent, the access token to the homeserver only, one refresh on
   * {@code 401 M_UNKNOWN_TOKEN}, retries, no redirects. Apps that call endpoints the SDK does not
   * wrap can use it too.
   *
   * @return the homeserver call path of this client
   */
  public HomeserverPath homeserverPath() {
    return path;
  }

  /**
   * Returns a request builder for {@code url} on the homeserver, with the User-Agent and, when the
   * {@link AccessTokenProvider} gives a token, {@code Authorization: Bearer <token>}.
   *
   * <pre>{@code
   * Request request = matrix.newRequest(matrix.homeserver().resolve("_matrix/client/v1/media/config"))
   *     .build();
   * }</pre>
   *
   * @param url the URL to request, on the homeserver's origin
   * @return a request builder for {@code url}, authenticated when the client has a token
   * @throws IllegalArgumentException if {@code url} is not on the homeserver's origin (scheme, host
   *     and port), so that the token never leaves it
   * @throws IOException if the token provider fails
   */
  public Request.Builder newRequest(HttpUrl url) throws IOException {
    Request.Builder request = path.newRequest(url);
    String token = accessTokenProvider.accessToken();
    if (token != null) request.header("Authorization", "Bearer " + token);
    return request;
  }

  /**
   * The current session (after any refreshes) of a client built with
   * {@link Builder#session(Session, SessionListener)}, or null for a client with an
   * {@link AccessTokenProvider}.
   *
   * @return the current session, or null if this client was built without one
   */
  public @Nullable Session session() {
    SessionTokens tokens = sessionTokens;
    return tokens != null ? tokens.session() : null;
  }

  /**
   * Logs in with a password ({@code POST /_matrix/client/v3/login}, {@code m.login.password},
   * identifier {@code m.id.user}) and returns the new session. This client is not changed: build
   * the client that uses the session with {@link Builder#session(Session, SessionListener)}.
   *
   * <pre>{@code
   * MatrixClient anonymous = MatrixClient.builder().homeserver(homeserver).build();
   * Session session = anonymous.login(PasswordLogin.builder()
   *     .user("@alice:example.org").password(password).build());
   * store.save(session);
   * MatrixClient alice = anonymous.newBuilder().session(session, store::save).build();
   * }</pre>
   *
   * <p>A rate-limited answer is retried under {@link #retryPolicy()}. The request body, which
   * holds the password, is wiped after the call.
   *
   * @param login the user and password, and the device to log in as
   * @return the new session: user ID, device ID, access token and, if issued, refresh token and
   *     expiry
   * @throws MatrixApiException if the server refused, e.g. {@code 403 M_FORBIDDEN} for a wrong
   *     password or {@code 400 M_UNKNOWN} for an unsupported login type
   * @throws MalformedResponseException if the answer lacks {@code user_id}, {@code access_token}
   *     or {@code device_id}
   * @throws IOException on network failure
   */
  public Session login(PasswordLogin login) throws IOException {
    if (login == null) throw new NullPointerException("login == null");
    AccountJson.Tokens t = accounts.login(login);
    return Session.builder()
        .userId(AccountCalls.userIdOf(t.userId, "/login"))
        .deviceId(t.deviceId)
        .accessToken(t.accessToken)
        .refreshToken(t.refreshToken)
        .accessTokenExpiresAtMillis(t.expiresInMillis >= 0
            ? clock.nowMillis() + t.expiresInMillis : -1)
        .build();
  }

  /**
   * Logs the session out ({@code POST /_matrix/client/v3/logout}): the server deletes the device
   * and its tokens. Afterwards every request of a session client fails with
   * {@link LoggedOutException}. An access token that had expired is refreshed first, so that the
   * device is really removed; a session that was already logged out on the server counts as
   * logged out.
   *
   * @throws MatrixApiException if the server refused
   * @throws IOException on network failure (the session is then still valid)
   */
  public void logout() throws IOException {
    accounts.logout(sessionTokens != null);
    if (sessionTokens != null) sessionTokens.loggedOut();
  }

  /**
   * Asks the server whose access token this client holds ({@code GET
   * /_matrix/client/v3/account/whoami}), refreshing an expired token once.
   *
   * @return the user ID (and device ID, if the server gives it) the access token belongs to
   * @throws MatrixApiException if the server refused, e.g. {@code 401 M_UNKNOWN_TOKEN}
   * @throws MalformedResponseException if the answer has no valid {@code user_id}
   * @throws IOException on network failure
   */
  public Whoami whoami() throws IOException {
    return accounts.whoami();
  }

  /**
   * Handles a {@code 401 M_UNKNOWN_TOKEN} answer to a request this client authenticated with
   * {@code rejectedToken}: refreshes the session once and returns true when the request should be
   * sent again with {@link #accessTokenProvider()}'s token. Concurrent callers share one refresh
   * ({@code POST /_matrix/client/v3/refresh}), and a caller whose token was already replaced
   * returns true at once; refresh tokens rotate, so a second refresh would fail. The SDK's own
   * requests (media downloads, {@link #logout()}) do this themselves; an app calls it for requests
   * it sends with {@link #newRequest(HttpUrl)}.
   *
   * <pre>{@code
   * String token = matrix.accessTokenProvider().accessToken();
   * Response response = send(token);
   * if (response.code() == 401) {
   *   MatrixApiException e = MatrixApiException.from(response);
   *   if ("M_UNKNOWN_TOKEN".equals(e.errcode()) && matrix.recoverFromUnknownToken(token, e)) {
   *     response = send(matrix.accessTokenProvider().accessToken()); // once
   *   }
   * }
   * }</pre>
   *
   * @param rejectedToken the access token the rejected request carried
   * @param error the {@code 401 M_UNKNOWN_TOKEN} error the server answered with
   * @return false for a client with an {@link AccessTokenProvider} (it cannot refresh; the app
   *     handles {@code error})
   * @throws LoggedOutException if the session has no refresh token or the refresh was rejected:
   *     the user must log in again
   * @throws IOException if the refresh failed for another reason (the session stays usable)
   */
  public boolean recoverFromUnknownToken(String rejectedToken, MatrixApiException error)
      throws IOException {
    if (rejectedToken == null) throw new NullPointerException("rejectedToken == null");
    if (error == null) throw new NullPointerException("error == null");
    SessionTokens tokens = sessionTokens;
    if (tokens == null) return false;
    return tokens.recover(rejectedToken, error);
  }

  /**
   * Returns the server's versions, fetched ({@code GET /_matrix/client/versions}, unauthenticated,
   * retried under {@link #retryPolicy()}) and cached for {@link #versionsCacheMillis()}. Callers
   * that arrive while a fetch is in flight wait for it and share its result or error: N concurrent
   * callers make one request. A failure is not cached.
   *
   * <p>The same instance is returned while it is cached and a new one after each fetch, so the
   * media flow can key state that must live exactly as long as the cache (such as a fallback
   * after {@code M_UNRECOGNIZED}) on the instance's identity.
   *
   * @return the server's {@code /versions}, from the cache while it is fresh
   * @throws MatrixApiException if the server answered with an error
   * @throws MalformedResponseException if the answer is not a valid {@code /versions} body
   * @throws InterruptedIOException if the waiting thread was interrupted
   * @throws IOException on network failure
   */
  public ServerVersions serverVersions() throws IOException {
    return versions.get();
  }

  /**
   * Forgets the cached {@code /versions}: the next {@link #serverVersions()} fetches again (and
   * returns a new instance). A fetch already in flight is not affected.
   */
  public void invalidateServerVersions() {
    versions.invalidate();
  }

  /**
   * Returns the MSC4250 media cookie ("Authenticated media v2"), for an app to hand to a WebView's
   * cookie store so that {@code <img>} and {@code <video>} load authenticated media straight from
   * the homeserver without an {@code Authorization} header. See {@link MediaAuthCookie} for how to
   * hand it on and what it is scoped to.
   *
   * <p>The cookie is asked for only when {@code /versions} lists unstable feature
   * {@link MediaAuthCookie#UNSTABLE_FEATURE} (or the client was built with
   * {@link Builder#forceMediaAuthCookie(boolean)}), with {@code GET
   * /_matrix/client/v3/account/whoami?org.matrix.msc4250.set_auth_cookie=true}: authenticated,
   * on the {@link #homeserverPath()} (no redirect followed, one refresh on {@code 401
   * M_UNKNOWN_TOKEN}, retried under {@link #retryPolicy()}), without the app's cookie jar. It is
   * cached and the same instance returned until its {@link MediaAuthCookie#refreshAtMillis()} on
   * {@link #clock()}; concurrent callers share one request. When the access token changes (a
   * refresh), the next call obtains a new cookie: the server requires that cookie and token name
   * the same user and device.
   *
   * @return the cookie, valid until at least {@link MediaAuthCookie#refreshAtMillis()}
   * @throws MediaAuthCookieUnavailableException if the server does not advertise MSC4250, or
   *     answered without setting a cookie
   * @throws MalformedResponseException if the cookie it set is unusable: malformed, already
   *     expired, scoped away from the media endpoints, ambiguous, or with a {@code Domain} wider
   *     than the homeserver's host; or if the {@code whoami} answer is not valid
   * @throws MatrixApiException if the server refused, e.g. {@code 401 M_UNKNOWN_TOKEN}
   * @throws UnexpectedRedirectException if the server answered with a redirect (not followed)
   * @throws LoggedOutException if the session is over
   * @throws IllegalStateException if the client has no access token
   * @throws IOException on network failure
   */
  public MediaAuthCookie mediaAuthCookie() throws IOException {
    return mediaAuthCookies.get();
  }

  /**
   * Forgets the cached media cookie: the next {@link #mediaAuthCookie()} asks the server for a new
   * one. For an app whose WebView was answered {@code 401} for media.
   */
  public void invalidateMediaAuthCookie() {
    mediaAuthCookies.invalidate();
  }

  /**
   * Whether {@link #mediaAuthCookie()} asks for a cookie without {@code /versions} advertising
   * MSC4250.
   *
   * @return the {@link Builder#forceMediaAuthCookie(boolean)} setting
   */
  public boolean forceMediaAuthCookie() {
    return forceMediaAuthCookie;
  }

  /**
   * How long before its expiry the media cookie is replaced.
   *
   * @return the margin in milliseconds (at most half of each cookie's lifetime is used)
   */
  public long mediaAuthCookieRefreshMarginMillis() {
    return mediaAuthCookieRefreshMarginMillis;
  }

  @Override
  public String toString() {
    return "MatrixClient{homeserver=" + UrlRules.origin(homeserver) + "}";
  }

  /** Builds a {@link MatrixClient}. Not thread-safe. */
  public static final class Builder {
    private @Nullable HttpUrl homeserver;
    private @Nullable OkHttpClient okHttpClient;
    private AccessTokenProvider accessTokenProvider = new AccessTokenProvider() {
      @Override
      public @Nullable String accessToken() {
        return null;
      }
    };
    private @Nullable String userAgent;
    private long versionsCacheMillis = DEFAULT_VERSIONS_CACHE_MILLIS;
    private boolean allowInsecureLoopback;
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private Clock clock = Clock.SYSTEM;
    private Random random = new Random();
    private @Nullable SessionTokens sessionTokens;
    private boolean forceMediaAuthCookie;
    private long mediaAuthCookieRefreshMarginMillis =
        DEFAULT_MEDIA_AUTH_COOKIE_REFRESH_MARGIN_MILLIS;

    Builder() {}

    Builder(MatrixClient c) {
      this.homeserver = c.homeserver;
      this.okHttpClient = c.okHttpClient;
      this.accessTokenProvider = c.accessTokenProvider;
      this.userAgent = c.userAgent;
      this.versionsCacheMillis = c.versionsCacheMillis;
      this.allowInsecureLoopback = c.allowInsecureLoopback;
      this.retryPolicy = c.retryPolicy;
      this.clock = c.clock;
      this.random = c.random;
      this.sessionTokens = c.sessionTokens;
      this.forceMediaAuthCookie = c.forceMediaAuthCookie;
      this.mediaAuthCookieRefreshMarginMillis = c.mediaAuthCookieRefreshMarginMillis;
    }

    /**
     * The homeserver's base URL, e.g. {@code https://matrix.example.org}. Required; must be https
     * unless {@link #allowInsecureLoopback(boolean)} (checked by {@link #build()}).
     *
     * @param homeserver the base URL, e.g. {@code https://matrix.example.org}
     * @return this builder
     */
    public Builder homeserver(HttpUrl homeserver) {
      if (homeserver == null) throw new NullPointerException("homeserver == null");
      this.homeserver = homeserver;
      return this;
    }

    /**
     * The homeserver's base URL as a string.
     *
     * @param homeserver the base URL, e.g. {@code "https://matrix.example.org"}
     * @return this builder
     * @throws IllegalArgumentException if it is not an http or https URL
     */
    public Builder homeserver(String homeserver) {
      if (homeserver == null) throw new NullPointerException("homeserver == null");
      HttpUrl url = HttpUrl.parse(homeserver);
      if (url == null) {
        throw new IllegalArgumentException("homeserver is not an http(s) URL");
      }
      return homeserver(url);
    }

    /**
     * The caller's OkHttp client, whose connection pool and dispatcher are shared.
     *
     * @param okHttpClient the app's client; the SDK derives its call paths from it
     * @return this builder
     */
    public Builder okHttpClient(OkHttpClient okHttpClient) {
      if (okHttpClient == null) throw new NullPointerException("okHttpClient == null");
      this.okHttpClient = okHttpClient;
      return this;
    }

    /**
     * Supplies the access token for each request (default: none). The app then handles expired
     * tokens itself; replaces a {@link #session(Session, SessionListener)}.
     *
     * @param accessTokenProvider asked for the token before each authenticated request
     * @return this builder
     */
    public Builder accessTokenProvider(AccessTokenProvider accessTokenProvider) {
      if (accessTokenProvider == null) {
        throw new NullPointerException("accessTokenProvider == null");
      }
      this.accessTokenProvider = accessTokenProvider;
      this.sessionTokens = null;
      return this;
    }

    /**
     * Authenticates as {@code session} and keeps it fresh: when the access token's known expiry
     * has passed, or the server answers {@code 401 M_UNKNOWN_TOKEN}, the client refreshes it once
     * with the refresh token (one {@code POST /refresh} however many requests are waiting), tells
     * {@code listener} the new session, and retries the request once. A failed refresh, or a
     * rejected token without a refresh token, ends the session with {@link LoggedOutException}.
     * Replaces an {@link #accessTokenProvider(AccessTokenProvider)}.
     *
     * <pre>{@code
     * MatrixClient matrix = MatrixClient.builder()
     *     .homeserver(homeserver)
     *     .session(store.load(), session -> store.save(session))
     *     .build();
     * }</pre>
     *
     * @param session the session to authenticate as, e.g. from {@link MatrixClient#login}
     * @param listener told every new session after a refresh, so the app can store it
     * @return this builder
     */
    public Builder session(Session session, SessionListener listener) {
      if (session == null) throw new NullPointerException("session == null");
      if (listener == null) throw new NullPointerException("listener == null");
      this.sessionTokens = new SessionTokens(session, listener);
      return this;
    }

    /**
     * The User-Agent header value; null for OkHttp's default.
     *
     * @param userAgent the {@code User-Agent} value, or null
     * @return this builder
     */
    public Builder userAgent(@Nullable String userAgent) {
      this.userAgent = userAgent;
      return this;
    }

    /**
     * How long {@code /versions} stays cached (default 1 hour; 0 fetches on every call).
     *
     * @param versionsCacheMillis how long a fetched {@code /versions} is reused, in milliseconds
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder versionsCacheMillis(long versionsCacheMillis) {
      if (versionsCacheMillis < 0) {
        throw new IllegalArgumentException("versionsCacheMillis < 0: " + versionsCacheMillis);
      }
      this.versionsCacheMillis = versionsCacheMillis;
      return this;
    }

    /**
     * Allows a plain-http homeserver, but only on a loopback host ({@code 127.0.0.0/8},
     * {@code ::1}, {@code localhost}); for local test servers. Default false.
     *
     * @param allowInsecureLoopback true to accept {@code http://} on a loopback host
     * @return this builder
     */
    public Builder allowInsecureLoopback(boolean allowInsecureLoopback) {
      this.allowInsecureLoopback = allowInsecureLoopback;
      return this;
    }

    /**
     * The policy for retrying idempotent requests (default {@link RetryPolicy#defaults()}).
     *
     * @param retryPolicy the retry policy for this client's requests
     * @return this builder
     */
    public Builder retryPolicy(RetryPolicy retryPolicy) {
      if (retryPolicy == null) throw new NullPointerException("retryPolicy == null");
      this.retryPolicy = retryPolicy;
      return this;
    }

    /**
     * The clock and sleeper (default {@link Clock#SYSTEM}); tests inject a fake one.
     *
     * @param clock the time source and sleeper for retries, expiries and caches
     * @return this builder
     */
    public Builder clock(Clock clock) {
      if (clock == null) throw new NullPointerException("clock == null");
      this.clock = clock;
      return this;
    }

    /**
     * Makes {@link MatrixClient#mediaAuthCookie()} ask for the MSC4250 cookie even when
     * {@code /versions} does not list {@link MediaAuthCookie#UNSTABLE_FEATURE} (default false), for
     * a server known to implement the proposal without advertising it. A server that does not
     * implement it answers without a cookie: {@link MediaAuthCookieUnavailableException}.
     *
     * @param force whether to skip the {@code /versions} check
     * @return this builder
     */
    public Builder forceMediaAuthCookie(boolean force) {
      this.forceMediaAuthCookie = force;
      return this;
    }

    /**
     * How long before its expiry {@link MatrixClient#mediaAuthCookie()} replaces the cached cookie
     * (default {@link MatrixClient#DEFAULT_MEDIA_AUTH_COOKIE_REFRESH_MARGIN_MILLIS}); at most half of a
     * cookie's lifetime is used, so a short-lived cookie is still used for a while.
     *
     * @param millis the margin, 0 or more
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder mediaAuthCookieRefreshMarginMillis(long millis) {
      if (millis < 0) throw new IllegalArgumentException("millis < 0: " + millis);
      this.mediaAuthCookieRefreshMarginMillis = millis;
      return this;
    }

    /** The random source of the retry jitter; for tests. */
    Builder random(Random random) {
      if (random == null) throw new NullPointerException("random == null");
      this.random = random;
      return this;
    }

    /**
     * Returns the client.
     *
     * @return a new client with this builder's settings
     * @throws IllegalStateException if no homeserver was set
     * @throws IllegalArgumentException if the homeserver is plain http and not an allowed
     *     loopback host
     */
    public MatrixClient build() {
      HttpUrl url = homeserver;
      if (url == null) throw new IllegalStateException("homeserver == null");
      String problem = UrlRules.problem(url, null, allowInsecureLoopback);
      if (problem != null) {
        throw new IllegalArgumentException("homeserver: " + problem);
      }
      return new MatrixClient(this, url);
    }
  }
}
