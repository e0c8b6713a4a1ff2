package dev.mxsdk.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mxsdk.core.MxcUri;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The upload routes check what a real server checks (the declared length against the body,
 * {@code m.upload.size}, a reservation's owner, expiry and single use, the pending limit) and
 * record each judgement for tests to assert on.
 */
final class UploadRoutesTest {
  private static final Pattern CONTENT_URI = Pattern.compile("\"content_uri\":\"(mxc://[^\"]+)\"");
  private static final String V1_DOWNLOAD = "/_matrix/client/v1/media/download/";

  private final Http http = new Http();
  private TestHomeserver server;

  @AfterEach
  void close() {
    if (server != null) server.close();
  }

  private HttpResponse<byte[]> post(String token, String query, String contentType, byte[] body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(
            URI.create(server.baseUrl() + "/_matrix/media/v3/upload" + query))
        .header("Authorization", "Bearer " + token)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) b.header("Content-Type", contentType);
    return http.send(b.build());
  }

  private HttpResponse<byte[]> put(String token, MxcUri uri, byte[] body) {
    return http.send(HttpRequest.newBuilder(URI.create(server.baseUrl()
            + "/_matrix/media/v3/upload/" + uri.serverName() + "/" + uri.mediaId()))
        .header("Authorization", "Bearer " + token)
        .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build());
  }

  private MxcUri create(String token) {
    HttpResponse<byte[]> created = http.send(HttpRequest.newBuilder(
            URI.create(server.baseUrl() + "/_matrix/media/v1/create"))
        .header("Authorization", "Bearer " + token)
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
    assertEquals(200, created.statusCode(), Http.body(created));
    return contentUri(created);
  }

  private static MxcUri contentUri(HttpResponse<byte[]> response) {
    Matcher m = CONTENT_URI.matcher(Http.body(response));
    assertTrue(m.find(), Http.body(response));
    return MxcUri.parse(m.group(1));
  }

  private HttpResponse<byte[]> download(MxcUri uri) {
    return http.get(server.baseUrl() + V1_DOWNLOAD + uri.serverName() + "/" + uri.mediaId(),
        "Authorization", "Bearer " + server.accessToken());
  }

  private static byte[] sha256(byte[] bytes) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(bytes);
  }

  /** Waits until {@code n} uploads were recorded (a broken-off body is judged a moment later). */
  private List<RecordedUpload> uploads(int n) throws InterruptedException {
    for (int i = 0; i < 500; i++) {
      List<RecordedUpload> uploads = server.uploads();
      if (uploads.size() >= n) return uploads;
      Thread.sleep(10);
    }
    throw new AssertionError("expected " + n + " uploads, got " + server.uploads());
  }

  @Test
  void anUploadIsRecordedWithWhatItDeclaredAndWhatWasStored() throws Exception {
    server = TestHomeserver.newBuilder().cdn(false).start();
    byte[] content = "a photo".getBytes(StandardCharsets.UTF_8);

    MxcUri uri = contentUri(post(server.accessToken(), "?filename=cat.jpg", "image/jpeg", content));

    RecordedUpload upload = uploads(1).get(0);
    assertEquals("POST", upload.method());
    assertEquals(uri, upload.mxcUri());
    assertEquals("image/jpeg", upload.contentType());
    assertEquals("cat.jpg", upload.fileName());
    assertEquals(content.length, upload.declaredLength());
    assertEquals(content.length, upload.receivedLength());
    assertArrayEquals(sha256(content), upload.sha256());
    assertEquals(200, upload.status());
    assertTrue(upload.stored());
    assertArrayEquals(content, download(uri).body());
  }

  @Test
  void anUploadWithoutNameOrTypeIsRecordedAsSuch() throws Exception {
    server = TestHomeserver.newBuilder().cdn(false).start();
    post(server.accessToken(), "", "application/octet-stream", new byte[] {1, 2, 3});
    post(server.accessToken(), "", null, new byte[] {4});
    List<RecordedUpload> uploads = uploads(2);
    assertNull(uploads.get(0).fileName(), "what an encrypted upload must look like");
    assertEquals("application/octet-stream", uploads.get(0).contentType());
    assertNull(uploads.get(1).contentType(), "the header as sent: none");
  }

  /** Sends a request with {@code Content-Length: declared} but only {@code sent} body bytes. */
  private void sendCutOff(String method, String path, long declared, int sent) throws IOException {
    URI base = URI.create(server.baseUrl());
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      OutputStream out = socket.getOutputStream();
      out.write((method + " " + path + " HTTP/1.1\r\nHost: " + base.getAuthority()
          + "\r\nAuthorization: Bearer " + server.accessToken()
          + "\r\nContent-Type: application/octet-stream\r\nContent-Length: " + declared
          + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(new byte[sent]);
      out.flush();
      socket.shutdownOutput();
      InputStream in = socket.getInputStream();
      // The server answers nothing and closes: read to the end.
      assertEquals(-1, in.read(), "a cut-off body must not be answered");
    }
  }

  @Test
  void aBodyShorterThanItsContentLengthIsNeitherStoredNorAnswered() throws Exception {
    server = TestHomeserver.newBuilder().cdn(false).start();
    sendCutOff("POST", "/_matrix/media/v3/upload", 100_000, 50_000);
    RecordedUpload upload = uploads(1).get(0);
    assertEquals(100_000, upload.declaredLength());
    assertEquals(50_000, upload.receivedLength());
    assertEquals(-1, upload.status());
    assertFalse(upload.stored());
    assertNull(upload.mxcUri());
  }

  @Test
  void aReservationWhoseUploadBrokeOffCanBeFilledByTheRetry() throws Exception {
    server = TestHomeserver.newBuilder().cdn(false).start();
    MxcUri uri = create(server.accessToken());
    sendCutOff("PUT", "/_matrix/media/v3/upload/" + uri.serverName() + "/" + uri.mediaId(), 10, 4);
    uploads(1);
    assertEquals(504, download(uri).statusCode(), "still not uploaded");

    assertEquals(200, put(server.accessToken(), uri, new byte[10]).statusCode());

    List<RecordedUpload> uploads = uploads(2);
    assertEquals(uri, uploads.get(0).mxcUri());
    assertEquals(-1, uploads.get(0).status());
    assertEquals(200, uploads.get(1).status());
    assertArrayEquals(new byte[10], download(uri).body());
  }

  @Test
  void aContentLengthAboveTheLimitIsRefusedUnread() throws Exception {
    server = TestHomeserver.newBuilder().cdn(false).maxUploadSize(10).start();
    HttpResponse<byte[]> refused = post(server.accessToken(), "", null, new byte[11]);
    assertEquals(413, refused.statusCode());
    assertTrue(Http.body(refused).contains("M_TOO_LARGE"));
    RecordedUpload upload = uploads(1).get(0);
    assertEquals(413, upload.status());
    assertEquals(11, upload.declaredLength());
    assertEquals(0, upload.receivedLength());
  }

  @Test
  void aChunkedBodyIsCutOffOnceItPassesTheLimit() throws Exception {
    server = TestHomeserver.newBuilder().cdn(false).maxUploadSize(100_000).start();
    HttpResponse<byte[]> refused = http.send(HttpRequest.newBuilder(
            URI.create(server.baseUrl() + "/_matrix/media/v3/upload"))
        .header("Authorization", "Bearer " + server.accessToken())
        .POST(HttpRequest.BodyPublishers.ofInputStream(
            () -> new ByteArrayInputStream(new byte[150_000]))).build());
    assertEquals(413, refused.statusCode());
    RecordedUpload upload = uploads(1).get(0);
    assertEquals(-1, upload.declaredLength(), "chunked: no length declared");
    assertTrue(upload.receivedLength() > 100_000, "read until past the limit, not further");
    assertFalse(upload.stored());
  }

  @Test
  void onlyTheCreatorMayFillAReservation() throws Exception {
    server = TestHomeserver.newBuilder().cdn(false).accessToken("alice").accessToken("bob")
        .start();
    MxcUri uri = create("alice");
    HttpResponse<byte[]> forbidden = put("bob", uri, new byte[] {1});
    assertEquals(403, forbidden.statusCode());
    assertTrue(Http.body(forbidden).contains("M_FORBIDDEN"));
    assertEquals(200, put("alice", uri, new byte[] {1}).statusCode());
    assertEquals(1, server.uploads().size(), "a refused owner sends no body to record");
  }

  @Test
  void aReservationExpiresAtItsUnusedExpiresAtOnTheServersClock() throws Exception {
    MutableClock clock = new MutableClock(1_000_000);
    server = TestHomeserver.newBuilder().cdn(false).clock(clock)
        .unusedMediaLifetimeMillis(60_000).start();
    HttpResponse<byte[]> created = http.send(HttpRequest.newBuilder(
            URI.create(server.baseUrl() + "/_matrix/media/v1/create"))
        .header("Authorization", "Bearer " + server.accessToken())
        .POST(HttpRequest.BodyPublishers.noBody()).build());
    assertTrue(Http.body(created).contains("\"unused_expires_at\":1060000"), Http.body(created));
    MxcUri uri = contentUri(created);
    clock.advance(60_000);

    HttpResponse<byte[]> expired = put(server.accessToken(), uri, new byte[] {1});

    assertEquals(404, expired.statusCode());
    assertTrue(Http.body(expired).contains("M_NOT_FOUND"));
    assertEquals(404, download(uri).statusCode(), "the expired ID is gone");
    assertEquals(404, put(server.accessToken(), uri, new byte[] {1}).statusCode());
    assertTrue(server.uploads().isEmpty());
  }

  @Test
  void aSecondPutWhileTheFirstIsStillSendingIsRefused() throws Exception {
    server = TestHomeserver.newBuilder().cdn(false).start();
    MxcUri uri = create(server.accessToken());
    URI base = URI.create(server.baseUrl());
    try (Socket first = new Socket(base.getHost(), base.getPort())) {
      OutputStream out = first.getOutputStream();
      out.write(("PUT /_matrix/media/v3/upload/" + uri.serverName() + "/" + uri.mediaId()
          + " HTTP/1.1\r\nHost: " + base.getAuthority() + "\r\nAuthorization: Bearer "
          + server.accessToken() + "\r\nContent-Length: 8\r\n\r\nhalf").getBytes(
              StandardCharsets.US_ASCII));
      out.flush();
      // The first PUT claims the ID as soon as its route runs, before it reads the body.
      awaitRecordedPut();
      HttpResponse<byte[]> second = put(server.accessToken(), uri, new byte[] {9});
      assertEquals(409, second.statusCode(), Http.body(second));
      assertTrue(Http.body(second).contains("M_CANNOT_OVERWRITE_MEDIA"));
      out.write("done".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      byte[] answer = new byte[12];
      int n = first.getInputStream().read(answer);
      assertTrue(new String(answer, 0, n, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200"));
    }
    assertArrayEquals("halfdone".getBytes(StandardCharsets.US_ASCII), download(uri).body());
  }

  private void awaitRecordedPut() throws InterruptedException {
    for (int i = 0; i < 500; i++) {
      for (RecordedRequest r : server.homeserverRequests()) {
        if (r.method().equals("PUT")) {
          // Recorded before routing; the route's claim follows within microseconds.
          Thread.sleep(50);
          return;
        }
      }
      Thread.sleep(10);
    }
    throw new AssertionError("the first PUT never arrived");
  }

  @Test
  void anEscapedPathNamesTheSameReservationAsDownloadsDo() throws Exception {
    server = TestHomeserver.newBuilder().cdn(false).start();
    MxcUri uri = create(server.accessToken());
    HttpResponse<byte[]> filled = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl()
            + "/_matrix/media/v3/upload/local%68ost/" + uri.mediaId()))
        .header("Authorization", "Bearer " + server.accessToken())
        .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[] {7})).build());
    assertEquals(200, filled.statusCode(), Http.body(filled));
    assertArrayEquals(new byte[] {7}, download(uri).body());
  }

  @Test
  void tooManyPendingReservationsAreRefusedUntilOneIsFilledOrExpires() throws Exception {
    MutableClock clock = new MutableClock(5_000);
    server = TestHomeserver.newBuilder().cdn(false).clock(clock).maxPendingUploads(2)
        .unusedMediaLifetimeMillis(1000).start();
    MxcUri first = create(server.accessToken());
    create(server.accessToken());
    HttpResponse<byte[]> third = http.send(HttpRequest.newBuilder(
            URI.create(server.baseUrl() + "/_matrix/media/v1/create"))
        .header("Authorization", "Bearer " + server.accessToken())
        .POST(HttpRequest.BodyPublishers.noBody()).build());
    assertEquals(429, third.statusCode());
    assertTrue(Http.body(third).contains("\"errcode\":\"M_LIMIT_EXCEEDED\""));
    assertTrue(Http.body(third).contains("\"retry_after_ms\":"));

    assertEquals(200, put(server.accessToken(), first, new byte[] {1}).statusCode());
    create(server.accessToken());
    clock.advance(1000);
    create(server.accessToken());
    create(server.accessToken());
  }
}
