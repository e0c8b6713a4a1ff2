package dev.mxsdk.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mxsdk.core.MxcUri;
import dev.mxsdk.testkit.internal.CanonicalEncoding;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("crypto")
final class CdnRedirectTest {
  private static final String OPT_IN = "?org.matrix.msc4097.encryption=aes128gcm";

  private final MutableClock clock = new MutableClock(1_700_000_000_000L);
  private final Http http = new Http();
  private TestHomeserver server;

  @AfterEach
  void close() {
    if (server != null) server.close();
  }

  private TestHomeserver start(TestHomeserverBuilder builder) throws Exception {
    server = builder.clock(clock).start();
    return server;
  }

  static byte[] content(int length) {
    byte[] bytes = new byte[length];
    new Random(length).nextBytes(bytes);
    return bytes;
  }

  private String v1(MxcUri uri) {
    return server.baseUrl() + "/_matrix/client/v1/media/download/" + uri.serverName() + "/" + uri.mediaId();
  }

  private HttpResponse<byte[]> authed(String url) {
    return http.get(url, "Authorization", "Bearer " + server.accessToken());
  }

  @Test
  void optedInRequestGetsA307WithAFreshKeyAndNoStore() throws Exception {
    start(TestHomeserver.newBuilder());
    MxcUri uri = server.seed(content(1000), "image/png", "a.png");
    HttpResponse<byte[]> redirect = authed(v1(uri) + OPT_IN);
    assertEquals(307, redirect.statusCode());
    assertEquals("no-store", Http.header(redirect, "Cache-Control"));
    String location = Http.header(redirect, "Location");
    assertTrue(location.startsWith(server.cdnBaseUrl() + "/_msc4097/v1/"), location);
    assertNotEquals(server.baseUrl(), server.cdnBaseUrl());
    String keyHeader = Http.header(redirect, "X-Matrix-Media-Encryption");
    assertTrue(keyHeader.matches(
        "alg=aes128gcm, key=[A-Za-z0-9_-]{22}, rs=65536, salt=[A-Za-z0-9_-]{22}"), keyHeader);
    assertEquals(16, Http.key(redirect).length);
    assertFalse(location.contains(keyHeader.substring(keyHeader.indexOf("key=") + 4)));
  }

  @Test
  void cdnBodyDecryptsToTheOriginal() throws Exception {
    start(TestHomeserver.newBuilder().recordSize(1000));
    byte[] original = content(5000);
    MxcUri uri = server.seed(original, "application/octet-stream", "blob.bin");
    HttpResponse<byte[]> redirect = authed(v1(uri) + OPT_IN);
    HttpResponse<byte[]> cdn = http.get(Http.header(redirect, "Location"), "Accept-Encoding", "aes128gcm");
    assertEquals(200, cdn.statusCode());
    assertEquals("aes128gcm", Http.header(cdn, "Content-Encoding"));
    assertEquals(Long.toString(CanonicalEncoding.encodedLength(5000, 1000)), Http.header(cdn, "Content-Length"));
    assertEquals(CanonicalEncoding.encodedLength(5000, 1000), cdn.body().length);
    assertEquals("private, no-store", Http.header(cdn, "Cache-Control"));
    assertArrayEquals(original, Rfc8188Reference.decode(Http.key(redirect), cdn.body()));
  }

  @Test
  void emptyAndRecordMultipleObjectsFollowTheCanonicalRecordLayout() throws Exception {
    start(TestHomeserver.newBuilder().recordSize(100));
    for (int length : new int[] {0, 1, 83, 166, 167}) {
      byte[] original = content(length);
      MxcUri uri = server.seed(original, "application/octet-stream", null);
      HttpResponse<byte[]> redirect = authed(v1(uri) + OPT_IN);
      HttpResponse<byte[]> cdn = http.get(Http.header(redirect, "Location"));
      long records = Math.max(1, (length + 82) / 83);
      assertEquals(21 + length + 17 * records, cdn.body().length, "length " + length);
      assertArrayEquals(original, Rfc8188Reference.decode(Http.key(redirect), cdn.body()));
    }
  }

  @Test
  void saltIsDerivedFromKeyDigestRecordSizeAndRendition() throws Exception {
    start(TestHomeserver.newBuilder());
    byte[] original = content(300);
    MxcUri uri = server.seed(original, "text/plain", null);
    HttpResponse<byte[]> redirect = authed(v1(uri) + OPT_IN);
    byte[] body = http.get(Http.header(redirect, "Location")).body();
    byte[] sha256 = java.security.MessageDigest.getInstance("SHA-256").digest(original);
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(new javax.crypto.spec.SecretKeySpec(Http.key(redirect), "HmacSHA256"));
    mac.update("org.matrix.msc4097.salt.v1\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    mac.update(sha256);
    mac.update(new byte[] {0, 1, 0, 0});
    mac.update("download".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertArrayEquals(Arrays.copyOf(mac.doFinal(), 16), Arrays.copyOf(body, 16));
    assertArrayEquals(new byte[] {0, 1, 0, 0, 0}, Arrays.copyOfRange(body, 16, 21));
  }

  @Test
  void twoRequestsGetTwoDifferentKeysAndTwoDifferentTokens() throws Exception {
    start(TestHomeserver.newBuilder());
    MxcUri uri = server.seed(content(10), "text/plain", null);
    HttpResponse<byte[]> first = authed(v1(uri) + OPT_IN);
    HttpResponse<byte[]> second = authed(v1(uri) + OPT_IN);
    assertFalse(Arrays.equals(Http.key(first), Http.key(second)));
    assertNotEquals(Http.header(first, "Location"), Http.header(second, "Location"));
  }

  @Test
  void repeatedRequestsForOneTokenReturnIdenticalBytes() throws Exception {
    start(TestHomeserver.newBuilder().recordSize(64));
    MxcUri uri = server.seed(content(500), "text/plain", null);
    String location = Http.header(authed(v1(uri) + OPT_IN), "Location");
    assertArrayEquals(http.get(location).body(), http.get(location).body());
  }

  @Test
  void rangeSlicesEqualTheSameBytesOfTheFullEncoding() throws Exception {
    start(TestHomeserver.newBuilder().recordSize(64));
    MxcUri uri = server.seed(content(1000), "video/mp4", "v.mp4");
    String location = Http.header(authed(v1(uri) + OPT_IN), "Location");
    byte[] full = http.get(location).body();
    long total = full.length;
    int[][] ranges = {{0, 0}, {0, 20}, {5, 30}, {21, 84}, {21, 85}, {84, 200}, {100, (int) total - 1},
        {(int) total - 1, (int) total - 1}};
    for (int[] r : ranges) {
      HttpResponse<byte[]> part = http.get(location, "Range", "bytes=" + r[0] + "-" + r[1]);
      assertEquals(206, part.statusCode());
      assertEquals("bytes " + r[0] + "-" + r[1] + "/" + total, Http.header(part, "Content-Range"));
      assertEquals("aes128gcm", Http.header(part, "Content-Encoding"));
      assertArrayEquals(Arrays.copyOfRange(full, r[0], r[1] + 1), part.body(), r[0] + "-" + r[1]);
    }
    HttpResponse<byte[]> open = http.get(location, "Range", "bytes=900-");
    assertArrayEquals(Arrays.copyOfRange(full, 900, full.length), open.body());
    HttpResponse<byte[]> suffix = http.get(location, "Range", "bytes=-10");
    assertArrayEquals(Arrays.copyOfRange(full, full.length - 10, full.length), suffix.body());
    HttpResponse<byte[]> beyond = http.get(location, "Range", "bytes=" + total + "-");
    assertEquals(416, beyond.statusCode());
    assertEquals("bytes */" + total, Http.header(beyond, "Content-Range"));
  }

  @Test
  void theKeyHeaderNamesTheRecordSizeAndTheSaltOfTheCdnsEncoding() throws Exception {
    start(TestHomeserver.newBuilder().recordSize(100));
    MxcUri uri = server.seed(content(700), "video/mp4", "v.mp4");
    HttpResponse<byte[]> redirect = authed(v1(uri) + OPT_IN);
    dev.mxsdk.media.codec.MediaEncryptionHeader header =
        dev.mxsdk.media.codec.MediaEncryptionHeader.parse(
            java.util.Collections.singletonList(Http.header(redirect, "X-Matrix-Media-Encryption")),
            java.util.Collections.singletonList("aes128gcm"));
    byte[] body = http.get(Http.header(redirect, "Location")).body();
    assertEquals(100, header.recordSize());
    assertArrayEquals(Arrays.copyOf(body, 16), header.salt());
    assertArrayEquals(Http.key(redirect), header.key().bytes());
  }

  @Test
  void withoutTheRecordLayoutTheKeyHeaderCarriesAlgAndKeyOnly() throws Exception {
    start(TestHomeserver.newBuilder().keyHeaderRecordLayout(false));
    MxcUri uri = server.seed(content(10), "text/plain", null);
    String keyHeader = Http.header(authed(v1(uri) + OPT_IN), "X-Matrix-Media-Encryption");
    assertTrue(keyHeader.matches("alg=aes128gcm, key=[A-Za-z0-9_-]{22}"), keyHeader);
  }

  @Test
  void everyRangeFormOfRfc9110IsAnsweredAsItSays() throws Exception {
    start(TestHomeserver.newBuilder().recordSize(64));
    MxcUri uri = server.seed(content(1000), "video/mp4", "v.mp4");
    String location = Http.header(authed(v1(uri) + OPT_IN), "Location");
    byte[] full = http.get(location).body();
    int total = full.length;
    // A suffix longer than the representation is all of it, as a 206.
    HttpResponse<byte[]> longSuffix = http.get(location, "Range", "bytes=-" + (total + 50));
    assertEquals(206, longSuffix.statusCode());
    assertEquals("bytes 0-" + (total - 1) + "/" + total, Http.header(longSuffix, "Content-Range"));
    assertArrayEquals(full, longSuffix.body());
    // A last position past the end is cut to it.
    HttpResponse<byte[]> pastEnd = http.get(location, "Range", "bytes=" + (total - 5) + "-99999");
    assertEquals("bytes " + (total - 5) + "-" + (total - 1) + "/" + total,
        Http.header(pastEnd, "Content-Range"));
    // Invalid syntax and multiple ranges are ignored: the whole representation, no Content-Range.
    for (String ignored : new String[] {"bytes=50-40", "bytes=0-1,5-6", "bytes=x-", "lines=0-1"}) {
      HttpResponse<byte[]> whole = http.get(location, "Range", ignored);
      assertEquals(200, whole.statusCode(), ignored);
      assertNull(Http.header(whole, "Content-Range"), ignored);
      assertArrayEquals(full, whole.body(), ignored);
    }
    // Unsatisfiable: 416 with the length, and no header that describes the media.
    for (String unsatisfiable : new String[] {"bytes=" + total + "-", "bytes=-0",
        "bytes=" + (total + 10) + "-" + (total + 20)}) {
      HttpResponse<byte[]> refused = http.get(location, "Range", unsatisfiable);
      assertEquals(416, refused.statusCode(), unsatisfiable);
      assertEquals("bytes */" + total, Http.header(refused, "Content-Range"));
      assertNull(Http.header(refused, "Content-Encoding"), unsatisfiable);
      assertNull(Http.header(refused, "Content-Disposition"), unsatisfiable);
      assertEquals("application/json", Http.header(refused, "Content-Type"));
    }
  }

  @Test
  void anEmptyPlainObjectAnswersEveryRangeWith416() throws Exception {
    start(TestHomeserver.newBuilder());
    MxcUri uri = server.seed(new byte[0], "text/plain", null);
    String location = Http.header(authed(v1(uri)), "Location");
    HttpResponse<byte[]> refused = http.get(location, "Range", "bytes=0-");
    assertEquals(416, refused.statusCode());
    assertEquals("bytes */0", Http.header(refused, "Content-Range"));
    assertEquals(200, http.get(location).statusCode());
  }

  @Test
  void theCdnCountsTheBodyBytesItSends() throws Exception {
    start(TestHomeserver.newBuilder().recordSize(64));
    MxcUri uri = server.seed(content(1000), "video/mp4", "v.mp4");
    String location = Http.header(authed(v1(uri) + OPT_IN), "Location");
    assertEquals(0, server.cdnBodyBytes());
    http.get(location, "Range", "bytes=21-84");
    assertEquals(64, server.cdnBodyBytes());
    long whole = http.get(location).body().length;
    assertEquals(64 + whole, server.cdnBodyBytes());
    server.clearRecordedRequests();
    assertEquals(0, server.cdnBodyBytes());
  }

  @Test
  void preEncodedModeServesTheSameBytesAndRanges() throws Exception {
    start(TestHomeserver.newBuilder().recordSize(100).preEncoded(true));
    byte[] original = content(1234);
    MxcUri uri = server.seed(original, "application/octet-stream", null);
    HttpResponse<byte[]> redirect = authed(v1(uri) + OPT_IN);
    String location = Http.header(redirect, "Location");
    byte[] first = http.get(location).body();
    assertArrayEquals(original, Rfc8188Reference.decode(Http.key(redirect), first));
    assertArrayEquals(first, http.get(location).body());
    assertArrayEquals(Arrays.copyOfRange(first, 50, 351),
        http.get(location, "Range", "bytes=50-350").body());

    // A second redirect: a new sealed URL, but the same key, so the one encoding is served again.
    HttpResponse<byte[]> again = authed(v1(uri) + OPT_IN);
    assertArrayEquals(Http.key(redirect), Http.key(again));
    assertArrayEquals(first, http.get(Http.header(again, "Location")).body());
  }

  @Test
  void forgedTokenIsRefused() throws Exception {
    start(TestHomeserver.newBuilder());
    MxcUri uri = server.seed(content(10), "text/plain", null);
    String location = Http.header(authed(v1(uri) + OPT_IN), "Location");
    char last = location.charAt(location.length() - 5);
    String forged = location.substring(0, location.length() - 5) + (last == 'A' ? 'B' : 'A')
        + location.substring(location.length() - 4);
    HttpResponse<byte[]> refused = http.get(forged);
    assertEquals(403, refused.statusCode());
    assertTrue(Http.body(refused).contains("\"errcode\":\"M_FORBIDDEN\""), Http.body(refused));
    assertEquals(403, http.get(server.cdnBaseUrl() + "/_msc4097/v1/not-a-token").statusCode());
  }

  @Test
  void tokenSealedUnderAnotherSecretIsRefused() throws Exception {
    byte[] secret = new byte[32];
    TestHomeserver other = TestHomeserver.newBuilder().cdnSecret(secret).start();
    try {
      start(TestHomeserver.newBuilder());
      MxcUri uri = other.seed(content(10), "text/plain", null);
      String location = Http.header(http.get(
          other.baseUrl() + "/_matrix/client/v1/media/download/localhost/" + uri.mediaId() + OPT_IN,
          "Authorization", "Bearer " + other.accessToken()), "Location");
      String token = location.substring(location.lastIndexOf('/') + 1);
      assertEquals(403, http.get(server.cdnBaseUrl() + "/_msc4097/v1/" + token).statusCode());
    } finally {
      other.close();
    }
  }

  @Test
  void tokenWhoseDigestDiffersFromTheStoredObjectIsRefused() throws Exception {
    byte[] secret = new byte[32];
    secret[0] = 1;
    start(TestHomeserver.newBuilder().cdnSecret(secret));
    MxcUri uri = server.seed(content(10), "text/plain", null);
    dev.mxsdk.testkit.internal.TokenSealer sealer =
        new dev.mxsdk.testkit.internal.TokenSealer(secret, new java.security.SecureRandom());
    String token = sealer.seal(new dev.mxsdk.testkit.internal.TokenSealer.Claims(
        "localhost/" + uri.mediaId(), "download", new byte[32], 65536, new byte[16],
        clock.nowMillis() + 1000));
    HttpResponse<byte[]> refused = http.get(server.cdnBaseUrl() + "/_msc4097/v1/" + token);
    assertEquals(409, refused.statusCode());
    assertTrue(Http.body(refused).contains("\"errcode\""), Http.body(refused));
  }

  @Test
  void expiredTokenIsRefused() throws Exception {
    start(TestHomeserver.newBuilder().tokenLifetimeMillis(60_000));
    MxcUri uri = server.seed(content(10), "text/plain", null);
    String location = Http.header(authed(v1(uri) + OPT_IN), "Location");
    clock.advance(59_999);
    assertEquals(200, http.get(location).statusCode());
    clock.advance(1);
    HttpResponse<byte[]> expired = http.get(location);
    assertEquals(403, expired.statusCode());
    assertTrue(Http.body(expired).contains("expired"), Http.body(expired));
  }

  @Test
  void withoutOptInTheRedirectIsPlainAndTheCdnServesTheBytesAsStored() throws Exception {
    start(TestHomeserver.newBuilder());
    byte[] original = content(700);
    MxcUri uri = server.seed(original, "image/png", "p.png");
    HttpResponse<byte[]> redirect = authed(v1(uri));
    assertEquals(307, redirect.statusCode());
    assertNull(Http.header(redirect, "X-Matrix-Media-Encryption"));
    HttpResponse<byte[]> cdn = http.get(Http.header(redirect, "Location"));
    assertEquals(200, cdn.statusCode());
    assertNull(Http.header(cdn, "Content-Encoding"));
    assertEquals("image/png", Http.header(cdn, "Content-Type"));
    assertArrayEquals(original, cdn.body());
    HttpResponse<byte[]> part = http.get(Http.header(redirect, "Location"), "Range", "bytes=10-19");
    assertArrayEquals(Arrays.copyOfRange(original, 10, 20), part.body());
  }

  @Test
  void jsonVariantCarriesLocationAlgAndKey() throws Exception {
    start(TestHomeserver.newBuilder());
    byte[] original = content(50);
    MxcUri uri = server.seed(original, "text/plain", null);
    HttpResponse<byte[]> json = authed(v1(uri) + OPT_IN + "&org.matrix.msc4097.redirect=json");
    assertEquals(200, json.statusCode());
    assertEquals("no-store", Http.header(json, "Cache-Control"));
    assertEquals("application/json", Http.header(json, "Content-Type"));
    String body = Http.body(json);
    java.util.regex.Matcher m = java.util.regex.Pattern
        .compile("\\{\"location\":\"([^\"]+)\",\"alg\":\"aes128gcm\",\"key\":\"([A-Za-z0-9_-]{22})\""
            + ",\"rs\":65536,\"salt\":\"[A-Za-z0-9_-]{22}\"}")
        .matcher(body);
    assertTrue(m.matches(), body);
    byte[] cdn = http.get(m.group(1)).body();
    assertArrayEquals(original, Rfc8188Reference.decode(java.util.Base64.getUrlDecoder().decode(m.group(2)), cdn));
  }

  @Test
  void cdnAnswersCorsPreflightsAndExposesTheEncodingHeaders() throws Exception {
    start(TestHomeserver.newBuilder());
    MxcUri uri = server.seed(content(5), "text/plain", null);
    String location = Http.header(authed(v1(uri) + OPT_IN), "Location");
    HttpResponse<byte[]> preflight = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(location))
        .method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody())
        .header("Origin", "https://app.example").header("Access-Control-Request-Method", "GET").build());
    assertEquals(204, preflight.statusCode());
    assertEquals("*", Http.header(preflight, "Access-Control-Allow-Origin"));
    HttpResponse<byte[]> get = http.get(location);
    assertEquals("*", Http.header(get, "Access-Control-Allow-Origin"));
    assertEquals("Content-Encoding, Content-Length, Content-Range",
        Http.header(get, "Access-Control-Expose-Headers"));
  }

  @Test
  void keyedCdnHopIsRecordedWithoutAuthorization() throws Exception {
    start(TestHomeserver.newBuilder());
    MxcUri uri = server.seed(content(5), "text/plain", null);
    String location = Http.header(authed(v1(uri) + OPT_IN), "Location");
    http.get(location, "Accept-Encoding", "aes128gcm");
    RecordedRequest hs = server.homeserverRequests().get(0);
    assertEquals("GET", hs.method());
    assertEquals("/_matrix/client/v1/media/download/localhost/" + uri.mediaId(), hs.path());
    assertEquals("org.matrix.msc4097.encryption=aes128gcm", hs.query());
    assertEquals("Bearer " + server.accessToken(), hs.header("authorization"));
    RecordedRequest cdn = server.cdnRequests().get(0);
    assertNull(cdn.header("Authorization"));
    assertEquals("aes128gcm", cdn.header("Accept-Encoding"));
    assertEquals(1, server.cdnRequests().size());
    assertFalse(cdn.toString().contains(location.substring(location.lastIndexOf('/') + 1)), cdn.toString());
    assertFalse(hs.toString().contains(server.accessToken()));
    server.clearRecordedRequests();
    assertTrue(server.homeserverRequests().isEmpty());
  }

  @Test
  void aCdnWithoutMsc4097IgnoresTheOptInAndServesTheStoredBytes() throws Exception {
    start(TestHomeserver.newBuilder().cdnEncryption(false));
    byte[] original = content(700);
    MxcUri uri = server.seed(original, "application/octet-stream", "x.bin");
    HttpResponse<byte[]> redirect = authed(v1(uri) + OPT_IN);
    assertEquals(307, redirect.statusCode());
    assertNull(Http.header(redirect, "X-Matrix-Media-Encryption"));
    HttpResponse<byte[]> cdn = http.get(Http.header(redirect, "Location"), "Accept-Encoding", "aes128gcm");
    assertNull(Http.header(cdn, "Content-Encoding"));
    assertArrayEquals(original, cdn.body());
  }
}
