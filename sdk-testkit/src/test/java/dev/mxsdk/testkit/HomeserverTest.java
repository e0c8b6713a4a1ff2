package dev.mxsdk.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mxsdk.core.MxcUri;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class HomeserverTest {
  private final Http http = new Http();
  private TestHomeserver server;

  @AfterEach
  void close() {
    if (server != null) server.close();
  }

  private HttpResponse<byte[]> authed(String path) {
    return http.get(server.baseUrl() + path, "Authorization", "Bearer " + server.accessToken());
  }

  private static String path(String family, MxcUri uri) {
    return family + uri.serverName() + "/" + uri.mediaId();
  }

  private static final String V1 = "/_matrix/client/v1/media/download/";
  private static final String LEGACY = "/_matrix/media/v3/download/";

  @Test
  void versionsAdvertisesTheConfiguredSpecVersionsAndUnstableFeatures() throws Exception {
    server = TestHomeserver.newBuilder().specVersions("v1.5", "v1.7")
        .unstableFeature("org.matrix.msc3916.stable", false).start();
    HttpResponse<byte[]> versions = http.get(server.baseUrl() + "/_matrix/client/versions");
    assertEquals(200, versions.statusCode());
    assertEquals("{\"versions\":[\"v1.5\",\"v1.7\"],\"unstable_features\":{\"org.matrix.msc4120\":true,"
        + "\"org.matrix.msc3916.stable\":false}}",
        Http.body(versions));
    assertEquals("*", Http.header(versions, "Access-Control-Allow-Origin"));
  }

  @Test
  void defaultServerIsV1Point11() throws Exception {
    server = TestHomeserver.newBuilder().start();
    assertTrue(Http.body(http.get(server.baseUrl() + "/_matrix/client/versions")).contains("\"v1.11\""));
  }

  @Test
  void unauthenticatedRequestGetsMissingTokenAndAWrongOneUnknownToken() throws Exception {
    server = TestHomeserver.newBuilder().start();
    MxcUri uri = server.seed(new byte[3], "text/plain", null);
    HttpResponse<byte[]> missing = http.get(server.baseUrl() + path(V1, uri));
    assertEquals(401, missing.statusCode());
    assertEquals("{\"errcode\":\"M_MISSING_TOKEN\",\"error\":\"Missing access token\"}", Http.body(missing));
    HttpResponse<byte[]> wrong = http.get(server.baseUrl() + path(V1, uri), "Authorization", "Bearer nope");
    assertEquals(401, wrong.statusCode());
    assertTrue(Http.body(wrong).contains("\"errcode\":\"M_UNKNOWN_TOKEN\""));
  }

  @Test
  void everyConfiguredTokenIsAccepted() throws Exception {
    server = TestHomeserver.newBuilder().accessToken("first").accessToken("second").start();
    assertEquals("first", server.accessToken());
    HttpResponse<byte[]> config = http.get(server.baseUrl() + "/_matrix/client/v1/media/config",
        "Authorization", "Bearer second");
    assertEquals(200, config.statusCode());
    assertEquals("{\"m.upload.size\":52428800}", Http.body(config));
  }

  @Test
  void legacyDownloadIsUnauthenticatedAndServedDirectlyWithoutARedirectParameter() throws Exception {
    server = TestHomeserver.newBuilder().start();
    byte[] content = "hello".getBytes(StandardCharsets.UTF_8);
    MxcUri uri = server.seed(content, "text/plain", "hello.txt");
    HttpResponse<byte[]> direct = http.get(server.baseUrl() + path(LEGACY, uri));
    assertEquals(200, direct.statusCode());
    assertArrayEquals(content, direct.body());
    assertEquals("text/plain", Http.header(direct, "Content-Type"));
    assertEquals("inline; filename=\"hello.txt\"", Http.header(direct, "Content-Disposition"));
    assertTrue(Http.header(direct, "Content-Security-Policy").startsWith("sandbox; default-src 'none';"));
    assertEquals("cross-origin", Http.header(direct, "Cross-Origin-Resource-Policy"));
    assertTrue(server.cdnRequests().isEmpty());
  }

  @Test
  void legacyDownloadRedirectsOnlyWithAllowRedirect() throws Exception {
    server = TestHomeserver.newBuilder().start();
    MxcUri uri = server.seed(new byte[10], "text/plain", null);
    HttpResponse<byte[]> stable = http.get(server.baseUrl() + path(LEGACY, uri) + "?allow_redirect=true");
    assertEquals(307, stable.statusCode());
    HttpResponse<byte[]> unstable = http.get(server.baseUrl() + path(LEGACY, uri)
        + "?com.beeper.msc3860.allow_redirect=true&org.matrix.msc4097.encryption=aes128gcm");
    assertEquals(307, unstable.statusCode());
    assertEquals(16, Http.key(unstable).length);
    assertEquals(200, http.get(server.baseUrl() + path(LEGACY, uri) + "?allow_redirect=false").statusCode());
  }

  @Test
  void v1DownloadAlwaysRedirectsUnlessTheCdnIsOff() throws Exception {
    server = TestHomeserver.newBuilder().cdn(false).start();
    byte[] content = new byte[] {1, 2, 3};
    MxcUri uri = server.seed(content, "application/pdf", "r.pdf");
    HttpResponse<byte[]> direct = authed(path(V1, uri) + "?org.matrix.msc4097.encryption=aes128gcm");
    assertEquals(200, direct.statusCode());
    assertArrayEquals(content, direct.body());
    assertEquals("attachment; filename=\"r.pdf\"", Http.header(direct, "Content-Disposition"));
    assertThrows(IllegalStateException.class, server::cdnBaseUrl);
  }

  @Test
  void fileNameInThePathOverridesTheStoredOneAndNonAsciiNamesUseFilenameStar() throws Exception {
    server = TestHomeserver.newBuilder().cdn(false).start();
    MxcUri uri = server.seed(new byte[1], "image/jpeg", "a.jpg");
    HttpResponse<byte[]> named = authed(path(V1, uri) + "/%C3%A9t%C3%A9.jpg");
    assertEquals("inline; filename*=UTF-8''%C3%A9t%C3%A9.jpg", Http.header(named, "Content-Disposition"));
  }

  @Test
  void legacyOnlyServerAnswersV1WithUnrecognized() throws Exception {
    server = TestHomeserver.newBuilder().authenticatedMedia(false).start();
    MxcUri uri = server.seed(new byte[1], "text/plain", null);
    HttpResponse<byte[]> v1 = authed(path(V1, uri));
    assertEquals(404, v1.statusCode());
    assertTrue(Http.body(v1).contains("M_UNRECOGNIZED"));
    assertEquals(200, http.get(server.baseUrl() + path(LEGACY, uri)).statusCode());
  }

  @Test
  void olderServersHaveNoV1EndpointsAndBeforeV1Point7OnlyTheMsc3860RedirectParameter() throws Exception {
    server = TestHomeserver.newBuilder().specVersions("v1.5").start();
    MxcUri uri = server.seed(new byte[1], "text/plain", null);
    assertEquals(404, authed(path(V1, uri)).statusCode());
    assertEquals(200, http.get(server.baseUrl() + path(LEGACY, uri) + "?allow_redirect=true").statusCode());
    assertEquals(307, http.get(server.baseUrl() + path(LEGACY, uri)
        + "?com.beeper.msc3860.allow_redirect=true").statusCode());
    server.close();
    server = TestHomeserver.newBuilder().specVersions("v1.7").start();
    uri = server.seed(new byte[1], "text/plain", null);
    assertEquals(404, authed(path(V1, uri)).statusCode());
    assertEquals(307, http.get(server.baseUrl() + path(LEGACY, uri) + "?allow_redirect=true").statusCode());
    server.close();
    server = TestHomeserver.newBuilder().specVersions("v1.7")
        .unstableFeature("org.matrix.msc3916.stable", true).start();
    uri = server.seed(new byte[1], "text/plain", null);
    assertEquals(307, authed(path(V1, uri)).statusCode());
  }

  @Test
  void frozenLegacyEndpointsAnswerNotFound() throws Exception {
    server = TestHomeserver.newBuilder().legacyMedia(false).start();
    MxcUri uri = server.seed(new byte[1], "text/plain", null);
    HttpResponse<byte[]> legacy = http.get(server.baseUrl() + path(LEGACY, uri));
    assertEquals(404, legacy.statusCode());
    assertTrue(Http.body(legacy).contains("M_NOT_FOUND"));
  }

  @Test
  void unknownMediaIsNotFoundAndUnknownEndpointsUnrecognized() throws Exception {
    server = TestHomeserver.newBuilder().start();
    assertTrue(Http.body(authed(V1 + "localhost/nosuchmedia")).contains("\"errcode\":\"M_NOT_FOUND\""));
    assertTrue(Http.body(authed(V1 + "elsewhere.org/nosuchmedia")).contains("\"errcode\":\"M_NOT_FOUND\""));
    HttpResponse<byte[]> unknown = authed("/_matrix/client/v3/sync");
    assertEquals(404, unknown.statusCode());
    assertTrue(Http.body(unknown).contains("M_UNRECOGNIZED"));
  }

  @Test
  void uploadStoresTheBodyAndReturnsItsContentUri() throws Exception {
    server = TestHomeserver.newBuilder().cdn(false).start();
    byte[] content = "uploaded".getBytes(StandardCharsets.UTF_8);
    HttpResponse<byte[]> upload = http.send(HttpRequest.newBuilder(
            URI.create(server.baseUrl() + "/_matrix/media/v3/upload?filename=up.txt"))
        .header("Authorization", "Bearer " + server.accessToken())
        .header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofByteArray(content)).build());
    assertEquals(200, upload.statusCode());
    Matcher m = Pattern.compile("\\{\"content_uri\":\"(mxc://[^\"]+)\"}").matcher(Http.body(upload));
    assertTrue(m.matches(), Http.body(upload));
    MxcUri uri = MxcUri.parse(m.group(1));
    HttpResponse<byte[]> download = authed(path(V1, uri));
    assertArrayEquals(content, download.body());
    assertEquals("inline; filename=\"up.txt\"", Http.header(download, "Content-Disposition"));
  }

  @Test
  void uploadWithoutTokenOrAboveTheLimitIsRefused() throws Exception {
    server = TestHomeserver.newBuilder().maxUploadSize(4).start();
    HttpResponse<byte[]> anonymous = http.send(HttpRequest.newBuilder(
            URI.create(server.baseUrl() + "/_matrix/media/v3/upload"))
        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[1])).build());
    assertTrue(Http.body(anonymous).contains("M_MISSING_TOKEN"));
    HttpResponse<byte[]> large = http.send(HttpRequest.newBuilder(
            URI.create(server.baseUrl() + "/_matrix/media/v3/upload"))
        .header("Authorization", "Bearer " + server.accessToken())
        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[5])).build());
    assertEquals(413, large.statusCode());
    assertTrue(Http.body(large).contains("M_TOO_LARGE"));
  }

  @Test
  void asyncUploadCreatesThenAcceptsOnePutAndIsNotYetUploadedInBetween() throws Exception {
    server = TestHomeserver.newBuilder().cdn(false).start();
    HttpResponse<byte[]> create = http.send(HttpRequest.newBuilder(
            URI.create(server.baseUrl() + "/_matrix/media/v1/create"))
        .header("Authorization", "Bearer " + server.accessToken())
        .POST(HttpRequest.BodyPublishers.noBody()).build());
    assertEquals(200, create.statusCode());
    Matcher m = Pattern.compile("\\{\"content_uri\":\"(mxc://[^\"]+)\",\"unused_expires_at\":\\d+}")
        .matcher(Http.body(create));
    assertTrue(m.matches(), Http.body(create));
    MxcUri uri = MxcUri.parse(m.group(1));
    // timeout_ms=0: answer at once instead of waiting for the upload.
    HttpResponse<byte[]> pending = authed(path(V1, uri) + "?timeout_ms=0");
    assertEquals(504, pending.statusCode());
    assertTrue(Http.body(pending).contains("M_NOT_YET_UPLOADED"));
    HttpRequest put = HttpRequest.newBuilder(URI.create(server.baseUrl() + path("/_matrix/media/v3/upload/", uri)))
        .header("Authorization", "Bearer " + server.accessToken())
        .header("Content-Type", "text/plain")
        .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[] {42})).build();
    HttpResponse<byte[]> uploaded = http.send(put);
    assertEquals(200, uploaded.statusCode());
    assertEquals("{}", Http.body(uploaded));
    assertArrayEquals(new byte[] {42}, authed(path(V1, uri)).body());
    HttpResponse<byte[]> again = http.send(put);
    assertEquals(409, again.statusCode());
    assertTrue(Http.body(again).contains("M_CANNOT_OVERWRITE_MEDIA"));
  }

  @Test
  void seedEncryptedStoresCiphertextThatDecryptsWithTheReturnedEncryptedFile() throws Exception {
    server = TestHomeserver.newBuilder().cdn(false).start();
    byte[] plaintext = "secret attachment".getBytes(StandardCharsets.UTF_8);
    dev.mxsdk.media.EncryptedFile file = server.seedEncrypted(plaintext);
    MxcUri uri = file.url();
    byte[] ciphertext = authed(path(V1, uri)).body();
    assertEquals(plaintext.length, ciphertext.length);
    okio.Buffer decrypted = new okio.Buffer();
    try (okio.Source source = dev.mxsdk.media.Attachments.decrypt(new okio.Buffer().write(ciphertext), file)) {
      while (source.read(decrypted, 8192) != -1) {
        // drain
      }
    }
    assertArrayEquals(plaintext, decrypted.readByteArray());
  }

  @Test
  void corsPreflightIsAnswered() throws Exception {
    server = TestHomeserver.newBuilder().start();
    HttpResponse<byte[]> preflight = http.send(HttpRequest.newBuilder(
            URI.create(server.baseUrl() + "/_matrix/client/v1/media/config"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
    assertEquals(204, preflight.statusCode());
    assertTrue(Http.header(preflight, "Access-Control-Allow-Headers").contains("Authorization"));
    assertNull(Http.header(preflight, "Content-Type"));
  }
}
