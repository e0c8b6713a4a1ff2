package dev.mxsdk.core;

import java.lang.reflect.Method;
import java.net.HttpCookie;
import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.Locale;
import java.util.TimeZone;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * The short-lived authentication cookie of MSC4250 ("Authenticated media v2"): with it, a plain
 * {@code GET} of the authenticated media endpoints ({@code /_matrix/client/v1/media/download/...}
 * and {@code .../thumbnail/...}) is authenticated without an {@code Authorization} header, which is
 * what a WebView's {@code <img>} and {@code <video>} elements need. Returned by
 * {@link MatrixClient#mediaAuthCookie()}.
 *
 * <p>Hand it to a cookie store for {@link #url()} and nothing else:
 *
 * <pre>{@code
 * MediaAuthCookie cookie = matrix.mediaAuthCookie();          // a network call: not on the UI thread
 * // Android WebView:
 * CookieManager.getInstance().setCookie(cookie.url().toString(), cookie.setCookieHeader());
 * // JVM java.net.CookieManager:
 * cookieManager.getCookieStore().add(cookie.url().uri(), cookie.toHttpCookie(System.currentTimeMillis()));
 * // call matrix.mediaAuthCookie() again at cookie.refreshAtMillis() and hand on the new one
 * }</pre>
 *
 * <h2>Scope</h2>
 * The cookie belongs to the homeserver's origin and to the media endpoints only: {@link #url()} is
 * {@code <homeserver>/_matrix/client/v1/media/}, {@link #path()} that URL's path, and
 * {@link #setCookieHeader()} carries no {@code Domain} attribute, so a cookie store keeps it
 * host-only (never sent to a sibling or parent domain). The SDK refuses a server's cookie whose
 * {@code Domain} would widen it beyond the homeserver's host. What the SDK hands on is never wider
 * than what the server set and is narrowed where that cannot break media: the path is the media
 * prefix, {@code HttpOnly} is always set (scripts in a WebView cannot read it), {@code Secure} is
 * set when the server set it or the homeserver is https, the lifetime is at most
 * {@link #MAX_LIFETIME_MILLIS}. {@code SameSite} is passed on as the server set it. Cookie stores
 * ignore ports: a host-only cookie also reaches other ports of the same host, unless, as here, the
 * path does not match; {@link #appliesTo(HttpUrl)} is the strict check (same origin, media path) for
 * a consumer that picks cookies itself.
 *
 * <h2>Security</h2>
 * The value is a credential, like the access token it stands for: {@link #toString()} prints no
 * value, and no exception of the SDK contains it. It is never sent by the SDK itself (its own
 * downloads use {@code Authorization}), and the SDK's hops to other origins (a CDN) drop every
 * {@code Cookie} header.
 *
 * <p>A value type: immutable, thread-safe, compared by content.
 */
public final class MediaAuthCookie {
  /**
   * The {@code unstable_features} flag of {@code /versions} that makes the SDK ask for the cookie.
   * MSC4250 names no flag; this is the usual convention for the proposal's number.
   */
  public static final String UNSTABLE_FEATURE = "org.matrix.msc4250";

  /**
   * The query parameter, set to {@code true} on {@code GET /_matrix/client/v3/account/whoami}, that
   * asks for the cookie: the proposal's unstable name for {@code set_auth_cookie}, which it says to
   * use while the proposal is not stable.
   */
  public static final String UNSTABLE_QUERY_PARAMETER = "org.matrix.msc4250.set_auth_cookie";

  /**
   * How long the SDK assumes a cookie lives when the server gave it neither {@code Max-Age} nor
   * {@code Expires}: 5 minutes (MSC4250 asks for "minutes, not hours").
   */
  public static final long DEFAULT_LIFETIME_MILLIS = 5 * 60 * 1000L;

  /** The longest lifetime the SDK hands on, whatever the server set: 1 hour. */
  public static final long MAX_LIFETIME_MILLIS = 60 * 60 * 1000L;

  private static final @Nullable Method SET_HTTP_ONLY = httpOnlySetter();

  private final String name;
  private final String value;
  private final HttpUrl url;
  private final String userId;
  private final long expiresAtMillis;
  private final long refreshAtMillis;
  private final boolean secure;
  private final @Nullable String sameSite;

  MediaAuthCookie(String name, String value, HttpUrl url, String userId, long expiresAtMillis,
      long refreshAtMillis, boolean secure, @Nullable String sameSite) {
    this.name = name;
    this.value = value;
    this.url = url;
    this.userId = userId;
    this.expiresAtMillis = expiresAtMillis;
    this.refreshAtMillis = refreshAtMillis;
    this.secure = secure;
    this.sameSite = sameSite;
  }

  /**
   * The cookie's name, as the server chose it (MSC4250 leaves it to the implementation), e.g.
   * {@code example_auth}.
   *
   * @return the cookie's name, as the server set it
   */
  public String name() {
    return name;
  }

  /**
   * The cookie's value: a credential. Never log it; hand it only to a cookie store for
   * {@link #url()}.
   *
   * @return the cookie's value: a credential, never to be logged
   */
  public String value() {
    return value;
  }

  /**
   * The URL the cookie belongs to: the homeserver's origin with the media prefix
   * {@code /_matrix/client/v1/media/} (after the homeserver's own base path, if it has one). The
   * URL to pass to {@code CookieManager.setCookie(url, value)}.
   *
   * @return the URL the cookie belongs to, for {@code CookieManager.setCookie(url, ...)}
   */
  public HttpUrl url() {
    return url;
  }

  /** {@return the cookie's {@code Path}: the path of {@link #url()}, ending in {@code /media/}} */
  public String path() {
    return url.encodedPath();
  }

  /** {@return the user the cookie authenticates, from the {@code whoami} answer that set it} */
  public String userId() {
    return userId;
  }

  /**
   * When the cookie expires, in epoch milliseconds on the client's {@link Clock}: from the
   * server's {@code Max-Age} (which wins, as in RFC 6265) or {@code Expires}, or
   * {@link #DEFAULT_LIFETIME_MILLIS} after it was received when the server gave neither, and never
   * more than {@link #MAX_LIFETIME_MILLIS} after it was received. The server's own record of the
   * expiry is what counts; this is what the SDK hands on.
   *
   * @return when the cookie expires, in milliseconds since the epoch on the client's clock
   */
  public long expiresAtMillis() {
    return expiresAtMillis;
  }

  /**
   * When {@link MatrixClient#mediaAuthCookie()} starts returning a new cookie instead of this one,
   * in epoch milliseconds on the client's {@link Clock}: {@link #expiresAtMillis()} minus the
   * refresh margin ({@link MatrixClient.Builder#mediaAuthCookieRefreshMarginMillis(long)}, at most
   * half the lifetime). An app that hands the cookie to a WebView asks again at this time.
   *
   * @return when the client replaces the cookie, in milliseconds since the epoch on its clock
   */
  public long refreshAtMillis() {
    return refreshAtMillis;
  }

  /**
   * {@return whether the cookie is sent over https only: the server said {@code Secure}, or the
   * homeserver is https}
   */
  public boolean secure() {
    return secure;
  }

  /** {@return always true: the cookie is handed on {@code HttpOnly}, out of reach of scripts} */
  public boolean httpOnly() {
    return true;
  }

  /**
   * {@return the server's {@code SameSite} ({@code Strict}, {@code Lax} or {@code None}), or null
   * if it set none}
   */
  public @Nullable String sameSite() {
    return sameSite;
  }

  /**
   * The {@code Cookie} request header value that presents this cookie: {@code name=value}. For a
   * client that sets the header itself, on requests to URLs this cookie {@linkplain
   * #appliesTo(HttpUrl) applies to} only.
   *
   * @return the {@code Cookie} request header value, {@code name=value}
   */
  public String cookieHeader() {
    return name + "=" + value;
  }

  /**
   * The cookie as a {@code Set-Cookie} header value, suitable for Android's
   * {@code CookieManager.setCookie(cookie.url().toString(), cookie.setCookieHeader())}:
   * {@code name=value; Path=/_matrix/client/v1/media/; Expires=<IMF-fixdate>; [Secure; ]HttpOnly[;
   * SameSite=...]}. No {@code Domain}, so it stays host-only. {@code Expires} is absolute (from
   * {@link #expiresAtMillis()}), so the string stays right however late it is handed on.
   *
   * @return the {@code Set-Cookie} value to hand to a cookie store
   */
  public String setCookieHeader() {
    SimpleDateFormat format = new SimpleDateFormat("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);
    format.setTimeZone(TimeZone.getTimeZone("GMT"));
    StringBuilder b = new StringBuilder()
        .append(name).append('=').append(value)
        .append("; Path=").append(path())
        .append("; Expires=").append(format.format(new Date(expiresAtMillis)));
    if (secure) b.append("; Secure");
    b.append("; HttpOnly");
    if (sameSite != null) b.append("; SameSite=").append(sameSite);
    return b.toString();
  }

  /**
   * Whether a request to {@code url} may carry this cookie: the same origin (scheme, host and port)
   * as {@link #url()}, and a path under {@link #path()}. Stricter than a cookie store, which
   * ignores ports.
   *
   * @param url the request's URL
   * @return whether a request to {@code url} may carry the cookie
   */
  public boolean appliesTo(HttpUrl url) {
    if (url == null) throw new NullPointerException("url == null");
    return UrlRules.sameOrigin(url, this.url) && url.encodedPath().startsWith(path());
  }

  /**
   * The cookie as a {@link HttpCookie} for a JVM cookie store ({@code java.net.CookieManager}):
   * version 0 (so that it is sent as {@code name=value}), no domain (host-only when added with
   * {@code cookieStore.add(cookie.url().uri(), httpCookie)}), the path, {@code Secure}, and a
   * {@code Max-Age} of the seconds left until {@link #expiresAtMillis()}. {@code HttpOnly} is set
   * where the platform has {@code HttpCookie.setHttpOnly} (Java 7+, Android API 24+).
   *
   * @param nowMillis the current time on the clock the cookie store measures age with, normally
   *     {@link System#currentTimeMillis()}: {@code HttpCookie} counts {@code Max-Age} from its own
   *     creation on that clock
   * @return a new, mutable {@code HttpCookie}
   */
  public HttpCookie toHttpCookie(long nowMillis) {
    HttpCookie c = new HttpCookie(name, value);
    c.setVersion(0);
    c.setPath(path());
    c.setSecure(secure);
    long left = expiresAtMillis - nowMillis;
    c.setMaxAge(left <= 0 ? 0 : (left + 999) / 1000);
    Method setHttpOnly = SET_HTTP_ONLY;
    if (setHttpOnly != null) {
      try {
        setHttpOnly.invoke(c, Boolean.TRUE);
      } catch (ReflectiveOperationException ignored) {
        // Not settable here; HttpOnly matters to browsers only.
      }
    }
    return c;
  }

  /** {@code HttpCookie.setHttpOnly}, found at run time: Android before API 24 does not have it. */
  private static @Nullable Method httpOnlySetter() {
    try {
      return HttpCookie.class.getMethod("setHttpOnly", boolean.class);
    } catch (NoSuchMethodException | SecurityException e) {
      return null;
    }
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof MediaAuthCookie)) return false;
    MediaAuthCookie that = (MediaAuthCookie) o;
    return name.equals(that.name)
        && Tokens.equal(value, that.value)
        && url.equals(that.url)
        && userId.equals(that.userId)
        && expiresAtMillis == that.expiresAtMillis
        && refreshAtMillis == that.refreshAtMillis
        && secure == that.secure
        && (sameSite == null ? that.sameSite == null : sameSite.equals(that.sameSite));
  }

  @Override
  public int hashCode() {
    int h = name.hashCode();
    h = h * 31 + value.hashCode();
    h = h * 31 + url.hashCode();
    h = h * 31 + userId.hashCode();
    h = h * 31 + (int) (expiresAtMillis ^ (expiresAtMillis >>> 32));
    return h * 31 + (secure ? 1 : 0);
  }

  /** Names the cookie, its scope and expiry; the value is left out. */
  @Override
  public String toString() {
    return "MediaAuthCookie{name=" + name + ", value=██, origin=" + UrlRules.origin(url)
        + ", path=" + path() + ", userId=" + userId + ", expiresAtMillis=" + expiresAtMillis
        + ", refreshAtMillis=" + refreshAtMillis + (secure ? ", Secure" : "") + ", HttpOnly"
        + (sameSite != null ? ", SameSite=" + sameSite : "") + "}";
  }
}
