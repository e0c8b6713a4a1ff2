package dev.mxsdk.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mxsdk.core.MxcUri;
import java.io.File;
import okhttp3.HttpUrl;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/** The upload value types: their rules, and what their toString() never shows. */
final class UploadRequestTest {
  private static final MxcUri MXC = MxcUri.parse("mxc://example.org/abc");

  @Test
  void anEncryptedUploadRefusesAFileNameOrAContentType() {
    IllegalStateException named = assertThrows(IllegalStateException.class,
        () -> UploadRequest.bytes(new byte[1]).fileName("secret-plans.pdf").encrypt(true).build());
    assertTrue(named.getMessage().contains("no file name"), named.getMessage());
    IllegalStateException typed = assertThrows(IllegalStateException.class,
        () -> UploadRequest.bytes(new byte[1]).encrypt(true).contentType("image/png").build());
    assertTrue(typed.getMessage().contains("no content type"), typed.getMessage());
    UploadRequest encrypted = UploadRequest.bytes(new byte[1]).encrypt(true).build();
    assertTrue(encrypted.isEncrypted());
    assertNull(encrypted.contentType());
    assertNull(encrypted.fileName());
  }

  @Test
  void theBuilderChecksItsArguments() {
    assertThrows(IllegalArgumentException.class,
        () -> UploadRequest.bytes(new byte[1]).contentType("not a type"));
    assertThrows(IllegalArgumentException.class,
        () -> UploadRequest.bytes(new byte[1]).fileName(""));
    assertThrows(IllegalArgumentException.class,
        () -> UploadRequest.bytes(new byte[1]).deadlineMillis(-1));
    assertThrows(IllegalArgumentException.class,
        () -> UploadRequest.source(new Buffer(), -2));
    assertThrows(NullPointerException.class, () -> UploadRequest.file(null));
    assertThrows(NullPointerException.class, () -> UploadRequest.bytes(null));
    assertThrows(NullPointerException.class, () -> UploadRequest.source(null, 1));
  }

  @Test
  void filesAndBytesAreReplayableAndSourcesAreNot() {
    assertTrue(UploadRequest.file(new File("x")).build().isReplayable());
    assertTrue(UploadRequest.bytes(new byte[1]).build().isReplayable());
    assertFalse(UploadRequest.source(new Buffer(), 0).build().isReplayable());
  }

  @Test
  void newBuilderKeepsEverything() {
    MediaReservation reservation = MediaReservation.of(MXC, 5);
    ProgressListener listener = (sent, total) -> { };
    UploadRequest request = UploadRequest.bytes(new byte[1]).contentType("text/plain")
        .fileName("a.txt").reservation(reservation).progressListener(listener)
        .deadlineMillis(9).build();
    UploadRequest copy = request.newBuilder().build();
    assertEquals("text/plain", copy.contentType());
    assertEquals("a.txt", copy.fileName());
    assertSame(reservation, copy.reservation());
    assertSame(listener, copy.progressListener());
    assertEquals(9, copy.deadlineMillis());
    assertSame(request.content(), copy.content());
  }

  @Test
  void theToStringOfARequestShowsNoFileName() {
    String shown = UploadRequest.bytes(new byte[3]).fileName("diagnosis.pdf").build().toString();
    assertFalse(shown.contains("diagnosis"), shown);
  }

  @Test
  void aReservationExpiresAtItsTimeAndNeverWithoutOne() {
    MediaReservation reservation = MediaReservation.of(MXC, 1000);
    assertFalse(reservation.isExpired(999));
    assertTrue(reservation.isExpired(1000));
    assertFalse(MediaReservation.of(MXC, -1).isExpired(Long.MAX_VALUE));
    assertThrows(IllegalArgumentException.class, () -> MediaReservation.of(MXC, -2));
    assertEquals(MediaReservation.of(MXC, 1000), reservation);
    assertNotEquals(MediaReservation.of(MXC, 1001), reservation);
  }

  @Test
  void aReservationShowsOnlyTheOriginOfItsUploadUrl() {
    MediaReservation reservation = new MediaReservation(MXC, 7,
        HttpUrl.get("https://storage.example/bucket/abc?signature=capability"), "PUT");
    String shown = reservation.toString();
    assertTrue(shown.contains("https://storage.example:443"), shown);
    assertFalse(shown.contains("capability"), shown);
    assertFalse(shown.contains("bucket"), shown);
    assertNull(new MediaReservation(MXC, 7, null, "PUT").uploadMethod());
  }

  @Test
  void aResultShowsNeitherTheContentTokenNorTheKey() {
    byte[] key = new byte[32];
    for (int i = 0; i < key.length; i++) key[i] = (byte) (i + 1);
    EncryptedFile file = new EncryptedFile.Builder().url(MXC).key(key)
        .iv(new byte[16]).sha256(new byte[32]).build();
    UploadResult result = new UploadResult(MXC, "tok3n-value", file,
        "application/octet-stream", 10, 2);
    String shown = result.toString();
    assertFalse(shown.contains("tok3n"), shown);
    assertFalse(shown.contains(okio.ByteString.of(key).base64Url().substring(0, 20)), shown);
    assertFalse(shown.contains(okio.ByteString.of(key).base64().substring(0, 20)), shown);
    assertTrue(shown.contains("2 attempts"), shown);
    assertEquals(result, new UploadResult(MXC, "tok3n-value", file, "application/octet-stream",
        10, 2));
    assertNotEquals(result, new UploadResult(MXC, "other", file, "application/octet-stream",
        10, 2));
  }
}
