package dev.mxsdk.sample;

import android.webkit.CookieManager;
import android.webkit.WebView;
import dev.mxsdk.core.MatrixClient;
import dev.mxsdk.core.MediaAuthCookie;
import java.io.IOException;

/**
 * Hands the homeserver's MSC4250 media cookie to a WebView's {@link CookieManager}, so that
 * {@code <img>} and {@code <video>} elements in the page load authenticated media
 * ({@code /_matrix/client/v1/media/download/...}, {@code .../thumbnail/...}) straight from the
 * homeserver, without the app's access token ever entering the page.
 *
 * <pre>{@code
 * WebViewMediaCookie cookies = new WebViewMediaCookie(matrix, CookieManager.getInstance());
 * cookies.allowFor(webView);                         // the page is not on the homeserver's site
 * background.execute(() -> {
 *   MediaAuthCookie cookie = cookies.install();      // a network call the first time
 *   main.postDelayed(this::again, WebViewMediaCookie.delayUntilRefreshMillis(cookie,
 *       System.currentTimeMillis()));                // install again before it expires
 * });
 * }</pre>
 *
 * <p>{@link #install()} fails with {@code MediaAuthCookieUnavailableException} on a server without
 * MSC4250: the app then shows media through sdk-media (or the local media server) instead.
 * Thread-safe; {@link #install()} blocks, so call it off the main thread.
 */
public final class WebViewMediaCookie {
  private final MatrixClient matrix;
  private final CookieManager cookieManager;

  /**
   * Creates the helper.
   *
   * @param matrix the signed-in client whose homeserver serves the media
   * @param cookieManager the WebView cookie store, normally {@code CookieManager.getInstance()}
   */
  public WebViewMediaCookie(MatrixClient matrix, CookieManager cookieManager) {
    if (matrix == null) throw new NullPointerException("matrix == null");
    if (cookieManager == null) throw new NullPointerException("cookieManager == null");
    this.matrix = matrix;
    this.cookieManager = cookieManager;
  }

  /**
   * Obtains the cookie (the cached one while it is fresh) and sets it for the homeserver's media
   * URL only: host-only, {@code Path=/_matrix/client/v1/media/}, {@code HttpOnly}, {@code Secure}
   * on https, with an absolute {@code Expires}.
   *
   * @return the cookie that was set; install again at its {@link MediaAuthCookie#refreshAtMillis()}
   * @throws IOException if there is no cookie (see {@link MatrixClient#mediaAuthCookie()})
   */
  public MediaAuthCookie install() throws IOException {
    MediaAuthCookie cookie = matrix.mediaAuthCookie();
    cookieManager.setCookie(cookie.url().toString(), cookie.setCookieHeader());
    cookieManager.flush();
    return cookie;
  }

  /**
   * Lets {@code webView} send the cookie although its page is on another site than the
   * homeserver (an asset page on {@code https://appassets.androidplatform.net/}, say): for apps
   * targeting API 21 and later, WebViews send no third-party cookies unless allowed per WebView. A
   * cookie the server set {@code SameSite=Strict} or {@code Lax} is still not sent from another
   * site's page by WebViews that enforce {@code SameSite}.
   *
   * @param webView the WebView that shows the media
   */
  public void allowFor(WebView webView) {
    cookieManager.setAcceptThirdPartyCookies(webView, true);
  }

  /**
   * How long to wait before installing again.
   *
   * @param cookie the cookie last installed
   * @param nowMillis the current time on the client's clock
   * @return milliseconds until {@code cookie}'s refresh time, 0 if it has come
   */
  public static long delayUntilRefreshMillis(MediaAuthCookie cookie, long nowMillis) {
    return Math.max(0, cookie.refreshAtMillis() - nowMillis);
  }
}
