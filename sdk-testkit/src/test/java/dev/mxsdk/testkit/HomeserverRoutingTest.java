package dev.mxsdk.testkit;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Which answer (status and {@code errcode}) every route, method and malformed path gets, on each
 * kind of route table: what a client sees of the routing, pinned request by request.
 *
 * <p>A request is {@code "METHOD target"}, with {@code T} after it for {@code Authorization:
 * Bearer T}; in the target, {@code ID} is seeded text, {@code PNG} a seeded image, and a leading
 * {@code CDN} sends the request to the CDN origin.
 */
final class HomeserverRoutingTest {
  private static final Pattern ERRCODE = Pattern.compile("\"errcode\":\"([A-Z_]+)\"");
  private static final byte[] PNG_2X2 = Base64.getDecoder().decode("iVBORw0KGgoAAAANSUhEUgAAAAIAAAAC"
      + "CAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==");

  private static final String[][] HOMESERVER = {
    {"OPTIONS /nope", "204"},
    {"GET /nope T", "404 M_UNRECOGNIZED"},
    {"POST /nope T", "404 M_UNRECOGNIZED"},
    {"GET /_matrix/client/versions", "200"},
    {"POST /_matrix/client/versions", "405 M_UNRECOGNIZED"},
    {"GET /.well-known/matrix/client", "200"},
    {"PUT /.well-known/matrix/client", "405 M_UNRECOGNIZED"},
    {"GET /_matrix/client/v3/login", "200"},
    {"POST /_matrix/client/v3/login", "400 M_NOT_JSON"},
    {"PUT /_matrix/client/v3/login", "405 M_UNRECOGNIZED"},
    {"GET /_matrix/client/v3/refresh", "405 M_UNRECOGNIZED"},
    {"POST /_matrix/client/v3/refresh", "400 M_NOT_JSON"},
    {"GET /_matrix/client/v3/logout", "405 M_UNRECOGNIZED"},
    {"POST /_matrix/client/v3/logout", "401 M_UNKNOWN_TOKEN"},
    {"POST /_matrix/client/v3/logout T", "401 M_UNKNOWN_TOKEN"},
    {"GET /_matrix/client/v3/account/whoami", "401 M_MISSING_TOKEN"},
    {"GET /_matrix/client/v3/account/whoami T", "200"},
    {"POST /_matrix/client/v3/account/whoami T", "405 M_UNRECOGNIZED"},
    {"GET /_matrix/media/v1/create T", "405 M_UNRECOGNIZED"},
    {"POST /_matrix/media/v1/create", "401 M_MISSING_TOKEN"},
    {"POST /_matrix/media/v1/create T", "200"},
    {"GET /_matrix/client/v1/media/download", "401 M_MISSING_TOKEN"},
    {"GET /_matrix/client/v1/media/download T", "404 M_UNRECOGNIZED"},
    {"GET /_matrix/client/v1/media/download/ T", "404 M_UNRECOGNIZED"},
    {"GET /_matrix/client/v1/media/download/localhost T", "404 M_UNRECOGNIZED"},
    {"GET /_matrix/client/v1/media/download/localhost/ID", "401 M_MISSING_TOKEN"},
    {"GET /_matrix/client/v1/media/download/localhost/ID T", "307"},
    {"GET /_matrix/client/v1/media/download/localhost/ID/x.txt T", "307"},
    {"GET /_matrix/client/v1/media/download/localhost/ID/ T", "307"},
    {"GET /_matrix/client/v1/media/download/localhost/ID/a/b T", "404 M_UNRECOGNIZED"},
    {"GET /_matrix/client/v1/media/download/local%68ost/ID T", "307"},
    {"GET /_matrix/client/v1/media/download/other/ID T", "404 M_NOT_FOUND"},
    {"GET /_matrix/client/v1/media/download/localhost/nope T", "404 M_NOT_FOUND"},
    {"GET /_matrix/client/v1/media/download//ID T", "404 M_UNRECOGNIZED"},
    {"POST /_matrix/client/v1/media/download/localhost/ID T", "405 M_UNRECOGNIZED"},
    {"HEAD /_matrix/client/v1/media/download/localhost/ID T", "307"},
    {"HEAD /_matrix/client/v1/media/download/localhost/ID", "401"},
    {"HEAD /_matrix/media/v3/download/localhost/ID", "200"},
    {"HEAD /_matrix/media/v1/create T", "405"},
    {"GET /_matrix/client/v1/media/downloadx T", "404 M_UNRECOGNIZED"},
    {"GET /_matrix/client/v1/media/preview_url T", "400 M_MISSING_PARAM"},
    {"GET /_matrix/client/v1/media/preview_url", "401 M_MISSING_TOKEN"},
    {"GET /_matrix/media/v3/preview_url T", "400 M_MISSING_PARAM"},
    {"POST /_matrix/client/v1/media/preview_url T", "405 M_UNRECOGNIZED"},
    {"GET /_matrix/client/v1/media/thumbnail/localhost/PNG?width=1&height=1 T", "307"},
    {"GET /_matrix/client/v1/media/thumbnail/localhost/PNG?width=1&height=1", "401 M_MISSING_TOKEN"},
    {"GET /_matrix/client/v1/media/thumbnail/localhost/PNG T", "400 M_INVALID_PARAM"},
    {"GET /_matrix/client/v1/media/thumbnail/localhost/ID?width=1&height=1 T", "400 M_UNKNOWN"},
    {"GET /_matrix/client/v1/media/thumbnail/localhost/PNG/x?width=1&height=1 T", "404 M_UNRECOGNIZED"},
    {"GET /_matrix/client/v1/media/thumbnail/localhost/PNG/?width=1&height=1 T", "404 M_UNRECOGNIZED"},
    {"GET /_matrix/client/v1/media/thumbnail T", "404 M_UNRECOGNIZED"},
    {"PUT /_matrix/client/v1/media/thumbnail/localhost/PNG T", "405 M_UNRECOGNIZED"},
    {"GET /_matrix/client/v1/media/config", "401 M_MISSING_TOKEN"},
    {"GET /_matrix/client/v1/media/config T", "200"},
    {"GET /_matrix/client/v1/media/config/ T", "404 M_UNRECOGNIZED"},
    {"GET /_matrix/client/v1/media/config/x T", "404 M_UNRECOGNIZED"},
    {"POST /_matrix/client/v1/media/config T", "405 M_UNRECOGNIZED"},
    {"GET /_matrix/media/v3/download/localhost/ID", "200"},
    {"GET /_matrix/media/r0/download/localhost/ID", "200"},
    {"GET /_matrix/media/v3/download/localhost/ID?allow_redirect=true", "307"},
    {"GET /_matrix/media/v3/download/localhost/ID?com.beeper.msc3860.allow_redirect=true", "307"},
    {"GET /_matrix/media/v3/download/localhost/ID/a/b", "404 M_UNRECOGNIZED"},
    {"GET /_matrix/media/v3/download/localhost", "404 M_UNRECOGNIZED"},
    {"GET /_matrix/media/v3/download", "404 M_UNRECOGNIZED"},
    {"POST /_matrix/media/v3/download/localhost/ID", "405 M_UNRECOGNIZED"},
    {"GET /_matrix/media/v1/download/localhost/ID", "404 M_UNRECOGNIZED"},
    {"GET /_matrix/media/v3/thumbnail/localhost/PNG?width=1&height=1", "200"},
    {"GET /_matrix/media/r0/thumbnail/localhost/PNG/x?width=1&height=1", "404 M_UNRECOGNIZED"},
    {"GET /_matrix/media/v3/config", "401 M_MISSING_TOKEN"},
    {"GET /_matrix/media/v3/config T", "200"},
    {"GET /_matrix/media/r0/config T", "200"},
    {"GET /_matrix/media/v3/config/x T", "404 M_UNRECOGNIZED"},
    {"GET /_matrix/media/v3/config/x", "401 M_MISSING_TOKEN"},
    {"PUT /_matrix/media/v3/config T", "405 M_UNRECOGNIZED"},
    {"POST /_matrix/media/v3/upload", "401 M_MISSING_TOKEN"},
    {"POST /_matrix/media/v3/upload T", "200"},
    {"PUT /_matrix/media/v3/upload T", "405 M_UNRECOGNIZED"},
    {"GET /_matrix/media/v3/upload T", "405 M_UNRECOGNIZED"},
    {"POST /_matrix/media/v3/upload/localhost/ID T", "405 M_UNRECOGNIZED"},
    {"PUT /_matrix/media/v3/upload/localhost/ID", "401 M_MISSING_TOKEN"},
    {"PUT /_matrix/media/v3/upload/localhost/ID T", "403 M_FORBIDDEN"},
    {"PUT /_matrix/media/v3/upload/localhost/nope T", "404 M_NOT_FOUND"},
    {"PUT /_matrix/media/v3/upload/local%68ost/ID T", "403 M_FORBIDDEN"},
    {"PUT /_matrix/media/v3/upload/ T", "404 M_UNRECOGNIZED"},
    {"PUT /_matrix/media/v3/upload/localhost/ID/x T", "404 M_UNRECOGNIZED"},
    {"PUT /_matrix/media/v3/upload/localhost/ID/ T", "404 M_UNRECOGNIZED"},
    {"PUT /_matrix/media/v3/upload/localhost T", "404 M_UNRECOGNIZED"},
    {"POST /_matrix/media/r0/upload T", "200"},
    {"GET /_matrix/client/v1/media/download/localhost/ID?org.matrix.msc4097.encryption=aes128gcm T", "307"},
    {"GET /_matrix/client/v1/media/download/localhost/ID?org.matrix.msc4097.encryption=x,%20aes128gcm&org.matrix.msc4097.redirect=json T", "200"},
    {"GET /_matrix/client/v1/media/download/localhost/ID/a+b%20c.txt T", "307"},
    {"GET /_matrix/client/v1/media/download/localhost/ID?access_token=T", "307"},
    {"GET /_matrix/client/v3/account/whoami?access_token=T", "200"},
    {"GET /_matrix/media/v3/thumbnail/localhost/PNG?width=1&height=1&allow_redirect=true&org.matrix.msc4097.encryption=aes128gcm", "307"},
    {"GET /_matrix/media/v3/thumbnail/localhost/PNG?width=1&height=1&method=crop&animated=true", "200"},
    {"GET /_matrix/media/v3/thumbnail/localhost/PNG?width=5000&height=5000", "400 M_INVALID_PARAM"},
  };

  private static final String[][] CDN = {
    {"OPTIONS CDN/nope", "204"},
    {"GET CDN/nope", "404 M_NOT_FOUND"},
    {"POST CDN/nope", "404 M_NOT_FOUND"},
    {"POST CDN/_msc4097/v1/TOKEN", "405 M_UNRECOGNIZED"},
    {"GET CDN/_msc4097/v1/TOKEN", "403 M_FORBIDDEN"},
    {"HEAD CDN/_msc4097/v1/TOKEN", "403"},
    {"GET CDN/_msc4097/v1/", "403 M_FORBIDDEN"},
    {"GET CDN/_msc4097/v1", "404 M_NOT_FOUND"},
  };

  private static final String[][] WITHOUT_AUTHENTICATED_MEDIA = {
    {"GET /_matrix/client/v1/media/download", "404 M_UNRECOGNIZED"},
    {"GET /_matrix/client/v1/media/download/localhost/ID", "404 M_UNRECOGNIZED"},
    {"GET /_matrix/client/v1/media/download/localhost/ID T", "404 M_UNRECOGNIZED"},
    {"GET /_matrix/client/v1/media/download/localhost/ID/x.txt T", "404 M_UNRECOGNIZED"},
    {"GET /_matrix/client/v1/media/download/localhost/ID/ T", "404 M_UNRECOGNIZED"},
    {"GET /_matrix/client/v1/media/download/local%68ost/ID T", "404 M_UNRECOGNIZED"},
    {"GET /_matrix/client/v1/media/download/other/ID T", "404 M_UNRECOGNIZED"},
    {"GET /_matrix/client/v1/media/download/localhost/nope T", "404 M_UNRECOGNIZED"},
    {"POST /_matrix/client/v1/media/download/localhost/ID T", "404 M_UNRECOGNIZED"},
    {"HEAD /_matrix/client/v1/media/download/localhost/ID T", "404"},
    {"GET /_matrix/client/v1/media/thumbnail/localhost/PNG?width=1&height=1 T", "404 M_UNRECOGNIZED"},
    {"GET /_matrix/client/v1/media/thumbnail/localhost/PNG?width=1&height=1", "404 M_UNRECOGNIZED"},
    {"GET /_matrix/client/v1/media/thumbnail/localhost/PNG T", "404 M_UNRECOGNIZED"},
    {"GET /_matrix/client/v1/media/thumbnail/localhost/ID?width=1&height=1 T", "404 M_UNRECOGNIZED"},
    {"PUT /_matrix/client/v1/media/thumbnail/localhost/PNG T", "404 M_UNRECOGNIZED"},
    {"GET /_matrix/client/v1/media/config", "404 M_UNRECOGNIZED"},
    {"GET /_matrix/client/v1/media/config T", "404 M_UNRECOGNIZED"},
    {"POST /_matrix/client/v1/media/config T", "404 M_UNRECOGNIZED"},
    {"GET /_matrix/client/v1/media/download/localhost/ID?org.matrix.msc4097.encryption=aes128gcm T", "404 M_UNRECOGNIZED"},
    {"GET /_matrix/client/v1/media/download/localhost/ID?org.matrix.msc4097.encryption=x,%20aes128gcm&org.matrix.msc4097.redirect=json T", "404 M_UNRECOGNIZED"},
    {"GET /_matrix/client/v1/media/download/localhost/ID/a+b%20c.txt T", "404 M_UNRECOGNIZED"},
    {"GET /_matrix/client/v1/media/download/localhost/ID?access_token=T", "404 M_UNRECOGNIZED"},
    {"GET /_matrix/media/v3/download/localhost/ID", "200"},
    {"GET /_matrix/media/v3/config T", "200"},
  };

  private static final String[][] WITH_FROZEN_LEGACY_MEDIA = {
    {"GET /_matrix/media/v3/download/localhost/ID", "404 M_NOT_FOUND"},
    {"GET /_matrix/media/r0/download/localhost/ID", "404 M_NOT_FOUND"},
    {"GET /_matrix/media/v3/download/localhost/ID?allow_redirect=true", "404 M_NOT_FOUND"},
    {"GET /_matrix/media/v3/download/localhost/ID?com.beeper.msc3860.allow_redirect=true", "404 M_NOT_FOUND"},
    {"GET /_matrix/media/v3/download/localhost/ID/a/b", "404 M_NOT_FOUND"},
    {"GET /_matrix/media/v3/download/localhost", "404 M_NOT_FOUND"},
    {"GET /_matrix/media/v3/download", "404 M_NOT_FOUND"},
    {"GET /_matrix/media/v3/thumbnail/localhost/PNG?width=1&height=1", "404 M_NOT_FOUND"},
    {"GET /_matrix/media/r0/thumbnail/localhost/PNG/x?width=1&height=1", "404 M_NOT_FOUND"},
    {"GET /_matrix/media/v3/thumbnail/localhost/PNG?width=1&height=1&allow_redirect=true&org.matrix.msc4097.encryption=aes128gcm", "404 M_NOT_FOUND"},
    {"GET /_matrix/media/v3/thumbnail/localhost/PNG?width=1&height=1&method=crop&animated=true", "404 M_NOT_FOUND"},
    {"GET /_matrix/media/v3/thumbnail/localhost/PNG?width=5000&height=5000", "404 M_NOT_FOUND"},
    {"POST /_matrix/media/v3/download/localhost/ID", "405 M_UNRECOGNIZED"},
    {"GET /_matrix/media/v3/config T", "200"},
    {"POST /_matrix/media/v3/upload T", "200"},
  };

  private final Http http = new Http();
  private TestHomeserver server;

  @AfterEach
  void close() {
    if (server != null) server.close();
  }

  @Test
  void everyHomeserverRouteMethodAndMalformedPathGetsItsAnswer() throws Exception {
    assertAnswers(TestHomeserver.newBuilder(), HOMESERVER);
  }

  @Test
  void theCdnServesOnlyItsTokenPathAndOnlyToGetAndHead() throws Exception {
    assertAnswers(TestHomeserver.newBuilder(), CDN);
  }

  @Test
  void withoutAuthenticatedMediaEveryV1MediaPathIsUnrecognizedWhateverTheMethod() throws Exception {
    assertAnswers(TestHomeserver.newBuilder().authenticatedMedia(false), WITHOUT_AUTHENTICATED_MEDIA);
  }

  @Test
  void withFrozenLegacyMediaEveryLegacyDownloadOrThumbnailPathIsNotFoundAfterTheMethodCheck()
      throws Exception {
    assertAnswers(TestHomeserver.newBuilder().legacyMedia(false), WITH_FROZEN_LEGACY_MEDIA);
  }

  private void assertAnswers(TestHomeserverBuilder builder, String[][] rows) throws Exception {
    server = builder.accessToken("T").start();
    String id = server.seed("hi".getBytes(StandardCharsets.UTF_8), "text/plain", "hi.txt").mediaId();
    String png = server.seed(PNG_2X2, "image/png", null).mediaId();
    List<Executable> checks = new ArrayList<>();
    for (String[] row : rows) {
      String answer = answer(row[0].replace("ID", id).replace("PNG", png));
      checks.add(() -> assertEquals(row[1], answer, row[0]));
    }
    assertAll(checks);
  }

  private String answer(String request) {
    String[] parts = request.split(" ");
    String method = parts[0];
    String target = parts[1];
    String base = server.baseUrl();
    if (target.startsWith("CDN")) {
      base = server.cdnBaseUrl();
      target = target.substring(3);
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + target)).method(method,
        method.equals("POST") || method.equals("PUT")
            ? HttpRequest.BodyPublishers.ofString("x") : HttpRequest.BodyPublishers.noBody());
    if (parts.length > 2) b.header("Authorization", "Bearer " + parts[2]);
    HttpResponse<byte[]> response = http.send(b.build());
    Matcher errcode = ERRCODE.matcher(Http.body(response));
    return response.statusCode() + (errcode.find() ? " " + errcode.group(1) : "");
  }
}
