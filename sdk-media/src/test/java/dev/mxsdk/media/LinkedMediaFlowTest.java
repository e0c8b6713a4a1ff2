package dev.mxsdk.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mxsdk.core.MatrixApiException;
import dev.mxsdk.core.MxcUri;
import java.io.IOException;
import java.util.List;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * MSC3911 (linking media to events) on the wire, against MockWebServer: the restricted upload's
 * endpoint, {@link MediaClient#copy}'s request, answer and retry rules, the advertisement, and
 * MSC3910 content tokens in the answers of uploads into a reservation.
 */
final class LinkedMediaFlowTest {
  private static final MxcUri SOURCE = MxcUri.parse("mxc://media.example/original");
  private static final String COPIED = "{\"content_uri\":\"mxc://media.example/copy1\"}";
  private FlowFixture f;

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

  @Test
  void aRestrictedUploadPostsToTheMsc3911Endpoint() throws Exception {
    f.enqueue(json(200, "{\"content_uri\":\"mxc://media.example/r1\","
        + "\"content_token\":\"tok-1\"}"));
    UploadRequest request = UploadRequest.bytes(new byte[] {1, 2, 3}).contentType("image/png")
        .fileName("a.png").restricted(true).build();
    assertTrue(request.isRestricted());
    assertTrue(request.toString().contains("restricted"), request.toString());

    UploadResult result = f.mediaClient().newUpload(request).execute();

    assertEquals(MxcUri.parse("mxc://media.example/r1"), result.mxcUri());
    assertEquals("tok-1", result.contentToken());
    RecordedRequest r = f.homeserverUploadRequests().get(0);
    assertEquals("POST", r.getMethod());
    assertEquals("/_matrix/client/unstable/org.matrix.msc3911/media/upload",
        r.getRequestUrl().encodedPath());
    assertEquals("a.png", r.getRequestUrl().queryParameter("filename"));
    assertEquals("Bearer " + FlowFixture.TOKEN, r.getHeader("Authorization"));
    assertArrayEquals(new byte[] {1, 2, 3}, r.getBody().readByteArray());
  }

  @Test
  void aServerWithoutMsc3911RefusesARestrictedUploadRatherThanStoringItUnrestricted()
      throws Exception {
    f.enqueue(json(404, "{\"errcode\":\"M_UNRECOGNIZED\",\"error\":\"Unrecognized request\"}"));
    MatrixApiException e = assertThrows(MatrixApiException.class, () -> f.mediaClient()
        .newUpload(UploadRequest.bytes(new byte[] {1}).restricted(true).build()).execute());
    assertEquals("M_UNRECOGNIZED", e.errcode());
    List<RecordedRequest> requests = f.homeserverUploadRequests();
    assertEquals(1, requests.size(), "no second, unrestricted attempt");
  }

  @Test
  void aRestrictedUploadCannotGoIntoAReservation() {
    MediaReservation reservation = new MediaReservation(MxcUri.parse("mxc://media.example/res"),
        Long.MAX_VALUE, null, null);
    assertThrows(IllegalStateException.class, () -> UploadRequest.bytes(new byte[1])
        .reservation(reservation).restricted(true).build());
  }

  @Test
  void copyPostsAnEmptyObjectAndReturnsTheNewUri() throws Exception {
    f.enqueue(json(200, COPIED));
    MxcUri copy = f.mediaClient().copy(SOURCE);
    assertEquals(MxcUri.parse("mxc://media.example/copy1"), copy);
    RecordedRequest r = f.homeserverMediaRequests().get(0);
    assertEquals("POST", r.getMethod());
    assertEquals("/_matrix/client/unstable/org.matrix.msc3911/media/copy/media.example/original",
        r.getRequestUrl().encodedPath());
    assertEquals("{}", r.getBody().readUtf8());
    assertTrue(r.getHeader("Content-Type").startsWith("application/json"));
    assertEquals("Bearer " + FlowFixture.TOKEN, r.getHeader("Authorization"));
  }

  @Test
  void copyRetriesARateLimitButNotALostAnswer() throws Exception {
    f.enqueue(json(429, "{\"errcode\":\"M_LIMIT_EXCEEDED\",\"retry_after_ms\":10}"));
    f.enqueue(json(200, COPIED));
    assertEquals(MxcUri.parse("mxc://media.example/copy1"), f.mediaClient().copy(SOURCE));
    assertEquals(2, f.homeserverMediaRequests().size());

    f.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
    f.enqueue(json(200, COPIED));
    assertThrows(IOException.class, () -> f.mediaClient().copy(SOURCE));
    assertEquals(1, f.homeserverMediaRequests().size(), "a copy may have been made: not sent again");
  }

  @Test
  void copyOfMediaTheUserMayNotSeeIsTyped() throws Exception {
    f.enqueue(json(403, "{\"errcode\":\"M_UNAUTHORIZED\",\"error\":\"no\"}"));
    MediaNotViewableException e = assertThrows(MediaNotViewableException.class,
        () -> f.mediaClient().copy(SOURCE));
    assertFalse(e instanceof MediaNotAttachedException);
    f.enqueue(json(403, "{\"errcode\":\"M_UNAUTHORIZED\",\"org.matrix.msc3911.attached\":false}"));
    assertThrows(MediaNotAttachedException.class, () -> f.mediaClient().copy(SOURCE));
  }

  @Test
  void aCopyAnswerWithoutAUsableContentUriIsAProtocolError() throws Exception {
    f.enqueue(json(200, "{}"));
    f.enqueue(json(200, "{\"content_uri\":\"https://media.example/x\"}"));
    f.enqueue(json(200, "{\"content_uri\":"));
    f.enqueue(json(200, "[]"));
    for (int i = 0; i < 4; i++) {
      assertThrows(MediaProtocolException.class, () -> f.mediaClient().copy(SOURCE));
    }
  }

  @Test
  void copyNeverFollowsARedirect() throws Exception {
    f.enqueue(new MockResponse().setResponseCode(307)
        .setHeader("Location", f.cdn.url("/elsewhere").toString()));
    assertThrows(dev.mxsdk.core.UnexpectedRedirectException.class,
        () -> f.mediaClient().copy(SOURCE));
    assertEquals(0, f.cdn.getRequestCount());
  }

  @Test
  void supportIsReadFromUnstableFeatures() throws Exception {
    assertFalse(f.mediaClient().supportsLinkedMedia());
    f.versionsJson = "{\"versions\":[\"v1.11\"],\"unstable_features\":"
        + "{\"org.matrix.msc3911\":true}}";
    assertTrue(f.mediaClient().supportsLinkedMedia());
    f.versionsJson = "{\"versions\":[\"v1.11\"],\"unstable_features\":"
        + "{\"org.matrix.msc3911\":false}}";
    assertFalse(f.mediaClient().supportsLinkedMedia());
  }

  @Test
  void anUploadIntoAReservationKeepsTheContentTokenOfItsAnswer() throws Exception {
    MediaReservation reservation = new MediaReservation(MxcUri.parse("mxc://media.example/res"),
        Long.MAX_VALUE, null, null);
    f.enqueue(json(200, "{\"content_token\":\"put-token_1\"}"));
    UploadResult result = f.mediaClient().newUpload(UploadRequest.bytes(new byte[] {4})
        .reservation(reservation).build()).execute();
    assertEquals("put-token_1", result.contentToken());
    assertFalse(result.toString().contains("put-token_1"));

    f.enqueue(json(200, "{}"));
    assertNull(f.mediaClient().newUpload(UploadRequest.bytes(new byte[] {4})
        .reservation(reservation).build()).execute().contentToken());

    f.enqueue(json(200, "{\"content_token\":\"not a token\"}"));
    MediaProtocolException e = assertThrows(MediaProtocolException.class, () -> f.mediaClient()
        .newUpload(UploadRequest.bytes(new byte[] {4}).reservation(reservation).build())
        .execute());
    assertFalse(e.getMessage().contains("not a token"), e.getMessage());
  }
}
