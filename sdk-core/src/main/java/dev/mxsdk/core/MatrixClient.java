package dev.mxsdk.core;

import dev.mxsdk.core.internal.RetryingCall;
import dev.mxsdk.core.internal.VersionsJson;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
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
 * <p>Immutable and thread-safe; share one instance. {@link #serverVersions()} is fetched once and
 * cached for {@link Builder#versionsCacheMillis(long)}; concurrent callers share one request.
 * The client owns no resources of its own: whoever created the {@code OkHttpClient} shuts it down.
 *
 * <h2>Security</h2>
 * The homeserver must be https; plain http is accepted only with
 * {@link Builder#allowInsecureLoopback(boolean)} and only to a loopback host ({@code 127.0.0.0/8},
 * {@code ::1}, {@code localhost}). The access token is sent only as {@code Authorization: Bearer}
 * (never as a query parameter) and only to the homeserver's origin; it never appears in an
 * exception message or {@code toString()}.
 */
public final class MatrixClient {
  /** How long {@code /versions} is cached by default: 1 hour. */
  public static final long DEFAULT_VERSIONS_CACHE_MILLIS = TimeUnit.HOURS.toMillis(1);

  private final HttpUrl homeserver;
  private final OkHttpClient okHttpClient;
  private final AccessTokenProvider accessTokenProvider;
  private final @Nullable String userAgent;
  private final long versionsCacheMillis;
  private final boolean allowInsecureLoopback;
  private final RetryPolicy retryPolicy;
  private final Clock clock;
  private final Random random;

  private final Object versionsLock = new Object();
  private @Nullable ServerVersions versions;
  private long versionsFetchedAtMillis;
  private @Nullable Flight flight;

  private MatrixClient(Builder b, HttpUrl homeserver) {
    this.homeserver = homeserver;
    this.okHttpClient = b.okHttpClient != null ? b.okHttpClient : new OkHttpClient();
    this.accessTokenProvider = b.accessTokenProvider;
    this.userAgent = b.userAgent;
    this.versionsCacheMillis = b.versionsCacheMillis;
    this.allowInsecureLoopback = b.allowInsecureLoopback;
    this.retryPolicy = b.retryPolicy;
    this.clock = b.clock;
    this.random = b.random;
  }

  /** Returns a builder; {@link Builder#homeserver(HttpUrl)} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder holding this client's settings (its {@code OkHttpClient} included). The new
   * client starts with an empty {@code /versions} cache.
   */
  public Builder newBuilder() {
    return new Builder(this);
  }

  /** The homeserver's base URL. */
  public HttpUrl homeserver() {
    return homeserver;
  }

  /** The caller's client (or a default one); requests derive their call paths from it. */
  public OkHttpClient okHttpClient() {
    return okHttpClient;
  }

  /** Supplies the access token for homeserver requests. */
  public AccessTokenProvider accessTokenProvider() {
    return accessTokenProvider;
  }

  /** The User-Agent sent with requests, or null for OkHttp's. */
  public @Nullable String userAgent() {
    return userAgent;
  }

  /** How long {@code /versions} stays cached, in milliseconds. */
  public long versionsCacheMillis() {
    return versionsCacheMillis;
  }

  /** Whether plain http to a loopback homeserver was allowed. */
  public boolean allowInsecureLoopback() {
    return allowInsecureLoopback;
  }

  /** The policy for retrying idempotent requests such as {@code /versions}. */
  public RetryPolicy retryPolicy() {
    return retryPolicy;
  }

  /** The clock used for the cache, {@code Retry-After} dates and retry delays. */
  public Clock clock() {
    return clock;
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
   * @throws IllegalArgumentException if {@code url} is not on the homeserver's origin (scheme, host
   *     and port), so that the token never leaves it
   * @throws IOException if the token provider fails
   */
  public Request.Builder newRequest(HttpUrl url) throws IOException {
    if (url == null) throw new NullPointerException("url == null");
    if (!url.scheme().equals(homeserver.scheme()) || !url.host().equals(homeserver.host())
        || url.port() != homeserver.port()) {
      throw new IllegalArgumentException("expected a URL on the homeserver's origin "
          + origin(homeserver) + ", was " + origin(url));
    }
    Request.Builder request = new Request.Builder().url(url);
    if (userAgent != null) request.header("User-Agent", userAgent);
    String token = accessTokenProvider.accessToken();
    if (token != null) request.header("Authorization", "Bearer " + token);
    return request;
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
   * @throws MatrixApiException if the server answered with an error
   * @throws MalformedResponseException if the answer is not a valid {@code /versions} body
   * @throws InterruptedIOException if the waiting thread was interrupted
   * @throws IOException on network failure
   */
  public ServerVersions serverVersions() throws IOException {
    Flight current;
    boolean leader = false;
    synchronized (versionsLock) {
      ServerVersions cached = versions;
      long now = clock.nowMillis();
      if (cached != null && now >= versionsFetchedAtMillis
          && now - versionsFetchedAtMillis < versionsCacheMillis) {
        return cached;
      }
      current = flight;
      if (current == null) {
        current = new Flight();
        flight = current;
        leader = true;
      }
    }
    if (!leader) return current.await();
    try {
      ServerVersions fetched = fetchVersions();
      synchronized (versionsLock) {
        versions = fetched;
        versionsFetchedAtMillis = clock.nowMillis();
        flight = null;
      }
      current.complete(fetched, null);
      return fetched;
    } catch (IOException | RuntimeException | Error e) {
      synchronized (versionsLock) {
        flight = null;
      }
      current.complete(null, e);
      throw e;
    }
  }

  /**
   * Forgets the cached {@code /versions}: the next {@link #serverVersions()} fetches again (and
   * returns a new instance). A fetch already in flight is not affected.
   */
  public void invalidateServerVersions() {
    synchronized (versionsLock) {
      versions = null;
    }
  }

  private ServerVersions fetchVersions() throws IOException {
    HttpUrl url = homeserver.newBuilder().addPathSegments("_matrix/client/versions").build();
    Request.Builder request = new Request.Builder().url(url);
    if (userAgent != null) request.header("User-Agent", userAgent);
    RetryingCall<ServerVersions> call = new RetryingCall<ServerVersions>(okHttpClient,
        request.build(), retryPolicy, clock, random, new RetryingCall.BodyReader<ServerVersions>() {
          @Override
          public ServerVersions read(Response response) throws IOException {
            ResponseBody body = response.body();
            if (body == null) throw new MalformedResponseException("/versions: no body");
            return VersionsJson.read(body.source());
          }
        });
    return call.execute();
  }

  @Override
  public String toString() {
    return "MatrixClient{homeserver=" + origin(homeserver) + "}";
  }

  private static String origin(HttpUrl url) {
    String host = url.host().indexOf(':') >= 0 ? "[" + url.host() + "]" : url.host();
    return url.scheme() + "://" + host + ":" + url.port();
  }

  static boolean isLoopback(String host) {
    if (host.equalsIgnoreCase("localhost") || host.equals("::1")
        || host.equals("0:0:0:0:0:0:0:1")) {
      return true;
    }
    String[] parts = host.split("\\.", -1);
    if (parts.length != 4 || !parts[0].equals("127")) return false;
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 3) return false;
      for (int i = 0; i < p.length(); i++) {
        if (p.charAt(i) < '0' || p.charAt(i) > '9') return false;
      }
      if (Integer.parseInt(p) > 255) return false;
    }
    return true;
  }

  /** One fetch of {@code /versions} that concurrent callers wait for. */
  private static final class Flight {
    private boolean done;
    private @Nullable ServerVersions result;
    private @Nullable Throwable failure;

    synchronized void complete(@Nullable ServerVersions result, @Nullable Throwable failure) {
      this.result = result;
      this.failure = failure;
      this.done = true;
      notifyAll();
    }

    synchronized ServerVersions await() throws IOException {
      while (!done) {
        try {
          wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted while waiting for /versions");
        }
      }
      Throwable f = failure;
      if (f instanceof IOException) throw (IOException) f;
      if (f instanceof RuntimeException) throw (RuntimeException) f;
      if (f instanceof Error) throw (Error) f;
      ServerVersions r = result;
      if (r == null) throw new IllegalStateException("no result");
      return r;
    }
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
    }

    /**
     * The homeserver's base URL, e.g. {@code https://matrix.example.org}. Required; must be https
     * unless {@link #allowInsecureLoopback(boolean)} (checked by {@link #build()}).
     */
    public Builder homeserver(HttpUrl homeserver) {
      if (homeserver == null) throw new NullPointerException("homeserver == null");
      this.homeserver = homeserver;
      return this;
    }

    /**
     * The homeserver's base URL as a string.
     *
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

    /** The caller's OkHttp client, whose connection pool and dispatcher are shared. */
    public Builder okHttpClient(OkHttpClient okHttpClient) {
      if (okHttpClient == null) throw new NullPointerException("okHttpClient == null");
      this.okHttpClient = okHttpClient;
      return this;
    }

    /** Supplies the access token for each request (default: none). */
    public Builder accessTokenProvider(AccessTokenProvider accessTokenProvider) {
      if (accessTokenProvider == null) {
        throw new NullPointerException("accessTokenProvider == null");
      }
      this.accessTokenProvider = accessTokenProvider;
      return this;
    }

    /** The User-Agent header value; null for OkHttp's default. */
    public Builder userAgent(@Nullable String userAgent) {
      this.userAgent = userAgent;
      return this;
    }

    /**
     * How long {@code /versions} stays cached (default 1 hour; 0 fetches on every call).
     *
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
     */
    public Builder allowInsecureLoopback(boolean allowInsecureLoopback) {
      this.allowInsecureLoopback = allowInsecureLoopback;
      return this;
    }

    /** The policy for retrying idempotent requests (default {@link RetryPolicy#defaults()}). */
    public Builder retryPolicy(RetryPolicy retryPolicy) {
      if (retryPolicy == null) throw new NullPointerException("retryPolicy == null");
      this.retryPolicy = retryPolicy;
      return this;
    }

    /** The clock and sleeper (default {@link Clock#SYSTEM}); tests inject a fake one. */
    public Builder clock(Clock clock) {
      if (clock == null) throw new NullPointerException("clock == null");
      this.clock = clock;
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
     * @throws IllegalStateException if no homeserver was set
     * @throws IllegalArgumentException if the homeserver is plain http and not an allowed
     *     loopback host
     */
    public MatrixClient build() {
      HttpUrl url = homeserver;
      if (url == null) throw new IllegalStateException("homeserver == null");
      if (!url.isHttps()) {
        if (!allowInsecureLoopback) {
          throw new IllegalArgumentException("refused plain http homeserver " + origin(url)
              + ": only https is allowed (allowInsecureLoopback(true) permits loopback hosts)");
        }
        if (!isLoopback(url.host())) {
          throw new IllegalArgumentException("refused plain http homeserver " + origin(url)
              + ": only https is allowed, and http only to a loopback host");
        }
      }
      return new MatrixClient(this, url);
    }
  }
}
