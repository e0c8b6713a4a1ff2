package dev.mxsdk.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mxsdk.core.Clock;
import dev.mxsdk.core.MatrixApiException;
import dev.mxsdk.core.MatrixClient;
import dev.mxsdk.core.MxcUri;
import dev.mxsdk.media.EncryptedFile;
import dev.mxsdk.media.MediaClient;
import dev.mxsdk.media.MediaIntegrityException;
import dev.mxsdk.media.MediaRequest;
import dev.mxsdk.media.MediaReservation;
import dev.mxsdk.media.MediaReservationExpiredException;
import dev.mxsdk.media.MediaResponse;
import dev.mxsdk.media.MediaTooLargeException;
import dev.mxsdk.media.UploadRequest;
import dev.mxsdk.media.UploadResult;
import dev.mxsdk.testkit.RecordedRequest;
import dev.mxsdk.testkit.RecordedUpload;
import dev.mxsdk.testkit.TestHomeserver;
import dev.mxsdk.testkit.TestHomeserverBuilder;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Uploads through the testkit, then downloads through the whole flow (307 + key + RFC 8188 records
 * + E2EE), byte for byte: plain and encrypted, empty and many records long, into reservations, and
 * what the server received and judged each time.
 */
final class UploadRoundTripTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  /** Small CDN records, so that even a modest file is many records long. */
  private static final int RECORD_SIZE = 4096;
  private TestHomeserver server;
  private MatrixClient matrix;

  @TempDir Path dir;

  @AfterEach
  void tearDown() {
    if (matrix != null) Cli.shutdown(matrix);
    if (server != null) server.close();
  }

  private MediaClient start(TestHomeserverBuilder builder) throws IOException {
    server = builder.recordSize(RECORD_SIZE).start();
    OkHttpClient.Builder ok = Cli.okHttpClient();
    boolean tls = server.baseUrl().startsWith("https:");
    if (tls) ok.sslSocketFactory(server.sslContext().getSocketFactory(), server.trustManager());
    matrix = Cli.matrixClient(HttpUrl.get(server.baseUrl()), server.accessToken(), ok.build(), !tls);
    return MediaClient.create(matrix);
  }

  private static byte[] random(int size) {
    byte[] b = new byte[size];
    RANDOM.nextBytes(b);
    return b;
  }

  private File file(byte[] content) throws IOException {
    File file = Files.createTempFile(dir, "upload", ".bin").toFile();
    Files.write(file.toPath(), content);
    return file;
  }

  /** Downloads {@code request} into a file through the full flow and returns the bytes. */
  private byte[] download(MediaClient client, MediaRequest request) throws IOException {
    server.clearRecordedRequests();
    File target = Files.createTempFile(dir, "download", ".bin").toFile();
    try (MediaResponse response = client.newCall(request).execute()) {
      assertTrue(response.diagnostics().keyReceived(), "the 307 carried a key");
      assertTrue(response.diagnostics().cdnLayer(), "the CDN layer was opened");
      response.downloadTo(target);
    }
    List<RecordedRequest> cdn = server.cdnRequests();
    assertEquals(1, cdn.size());
    assertEquals("aes128gcm", cdn.get(0).header("Accept-Encoding"));
    assertNull(cdn.get(0).header("Authorization"));
    return Files.readAllBytes(target.toPath());
  }

  private static byte[] sha256(byte[] bytes) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(bytes);
  }

  @Test
  void aPlainFileRoundTripsThroughTheCdnLayerByteForByte() throws Exception {
    MediaClient client = start(TestHomeserver.newBuilder());
    byte[] content = random(10 * RECORD_SIZE + 123);

    UploadResult result = client.newUpload(UploadRequest.file(file(content))
        .contentType("application/pdf").fileName("report.pdf").build()).execute();

    RecordedUpload received = server.uploads().get(0);
    assertTrue(received.stored());
    assertEquals(content.length, received.declaredLength());
    assertEquals(content.length, received.receivedLength());
    assertArrayEquals(sha256(content), received.sha256());
    assertEquals("report.pdf", received.fileName());
    try (MediaResponse response = client.newCall(MediaRequest.download(result.mxcUri()))
        .execute()) {
      assertEquals("report.pdf", response.fileName());
      assertEquals("application/pdf", response.contentType());
    }
    assertArrayEquals(content, download(client, MediaRequest.download(result.mxcUri())));
  }

  @Test
  void anEncryptedFileRoundTripsThroughTheCdnAndE2eeLayersByteForByte() throws Exception {
    MediaClient client = start(TestHomeserver.newBuilder().tls(true));
    byte[] content = random(40 * RECORD_SIZE + 17);

    UploadResult result = client.newUpload(UploadRequest.file(file(content)).encrypt(true).build())
        .execute();

    EncryptedFile file = result.encryptedFile();
    assertNotNull(file);
    RecordedUpload received = server.uploads().get(0);
    assertEquals("application/octet-stream", received.contentType());
    assertNull(received.fileName());
    assertArrayEquals(file.sha256(), received.sha256(),
        "the EncryptedFile's hash is that of what the server stored");
    assertArrayEquals(content, download(client, MediaRequest.download(file)));
  }

  @Test
  void emptyContentRoundTripsPlainAndEncrypted() throws Exception {
    MediaClient client = start(TestHomeserver.newBuilder());
    UploadResult plain = client.newUpload(UploadRequest.bytes(new byte[0]).build()).execute();
    UploadResult encrypted = client.newUpload(UploadRequest.bytes(new byte[0]).encrypt(true)
        .build()).execute();
    assertEquals(0, server.uploads().get(0).receivedLength());
    assertArrayEquals(new byte[0], download(client, MediaRequest.download(plain.mxcUri())));
    assertArrayEquals(new byte[0], download(client, MediaRequest.download(
        encrypted.encryptedFile())));
  }

  @Test
  void aSourceOfUnknownLengthRoundTripsChunked() throws Exception {
    MediaClient client = start(TestHomeserver.newBuilder());
    byte[] content = random(7 * RECORD_SIZE);
    UploadResult result = client.newUpload(UploadRequest.source(new Buffer().write(content), -1)
        .encrypt(true).build()).execute();
    assertEquals(-1, server.uploads().get(0).declaredLength());
    assertArrayEquals(content, download(client, MediaRequest.download(result.encryptedFile())));
  }

  @Test
  void anEncryptedUploadIntoAReservationRoundTripsAfterTheEventCouldNameIt() throws Exception {
    MediaClient client = start(TestHomeserver.newBuilder());
    MediaReservation reservation = client.createMedia();
    assertTrue(reservation.unusedExpiresAtMillis() > System.currentTimeMillis());
    byte[] content = random(3 * RECORD_SIZE + 1);

    UploadResult result = client.newUpload(UploadRequest.file(file(content)).encrypt(true)
        .reservation(reservation).build()).execute();

    assertEquals(reservation.mxcUri(), result.mxcUri());
    assertEquals(reservation.mxcUri(), result.encryptedFile().url());
    assertEquals("PUT", server.uploads().get(0).method());
    assertArrayEquals(content, download(client, MediaRequest.download(result.encryptedFile())));
    MatrixApiException again = assertThrows(MatrixApiException.class,
        () -> client.newUpload(UploadRequest.bytes(new byte[1]).reservation(reservation).build())
            .execute());
    assertEquals("M_CANNOT_OVERWRITE_MEDIA", again.errcode());
  }

  @Test
  void anotherUsersReservationIsForbidden() throws Exception {
    MediaClient alice = start(TestHomeserver.newBuilder().accessToken("alice-token")
        .accessToken("bob-token"));
    MediaReservation reservation = alice.createMedia();
    MatrixClient bobMatrix = Cli.matrixClient(HttpUrl.get(server.baseUrl()), "bob-token",
        Cli.okHttpClient().build(), true);
    try {
      MatrixApiException e = assertThrows(MatrixApiException.class, () -> MediaClient
          .create(bobMatrix).newUpload(UploadRequest.bytes(new byte[1]).reservation(reservation)
              .build()).execute());
      assertEquals(403, e.status());
      assertEquals("M_FORBIDDEN", e.errcode());
    } finally {
      Cli.shutdown(bobMatrix);
    }
  }

  @Test
  void tooManyPendingReservationsAreLimitExceededAfterTheRetries() throws Exception {
    SharedClock clock = new SharedClock();
    server = TestHomeserver.newBuilder().maxPendingUploads(1).start();
    matrix = MatrixClient.builder().homeserver(server.baseUrl()).allowInsecureLoopback(true)
        .accessTokenProvider(server::accessToken).clock(clock)
        .okHttpClient(Cli.okHttpClient().build()).build();
    MediaClient client = MediaClient.create(matrix);
    client.createMedia();
    MatrixApiException e = assertThrows(MatrixApiException.class, client::createMedia);
    assertEquals(429, e.status());
    assertEquals("M_LIMIT_EXCEEDED", e.errcode());
    long creates = server.homeserverRequests().stream()
        .filter(r -> r.path().equals("/_matrix/media/v1/create")).count();
    assertEquals(1 + 4, creates, "the refused one was tried as often as the retry policy allows");
  }

  /** A clock the test sets, shared by the testkit and the SDK; sleeping advances it. */
  private static final class SharedClock implements Clock {
    volatile long now = 1_700_000_000_000L;

    @Override
    public long nowMillis() {
      return now;
    }

    @Override
    public void sleep(long millis) {
      now += millis;
    }
  }

  @Test
  void anExpiredReservationIsRecognisedByItsTimeNotByTheServersText() throws Exception {
    SharedClock clock = new SharedClock();
    server = TestHomeserver.newBuilder().clock(clock).unusedMediaLifetimeMillis(60_000).start();
    matrix = MatrixClient.builder().homeserver(server.baseUrl())
        .allowInsecureLoopback(true).accessTokenProvider(server::accessToken).clock(clock)
        .okHttpClient(Cli.okHttpClient().build()).build();
    MediaClient client = MediaClient.create(matrix);
    MediaReservation reservation = client.createMedia();
    assertEquals(clock.now + 60_000, reservation.unusedExpiresAtMillis());
    clock.now += 60_000;

    MediaReservationExpiredException e = assertThrows(MediaReservationExpiredException.class,
        () -> client.newUpload(UploadRequest.bytes(new byte[1]).reservation(reservation).build())
            .execute());

    assertEquals(reservation.mxcUri(), e.mxcUri());
    assertTrue(server.uploads().isEmpty(), "nothing was sent");
  }

  @Test
  void theServersLimitStopsAnUploadBeforeItsFirstByte() throws Exception {
    MediaClient client = start(TestHomeserver.newBuilder().maxUploadSize(1000));
    assertThrows(MediaTooLargeException.class,
        () -> client.newUpload(UploadRequest.bytes(new byte[1001]).build()).execute());
    MediaTooLargeException chunked = assertThrows(MediaTooLargeException.class,
        () -> client.newUpload(UploadRequest.source(new Buffer().write(new byte[5000]), -1)
            .build()).execute());
    assertEquals(1000, chunked.maxSize());
    for (RecordedUpload upload : server.uploads()) {
      assertTrue(!upload.stored(), "nothing was stored: " + upload);
    }
  }

  @Test
  void aSourceThatYieldsFewerOrMoreBytesThanDeclaredStoresNothing() throws Exception {
    MediaClient client = start(TestHomeserver.newBuilder());
    assertThrows(MediaIntegrityException.class, () -> client.newUpload(
        UploadRequest.source(new Buffer().write(new byte[100_000]), 200_000).build()).execute());
    assertThrows(MediaIntegrityException.class, () -> client.newUpload(
        UploadRequest.source(new Buffer().write(new byte[200_001]), 200_000).build()).execute());
    for (int i = 0; i < 100 && server.uploads().size() < 2; i++) Thread.sleep(10);
    for (RecordedUpload upload : server.uploads()) {
      assertEquals(-1, upload.status(), "broken off, never answered: " + upload);
      assertTrue(upload.receivedLength() < 200_000, upload.toString());
    }
    assertEquals(2, server.uploads().size());
  }

  @Test
  void aNewlyUploadedMxcIsServedFromTheSameMediaClientAtOnce() throws Exception {
    MediaClient client = start(TestHomeserver.newBuilder());
    byte[] content = random(1000);
    MxcUri uri = client.newUpload(UploadRequest.bytes(content).build()).execute().mxcUri();
    assertArrayEquals(content, download(client, MediaRequest.download(uri)));
  }
}
