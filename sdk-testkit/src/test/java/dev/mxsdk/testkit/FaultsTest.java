package dev.mxsdk.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mxsdk.core.MxcUri;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

final class FaultsTest {
  private static final String OPT_IN = "?org.matrix.msc4097.encryption=aes128gcm";
  private final Http http = new Http();
  private TestHomeserver server;
  private byte[] original;
  private MxcUri uri;

  @BeforeEach
  void start() throws Exception {
    server = TestHomeserver.newBuilder().recordSize(256).start();
    original = CdnRedirectTest.content(2000);
    uri = server.seed(original, "application/octet-stream", "x.bin");
  }

  @AfterEach
  void close() {
    server.close();
  }

  private HttpResponse<byte[]> download(String query) {
    return http.get(server.baseUrl() + "/_matrix/client/v1/media/download/localhost/" + uri.mediaId() + query,
        "Authorization", "Bearer " + server.accessToken());
  }

  private HttpResponse<byte[]> cdn(HttpResponse<byte[]> redirect) {
    return http.get(Http.header(redirect, "Location"), "Accept-Encoding", "aes128gcm");
  }

  @Test
  void rateLimitAnswers429WithRetryAfterTheFirstNTimes() {
    server.faults().rateLimit(2, 1500);
    for (int i = 0; i < 2; i++) {
      HttpResponse<byte[]> limited = download(OPT_IN);
      assertEquals(429, limited.statusCode());
      assertEquals("{\"errcode\":\"M_LIMIT_EXCEEDED\",\"error\":\"Too many requests\",\"retry_after_ms\":1500}",
          Http.body(limited));
      assertEquals("2", Http.header(limited, "Retry-After"));
    }
    assertEquals(307, download(OPT_IN).statusCode());
  }

  @Test
  void notYetUploadedAnswers504TheFirstNTimes() {
    server.faults().notYetUploaded(1);
    HttpResponse<byte[]> pending = download(OPT_IN);
    assertEquals(504, pending.statusCode());
    assertTrue(Http.body(pending).contains("\"errcode\":\"M_NOT_YET_UPLOADED\""));
    assertEquals(307, download(OPT_IN).statusCode());
  }

  @Test
  void alwaysKeepsAFaultOnUntilCleared() {
    server.faults().notYetUploaded(Faults.ALWAYS);
    for (int i = 0; i < 3; i++) assertEquals(504, download("").statusCode());
    server.faults().clear();
    assertEquals(307, download("").statusCode());
  }

  @Test
  void truncateStopsTheCdnBodyAfterKBytes() {
    server.faults().truncateCdnBody(100, 1);
    HttpResponse<byte[]> redirect = download(OPT_IN);
    assertThrows(UncheckedIOException.class, () -> cdn(redirect));
    assertEquals(200, cdn(redirect).statusCode());
  }

  @Test
  void aDropAtARepresentationOffsetCutsTheResponsesThatReachItOnly() throws Exception {
    HttpResponse<byte[]> redirect = download(OPT_IN);
    String location = Http.header(redirect, "Location");
    byte[] full = cdn(redirect).body();
    server.faults().dropConnectionAt(1000, 1);
    // A range after the drop is served whole and does not use the fault up.
    HttpResponse<byte[]> after = http.get(location, "Range", "bytes=1200-1300");
    assertArrayEquals(java.util.Arrays.copyOfRange(full, 1200, 1301), after.body());
    long before = server.cdnBodyBytes();
    assertThrows(UncheckedIOException.class, () -> http.get(location, "Range", "bytes=500-"));
    assertEquals(500, server.cdnBodyBytes() - before);
    assertEquals(200, cdn(redirect).statusCode());
    assertArrayEquals(full, cdn(redirect).body());
  }

  @Test
  void corruptFlipsOneBitAtOffsetK() throws Exception {
    HttpResponse<byte[]> redirect = download(OPT_IN);
    byte[] good = cdn(redirect).body();
    server.faults().corruptCdnBody(300, 1);
    byte[] bad = cdn(redirect).body();
    assertEquals(good.length, bad.length);
    assertEquals(good[300] ^ 1, bad[300]);
    bad[300] ^= 1;
    assertArrayEquals(good, bad);
  }

  @Test
  void omitKeyHeaderLeavesTheRedirectKeylessWhileTheCdnStillEncrypts() {
    server.faults().omitKeyHeader(1);
    HttpResponse<byte[]> redirect = download(OPT_IN);
    assertEquals(307, redirect.statusCode());
    assertNull(Http.header(redirect, "X-Matrix-Media-Encryption"));
    assertEquals("aes128gcm", Http.header(cdn(redirect), "Content-Encoding"));
  }

  @Test
  void plaintextDespiteKeyServesTheStoredBytesWithoutContentEncoding() {
    server.faults().plaintextDespiteKey(1);
    HttpResponse<byte[]> redirect = download(OPT_IN);
    assertEquals(16, Http.key(redirect).length);
    HttpResponse<byte[]> body = cdn(redirect);
    assertNull(Http.header(body, "Content-Encoding"));
    assertArrayEquals(original, body.body());
  }

  @Test
  void keyOn308UsesAPermanentRedirectForTheKey() {
    server.faults().keyOn308(1);
    HttpResponse<byte[]> redirect = download(OPT_IN);
    assertEquals(308, redirect.statusCode());
    assertEquals(16, Http.key(redirect).length);
  }

  @Test
  void redirectLoopSendsTheCdnRequestBackToItself() {
    server.faults().redirectLoop(2);
    HttpResponse<byte[]> redirect = download(OPT_IN);
    String location = Http.header(redirect, "Location");
    HttpResponse<byte[]> loop = http.get(location);
    assertEquals(307, loop.statusCode());
    assertEquals(location, Http.header(loop, "Location"));
    assertEquals(307, http.get(location).statusCode());
    assertEquals(200, http.get(location).statusCode());
  }

  @Test
  void bounceSendsTheCdnRequestBackToTheHomeserverOrigin() {
    server.faults().bounceToHomeserver(1);
    HttpResponse<byte[]> bounce = cdn(download(OPT_IN));
    assertEquals(307, bounce.statusCode());
    assertEquals(server.baseUrl() + "/_matrix/client/v1/media/download/localhost/" + uri.mediaId(),
        Http.header(bounce, "Location"));
    HttpResponse<byte[]> followed = http.get(Http.header(bounce, "Location"));
    assertEquals(401, followed.statusCode());
    assertNull(server.homeserverRequests().get(1).header("Authorization"));
  }

  @Test
  void slowBodyArrivesCompleteInChunks() throws Exception {
    server.faults().slowCdnBody(500, 1, 1);
    HttpResponse<byte[]> redirect = download(OPT_IN);
    assertArrayEquals(original, Rfc8188Reference.decode(Http.key(redirect), cdn(redirect).body()));
  }

  @Test
  void wrongKeyStreamIsNotDecryptableWithTheIssuedKey() {
    server.faults().wrongKeyStream(1);
    HttpResponse<byte[]> redirect = download(OPT_IN);
    byte[] body = cdn(redirect).body();
    assertThrows(javax.crypto.AEADBadTagException.class,
        () -> Rfc8188Reference.decode(Http.key(redirect), body));
  }

  @Test
  void duplicateKeyHeaderSendsTheHeaderTwice() {
    server.faults().duplicateKeyHeader(1);
    HttpResponse<byte[]> redirect = download(OPT_IN);
    assertEquals(2, redirect.headers().allValues("X-Matrix-Media-Encryption").size());
  }

  @Test
  void malformedKeyHeaderCarriesAKeyOutsideTheBase64UrlAlphabet() {
    server.faults().malformedKeyHeader(1);
    HttpResponse<byte[]> redirect = download(OPT_IN);
    String header = Http.header(redirect, "X-Matrix-Media-Encryption");
    String key = header.substring(header.indexOf("key=") + 4);
    assertFalse(key.matches("[A-Za-z0-9_-]+"), header);
    assertEquals(1, redirect.headers().allValues("X-Matrix-Media-Encryption").size());
  }

  @Test
  void faultsDoNotTouchRequestsWithoutOptIn() {
    server.faults().omitKeyHeader(1).keyOn308(1);
    HttpResponse<byte[]> plain = download("");
    assertEquals(307, plain.statusCode());
    assertArrayEquals(original, cdn(plain).body());
    HttpResponse<byte[]> keyed = download(OPT_IN);
    assertEquals(308, keyed.statusCode());
    assertNull(Http.header(keyed, "X-Matrix-Media-Encryption"));
  }
}
