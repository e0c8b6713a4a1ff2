package dev.mxsdk.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mxsdk.core.MxcUri;
import java.io.IOException;
import okhttp3.HttpUrl;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link MediaRequest.Builder#fileName}: the spec's {@code {fileName}} download form. */
final class FileNameRequestTest {
  private static final MxcUri MXC = MxcUri.parse("mxc://media.example/abcDEF123");
  private FlowFixture f;

  @BeforeEach
  void setUp() throws IOException {
    f = new FlowFixture();
  }

  @AfterEach
  void tearDown() throws IOException {
    f.close();
  }

  private RecordedRequest send(MediaRequest request) throws Exception {
    f.enqueue(new MockResponse().setHeader("Content-Type", "application/pdf")
        .setHeader("Content-Disposition", "attachment; filename*=UTF-8''r%C3%A9sum%C3%A9%202.pdf")
        .setBody("%PDF"));
    try (MediaResponse response = f.mediaClient().newCall(request).execute()) {
      assertEquals("%PDF", response.source().readUtf8());
      assertEquals("r\u00e9sum\u00e9 2.pdf", response.fileName());
    }
    return f.homeserverMediaRequests().get(0);
  }

  @Test
  void theNameIsTheLastPathSegmentOfTheAuthenticatedDownloadPercentEncoded() throws Exception {
    MediaRequest request = MediaRequest.download(MXC).newBuilder().fileName("r\u00e9sum\u00e9 2.pdf").build();
    HttpUrl url = send(request).getRequestUrl();
    assertEquals("/_matrix/client/v1/media/download/media.example/abcDEF123/r%C3%A9sum%C3%A9%202.pdf",
        url.encodedPath());
    assertEquals("aes128gcm", url.queryParameter("org.matrix.msc4097.encryption"));
  }

  @Test
  void legacyServersGetTheSameFormWithTheRedirectParameter() throws Exception {
    f.versionsJson = "{\"versions\":[\"v1.7\"]}";
    HttpUrl url = send(MediaRequest.download(MXC).newBuilder().fileName("a?b#c.txt").build())
        .getRequestUrl();
    assertEquals("/_matrix/media/v3/download/media.example/abcDEF123/a%3Fb%23c.txt",
        url.encodedPath());
    assertEquals("true", url.queryParameter("allow_redirect"));
  }

  @Test
  void anEncryptedAttachmentCanBeNamedToo() throws Exception {
    EncryptingSource ciphertext = Attachments.encrypt(new okio.Buffer().writeUtf8("x"));
    okio.Okio.buffer(ciphertext).readByteArray();
    EncryptedFile file = ciphertext.encryptedFile().newBuilder().url(MXC).build();
    MediaRequest request = MediaRequest.download(file).newBuilder().fileName("x.bin").build();
    assertEquals("x.bin", request.fileName());
    assertEquals(file, request.encryptedFile());
  }

  @Test
  void theNameLeavesTheRenditionAndCacheKeyAloneButNotEquality() {
    MediaRequest plain = MediaRequest.download(MXC);
    MediaRequest named = plain.newBuilder().fileName("a.png").build();
    assertEquals(plain.cacheKey(), named.cacheKey());
    assertEquals("download", named.rendition());
    assertNotEquals(plain, named);
    assertEquals(named, plain.newBuilder().fileName("a.png").build());
    assertEquals(named.hashCode(), plain.newBuilder().fileName("a.png").build().hashCode());
    assertNull(named.newBuilder().fileName(null).build().fileName());
    assertEquals(plain, named.newBuilder().fileName(null).build());
  }

  @Test
  void namesThatWouldChangeThePathOrAreUnboundedAreRefused() {
    MediaRequest.Builder b = MediaRequest.download(MXC).newBuilder();
    for (String bad : new String[] {"", ".", "..", "a/b", "a\nb", "\u0000", "\u0085"}) {
      assertThrows(IllegalArgumentException.class, () -> b.fileName(bad), bad);
    }
    StringBuilder name = new StringBuilder();
    for (int i = 0; i < 127; i++) name.append('\u00e9');
    b.fileName(name.toString());             // 254 bytes
    b.fileName(name + "x");                  // 255 bytes
    IllegalArgumentException tooLong =
        assertThrows(IllegalArgumentException.class, () -> b.fileName(name + "xy"));
    assertEquals("fileName is 256 bytes of UTF-8, more than 255", tooLong.getMessage());
    b.fileName("...");                       // an ordinary name, not a dot segment
    b.fileName("..a");
  }

  @Test
  void thumbnailsTakeNoName() {
    MediaRequest.Builder thumb =
        MediaRequest.thumbnail(MXC, 32, 32, ThumbnailMethod.CROP).newBuilder();
    assertThrows(IllegalStateException.class, () -> thumb.fileName("a.png"));
  }
}
