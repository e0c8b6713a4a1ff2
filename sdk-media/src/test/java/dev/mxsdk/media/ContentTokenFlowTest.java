package dev.mxsdk.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mxsdk.core.MatrixApiException;
import dev.mxsdk.core.MxcUri;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MSC3910 content tokens on the wire, against MockWebServer: {@code X-Matrix-Content-Token} on
 * the homeserver hops of downloads and thumbnails only, never on a CDN hop, never in a message,
 * {@code toString()}, the diagnostics, the cache key or the cache's files; and the typed errors
 * of a server that refuses.
 */
final class ContentTokenFlowTest {
  private static final MxcUri MXC = MxcUri.parse("mxc://media.example/tokened");
  private static final String CONTENT_TOKEN = "c0ntent-T0ken.secret_~9";
  private static final String HEADER = "X-Matrix-Content-Token";
  private static final byte[] BODY = "the media bytes".getBytes(StandardCharsets.UTF_8);

  private FlowFixture f;
  @TempDir Path dir;

  @BeforeEach
  void setUp() throws IOException {
    f = new FlowFixture();
  }

  @AfterEach
  void tearDown() throws IOException {
    f.close();
  }

  private static MediaRequest tokened(MediaRequest request) {
    return request.newBuilder().contentToken(CONTENT_TOKEN).build();
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
        .setBody(body);
  }

  private byte[] download(MediaClient client, MediaRequest request) throws IOException {
    try (MediaResponse response = client.newCall(request).execute()) {
      byte[] bytes = response.source().readByteArray();
      assertFalse(response.toString().contains(CONTENT_TOKEN), response.toString());
      assertFalse(response.diagnostics().toString().contains(CONTENT_TOKEN));
      return bytes;
    }
  }

  @Test
  void theTokenGoesToTheHomeserverBesideAuthorizationAndNeverToTheCdn() throws Exception {
    f.enqueue(f.redirectToCdn("/object"));
    f.cdn.enqueue(new MockResponse().setBody(new okio.Buffer().write(BODY)));

    assertArrayEquals(BODY, download(f.mediaClient(), tokened(MediaRequest.download(MXC))));

    RecordedRequest home = f.homeserverMediaRequests().get(0);
    assertEquals("/_matrix/client/v1/media/download/media.example/tokened",
        home.getRequestUrl().encodedPath());
    assertEquals(CONTENT_TOKEN, home.getHeader(HEADER));
    assertEquals("Bearer " + FlowFixture.TOKEN, home.getHeader("Authorization"));
    assertFalse(home.getRequestUrl().toString().contains(CONTENT_TOKEN), "never in the URL");
    RecordedRequest cdn = f.cdnRequests().get(0);
    assertNull(cdn.getHeader(HEADER));
    assertNull(cdn.getHeader("Authorization"));
  }

  @Test
  void aSameOriginRedirectKeepsTheTokenButAHopBackFromTheCdnDoesNot() throws Exception {
    f.enqueue(new MockResponse().setResponseCode(307)
        .setHeader("Location", f.homeserver.url("/again").toString()));
    f.enqueue(f.redirectToCdn("/object"));
    f.cdn.enqueue(new MockResponse().setResponseCode(307)
        .setHeader("Location", f.homeserver.url("/back").toString()));
    f.enqueue(new MockResponse().setBody(new okio.Buffer().write(BODY)));

    assertArrayEquals(BODY, download(f.mediaClient(), tokened(MediaRequest.download(MXC))));

    List<RecordedRequest> home = f.homeserverMediaRequests();
    assertEquals(3, home.size());
    assertEquals(CONTENT_TOKEN, home.get(0).getHeader(HEADER));
    assertEquals(CONTENT_TOKEN, home.get(1).getHeader(HEADER), "still on the homeserver");
    assertNull(home.get(2).getHeader(HEADER), "the chain had left the homeserver");
    assertNull(home.get(2).getHeader("Authorization"));
    assertNull(f.cdnRequests().get(0).getHeader(HEADER));
  }

  @Test
  void anAppInterceptorThatCopiesTheTokenOntoEveryRequestNeverReachesTheCdn() throws Exception {
    Interceptor copying = chain -> chain.proceed(chain.request().newBuilder()
        .header(HEADER, CONTENT_TOKEN).build());
    OkHttpClient app = f.okHttpClient().newBuilder().addNetworkInterceptor(copying)
        .addInterceptor(copying).build();
    f.enqueue(f.redirectToCdn("/object"));
    f.cdn.enqueue(new MockResponse().setBody(new okio.Buffer().write(BODY)));

    assertArrayEquals(BODY, download(f.mediaClient(app, MediaOptions.defaults()),
        MediaRequest.download(MXC)));

    assertNull(f.cdnRequests().get(0).getHeader(HEADER));
  }

  @Test
  void thumbnailsAndLegacyEndpointsCarryTheTokenToo() throws Exception {
    f.enqueue(new MockResponse().setBody(new okio.Buffer().write(BODY)));
    download(f.mediaClient(),
        tokened(MediaRequest.thumbnail(MXC, 64, 64, ThumbnailMethod.SCALE)));
    RecordedRequest thumb = f.homeserverMediaRequests().get(0);
    assertTrue(thumb.getPath().startsWith("/_matrix/client/v1/media/thumbnail/"), thumb.getPath());
    assertEquals(CONTENT_TOKEN, thumb.getHeader(HEADER));

    f.versionsJson = "{\"versions\":[\"v1.5\"]}";
    f.enqueue(new MockResponse().setBody(new okio.Buffer().write(BODY)));
    // A new client: /versions is cached per MatrixClient.
    download(f.mediaClient(), tokened(MediaRequest.download(MXC)));
    RecordedRequest legacy = f.homeserverMediaRequests().get(0);
    assertTrue(legacy.getPath().startsWith("/_matrix/media/v3/download/"), legacy.getPath());
    assertEquals(CONTENT_TOKEN, legacy.getHeader(HEADER));
  }

  @Test
  void withoutATokenNoHeaderIsSent() throws Exception {
    f.enqueue(new MockResponse().setBody(new okio.Buffer().write(BODY)));
    download(f.mediaClient(), MediaRequest.download(MXC));
    assertNull(f.homeserverMediaRequests().get(0).getHeader(HEADER));
  }

  @Test
  void aMissingTokenIsATypedErrorAndNotASessionProblem() throws Exception {
    f.enqueue(json(401, "{\"errcode\":\"M_MISSING_CONTENT_TOKEN\",\"error\":\"need it\"}"));
    MediaNotViewableException e = assertThrows(MediaNotViewableException.class,
        () -> download(f.mediaClient(), MediaRequest.download(MXC)));
    assertEquals(401, e.status());
    assertTrue(e.contentTokenMissing());
    assertEquals(1, f.homeserverMediaRequests().size(), "no refresh, no retry");
  }

  @Test
  void aWrongTokenIsATypedErrorWhoseMessageNeverQuotesIt() throws Exception {
    f.enqueue(json(403, "{\"errcode\":\"M_UNAUTHORIZED\",\"error\":\"token " + CONTENT_TOKEN
        + " does not match\"}"));
    MediaNotViewableException e = assertThrows(MediaNotViewableException.class,
        () -> download(f.mediaClient(), tokened(MediaRequest.download(MXC))));
    assertFalse(e instanceof MediaNotAttachedException);
    assertEquals("M_UNAUTHORIZED", e.errcode());
    assertFalse(e.contentTokenMissing());
    assertNoToken(e);
  }

  @Test
  void aRefusalMarkedNotAttachedIsMediaNotAttached() throws Exception {
    f.enqueue(json(403, "{\"errcode\":\"M_UNAUTHORIZED\",\"error\":\"not yet\","
        + "\"org.matrix.msc3911.attached\":false}"));
    MediaNotAttachedException e = assertThrows(MediaNotAttachedException.class,
        () -> download(f.mediaClient(), MediaRequest.download(MXC)));
    assertEquals(403, e.status());
    f.enqueue(json(403, "{\"errcode\":\"M_FORBIDDEN\",\"org.matrix.msc3911.attached\":true}"));
    MediaNotViewableException other = assertThrows(MediaNotViewableException.class,
        () -> download(f.mediaClient(), MediaRequest.download(MXC)));
    assertFalse(other instanceof MediaNotAttachedException);
    f.enqueue(json(404, "{\"errcode\":\"M_NOT_FOUND\"}"));
    MatrixApiException notFound = assertThrows(MatrixApiException.class,
        () -> download(f.mediaClient(), MediaRequest.download(MXC)));
    assertFalse(notFound instanceof MediaNotViewableException);
  }

  @Test
  void aCdnErrorCannotEchoATokenItNeverGot() throws Exception {
    f.enqueue(f.redirectToCdn("/object"));
    f.cdn.enqueue(json(500, "{\"errcode\":\"M_UNKNOWN\",\"error\":\"boom\"}"));
    IOException e = assertThrows(IOException.class,
        () -> download(f.mediaClient(), tokened(MediaRequest.download(MXC))));
    assertNoToken(e);
    assertNull(f.cdnRequests().get(0).getHeader(HEADER));
  }

  @Test
  void theRequestShowsNoTokenAndItsCacheKeyIgnoresIt() {
    MediaRequest plain = MediaRequest.download(MXC);
    MediaRequest request = tokened(plain);
    assertEquals(CONTENT_TOKEN, request.contentToken());
    assertFalse(request.toString().contains(CONTENT_TOKEN), request.toString());
    assertTrue(request.toString().contains("contentToken=[redacted]"), request.toString());
    assertEquals(plain.cacheKey(), request.cacheKey());
    assertEquals(plain.hashCode(), request.hashCode());
    assertNotEquals(plain, request);
    assertEquals(request, plain.newBuilder().contentToken(CONTENT_TOKEN).build());
    assertNull(request.newBuilder().contentToken(null).build().contentToken());
    assertEquals(CONTENT_TOKEN, request.newBuilder().range(MediaRange.from(1)).build()
        .contentToken(), "kept by newBuilder");
  }

  @Test
  void aTokenOutsideTheGrammarIsRefusedWithoutQuotingIt() {
    StringBuilder tooLong = new StringBuilder();
    for (int i = 0; i < 256; i++) tooLong.append('a');
    for (String bad : new String[] {"", "has space", "new\nline", "slash/", "percent%41",
        "ünicode", tooLong.toString()}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> MediaRequest.download(MXC).newBuilder().contentToken(bad));
      if (!bad.isEmpty()) assertFalse(e.getMessage().contains(bad), e.getMessage());
    }
  }

  @Test
  void aCachedDownloadNeverWritesTheTokenIntoTheCache() throws Exception {
    File cacheDir = dir.resolve("cache").toFile();
    try (MediaCache cache = MediaCache.open(cacheDir, MediaCachePolicy.defaults(), f.clock)) {
      MediaClient client = MediaClient.builder(f.matrixClient(f.okHttpClient())).cache(cache)
          .build();
      f.enqueue(f.redirectToCdn("/object"));
      f.cdn.enqueue(new MockResponse().setBody(new okio.Buffer().write(BODY)));
      assertArrayEquals(BODY, download(client, tokened(MediaRequest.download(MXC))));
      assertEquals(CONTENT_TOKEN, f.homeserverMediaRequests().get(0).getHeader(HEADER));
      // A hit: nothing is asked of the server.
      assertArrayEquals(BODY, download(client, tokened(MediaRequest.download(MXC))));
      assertEquals(0, f.homeserverMediaRequests().size());
    }
    byte[] needle = CONTENT_TOKEN.getBytes(StandardCharsets.UTF_8);
    List<Path> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(cacheDir.toPath())) {
      walk.forEach(files::add);
    }
    assertTrue(files.size() > 1, "the cache holds files");
    for (Path p : files) {
      assertFalse(p.toString().contains(CONTENT_TOKEN), p.toString());
      if (Files.isRegularFile(p)) {
        assertFalse(contains(Files.readAllBytes(p), needle), "the token is in " + p);
      }
    }
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) continue outer;
      }
      return true;
    }
    return false;
  }

  private static void assertNoToken(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      assertFalse(String.valueOf(t.getMessage()).contains(CONTENT_TOKEN), t.toString());
      assertFalse(t.toString().contains(CONTENT_TOKEN), t.toString());
      if (t instanceof MatrixApiException) {
        assertFalse(String.valueOf(((MatrixApiException) t).error()).contains(CONTENT_TOKEN));
      }
    }
  }
}
