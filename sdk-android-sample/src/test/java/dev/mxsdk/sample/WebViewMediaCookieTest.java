package dev.mxsdk.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import android.webkit.CookieManager;
import dev.mxsdk.core.MatrixClient;
import dev.mxsdk.core.MediaAuthCookie;
import dev.mxsdk.core.MxcUri;
import dev.mxsdk.testkit.TestHomeserver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.RobolectricTestRunner;
import org.robolectric.annotation.Config;

/**
 * The MSC4250 media cookie handed to Android's {@link CookieManager}: what the WebView's cookie
 * store then sends for a media URL of the homeserver authenticates a download by itself.
 */
@RunWith(RobolectricTestRunner.class)
@Config(sdk = 34, application = SampleApplication.class)
public final class WebViewMediaCookieTest {
  private TestHomeserver server;
  private OkHttpClient http;
  private MatrixClient matrix;

  @Before
  public void setUp() throws IOException {
    // No CDN: the download is answered by the homeserver itself, as it is to a WebView's <img>.
    server = TestHomeserver.newBuilder().tls(true).cdn(false).mediaAuthCookies(true).start();
    http = new OkHttpClient.Builder()
        .sslSocketFactory(server.sslContext().getSocketFactory(), server.trustManager())
        .build();
    matrix = MatrixClient.builder()
        .homeserver(server.baseUrl())
        .accessTokenProvider(server::accessToken)
        .okHttpClient(http)
        .build();
  }

  @After
  public void tearDown() {
    CookieManager.getInstance().removeAllCookies(null);
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
    server.close();
  }

  @Test
  public void theInstalledCookieIsWhatTheWebViewSendsForMediaAndItDownloadsAlone()
      throws Exception {
    byte[] content = "seen in a WebView".getBytes(StandardCharsets.UTF_8);
    MxcUri uri = server.seed(content, "text/plain", "note.txt");
    WebViewMediaCookie cookies = new WebViewMediaCookie(matrix, CookieManager.getInstance());

    MediaAuthCookie cookie = cookies.install();

    assertTrue(cookie.secure());
    String media = cookie.url() + "download/" + uri.serverName() + "/" + uri.mediaId();
    String sent = CookieManager.getInstance().getCookie(media);
    assertNotNull(sent, "no cookie for " + cookie.url());
    assertTrue(sent.contains(cookie.cookieHeader()), "the store sends the cookie");
    // What the WebView would send, with no Authorization: the homeserver serves the media.
    try (Response r = http.newCall(new Request.Builder().url(media).header("Cookie", sent)
        .build()).execute()) {
      assertEquals(200, r.code());
      assertEquals("seen in a WebView", r.body().string());
    }
    assertEquals(0, WebViewMediaCookie.delayUntilRefreshMillis(cookie, cookie.refreshAtMillis()));
    assertEquals(60_000, WebViewMediaCookie.delayUntilRefreshMillis(cookie,
        cookie.refreshAtMillis() - 60_000));
  }
}
