package dev.mxsdk.core;

import dev.mxsdk.core.internal.AccountJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import okhttp3.CookieJar;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * The MSC4250 media cookie of one {@link MatrixClient}: asked for with
 * {@code GET /_matrix/client/v3/account/whoami?org.matrix.msc4250.set_auth_cookie=true} on the
 * {@link HomeserverPath} (authenticated, no redirect followed, retried as an idempotent request),
 * cached until its refresh time, and shared by concurrent callers (one request for N of them). The
 * cookie is bound to the access token it was obtained with: when the token changes (a refresh, a
 * new token from the app's provider), the next call obtains a new cookie, since the server checks
 * that cookie and token name the same user and device. A failure is not cached.
 *
 * <p>Security: the request goes on a call path without the app's cookie jar (so the cookie is not
 * stored there and later sent with every homeserver request, beside {@code Authorization}), and an
 * innermost network interceptor takes the {@code Set-Cookie} headers off the response before any
 * app interceptor or logger sees them. Thread-safe.
 */
final class MediaAuthCookies {
  /** The path below the homeserver's base URL of the endpoints the cookie authenticates. */
  static final String MEDIA_PREFIX = "_matrix/client/v1/media/";

  private final HomeserverPath path;
  private final AccessTokenProvider tokens;
  private final VersionsCache versions;
  private final boolean forced;
  private final long marginMillis;
  /** Built on first use, so that clients that never ask for a cookie build no extra call path. */
  private volatile @Nullable OkHttpClient callPath;
  private final Object lock = new Object();
  private @Nullable Entry cached;
  private @Nullable Flight<Entry> flight;

  /** A cookie and the access token it was obtained with. */
  private static final class Entry {
    final MediaAuthCookie cookie;
    final @Nullable String token;

    Entry(MediaAuthCookie cookie, @Nullable String token) {
      this.cookie = cookie;
      this.token = token;
    }
  }

  /** Where the innermost interceptor puts one attempt's {@code Set-Cookie} headers. */
  static final class Captured {
    volatile List<String> headers = Collections.emptyList();
  }

  MediaAuthCookies(HomeserverPath path, AccessTokenProvider tokens, VersionsCache versions,
      boolean forced, long marginMillis) {
    this.path = path;
    this.tokens = tokens;
    this.versions = versions;
    this.forced = forced;
    this.marginMillis = marginMillis;
  }

  /** The homeserver path without the app's cookie jar, with {@link CookieCapture} innermost. */
  private OkHttpClient callPath() {
    OkHttpClient c = callPath;
    if (c == null) {
      c = path.homeserverClient(new CookieCapture()).newBuilder()
          .cookieJar(CookieJar.NO_COOKIES)
          .build();
      callPath = c;
    }
    return c;
  }

  /** Returns the cached cookie, or obtains a new one if there is none, it is due, or the token changed. */
  MediaAuthCookie get() throws IOException {
    for (int round = 0; ; round++) {
      String token = tokens.accessToken();
      if (token == null) {
        throw new IllegalStateException("the client has no access token: an MSC4250 media cookie"
            + " is obtained with one and authenticates as its user");
      }
      Flight<Entry> current;
      boolean leader = false;
      synchronized (lock) {
        Entry e = cached;
        if (e != null && Tokens.equal(e.token, token)
            && path.clock().nowMillis() < e.cookie.refreshAtMillis()) {
          return e.cookie;
        }
        current = flight;
        if (current == null) {
          current = new Flight<Entry>("the media cookie");
          flight = current;
          leader = true;
        }
      }
      if (!leader) {
        Entry e = current.await();
        // A flight that began with an older token than ours: ask again (the cache then answers
        // or a new flight runs with the current token).
        if (Tokens.equal(e.token, token) || round >= 2) return e.cookie;
        continue;
      }
      try {
        Entry fresh = fetch(token);
        synchronized (lock) {
          cached = fresh;
          flight = null;
        }
        current.complete(fresh, null);
        return fresh.cookie;
      } catch (IOException | RuntimeException | Error e) {
        synchronized (lock) {
          flight = null;
        }
        current.complete(null, e);
        throw e;
      }
    }
  }

  /** Forgets the cached cookie; the next {@link #get()} obtains a new one. */
  void invalidate() {
    synchronized (lock) {
      cached = null;
    }
  }

  private Entry fetch(final String tokenBefore) throws IOException {
    if (!forced && !versions.get().isUnstableFeatureEnabled(MediaAuthCookie.UNSTABLE_FEATURE)) {
      throw new MediaAuthCookieUnavailableException(
          MediaAuthCookieUnavailableException.Reason.NOT_ADVERTISED,
          "the homeserver's /versions does not list unstable feature "
              + MediaAuthCookie.UNSTABLE_FEATURE + " (MSC4250), so no media cookie was asked for"
              + " (MatrixClient.Builder.forceMediaAuthCookie(true) asks anyway)");
    }
    final HttpUrl url = path.endpoint(AccountCalls.WHOAMI).newBuilder()
        .addQueryParameter(MediaAuthCookie.UNSTABLE_QUERY_PARAMETER, "true")
        .build();
    final CallHandle handle = new CallHandle();
    return path.retrying(new HomeserverPath.Attempt<Entry>() {
      @Override
      public Entry run(int attempt) throws IOException {
        Captured captured = new Captured();
        Request request = path.newRequest(url).tag(Captured.class, captured).build();
        Response response = path.execute(callPath(), request, true, handle);
        try {
          AccountJson.WhoamiFields w = AccountJson.readWhoami(
              path.successBody(response, "GET /account/whoami").source());
          String userId = AccountCalls.userIdOf(w.userId, "/account/whoami");
          MediaAuthCookie cookie = cookie(captured.headers, userId, path.clock().nowMillis());
          return new Entry(cookie, tokenOf(response, tokenBefore));
        } finally {
          response.close();
        }
      }
    }, true, handle);
  }

  /** The token the answered request carried: after a refresh inside execute, the new one. */
  private static String tokenOf(Response response, String fallback) {
    String authorization = response.request().header("Authorization");
    return authorization != null && authorization.startsWith("Bearer ")
        ? authorization.substring("Bearer ".length()) : fallback;
  }

  /**
   * Picks the media cookie out of {@code headers} (the {@code Set-Cookie} values of a successful
   * answer) and checks it; see {@link MediaAuthCookie} for the rules.
   */
  MediaAuthCookie cookie(List<String> headers, String userId, long nowMillis) throws IOException {
    String what = "GET /account/whoami?" + MediaAuthCookie.UNSTABLE_QUERY_PARAMETER + "=true";
    if (headers.isEmpty()) {
      throw new MediaAuthCookieUnavailableException(
          MediaAuthCookieUnavailableException.Reason.NOT_SET,
          what + " answered 200 without a Set-Cookie: the server declined to set a media cookie");
    }
    HttpUrl media = path.endpoint(MEDIA_PREFIX);
    String prefix = media.encodedPath();
    List<SetCookie> candidates = new ArrayList<SetCookie>();
    List<String> elsewhere = new ArrayList<String>();
    String problem = null;
    for (String header : headers) {
      SetCookie c;
      try {
        c = SetCookie.parse(header);
      } catch (SetCookie.Rejected rejected) {
        if (problem == null) problem = rejected.getMessage();
        continue;
      }
      // No Path: the server did not scope it; the SDK scopes it to the media endpoints (RFC 6265's
      // default path, the directory of /whoami, would never reach them).
      if (c.path == null || (pathMatches(prefix + "download/", c.path)
          && pathMatches(prefix + "thumbnail/", c.path))) {
        candidates.add(c);
      } else {
        elsewhere.add(c.name);
      }
    }
    if (candidates.isEmpty()) {
      throw new MalformedResponseException(what + ": no usable media cookie: "
          + (problem != null ? problem
              : "no cookie's Path covers " + prefix + " (cookies for other paths: " + elsewhere
                  + ")"));
    }
    if (candidates.size() > 1) {
      List<String> names = new ArrayList<String>();
      for (SetCookie c : candidates) names.add(c.name);
      throw new MalformedResponseException(what + ": " + candidates.size()
          + " cookies for the media endpoints " + names + ", expected one");
    }
    SetCookie c = candidates.get(0);
    String host = path.homeserver().host();
    if (c.domain != null && !c.domain.equalsIgnoreCase(host)) {
      throw new MalformedResponseException(what + ": cookie " + c.name + " has Domain="
          + printable(c.domain) + ", which would widen it beyond the homeserver's host " + host
          + "; media cookies are host-only and for the homeserver alone");
    }
    long expiresAt;
    if (c.maxAgeSeconds != null) {
      long seconds = c.maxAgeSeconds;
      expiresAt = seconds <= 0 ? Long.MIN_VALUE
          : seconds > Long.MAX_VALUE / 1000 - nowMillis / 1000 ? Long.MAX_VALUE
          : nowMillis + seconds * 1000;
    } else if (c.expiresMillis != null) {
      expiresAt = c.expiresMillis;
    } else {
      expiresAt = nowMillis + MediaAuthCookie.DEFAULT_LIFETIME_MILLIS;
    }
    if (expiresAt <= nowMillis) {
      throw new MalformedResponseException(what + ": cookie " + c.name
          + " is already expired (its " + (c.maxAgeSeconds != null ? "Max-Age" : "Expires")
          + " is not in the future)");
    }
    expiresAt = Math.min(expiresAt, nowMillis + MediaAuthCookie.MAX_LIFETIME_MILLIS);
    long lifetime = expiresAt - nowMillis;
    long refreshAt = expiresAt - Math.min(marginMillis, lifetime / 2);
    boolean secure = c.secure || path.homeserver().isHttps();
    return new MediaAuthCookie(c.name, c.value, media, userId, expiresAt, refreshAt, secure,
        c.sameSite);
  }

  /** RFC 6265 5.1.4: whether {@code requestPath} path-matches {@code cookiePath}. */
  static boolean pathMatches(String requestPath, String cookiePath) {
    if (requestPath.equals(cookiePath)) return true;
    if (!requestPath.startsWith(cookiePath)) return false;
    return cookiePath.endsWith("/") || requestPath.charAt(cookiePath.length()) == '/';
  }

  /** At most 100 printable ASCII characters of server text, for a message. */
  private static String printable(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length() && i < 100; i++) {
      char c = s.charAt(i);
      b.append(c > ' ' && c < 0x7f ? c : '?');
    }
    return s.length() > 100 ? b.append("...").toString() : b.toString();
  }

  @Override
  public String toString() {
    return "MediaAuthCookies{" + UrlRules.origin(path.homeserver()) + "}";
  }

  /**
   * Moves the {@code Set-Cookie} headers of a tagged request's response into its
   * {@link Captured}, innermost, before any app interceptor or logger could see them.
   */
  private static final class CookieCapture implements Interceptor {
    @Override
    public Response intercept(Chain chain) throws IOException {
      Response response = chain.proceed(chain.request());
      Captured holder = chain.request().tag(Captured.class);
      if (holder == null) return response;
      holder.headers = response.headers("Set-Cookie");
      return response.newBuilder().removeHeader("Set-Cookie").build();
    }
  }
}
