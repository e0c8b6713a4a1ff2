package dev.mxsdk.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mxsdk.core.MxcUri;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.logging.HttpLoggingInterceptor;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import okio.Buffer;
import okio.ByteString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keyed redirects: capture, the CDN layer, fail-closed rules, and what loggers and CDNs see. */
final class KeyedFlowTest {
  private static final MxcUri MXC = MxcUri.parse("mxc://media.example/keyed");
  private static final SecureRandom RANDOM = new SecureRandom();
  private FlowFixture f;
  private final byte[] key = new byte[16];
  private String keyB64;

  @TempDir Path dir;

  @BeforeEach
  void setUp() throws IOException {
    f = new FlowFixture();
    RANDOM.nextBytes(key);
    keyB64 = ByteString.of(key).base64Url().replace("=", "");
  }

  @AfterEach
  void tearDown() throws IOException {
    f.close();
  }

  private MockResponse keyedRedirect(int code, String path) {
    return keyedRedirect(code, path, key);
  }

  private MockResponse keyedRedirect(int code, String path, byte[] withKey) {
    return new MockResponse().setResponseCode(code)
        .setHeader("Location", f.cdn.url(path).toString())
        .setHeader("Cache-Control", "no-store")
        .setHeader("X-Matrix-Media-Encryption",
            "alg=aes128gcm, key=" + ByteString.of(withKey).base64Url().replace("=", ""));
  }

  private MockResponse encrypted(byte[] plaintext, int rs) throws IOException {
    return encrypted(plaintext, rs, key);
  }

  private MockResponse encrypted(byte[] plaintext, int rs, byte[] withKey) throws IOException {
    return new MockResponse().setHeader("Content-Encoding", "aes128gcm")
        .setHeader("Content-Type", "image/png")
        .setHeader("Content-Disposition", "inline; filename=\"picture.png\"")
        .setBody(new Buffer().write(Rfc8188.encode(plaintext, withKey, rs)));
  }

  private byte[] download(MediaClient client) throws IOException {
    try (MediaResponse response = client.newCall(MediaRequest.download(MXC)).execute()) {
      return response.source().readByteArray();
    }
  }

  private static byte[] random(int size) {
    byte[] b = new byte[size];
    RANDOM.nextBytes(b);
    return b;
  }

  @Test
  void keyedRedirectDecryptsTheCdnLayerAndSendsAcceptEncoding() throws Exception {
    byte[] plaintext = random(200_000);
    f.enqueue(keyedRedirect(307, "/cdn/token"));
    f.cdn.enqueue(encrypted(plaintext, 4096));
    try (MediaResponse response =
        f.mediaClient().newCall(MediaRequest.download(MXC)).execute()) {
      assertArrayEquals(plaintext, response.source().readByteArray());
      assertEquals(-1, response.contentLength());
      assertEquals("image/png", response.contentType());
      assertEquals("picture.png", response.fileName());
      assertTrue(response.diagnostics().keyReceived());
      assertTrue(response.diagnostics().cdnLayer());
      assertFalse(response.describe().contains(keyB64));
      assertFalse(response.toString().contains(keyB64));
    }
    RecordedRequest atCdn = f.cdnRequests().get(0);
    assertEquals("aes128gcm", atCdn.getHeader("Accept-Encoding"));
    assertNull(atCdn.getHeader("Authorization"));
  }

  @Test
  void keyOn302And303IsAcceptedToo() throws Exception {
    for (int code : new int[] {302, 303}) {
      byte[] plaintext = random(1000);
      f.enqueue(keyedRedirect(code, "/c" + code));
      f.cdn.enqueue(encrypted(plaintext, 100));
      assertArrayEquals(plaintext, download(f.mediaClient()));
    }
  }

  @Test
  void keyOnA308IsAProtocolError() throws Exception {
    f.enqueue(keyedRedirect(308, "/cacheable"));
    MediaProtocolException e =
        assertThrows(MediaProtocolException.class, () -> download(f.mediaClient()));
    assertTrue(e.getMessage().contains("308"), e.getMessage());
    assertFalse(e.getMessage().contains(keyB64));
    assertTrue(f.cdnRequests().isEmpty());
  }

  @Test
  void keyOnA301IsAProtocolError() throws Exception {
    f.enqueue(keyedRedirect(301, "/cacheable"));
    assertThrows(MediaProtocolException.class, () -> download(f.mediaClient()));
    assertTrue(f.cdnRequests().isEmpty());
  }

  @Test
  void keyButPlainBodyFailsClosed() throws Exception {
    f.enqueue(keyedRedirect(307, "/plain"));
    f.cdn.enqueue(new MockResponse().setBody("plaintext the CDN should not serve"));
    MediaProtocolException e =
        assertThrows(MediaProtocolException.class, () -> download(f.mediaClient()));
    assertTrue(e.getMessage().contains("not aes128gcm"), e.getMessage());
  }

  @Test
  void repeatedKeyHeaderIsAProtocolError() throws Exception {
    f.enqueue(keyedRedirect(307, "/x")
        .addHeader("X-Matrix-Media-Encryption", "alg=aes128gcm, key=" + keyB64));
    assertThrows(MediaProtocolException.class, () -> download(f.mediaClient()));
    assertTrue(f.cdnRequests().isEmpty());
  }

  @Test
  void secondKeyInTheChainIsAProtocolError() throws Exception {
    f.enqueue(new MockResponse().setResponseCode(307).setHeader("Location", "/again")
        .setHeader("X-Matrix-Media-Encryption", "alg=aes128gcm, key=" + keyB64));
    f.enqueue(keyedRedirect(307, "/cdn"));
    MediaProtocolException e =
        assertThrows(MediaProtocolException.class, () -> download(f.mediaClient()));
    assertTrue(e.getMessage().contains("second key"), e.getMessage());
  }

  @Test
  void keyWithoutOptInIsAProtocolError() throws Exception {
    f.enqueue(keyedRedirect(307, "/unasked"));
    MediaClient client = f.mediaClient(f.okHttpClient(),
        MediaOptions.builder().cdnEncryption(false).build());
    assertThrows(MediaProtocolException.class, () -> download(client));
  }

  @Test
  void keyFromTheCdnIsNeverCaptured() throws Exception {
    f.enqueue(f.redirectToCdn("/first"));
    f.cdn.enqueue(new MockResponse().setResponseCode(307)
        .setHeader("Location", f.cdn.url("/second").toString())
        .setHeader("X-Matrix-Media-Encryption", "alg=aes128gcm, key=" + keyB64));
    f.cdn.enqueue(encrypted(random(100), 50));
    MediaProtocolException e =
        assertThrows(MediaProtocolException.class, () -> download(f.mediaClient()));
    assertTrue(e.getMessage().contains("no key"), e.getMessage());
    List<RecordedRequest> cdn = f.cdnRequests();
    assertNull(cdn.get(1).getHeader("Authorization"));
    assertEquals("identity", cdn.get(1).getHeader("Accept-Encoding"),
        "no key: the hop asks for the bytes as stored, so OkHttp never decodes them itself");
  }

  @Test
  void truncatedCdnStreamFailsAndLeavesNoFile() throws Exception {
    byte[] plaintext = random(10_000);
    byte[] encoded = Rfc8188.encode(plaintext, key, 1000);
    f.enqueue(keyedRedirect(307, "/truncated"));
    f.cdn.enqueue(new MockResponse().setHeader("Content-Encoding", "aes128gcm")
        .setBody(new Buffer().write(encoded, 0, encoded.length - 1200)));
    File target = dir.resolve("out.bin").toFile();
    try (MediaResponse response =
        f.mediaClient().newCall(MediaRequest.download(MXC)).execute()) {
      assertThrows(MediaIntegrityException.class, () -> response.downloadTo(target));
    }
    assertFalse(target.exists());
    assertEquals(0, dir.toFile().list().length);
  }

  @Test
  void tamperedCdnStreamNeverReachesTheOutputStream() throws Exception {
    byte[] plaintext = random(10_000);
    byte[] encoded = Rfc8188.encode(plaintext, key, 1000);
    encoded[encoded.length - 5] ^= 1;
    f.enqueue(keyedRedirect(307, "/tampered"));
    f.cdn.enqueue(new MockResponse().setHeader("Content-Encoding", "aes128gcm")
        .setBody(new Buffer().write(encoded)));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (MediaResponse response =
        f.mediaClient().newCall(MediaRequest.download(MXC)).execute()) {
      assertThrows(MediaIntegrityException.class, () -> response.downloadTo(out));
    }
    assertEquals(0, out.size());
  }

  @Test
  void existingTargetIsUntouchedWhenTheKeyedDownloadFails() throws Exception {
    File target = dir.resolve("keep.bin").toFile();
    Files.write(target.toPath(), "precious".getBytes(StandardCharsets.UTF_8));
    f.enqueue(keyedRedirect(307, "/bad"));
    f.cdn.enqueue(new MockResponse().setHeader("Content-Encoding", "aes128gcm")
        .setBody("garbage that is not rfc 8188 at all"));
    try (MediaResponse response =
        f.mediaClient().newCall(MediaRequest.download(MXC)).execute()) {
      assertThrows(IOException.class, () -> response.downloadTo(target));
    }
    assertEquals("precious", Files.readString(target.toPath()));
  }

  @Test
  void appInterceptorsNeverReachTheCdnAndTheLogNeverShowsTheKey() throws Exception {
    byte[] plaintext = random(5000);
    f.enqueue(keyedRedirect(307, "/logged"));
    f.cdn.enqueue(encrypted(plaintext, 1000));
    StringBuilder log = new StringBuilder();
    HttpLoggingInterceptor networkLogger = new HttpLoggingInterceptor(m -> log.append(m).append('\n'));
    networkLogger.setLevel(HttpLoggingInterceptor.Level.HEADERS);
    HttpLoggingInterceptor appLogger = new HttpLoggingInterceptor(m -> log.append(m).append('\n'));
    appLogger.setLevel(HttpLoggingInterceptor.Level.HEADERS);
    Interceptor addsToken = chain -> chain.proceed(chain.request().newBuilder()
        .header("Authorization", "Bearer app-added-token")
        .header("X-App", "yes")
        .build());
    OkHttpClient ok = f.okHttpClient().newBuilder()
        .addInterceptor(addsToken)
        .addInterceptor(appLogger)
        .addNetworkInterceptor(networkLogger)
        .build();
    MediaClient client =
        f.mediaClient(ok, MediaOptions.defaults());
    assertArrayEquals(plaintext, download(client));

    RecordedRequest atCdn = f.cdnRequests().get(0);
    assertNull(atCdn.getHeader("Authorization"));
    assertNull(atCdn.getHeader("X-App"));
    String logged = log.toString();
    assertTrue(logged.contains("307"), "the app's logger ran on the homeserver hop:\n" + logged);
    assertFalse(logged.contains(keyB64), logged);
    assertFalse(logged.toLowerCase().contains("x-matrix-media-encryption"), logged);
    assertFalse(logged.contains(f.cdn.url("/logged").encodedPath() + " "),
        "the app's logger never ran on the CDN hop:\n" + logged);
  }

  @Test
  void requiredCdnEncryptionAcceptsAKeyedRedirect() throws Exception {
    byte[] plaintext = random(300);
    f.enqueue(keyedRedirect(307, "/required"));
    f.cdn.enqueue(encrypted(plaintext, 100));
    MediaClient client = f.mediaClient(f.okHttpClient(),
        MediaOptions.builder().requireCdnEncryption(true).build());
    assertArrayEquals(plaintext, download(client));
  }

  @Test
  void retryAfterAKeyedRedirectStartsOverAtTheHomeserverWithAFreshKey() throws Exception {
    byte[] plaintext = random(300);
    f.enqueue(keyedRedirect(307, "/limited"));
    f.cdn.enqueue(new MockResponse().setResponseCode(429)
        .setBody("{\"errcode\":\"M_LIMIT_EXCEEDED\",\"retry_after_ms\":200}"));
    byte[] freshKey = random(16);
    f.enqueue(keyedRedirect(307, "/fresh", freshKey));
    f.cdn.enqueue(encrypted(plaintext, 100, freshKey));
    assertArrayEquals(plaintext, download(f.mediaClient()));
    assertEquals(2, f.homeserverMediaRequests().size());
    List<RecordedRequest> cdn = f.cdnRequests();
    assertEquals("/fresh", cdn.get(1).getPath());
    assertEquals(List.of(200L), f.clock.sleeps);
  }

  @Test
  void progressOfAKeyedBodyCountsEncodedBytesAgainstItsContentLength() throws Exception {
    byte[] plaintext = random(50_000);
    byte[] encoded = Rfc8188.encode(plaintext, key, 4096);
    f.enqueue(keyedRedirect(307, "/progress"));
    f.cdn.enqueue(new MockResponse().setHeader("Content-Encoding", "aes128gcm")
        .setBody(new Buffer().write(encoded)));
    long[] last = new long[2];
    MediaClient client = f.mediaClient(f.okHttpClient(), MediaOptions.builder()
        .progressListener((read, length) -> {
          last[0] = read;
          last[1] = length;
        })
        .build());
    assertArrayEquals(plaintext, download(client));
    assertEquals(encoded.length, last[0]);
    assertEquals(encoded.length, last[1]);
  }

  @Test
  void maxSizeAppliesToTheDecodedBytesOfAKeyedBody() throws Exception {
    f.enqueue(keyedRedirect(307, "/big"));
    f.cdn.enqueue(encrypted(random(10_000), 1000));
    MediaClient client = f.mediaClient(f.okHttpClient(),
        MediaOptions.builder().maxSize(9_999).build());
    assertThrows(MediaTooLargeException.class, () -> download(client));
  }

  @Test
  void appCacheAuthenticatorAndEventListenerNeverSeeTheMediaExchanges() throws Exception {
    byte[] plaintext = random(2000);
    f.enqueue(new MockResponse().setResponseCode(401)
        .setHeader("WWW-Authenticate", "Bearer")
        .setBody("{\"errcode\":\"M_UNKNOWN_TOKEN\",\"error\":\"expired\"}"));
    f.enqueue(keyedRedirect(307, "/cached"));
    f.cdn.enqueue(encrypted(plaintext, 500).setHeader("Cache-Control", "max-age=3600"));
    okhttp3.Cache cache = new okhttp3.Cache(dir.resolve("cache").toFile(), 1 << 20);
    int[] authenticatorCalls = new int[1];
    List<String> seenHeaders = new java.util.ArrayList<>();
    OkHttpClient ok = f.okHttpClient().newBuilder()
        .cache(cache)
        .authenticator((route, response) -> {
          authenticatorCalls[0]++;
          return response.request().newBuilder().header("Authorization", "Bearer other").build();
        })
        .eventListener(new okhttp3.EventListener() {
          @Override
          public void responseHeadersEnd(okhttp3.Call call, okhttp3.Response response) {
            seenHeaders.add(response.headers().toString());
          }
        })
        .build();
    MediaClient client =
        f.mediaClient(ok, MediaOptions.defaults());
    dev.mxsdk.core.MatrixApiException e =
        assertThrows(dev.mxsdk.core.MatrixApiException.class, () -> download(client));
    assertEquals(401, e.status());
    assertEquals(0, authenticatorCalls[0]);
    assertArrayEquals(plaintext, download(client));
    // Only MatrixClient's own /versions fetch may have consulted the app's cache.
    assertTrue(cache.requestCount() <= 1, "cache requests: " + cache.requestCount());
    for (java.util.Iterator<String> urls = cache.urls(); urls.hasNext(); ) {
      String url = urls.next();
      assertFalse(url.contains("/media/") || url.contains("/cached"), url);
    }
    for (String headers : seenHeaders) {
      assertFalse(headers.toLowerCase().contains("x-matrix-media-encryption"), headers);
    }
    cache.close();
  }
}
