package dev.mxsdk.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mxsdk.core.MatrixApiException;
import dev.mxsdk.core.MxcUri;
import dev.mxsdk.core.UnexpectedRedirectException;
import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.Cookie;
import okhttp3.CookieJar;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import okio.Buffer;
import okio.Okio;
import okio.Source;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uploads against MockWebServer: what goes on the wire, retries, limits, errors, reservations. */
final class UploadFlowTest {
  private static final String UPLOADED = "{\"content_uri\":\"mxc://example.org/up1\"}";
  private FlowFixture f;

  @TempDir Path dir;

  @BeforeEach
  void setUp() throws IOException {
    f = new FlowFixture();
    f.configJson = "{\"m.upload.size\":52428800}";
  }

  @AfterEach
  void tearDown() throws IOException {
    f.close();
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
        .setBody(body);
  }

  private static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private UploadResult upload(UploadRequest request) throws IOException {
    return f.mediaClient().newUpload(request).execute();
  }

  @Test
  void plainUploadPostsToV3WithTypeLengthNameAndTheToken() throws Exception {
    f.enqueue(json(200, UPLOADED));
    byte[] png = random(1000, 1);

    UploadResult result = upload(UploadRequest.bytes(png).contentType("image/png")
        .fileName("cat and dog.png").build());

    assertEquals(MxcUri.parse("mxc://example.org/up1"), result.mxcUri());
    assertNull(result.contentToken());
    assertNull(result.encryptedFile());
    assertEquals("image/png", result.contentType());
    assertEquals(1000, result.bytesSent());
    assertEquals(1, result.attempts());
    List<RecordedRequest> requests = f.homeserverUploadRequests();
    assertEquals(1, requests.size());
    RecordedRequest r = requests.get(0);
    assertEquals("POST", r.getMethod());
    assertEquals("/_matrix/media/v3/upload", r.getRequestUrl().encodedPath());
    assertEquals("cat and dog.png", r.getRequestUrl().queryParameter("filename"));
    assertEquals("image/png", r.getHeader("Content-Type"));
    assertEquals("1000", r.getHeader("Content-Length"));
    assertEquals("Bearer " + FlowFixture.TOKEN, r.getHeader("Authorization"));
    assertArrayEquals(png, r.getBody().readByteArray());
  }

  @Test
  void uploadsStayOnV3AlsoForLegacyServers() throws Exception {
    f.versionsJson = "{\"versions\":[\"v1.5\"]}";
    f.enqueue(json(200, UPLOADED));
    upload(UploadRequest.bytes(new byte[] {1}).build());
    RecordedRequest r = f.homeserverUploadRequests().get(0);
    assertEquals("/_matrix/media/v3/upload", r.getRequestUrl().encodedPath());
    assertEquals("application/octet-stream", r.getHeader("Content-Type"));
    assertNull(r.getRequestUrl().queryParameter("filename"));
  }

  @Test
  void aFileIsStreamedWithItsLengthAsContentLength() throws Exception {
    byte[] content = random(300 * 1024 + 7, 2);
    File file = dir.resolve("video.bin").toFile();
    Files.write(file.toPath(), content);
    f.enqueue(json(200, UPLOADED));

    UploadResult result = upload(UploadRequest.file(file).build());

    assertEquals(content.length, result.bytesSent());
    RecordedRequest r = f.homeserverUploadRequests().get(0);
    assertEquals(Integer.toString(content.length), r.getHeader("Content-Length"));
    assertArrayEquals(content, r.getBody().readByteArray());
  }

  @Test
  void aSourceOfUnknownLengthIsSentChunked() throws Exception {
    byte[] content = random(100_000, 3);
    f.enqueue(json(200, UPLOADED));

    upload(UploadRequest.source(new Buffer().write(content), -1).build());

    RecordedRequest r = f.homeserverUploadRequests().get(0);
    assertNull(r.getHeader("Content-Length"));
    assertEquals("chunked", r.getHeader("Transfer-Encoding"));
    assertArrayEquals(content, r.getBody().readByteArray());
  }

  @Test
  void theContentTokenIsKeptButNeverShown() throws Exception {
    f.enqueue(json(200, "{\"content_uri\":\"mxc://example.org/up1\","
        + "\"content_token\":\"hunter2-secret.token~\"}"));
    UploadResult result = upload(UploadRequest.bytes(new byte[] {1, 2}).build());
    assertEquals("hunter2-secret.token~", result.contentToken());
    assertFalse(result.toString().contains("hunter2"), result.toString());
  }

  @Test
  void aMalformedAnswerIsAProtocolError() throws Exception {
    f.enqueue(json(200, "{\"content_uri\":\"mxc://example.org/up1\",\"content_token\":\"a b\"}"));
    f.enqueue(json(200, "{\"content_uri\":\"https://example.org/up1\"}"));
    f.enqueue(json(200, "{}"));
    f.enqueue(json(200, "{\"content_uri\":"));
    for (int i = 0; i < 4; i++) {
      assertThrows(MediaProtocolException.class,
          () -> upload(UploadRequest.bytes(new byte[] {1}).build()));
    }
  }

  @Test
  void anEncryptedUploadSendsCiphertextWithoutNameAndReturnsTheCompleteEncryptedFile()
      throws Exception {
    byte[] plaintext = random(200_000, 4);
    f.enqueue(json(200, UPLOADED));

    UploadResult result = upload(UploadRequest.bytes(plaintext).encrypt(true).build());

    EncryptedFile file = result.encryptedFile();
    assertNotNull(file);
    assertEquals(MxcUri.parse("mxc://example.org/up1"), file.url());
    assertEquals("v2", file.version());
    byte[] iv = file.iv();
    assertArrayEquals(new byte[8], Arrays.copyOfRange(iv, 8, 16), "v2: a zero 64-bit counter");
    assertEquals("application/octet-stream", result.contentType());
    RecordedRequest r = f.homeserverUploadRequests().get(0);
    assertEquals("application/octet-stream", r.getHeader("Content-Type"));
    assertNull(r.getRequestUrl().queryParameter("filename"));
    assertEquals(Integer.toString(plaintext.length), r.getHeader("Content-Length"),
        "CTR: the ciphertext is as long as the plaintext");
    byte[] ciphertext = r.getBody().readByteArray();
    assertFalse(Arrays.equals(plaintext, ciphertext));
    byte[] decrypted = Okio.buffer(Attachments.decrypt(new Buffer().write(ciphertext), file))
        .readByteArray();
    assertArrayEquals(plaintext, decrypted, "the hash and key describe what was sent");
    assertFalse(result.toString().contains(okio.ByteString.of(file.key()).base64Url()
        .replace("=", "")));
  }

  @Test
  void anEncryptedRetryResendsTheIdenticalCiphertext() throws Exception {
    byte[] plaintext = random(150_000, 5);
    File file = dir.resolve("secret.bin").toFile();
    Files.write(file.toPath(), plaintext);
    f.enqueue(json(503, "{\"errcode\":\"M_UNKNOWN\",\"error\":\"busy\"}")
        .setHeader("Retry-After", "2"));
    f.enqueue(json(429, "{\"errcode\":\"M_LIMIT_EXCEEDED\",\"retry_after_ms\":1500}"));
    f.enqueue(json(200, UPLOADED));

    UploadResult result = upload(UploadRequest.file(file).encrypt(true).build());

    assertEquals(3, result.attempts());
    assertEquals(Arrays.asList(2000L, 1500L), f.clock.sleeps);
    List<RecordedRequest> requests = f.homeserverUploadRequests();
    assertEquals(3, requests.size());
    byte[] first = requests.get(0).getBody().readByteArray();
    assertArrayEquals(first, requests.get(1).getBody().readByteArray());
    assertArrayEquals(first, requests.get(2).getBody().readByteArray());
    assertArrayEquals(plaintext, Okio.buffer(Attachments.decrypt(new Buffer().write(first),
        result.encryptedFile())).readByteArray());
  }

  @Test
  void aOneShotSourceGetsOneAttempt() throws Exception {
    f.enqueue(json(503, "{\"errcode\":\"M_UNKNOWN\"}"));
    f.enqueue(json(200, UPLOADED));
    MatrixApiException e = assertThrows(MatrixApiException.class, () -> upload(
        UploadRequest.source(new Buffer().write(new byte[10]), 10).build()));
    assertEquals(503, e.status());
    assertEquals(1, f.homeserverUploadRequests().size());
    assertTrue(f.clock.sleeps.isEmpty());
  }

  @Test
  void anUploadAboveTheServersLimitFailsBeforeAByteIsSent() throws Exception {
    f.configJson = "{\"m.upload.size\":10}";
    MediaTooLargeException e = assertThrows(MediaTooLargeException.class,
        () -> upload(UploadRequest.bytes(new byte[11]).build()));
    assertEquals(10, e.maxSize());
    assertTrue(f.homeserverUploadRequests().isEmpty(), "no upload request was made");
  }

  @Test
  void theLimitIsFetchedOnceAndCached() throws Exception {
    f.enqueue(json(200, UPLOADED));
    f.enqueue(json(200, UPLOADED));
    MediaClient client = f.mediaClient();
    client.newUpload(UploadRequest.bytes(new byte[] {1}).build()).execute();
    client.newUpload(UploadRequest.bytes(new byte[] {2}).build()).execute();
    List<RecordedRequest> all = f.homeserverMediaRequests();
    long configs = all.stream().filter(FlowFixture::isConfig).count();
    assertEquals(1, configs);
    assertEquals("/_matrix/client/v1/media/config", all.get(0).getPath());
    assertEquals(3, all.size());
  }

  @Test
  void aServerWithoutConfigStillTakesUploads() throws Exception {
    f.configJson = null;
    f.enqueue(json(404, "{\"errcode\":\"M_NOT_FOUND\"}"));
    f.enqueue(json(200, UPLOADED));
    assertEquals("mxc://example.org/up1",
        upload(UploadRequest.bytes(new byte[] {1}).build()).mxcUri().toString());
  }

  @Test
  void aChunkedUploadPastTheLimitFailsWhileItStreams() throws Exception {
    f.configJson = "{\"m.upload.size\":100000}";
    f.enqueue(json(200, UPLOADED));
    MediaTooLargeException e = assertThrows(MediaTooLargeException.class, () -> upload(
        UploadRequest.source(new Buffer().write(new byte[300_000]), -1).build()));
    assertEquals(100000, e.maxSize());
    RecordedRequest r = f.homeserver.takeRequest(200, TimeUnit.MILLISECONDS);
    while (r != null && !r.getPath().startsWith("/_matrix/media/v3/upload")) {
      r = f.homeserver.takeRequest(200, TimeUnit.MILLISECONDS);
    }
    assertTrue(r == null || r.getBodySize() < 300_000, "no complete body reached the server");
  }

  @Test
  void aServer413IsMediaTooLarge() throws Exception {
    f.enqueue(json(413, "{\"errcode\":\"M_TOO_LARGE\",\"error\":\"too big\"}"));
    MediaTooLargeException e = assertThrows(MediaTooLargeException.class,
        () -> upload(UploadRequest.bytes(new byte[5]).build()));
    MatrixApiException cause = assertInstanceOf(MatrixApiException.class, e.getCause());
    assertEquals(413, cause.status());
    assertEquals(52428800, e.maxSize());
  }

  @Test
  void aRedirectIsNeverFollowedWithTheBodyOrTheToken() throws Exception {
    f.enqueue(new MockResponse().setResponseCode(307)
        .setHeader("Location", f.cdn.url("/elsewhere").toString()));
    UnexpectedRedirectException e = assertThrows(UnexpectedRedirectException.class,
        () -> upload(UploadRequest.bytes(new byte[5]).build()));
    assertEquals(307, e.status());
    assertEquals(0, f.cdn.getRequestCount());
  }

  /** A source that yields {@code actual} bytes whatever was declared. */
  private static Source yielding(int actual) {
    return new Buffer().write(new byte[actual]);
  }

  @Test
  void aSourceShorterThanDeclaredFailsAndNothingIsUploaded() throws Exception {
    f.enqueue(json(200, UPLOADED));
    MediaIntegrityException e = assertThrows(MediaIntegrityException.class,
        () -> upload(UploadRequest.source(yielding(50_000), 100_000).build()));
    assertTrue(e.getMessage().contains("ended after 50000 of the declared 100000"),
        e.getMessage());
    assertNoCompleteUpload();
  }

  @Test
  void aSourceLongerThanDeclaredFailsAndNothingIsUploaded() throws Exception {
    f.enqueue(json(200, UPLOADED));
    MediaIntegrityException e = assertThrows(MediaIntegrityException.class,
        () -> upload(UploadRequest.source(yielding(100_001), 100_000).build()));
    assertTrue(e.getMessage().contains("more than the declared 100000"), e.getMessage());
    assertNoCompleteUpload();
  }

  @Test
  void aZeroByteUploadSendsAnEmptyBody() throws Exception {
    f.enqueue(json(200, UPLOADED));
    UploadResult result = upload(UploadRequest.bytes(new byte[0]).encrypt(true).build());
    assertEquals(0, result.bytesSent());
    RecordedRequest r = f.homeserverUploadRequests().get(0);
    assertEquals("0", r.getHeader("Content-Length"));
    assertNotNull(result.encryptedFile());
    assertEquals(0, Okio.buffer(Attachments.decrypt(new Buffer(), result.encryptedFile()))
        .readByteArray().length);
  }

  private void assertNoCompleteUpload() throws InterruptedException {
    // MockWebServer records a request only once its whole declared body arrived.
    for (RecordedRequest r : f.homeserverUploadRequests()) {
      assertTrue(r.getBodySize() < Long.parseLong(r.getHeader("Content-Length")),
          "the server received a complete body: " + r);
    }
  }

  @Test
  void aFileThatChangesBetweenAttemptsFailsTheRetry() throws Exception {
    File file = dir.resolve("growing.log").toFile();
    Files.write(file.toPath(), random(70_000, 6));
    f.enqueue(json(503, "{}"));
    f.enqueue(json(200, UPLOADED));
    UploadRequest request = UploadRequest.file(file).progressListener((sent, total) -> {
      if (sent == total) append(file);
    }).build();
    MediaIntegrityException e = assertThrows(MediaIntegrityException.class, () -> upload(request));
    assertTrue(e.getMessage().contains("changed after the upload started"), e.getMessage());
    assertEquals(1, f.homeserverUploadRequests().size(), "the retry sent nothing");
  }

  private static void append(File file) {
    try (RandomAccessFile raf = new RandomAccessFile(file, "rw")) {
      raf.seek(raf.length());
      raf.write(1);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void encryptedContentThatChangesBetweenAttemptsIsNeverCompletedTwice() throws Exception {
    byte[] plaintext = random(70_000, 7);
    f.enqueue(json(503, "{}"));
    f.enqueue(json(200, UPLOADED));
    UploadRequest request = UploadRequest.bytes(plaintext).encrypt(true)
        .progressListener((sent, total) -> {
          if (sent == total) plaintext[0] ^= 1;
        }).build();
    MediaIntegrityException e = assertThrows(MediaIntegrityException.class, () -> upload(request));
    assertTrue(e.getMessage().contains("changed between two attempts"), e.getMessage());
    List<RecordedRequest> requests = f.homeserverUploadRequests();
    assertEquals(70_000, requests.get(0).getBodySize());
    for (RecordedRequest r : requests.subList(1, requests.size())) {
      assertTrue(r.getBodySize() < 70_000, "the second ciphertext was never sent whole");
    }
  }

  @Test
  void aMissingFileOrADirectoryFailsBeforeAnyRequest() throws Exception {
    assertThrows(FileNotFoundException.class,
        () -> upload(UploadRequest.file(dir.resolve("nope").toFile()).build()));
    FileNotFoundException e = assertThrows(FileNotFoundException.class,
        () -> upload(UploadRequest.file(dir.toFile()).build()));
    assertTrue(e.getMessage().contains("is a directory"), e.getMessage());
    assertTrue(f.homeserverMediaRequests().isEmpty());
  }

  @Test
  void progressIsReportedAtLeastEvery64KiBAndAtTheEnd() throws Exception {
    byte[] content = random(1024 * 1024 + 123, 8);
    f.enqueue(json(200, UPLOADED));
    List<long[]> reports = Collections.synchronizedList(new ArrayList<>());
    upload(UploadRequest.bytes(content).encrypt(true)
        .progressListener((sent, total) -> reports.add(new long[] {sent, total})).build());
    long previous = 0;
    for (long[] report : reports) {
      assertEquals(content.length, report[1]);
      assertTrue(report[0] > previous, "progress only grows");
      assertTrue(report[0] - previous <= 64 * 1024, "a gap of " + (report[0] - previous));
      previous = report[0];
    }
    assertEquals(content.length, previous, "the last report is the whole body");
  }

  @Test
  void cancelWhileSendingStopsTheBodyAndReleasesTheConnection() throws Exception {
    f.enqueue(json(200, UPLOADED));
    OkHttpClient ok = f.okHttpClient();
    MediaClient client = f.mediaClient(ok, MediaOptions.defaults());
    AtomicReference<UploadCall> call = new AtomicReference<>();
    call.set(client.newUpload(UploadRequest.bytes(new byte[4 * 1024 * 1024])
        .progressListener((sent, total) -> {
          if (sent > 0) call.get().cancel();
        }).build()));
    IOException e = assertThrows(IOException.class, () -> call.get().execute());
    assertEquals("Canceled", e.getMessage());
    assertTrue(call.get().isCanceled());
    assertEquals(ok.connectionPool().idleConnectionCount(), ok.connectionPool().connectionCount(),
        "no connection is still held by the canceled upload");
    assertNoCompleteUpload();
  }

  @Test
  void cancelBeforeExecuteSendsNothing() throws Exception {
    UploadCall call = f.mediaClient().newUpload(UploadRequest.bytes(new byte[1]).build());
    call.cancel();
    IOException e = assertThrows(IOException.class, call::execute);
    assertEquals("Canceled", e.getMessage());
    assertTrue(f.homeserverUploadRequests().isEmpty());
    assertThrows(IllegalStateException.class, call::execute);
  }

  @Test
  void enqueueReportsTheResultOnTheDispatcher() throws Exception {
    f.enqueue(json(200, UPLOADED));
    CountDownLatch done = new CountDownLatch(1);
    AtomicReference<UploadResult> result = new AtomicReference<>();
    AtomicReference<IOException> failure = new AtomicReference<>();
    f.mediaClient().newUpload(UploadRequest.bytes(new byte[3]).build())
        .enqueue(new UploadCall.Callback() {
          @Override
          public void onSuccess(UploadCall call, UploadResult r) {
            result.set(r);
            done.countDown();
          }

          @Override
          public void onFailure(UploadCall call, IOException e) {
            failure.set(e);
            done.countDown();
          }
        });
    assertTrue(done.await(30, TimeUnit.SECONDS));
    assertNull(failure.get());
    assertEquals("mxc://example.org/up1", result.get().mxcUri().toString());
  }

  // Asynchronous uploads (MSC2246) and MSC3870.

  @Test
  void createReservesAnIdAndTheUploadGoesIntoIt() throws Exception {
    long expires = f.clock.now + 86_400_000L;
    f.enqueue(json(200, "{\"content_uri\":\"mxc://example.org/resv\",\"unused_expires_at\":"
        + expires + "}"));
    f.enqueue(json(200, "{}"));
    MediaClient client = f.mediaClient();

    MediaReservation reservation = client.createMedia();
    assertEquals(MxcUri.parse("mxc://example.org/resv"), reservation.mxcUri());
    assertEquals(expires, reservation.unusedExpiresAtMillis());
    assertNull(reservation.uploadUrl());
    UploadResult result = client.newUpload(UploadRequest.bytes(new byte[] {9, 9})
        .contentType("text/plain").fileName("n.txt").reservation(reservation).build()).execute();

    assertEquals(reservation.mxcUri(), result.mxcUri());
    List<RecordedRequest> requests = f.homeserverUploadRequests();
    assertEquals(2, requests.size(), "two requests: create and upload");
    assertEquals("POST", requests.get(0).getMethod());
    assertEquals("/_matrix/media/v1/create", requests.get(0).getPath());
    assertEquals("Bearer " + FlowFixture.TOKEN, requests.get(0).getHeader("Authorization"));
    RecordedRequest put = requests.get(1);
    assertEquals("PUT", put.getMethod());
    assertEquals("/_matrix/media/v3/upload/example.org/resv", put.getRequestUrl().encodedPath());
    assertEquals("n.txt", put.getRequestUrl().queryParameter("filename"));
    assertEquals("text/plain", put.getHeader("Content-Type"));
    assertEquals("Bearer " + FlowFixture.TOKEN, put.getHeader("Authorization"));
  }

  @Test
  void anExpiredReservationIsRefusedBeforeAByteIsSent() throws Exception {
    MediaReservation reservation =
        MediaReservation.of(MxcUri.parse("mxc://example.org/old"), f.clock.now);
    MediaReservationExpiredException e = assertThrows(MediaReservationExpiredException.class,
        () -> upload(UploadRequest.bytes(new byte[1]).reservation(reservation).build()));
    assertEquals(reservation.mxcUri(), e.mxcUri());
    assertEquals(f.clock.now, e.unusedExpiresAtMillis());
    assertTrue(f.homeserverMediaRequests().isEmpty());
  }

  @Test
  void aReservationThatExpiresDuringARetryWaitIsNotUploadedAgain() throws Exception {
    MediaReservation reservation =
        MediaReservation.of(MxcUri.parse("mxc://example.org/soon"), f.clock.now + 1000);
    f.enqueue(json(429, "{\"errcode\":\"M_LIMIT_EXCEEDED\",\"retry_after_ms\":5000}"));
    f.enqueue(json(200, "{}"));
    assertThrows(MediaReservationExpiredException.class,
        () -> upload(UploadRequest.bytes(new byte[1]).reservation(reservation).build()));
    assertEquals(1, f.homeserverUploadRequests().size());
  }

  @Test
  void theReservationsErrorsKeepTheirErrcodes() throws Exception {
    MediaReservation reservation = MediaReservation.of(MxcUri.parse("mxc://example.org/r"), -1);
    f.enqueue(json(403, "{\"errcode\":\"M_FORBIDDEN\",\"error\":\"not yours\"}"));
    f.enqueue(json(409, "{\"errcode\":\"M_CANNOT_OVERWRITE_MEDIA\",\"error\":\"done\"}"));
    MatrixApiException forbidden = assertThrows(MatrixApiException.class,
        () -> upload(UploadRequest.bytes(new byte[1]).reservation(reservation).build()));
    assertEquals("M_FORBIDDEN", forbidden.errcode());
    MatrixApiException overwrite = assertThrows(MatrixApiException.class,
        () -> upload(UploadRequest.bytes(new byte[1]).reservation(reservation).build()));
    assertEquals(409, overwrite.status());
    assertEquals("M_CANNOT_OVERWRITE_MEDIA", overwrite.errcode());
    assertEquals(2, f.homeserverUploadRequests().size(), "neither is retried");
  }

  @Test
  void tooManyPendingReservationsIsRetriedThenThrown() throws Exception {
    for (int i = 0; i < 4; i++) {
      f.enqueue(json(429, "{\"errcode\":\"M_LIMIT_EXCEEDED\",\"retry_after_ms\":100}"));
    }
    MatrixApiException e = assertThrows(MatrixApiException.class,
        () -> f.mediaClient().createMedia());
    assertEquals("M_LIMIT_EXCEEDED", e.errcode());
    assertEquals(4, f.homeserverUploadRequests().size());
    assertEquals(Arrays.asList(100L, 100L, 100L), f.clock.sleeps);
  }

  @Test
  void anUploadUrlGetsTheBodyWithoutAnyCredential() throws Exception {
    HttpUrl uploadUrl = f.cdn.url("/bucket/resv?X-Signature=presigned-secret");
    f.enqueue(json(200, "{\"content_uri\":\"mxc://example.org/resv\","
        + "\"unused_expires_at\":" + (f.clock.now + 60_000) + ","
        + "\"upload_url\":\"" + uploadUrl + "\"}"));
    f.cdn.enqueue(new MockResponse().setResponseCode(200));
    CookieJar everywhere = new CookieJar() {
      @Override
      public void saveFromResponse(HttpUrl url, List<Cookie> cookies) {}

      @Override
      public List<Cookie> loadForRequest(HttpUrl url) {
        return Collections.singletonList(new Cookie.Builder().name("session")
            .value("cookie-secret").domain(url.host()).build());
      }
    };
    OkHttpClient app = f.okHttpClient().newBuilder().cookieJar(everywhere)
        .addInterceptor(chain -> chain.proceed(chain.request().newBuilder()
            .header("Authorization", "Bearer app-interceptor-token").build()))
        .build();
    MediaClient client = f.mediaClient(app, MediaOptions.defaults());
    byte[] content = random(5000, 9);

    MediaReservation reservation = client.createMedia();
    assertEquals(uploadUrl, reservation.uploadUrl());
    assertEquals("PUT", reservation.uploadMethod());
    assertFalse(reservation.toString().contains("presigned-secret"), reservation.toString());
    UploadResult result = client.newUpload(UploadRequest.bytes(content)
        .reservation(reservation).build()).execute();

    assertEquals(reservation.mxcUri(), result.mxcUri());
    RecordedRequest stored = f.cdn.takeRequest(0, TimeUnit.SECONDS);
    assertEquals("PUT", stored.getMethod());
    assertEquals("/bucket/resv?X-Signature=presigned-secret", stored.getPath());
    assertNull(stored.getHeader("Authorization"), "no token to the upload URL");
    assertNull(stored.getHeader("Cookie"), "no cookie to the upload URL");
    assertArrayEquals(content, stored.getBody().readByteArray());
    assertEquals(1, f.homeserverUploadRequests().size(), "only /create went to the homeserver");
  }

  @Test
  void anUploadUrlThatRedirectsIsNotFollowed() throws Exception {
    f.enqueue(json(200, "{\"content_uri\":\"mxc://example.org/resv\","
        + "\"upload_url\":\"" + f.cdn.url("/bucket") + "\",\"upload_method\":\"post\"}"));
    f.cdn.enqueue(new MockResponse().setResponseCode(307)
        .setHeader("Location", f.homeserver.url("/steal").toString()));
    MediaClient client = f.mediaClient();
    MediaReservation reservation = client.createMedia();
    assertEquals("post", reservation.uploadMethod());
    assertThrows(UnexpectedRedirectException.class, () -> client.newUpload(
        UploadRequest.bytes(new byte[10]).reservation(reservation).build()).execute());
    assertEquals("POST", f.cdn.takeRequest(0, TimeUnit.SECONDS).getMethod());
    assertEquals(1, f.homeserverUploadRequests().size());
  }

  @Test
  void anUploadUrlOverPlainHttpToAnotherHostFallsBackToTheHomeserver() throws Exception {
    f.enqueue(json(200, "{\"content_uri\":\"mxc://example.org/resv\","
        + "\"upload_url\":\"http://storage.example/bucket\"}"));
    f.enqueue(json(200, "{}"));
    MediaClient client = f.mediaClient();
    MediaReservation reservation = client.createMedia();
    client.newUpload(UploadRequest.bytes(new byte[10]).reservation(reservation).build()).execute();
    List<RecordedRequest> requests = f.homeserverUploadRequests();
    assertEquals("/_matrix/media/v3/upload/example.org/resv", requests.get(1).getPath());
  }

  @Test
  void aMalformedCreateAnswerIsAProtocolError() throws Exception {
    f.enqueue(json(200, "{\"unused_expires_at\":5}"));
    f.enqueue(json(200, "{\"content_uri\":\"mxc://example.org/x\",\"unused_expires_at\":-5}"));
    assertThrows(MediaProtocolException.class, () -> f.mediaClient().createMedia());
    assertThrows(MediaProtocolException.class, () -> f.mediaClient().createMedia());
  }

  @Test
  void aSourceIsClosedAfterItsUploadAndAlsoWhenTheUploadNeverStarts() throws Exception {
    f.enqueue(json(200, UPLOADED));
    Buffer used = new Buffer().write(new byte[5]);
    ClosedFlag usedFlag = new ClosedFlag(used);
    upload(UploadRequest.source(usedFlag, 5).build());
    assertTrue(usedFlag.closed);

    f.configJson = "{\"m.upload.size\":1}";
    ClosedFlag unused = new ClosedFlag(new Buffer().write(new byte[5]));
    assertThrows(MediaTooLargeException.class,
        () -> f.mediaClient().newUpload(UploadRequest.source(unused, 5).build()).execute());
    assertTrue(unused.closed);
  }

  private static final class ClosedFlag extends okio.ForwardingSource {
    boolean closed;

    ClosedFlag(Source delegate) {
      super(delegate);
    }

    @Override
    public void close() throws IOException {
      closed = true;
      super.close();
    }
  }
}
