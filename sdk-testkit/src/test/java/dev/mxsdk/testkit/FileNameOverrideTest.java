package dev.mxsdk.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mxsdk.core.MxcUri;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code {fileName}} download form names the file the client asked for, also behind the
 * redirect: the homeserver seals the name into the CDN token, and the CDN serves it.
 */
final class FileNameOverrideTest {
  private static final String OPT_IN = "?org.matrix.msc4097.encryption=aes128gcm";

  private final Http http = new Http();
  private TestHomeserver server;
  private MxcUri uri;
  private final byte[] content = CdnRedirectTest.content(500);

  @BeforeEach
  void start() throws Exception {
    server = TestHomeserver.newBuilder().start();
    uri = server.seed(content, "image/png", "photo.png");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<byte[]> redirect(String family, String suffix) {
    HttpResponse<byte[]> redirect = http.get(server.baseUrl() + family + "download/localhost/"
        + uri.mediaId() + suffix, "Authorization", "Bearer " + server.accessToken());
    assertEquals(307, redirect.statusCode());
    return redirect;
  }

  private String cdnDisposition(HttpResponse<byte[]> redirect) {
    HttpResponse<byte[]> cdn = http.get(Http.header(redirect, "Location"));
    assertEquals(200, cdn.statusCode());
    return Http.header(cdn, "Content-Disposition");
  }

  @Test
  void theCdnServesTheNameTheAuthenticatedRequestAskedFor() throws Exception {
    HttpResponse<byte[]> redirect = redirect("/_matrix/client/v1/media/", "/override.png");
    HttpResponse<byte[]> cdn = http.get(Http.header(redirect, "Location"));
    assertEquals("inline; filename=\"override.png\"", Http.header(cdn, "Content-Disposition"));
    assertArrayEquals(content, cdn.body());
  }

  @Test
  void theNameTravelsWithTheKeyedRedirectToo() throws Exception {
    HttpResponse<byte[]> redirect = redirect("/_matrix/client/v1/media/", "/secret%20plan.png" + OPT_IN);
    HttpResponse<byte[]> cdn = http.get(Http.header(redirect, "Location"));
    assertEquals("aes128gcm", Http.header(cdn, "Content-Encoding"));
    assertEquals("inline; filename=\"secret plan.png\"", Http.header(cdn, "Content-Disposition"));
    assertArrayEquals(content, Rfc8188Reference.decode(Http.key(redirect), cdn.body()));
  }

  @Test
  void legacyRedirectsCarryTheNameAndWithoutANameTheStoredOneIsServed() throws Exception {
    assertEquals("inline; filename=\"legacy.png\"",
        cdnDisposition(redirect("/_matrix/media/v3/", "/legacy.png?allow_redirect=true")));
    assertEquals("inline; filename=\"photo.png\"",
        cdnDisposition(redirect("/_matrix/client/v1/media/", "")));
    // An empty last segment names no file.
    assertEquals("inline; filename=\"photo.png\"",
        cdnDisposition(redirect("/_matrix/client/v1/media/", "/")));
  }

  @Test
  void nonAsciiNamesUseFilenameStarAndNamesAreSanitised() throws Exception {
    assertEquals("inline; filename*=UTF-8''%C3%A9t%C3%A9%20%F0%9F%8C%9E.png",
        cdnDisposition(redirect("/_matrix/client/v1/media/", "/%C3%A9t%C3%A9%20%F0%9F%8C%9E.png")));
    // Control characters go (a CR LF would split the header); an encoded slash and a backslash
    // stay, quoted, as a homeserver sends them: removing path parts is the client's job.
    assertEquals("inline; filename=\"a/b\\\\c.png\"",
        cdnDisposition(redirect("/_matrix/client/v1/media/", "/a%2Fb%5Cc%0D%0A%07.png")));
    // At most 255 bytes of UTF-8, never half a character: 127 two-byte characters.
    StringBuilder longName = new StringBuilder();
    for (int i = 0; i < 200; i++) longName.append("%C3%A9");
    String disposition = cdnDisposition(redirect("/_matrix/client/v1/media/", "/" + longName));
    assertEquals("inline; filename*=UTF-8''" + "%C3%A9".repeat(127), disposition);
  }

  @Test
  void theHomeserverItselfServesTheSameSanitisedName() throws Exception {
    try (TestHomeserver direct = TestHomeserver.newBuilder().cdn(false).start()) {
      MxcUri seeded = direct.seed(content, "image/png", "photo.png");
      HttpResponse<byte[]> response = http.get(direct.baseUrl() + "/_matrix/client/v1/media/download/"
          + "localhost/" + seeded.mediaId() + "/a%2Fb%0A.png", "Authorization",
          "Bearer " + direct.accessToken());
      assertEquals(200, response.statusCode());
      assertEquals("inline; filename=\"a/b.png\"", Http.header(response, "Content-Disposition"));
    }
  }
}
