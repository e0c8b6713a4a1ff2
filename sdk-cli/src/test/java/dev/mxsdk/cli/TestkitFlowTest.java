package dev.mxsdk.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mxsdk.core.MatrixApiException;
import dev.mxsdk.core.MatrixClient;
import dev.mxsdk.core.MxcUri;
import dev.mxsdk.media.EncryptedFile;
import dev.mxsdk.media.MediaCall;
import dev.mxsdk.media.MediaClient;
import dev.mxsdk.media.MediaIntegrityException;
import dev.mxsdk.media.MediaOptions;
import dev.mxsdk.media.MediaProtocolException;
import dev.mxsdk.media.MediaRequest;
import dev.mxsdk.media.MediaResponse;
import dev.mxsdk.media.RedirectPolicyException;
import dev.mxsdk.media.ThumbnailMethod;
import dev.mxsdk.testkit.Faults;
import dev.mxsdk.testkit.RecordedRequest;
import dev.mxsdk.testkit.TestHomeserver;
import dev.mxsdk.testkit.TestHomeserverBuilder;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okio.BufferedSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SDK's download flow end to end against the testkit's homeserver and MSC4097 CDN (which this
 * module can depend on): what each origin received, every fail-closed fault, TLS.
 */
final class TestkitFlowTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private TestHomeserver server;
  private MatrixClient matrix;

  @TempDir Path dir;

  @AfterEach
  void tearDown() {
    if (matrix != null) Cli.shutdown(matrix);
    if (server != null) server.close();
  }

  private MediaClient start(TestHomeserverBuilder builder) throws IOException {
    server = builder.start();
    OkHttpClient.Builder ok = Cli.okHttpClient();
    boolean tls = server.baseUrl().startsWith("https:");
    if (tls) ok.sslSocketFactory(server.sslContext().getSocketFactory(), server.trustManager());
    matrix = Cli.matrixClient(HttpUrl.get(server.baseUrl()), server.accessToken(), ok.build(), !tls);
    return MediaClient.builder(matrix)
        .defaultOptions(MediaOptions.defaults())
        .build();
  }

  private static byte[] random(int size) {
    byte[] b = new byte[size];
    RANDOM.nextBytes(b);
    return b;
  }

  private static byte[] read(MediaClient client, MediaRequest request) throws IOException {
    try (MediaResponse response = client.newCall(request).execute()) {
      return response.source().readByteArray();
    }
  }

  private List<RecordedRequest> mediaRequests() {
    List<RecordedRequest> result = new ArrayList<>();
    for (RecordedRequest r : server.homeserverRequests()) {
      if (r.path().contains("/media/")) result.add(r);
    }
    return result;
  }

  @Test
  void keyedDownloadOverTlsNeverSendsCredentialsToTheCdn() throws Exception {
    MediaClient client = start(TestHomeserver.newBuilder().tls(true));
    byte[] content = random(300_000);
    MxcUri uri = server.seed(content, "application/pdf", "report.pdf");
    try (MediaResponse response = client.newCall(MediaRequest.download(uri)).execute()) {
      assertArrayEquals(content, response.source().readByteArray());
      assertEquals("report.pdf", response.fileName());
      assertEquals("v1", response.diagnostics().endpoint());
      assertTrue(response.diagnostics().keyReceived());
      for (String hop : response.diagnostics().hops()) {
        assertTrue(hop.matches("https://127\\.0\\.0\\.1:[0-9]+ [0-9]{3}"), hop);
      }
    }
    RecordedRequest atHomeserver = mediaRequests().get(0);
    assertTrue(atHomeserver.path().startsWith("/_matrix/client/v1/media/download/"));
    assertEquals("Bearer " + server.accessToken(), atHomeserver.header("Authorization"));
    assertTrue(atHomeserver.query().contains("org.matrix.msc4097.encryption=aes128gcm"));
    RecordedRequest atCdn = server.cdnRequests().get(0);
    assertNull(atCdn.header("Authorization"));
    assertNull(atCdn.header("Cookie"));
    assertEquals("aes128gcm", atCdn.header("Accept-Encoding"));
  }

  @Test
  void encryptedAttachmentIsVerifiedAndDecrypted() throws Exception {
    MediaClient client = start(TestHomeserver.newBuilder());
    byte[] content = random(200_000);
    EncryptedFile file = server.seedEncrypted(content);
    File target = dir.resolve("secret.bin").toFile();
    try (MediaResponse response = client.newCall(MediaRequest.download(file)).execute()) {
      assertEquals(content.length, response.downloadTo(target));
    }
    assertArrayEquals(content, java.nio.file.Files.readAllBytes(target.toPath()));
  }

  @Test
  void thumbnailIsARealScaledImage() throws Exception {
    MediaClient client = start(TestHomeserver.newBuilder());
    MxcUri uri = server.seed(SampleImage.png(400, 300), "image/png", "big.png");
    MediaRequest request = MediaRequest.thumbnail(uri, 64, 64, ThumbnailMethod.SCALE);
    byte[] thumbnail = read(client, request);
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(thumbnail));
    assertNotNull(image);
    assertTrue(image.getWidth() <= 400 && image.getHeight() <= 300);
    assertTrue(mediaRequests().get(0).path().startsWith("/_matrix/client/v1/media/thumbnail/"));
  }

  @Test
  void v1_7ServerGetsTheLegacyEndpointWithAllowRedirect() throws Exception {
    MediaClient client = start(TestHomeserver.newBuilder().specVersions("v1.6", "v1.7"));
    byte[] content = random(1000);
    assertArrayEquals(content, read(client, MediaRequest.download(server.seed(content, "text/plain", null))));
    RecordedRequest r = mediaRequests().get(0);
    assertTrue(r.path().startsWith("/_matrix/media/v3/download/"), r.path());
    assertTrue(r.query().contains("allow_redirect=true"));
    assertFalse(r.query().contains("com.beeper"));
  }

  @Test
  void olderServerGetsTheUnstableAllowRedirect() throws Exception {
    MediaClient client = start(TestHomeserver.newBuilder().specVersions("v1.5"));
    byte[] content = random(1000);
    assertArrayEquals(content, read(client, MediaRequest.download(server.seed(content, "text/plain", null))));
    assertTrue(mediaRequests().get(0).query().contains("com.beeper.msc3860.allow_redirect=true"));
  }

  @Test
  void withoutOptInTheCdnServesPlainBytes() throws Exception {
    MediaClient client = start(TestHomeserver.newBuilder());
    byte[] content = random(5000);
    MxcUri uri = server.seed(content, "text/plain", null);
    MediaRequest request = MediaRequest.download(uri).newBuilder()
        .options(client.defaultOptions().newBuilder().cdnEncryption(false).build()).build();
    try (MediaResponse response = client.newCall(request).execute()) {
      assertArrayEquals(content, response.source().readByteArray());
      assertFalse(response.diagnostics().keyReceived());
    }
    assertFalse(mediaRequests().get(0).query().contains("msc4097"));
    assertNull(server.cdnRequests().get(0).header("Authorization"));
  }

  @Test
  void rateLimitWithoutDelayIsRetriedFromTheHomeserver() throws Exception {
    MediaClient client = start(TestHomeserver.newBuilder());
    byte[] content = random(1000);
    MxcUri uri = server.seed(content, "text/plain", null);
    server.faults().rateLimit(2, 0);
    assertArrayEquals(content, read(client, MediaRequest.download(uri)));
    assertEquals(3, mediaRequests().size());
  }

  private void assertFault(Class<? extends IOException> type, String fault) throws Exception {
    MediaClient client = start(TestHomeserver.newBuilder());
    byte[] content = random(100_000);
    MxcUri uri = server.seed(content, "application/octet-stream", null);
    Faults faults = server.faults();
    switch (fault) {
      case "truncate": faults.truncateCdnBody(50_000, 1); break;
      case "corrupt": faults.corruptCdnBody(40_000, 1); break;
      case "omitKey": faults.omitKeyHeader(1); break;
      case "plaintext": faults.plaintextDespiteKey(1); break;
      case "308": faults.keyOn308(1); break;
      case "loop": faults.redirectLoop(Faults.ALWAYS); break;
      case "wrongKey": faults.wrongKeyStream(1); break;
      case "duplicate": faults.duplicateKeyHeader(1); break;
      case "malformed": faults.malformedKeyHeader(1); break;
      default: throw new AssertionError(fault);
    }
    File target = dir.resolve("never-" + fault).toFile();
    IOException e = assertThrows(IOException.class, () -> {
      try (MediaResponse response = client.newCall(MediaRequest.download(uri)).execute()) {
        response.downloadTo(target);
      }
    });
    assertTrue(type.isInstance(e), fault + ": " + e);
    assertFalse(target.exists(), fault);
    assertFalse(String.valueOf(e.getMessage()).contains(server.accessToken()));
    for (RecordedRequest r : server.cdnRequests()) assertNull(r.header("Authorization"), fault);
  }

  @Test
  void truncatedCdnBodyIsAnIntegrityFailure() throws Exception {
    assertFault(MediaIntegrityException.class, "truncate");
  }

  @Test
  void corruptedCdnBodyIsAnIntegrityFailure() throws Exception {
    assertFault(MediaIntegrityException.class, "corrupt");
  }

  @Test
  void streamUnderAnotherKeyIsAnIntegrityFailure() throws Exception {
    assertFault(MediaIntegrityException.class, "wrongKey");
  }

  @Test
  void encryptedBodyWithoutKeyIsAProtocolFailure() throws Exception {
    assertFault(MediaProtocolException.class, "omitKey");
  }

  @Test
  void plaintextDespiteKeyIsAProtocolFailure() throws Exception {
    assertFault(MediaProtocolException.class, "plaintext");
  }

  @Test
  void keyOnA308IsAProtocolFailure() throws Exception {
    assertFault(MediaProtocolException.class, "308");
  }

  @Test
  void duplicateKeyHeaderIsAProtocolFailure() throws Exception {
    assertFault(MediaProtocolException.class, "duplicate");
  }

  @Test
  void malformedKeyHeaderIsAProtocolFailure() throws Exception {
    assertFault(MediaProtocolException.class, "malformed");
  }

  @Test
  void redirectLoopStopsAfterFiveRedirects() throws Exception {
    assertFault(RedirectPolicyException.class, "loop");
    assertEquals(5, server.cdnRequests().size());
  }

  @Test
  void bounceBackToTheHomeserverCarriesNoToken() throws Exception {
    MediaClient client = start(TestHomeserver.newBuilder());
    MxcUri uri = server.seed(random(100), "text/plain", null);
    server.faults().bounceToHomeserver(1);
    MatrixApiException e =
        assertThrows(MatrixApiException.class, () -> read(client, MediaRequest.download(uri)));
    assertEquals(401, e.status());
    List<RecordedRequest> requests = mediaRequests();
    assertEquals(2, requests.size());
    assertNotNull(requests.get(0).header("Authorization"));
    assertNull(requests.get(1).header("Authorization"));
  }

  @Test
  void cancelDuringASlowCdnBodyStopsPromptly() throws Exception {
    MediaClient client = start(TestHomeserver.newBuilder());
    MxcUri uri = server.seed(random(2_000_000), "application/octet-stream", null);
    server.faults().slowCdnBody(16 * 1024, 20, 1);
    MediaCall call = client.newCall(MediaRequest.download(uri));
    try (MediaResponse response = call.execute()) {
      BufferedSource source = response.source();
      source.readByteArray(1000);
      call.cancel();
      IOException e = assertThrows(IOException.class, source::readByteArray);
      assertEquals("Canceled", e.getMessage());
    }
  }

  @Test
  void configReadsTheUploadLimit() throws Exception {
    MediaClient client = start(TestHomeserver.newBuilder().maxUploadSize(12345));
    assertEquals(12345, client.config().uploadSize());
  }
}
