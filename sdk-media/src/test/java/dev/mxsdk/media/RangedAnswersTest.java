package dev.mxsdk.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mxsdk.core.MxcUri;
import dev.mxsdk.media.codec.Aes128GcmEncodingSource;
import dev.mxsdk.media.codec.MediaEncryptionHeader;
import dev.mxsdk.media.codec.Msc4097;
import dev.mxsdk.media.codec.SecretBytes;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import okio.Buffer;
import okio.ByteString;
import okio.Okio;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each answer a ranged download may get, one hand-made response at a time, and what the client
 * makes of it: the exact error for every answer that is not the range (so that no check can be
 * dropped unnoticed), the boundaries where an answer just covers or just misses the range, what is
 * reported as covered and total, and connections released as soon as an answer carries no bytes.
 */
final class RangedAnswersTest {
  private static final MxcUri MXC = MxcUri.parse("mxc://media.example/ranged");
  private final byte[] media = new byte[5000];
  private final byte[] key = new byte[16];
  private FlowFixture f;
  private ConnectionPool pool;

  @BeforeEach
  void setUp() throws IOException {
    Random random = new Random(0x5eed);
    random.nextBytes(media);
    random.nextBytes(key);
    f = new FlowFixture();
    pool = new ConnectionPool();
  }

  @AfterEach
  void tearDown() throws IOException {
    f.close();
  }

  private OkHttpClient http() {
    return f.okHttpClient().newBuilder().connectionPool(pool).build();
  }

  private MediaResponse execute(MediaRange range) throws IOException {
    return f.mediaClient(http(), MediaOptions.defaults())
        .newCall(MediaRequest.download(MXC).newBuilder().range(range).build()).execute();
  }

  private String refused(MediaRange range, MockResponse answer) {
    f.enqueue(answer);
    return assertThrows(MediaProtocolException.class, () -> {
      try (MediaResponse response = execute(range)) {
        response.source().readByteArray();
      }
    }).getMessage();
  }

  private static MockResponse partial(byte[] body, String contentRange) {
    return new MockResponse().setResponseCode(206).setHeader("Content-Range", contentRange)
        .setBody(new Buffer().write(body));
  }

  private byte[] slice(long from, long to) {
    return Arrays.copyOfRange(media, (int) from, (int) to);
  }

  private void assertNoConnectionInUse() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (pool.connectionCount() != pool.idleConnectionCount() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertEquals(pool.idleConnectionCount(), pool.connectionCount(), "a connection is in use");
  }

  @Test
  void plainAnswersThatAreNotTheRangeAreRefusedWithTheirReason() throws Exception {
    MediaRange range = MediaRange.of(100, 50);
    assertEquals("a 206 response has no usable Content-Range",
        refused(range, new MockResponse().setResponseCode(206).setBody("x")));
    assertEquals("a 206 response has no usable Content-Range",
        refused(range, partial(new byte[0], "bytes */5000")));
    assertEquals("the 206's Content-Length 51 does not match its Content-Range bytes"
        + " 100-149/5000", refused(range, partial(slice(100, 151), "bytes 100-149/5000")));
    assertEquals("the 206 response does not cover the range asked for (Content-Range: bytes"
        + " 101-149/5000)", refused(range, partial(slice(101, 150), "bytes 101-149/5000")));
    assertEquals("the 206 response does not cover the range asked for (Content-Range: bytes"
        + " 100-148/5000)", refused(range, partial(slice(100, 149), "bytes 100-148/5000")));
    assertEquals("the 206 response does not cover the range asked for (Content-Range: bytes"
        + " 10-99/*)", refused(range, partial(slice(10, 100), "bytes 10-99/*")));
    assertEquals("a 200 response carries Content-Range", refused(range,
        new MockResponse().setHeader("Content-Range", "bytes 0-4999/5000")
            .setBody(new Buffer().write(media))));
    assertEquals("the server answered 203 to a ranged download; expected 200, 206 or 416",
        refused(range, new MockResponse().setResponseCode(203).setBody(new Buffer().write(media))));
    assertEquals("the server answered 416 to a range starting at 100 of a 5000-byte media",
        refused(range, new MockResponse().setResponseCode(416)
            .setHeader("Content-Range", "bytes */5000")));
    assertEquals("the server answered 416 to a suffix range of a 5000-byte media",
        refused(MediaRange.suffix(10), new MockResponse().setResponseCode(416)
            .setHeader("Content-Range", "bytes */5000")));
    assertEquals("the server did not say how long the media is, which a suffix range needs",
        refused(MediaRange.suffix(10), partial(slice(4990, 5000), "bytes 4990-4999/*")));
    assertEquals("the body has a content coding that was not asked for (Content-Encoding: gzip)",
        refused(range, partial(slice(100, 150), "bytes 100-149/5000")
            .setHeader("Content-Encoding", "gzip")));
    assertEquals("the body is aes128gcm-encoded, but no key was issued for it",
        refused(range, partial(slice(100, 150), "bytes 100-149/5000")
            .setHeader("Content-Encoding", "aes128gcm")));
    assertEquals("the Content-Length header is not a non-negative integer: 5x",
        refused(range, partial(slice(100, 150), "bytes 100-149/5000")
            .setHeader("Content-Length", "5x")));
    assertNoConnectionInUse();
  }

  @Test
  void answersThatJustCoverTheRangeAreAcceptedAndCut() throws IOException {
    MediaRange range = MediaRange.of(100, 50);
    // Exactly the range, from one byte earlier, to one byte later, or with an unknown total.
    String[] answers = {"bytes 100-149/5000", "bytes 99-149/5000", "bytes 100-150/5000",
        "bytes 100-149/*"};
    for (String contentRange : answers) {
      String[] parts = contentRange.substring(6, contentRange.indexOf('/')).split("-");
      long first = Long.parseLong(parts[0]);
      long last = Long.parseLong(parts[1]);
      f.enqueue(partial(slice(first, last + 1), contentRange)
          .setHeader("Content-Type", "video/webm"));
      try (MediaResponse response = execute(range)) {
        assertEquals(100, response.offset(), contentRange);
        assertEquals(50, response.contentLength(), contentRange);
        assertEquals(contentRange.endsWith("*") ? -1 : 5000, response.totalLength(), contentRange);
        assertEquals("video/webm", response.contentType());
        assertArrayEquals(slice(100, 150), response.source().readByteArray(), contentRange);
      }
    }
    // A range that runs past the end is covered up to the end.
    f.enqueue(partial(slice(4990, 5000), "bytes 4990-4999/5000"));
    try (MediaResponse response = execute(MediaRange.of(4990, 20))) {
      assertEquals(10, response.contentLength());
      assertArrayEquals(slice(4990, 5000), response.source().readByteArray());
    }
    // A 206 without a known total, for an open range: the length is unknown.
    f.enqueue(partial(slice(4000, 5000), "bytes 4000-4999/*"));
    try (MediaResponse response = execute(MediaRange.from(4000))) {
      assertEquals(-1, response.contentLength());
      assertEquals(-1, response.totalLength());
      assertArrayEquals(slice(4000, 5000), response.source().readByteArray());
    }
    // A 200 is the whole representation, cut to the range.
    f.enqueue(new MockResponse().setBody(new Buffer().write(media)));
    try (MediaResponse response = execute(MediaRange.of(4999, 5))) {
      assertEquals(1, response.contentLength());
      assertEquals(5000, response.totalLength());
      assertArrayEquals(slice(4999, 5000), response.source().readByteArray());
    }
  }

  @Test
  void aRangeThatStartsAtTheEndIsEmptyAndOnePastItToo() throws Exception {
    for (long offset : new long[] {5000, 5001}) {
      f.enqueue(new MockResponse().setResponseCode(416).setHeader("Content-Range", "bytes */5000"));
      try (MediaResponse response = execute(MediaRange.from(offset))) {
        assertEquals(0, response.contentLength());
        assertEquals(5000, response.totalLength());
        assertEquals(0, response.source().readByteArray().length);
      }
    }
    // A 416 without a usable Content-Range: the total is unknown.
    f.enqueue(new MockResponse().setResponseCode(416));
    try (MediaResponse response = execute(MediaRange.from(10))) {
      assertEquals(-1, response.totalLength());
      assertEquals(0, response.contentLength());
    }
    // A 206 to a range past the end of an object whose total is known: nothing covered.
    f.enqueue(new MockResponse().setResponseCode(416).setHeader("Content-Range", "bytes */0"));
    try (MediaResponse response = execute(MediaRange.suffix(5))) {
      assertEquals(0, response.offset());
      assertEquals(0, response.totalLength());
    }
    assertNoConnectionInUse();
  }

  @Test
  void aLengthProbeReleasesItsConnectionBeforeTheResponseIsClosed() throws Exception {
    f.enqueue(partial(new byte[] {media[0]}, "bytes 0-0/5000"));
    try (MediaResponse response = execute(MediaRange.of(0, 0))) {
      assertEquals(5000, response.totalLength());
      assertEquals(0, response.contentLength());
      assertNoConnectionInUse();
    }
    f.enqueue(new MockResponse().setBody(new Buffer().write(media)));
    try (MediaResponse response = execute(MediaRange.of(0, 0))) {
      assertEquals(5000, response.totalLength());
      assertEquals(0, response.source().readByteArray().length);
      assertNoConnectionInUse();
    }
    f.enqueue(new MockResponse().setResponseCode(416).setHeader("Content-Range", "bytes */0"));
    try (MediaResponse response = execute(MediaRange.of(0, 0))) {
      assertEquals(0, response.totalLength());
    }
    List<RecordedRequest> requests = f.homeserverMediaRequests();
    assertEquals(3, requests.size());
    for (RecordedRequest r : requests) assertEquals("bytes=0-0", r.getHeader("Range"));
  }

  @Test
  void aRefusedHeadIsNotTakenForALength() throws Exception {
    f.versionsJson = "{\"versions\":[\"v1.11\"],\"unstable_features\":{\"org.matrix.msc4120\":true}}";
    f.enqueue(new MockResponse().setResponseCode(206).setHeader("Content-Range", "bytes 0-0/9")
        .setHeader("Content-Length", "1"));
    assertEquals("the server answered 206 to a ranged download; expected 200, 206 or 416",
        assertThrows(MediaProtocolException.class, () -> execute(MediaRange.of(0, 0)))
            .getMessage());
    f.enqueue(new MockResponse().setHeader("Content-Length", "1234"));
    try (MediaResponse response = execute(MediaRange.of(0, 0))) {
      assertEquals(1234, response.totalLength());
    }
    List<RecordedRequest> requests = f.homeserverMediaRequests();
    assertEquals("HEAD", requests.get(0).getMethod());
    assertEquals("HEAD", requests.get(1).getMethod());
  }

  @Test
  void plainAnswersAtTheEdgesOfTheRangeAndOfTheMedia() throws Exception {
    // A one-byte range answered with exactly that byte.
    for (long at : new long[] {0, 100, 4999}) {
      f.enqueue(partial(slice(at, at + 1), "bytes " + at + "-" + at + "/5000"));
      try (MediaResponse response = execute(MediaRange.of(at, 1))) {
        assertEquals(1, response.contentLength(), "at " + at);
        assertArrayEquals(slice(at, at + 1), response.source().readByteArray(), "at " + at);
      }
    }
    // An open range answered up to the last byte; one byte short is not the range.
    f.enqueue(partial(slice(4990, 5000), "bytes 4990-4999/5000"));
    try (MediaResponse response = execute(MediaRange.from(4990))) {
      assertEquals(10, response.contentLength());
      assertArrayEquals(slice(4990, 5000), response.source().readByteArray());
    }
    assertEquals("the 206 response does not cover the range asked for (Content-Range: bytes"
        + " 4990-4998/5000)", refused(MediaRange.from(4990),
        partial(slice(4990, 4999), "bytes 4990-4998/5000")));
    // The whole media as a 206 is cut to the range.
    f.enqueue(partial(media, "bytes 0-4999/5000"));
    try (MediaResponse response = execute(MediaRange.of(100, 50))) {
      assertEquals(50, response.contentLength());
      assertArrayEquals(slice(100, 150), response.source().readByteArray());
    }
    // A range that starts at the end, answered with the last byte: nothing of it is covered.
    f.enqueue(partial(slice(4999, 5000), "bytes 4999-4999/5000"));
    try (MediaResponse response = execute(MediaRange.from(5000))) {
      assertEquals(0, response.contentLength());
      assertEquals(5000, response.totalLength());
      assertEquals(0, response.source().readByteArray().length);
    }
    assertNoConnectionInUse();
  }

  // ---- under a CDN key ----

  private static final int RS = 64;

  private byte[] salt() {
    return Msc4097.salt(SecretBytes.copyOf(key), ByteString.of(media).sha256().toByteArray(), RS,
        Msc4097.DOWNLOAD_RENDITION);
  }

  private byte[] encoded() throws IOException {
    return Okio.buffer(new Aes128GcmEncodingSource(new Buffer().write(media),
        SecretBytes.copyOf(key), salt(), RS, new byte[0])).readByteArray();
  }

  private void redirectWithKey(String keyHeader) {
    f.enqueue(f.redirectToCdn("/_msc4097/v1/token").setHeader(Msc4097.KEY_HEADER, keyHeader));
  }

  private String keyOnly() {
    return MediaEncryptionHeader.format(SecretBytes.copyOf(key));
  }

  private String keyRsSalt() {
    return MediaEncryptionHeader.format(SecretBytes.copyOf(key), RS, salt());
  }

  private static MockResponse encodedPartial(byte[] encoded, long first, long last) {
    return new MockResponse().setResponseCode(206).setHeader("Content-Encoding", "aes128gcm")
        .setHeader("Content-Range", "bytes " + first + "-" + last + "/" + encoded.length)
        .setBody(new Buffer().write(Arrays.copyOfRange(encoded, (int) first, (int) last + 1)));
  }

  private String refusedUnderKey(String keyHeader, MediaRange range, MockResponse... cdn)
      throws Exception {
    redirectWithKey(keyHeader);
    for (MockResponse r : cdn) f.cdn.enqueue(r);
    String message = assertThrows(MediaProtocolException.class, () -> {
      try (MediaResponse response = execute(range)) {
        response.source().readByteArray();
      }
    }).getMessage();
    assertNoConnectionInUse();
    return message;
  }

  @Test
  void encodedAnswersThatAreNotTheRecordsAreRefusedWithTheirReason() throws Exception {
    byte[] encoded = encoded();
    MediaRange range = MediaRange.of(1000, 100);
    assertEquals("the CDN answered 416 to a request for the 21-byte header of an aes128gcm"
        + " encoding", refusedUnderKey(keyOnly(), MediaRange.suffix(10),
        new MockResponse().setResponseCode(416).setHeader("Content-Range", "bytes */9")));
    assertEquals("the CDN's 206 does not name the encoded length (Content-Range: bytes 0-20/*)",
        refusedUnderKey(keyOnly(), range, new MockResponse().setResponseCode(206)
            .setHeader("Content-Encoding", "aes128gcm")
            .setHeader("Content-Range", "bytes 0-20/*")
            .setBody(new Buffer().write(Arrays.copyOf(encoded, 21)))));
    assertEquals("the 206 response does not cover the range asked for (Content-Range: bytes"
        + " 0-19/" + encoded.length + ")",
        refusedUnderKey(keyOnly(), range, encodedPartial(encoded, 0, 19)));
    byte[] keyed = encoded.clone();
    keyed[20] = 1;
    assertEquals("the CDN's aes128gcm header has a keyid, which the canonical encoding (and so a"
        + " ranged read) does not allow", refusedUnderKey(keyOnly(), range,
        encodedPartial(keyed, 0, 20)));
    byte[] small = encoded.clone();
    small[19] = 17;
    assertEquals("the CDN's aes128gcm record size must be 18..1048576",
        refusedUnderKey(keyOnly(), range, encodedPartial(small, 0, 20)));
    assertEquals("a key was issued, but the body is not aes128gcm-encoded (Content-Encoding:"
        + " none)", refusedUnderKey(keyOnly(), range, encodedPartial(encoded, 0, 20)
        .removeHeader("Content-Encoding")));
    assertEquals("the CDN's encoded length 22 is not that of a canonical aes128gcm encoding with"
        + " rs 64", refusedUnderKey(keyOnly(), range, new MockResponse().setResponseCode(206)
        .setHeader("Content-Encoding", "aes128gcm").setHeader("Content-Range", "bytes 0-20/22")
        .setBody(new Buffer().write(Arrays.copyOf(encoded, 21)))));
    // With rs and salt the records are asked for directly; an answer off the record grid is not
    // them.
    assertEquals("the 206 response does not cover the range asked for (Content-Range: bytes"
        + " 22-" + (encoded.length - 1) + "/" + encoded.length + ")",
        refusedUnderKey(keyRsSalt(), range, encodedPartial(encoded, 22, encoded.length - 1)));
    assertEquals("the CDN's encoded length 86 is not that of a canonical aes128gcm encoding with"
        + " rs 64", refusedUnderKey(keyRsSalt(), MediaRange.from(0), new MockResponse()
        .setResponseCode(416).setHeader("Content-Range", "bytes */86")));
    // The header again where the records were asked for is not them.
    assertEquals("the 206 response does not cover the range asked for (Content-Range: bytes"
        + " 0-20/" + encoded.length + ")", refusedUnderKey(keyOnly(), range,
        encodedPartial(encoded, 0, 20), encodedPartial(encoded, 0, 20)));
  }

  @Test
  void theHeaderFirstAndThenTheRecordsFromTheSameUrl() throws Exception {
    byte[] encoded = encoded();
    redirectWithKey(keyOnly());
    f.cdn.enqueue(encodedPartial(encoded, 0, 20));
    // Records 21 and 22 hold plaintext 987..1080 (chunks of 47).
    long first = 21 + 21L * RS;
    long last = 21 + 23L * RS - 1;
    f.cdn.enqueue(encodedPartial(encoded, first, last));
    try (MediaResponse response = execute(MediaRange.of(1000, 50))) {
      assertEquals(50, response.contentLength());
      assertEquals(5000, response.totalLength());
      assertArrayEquals(slice(1000, 1050), response.source().readByteArray());
    }
    List<RecordedRequest> cdn = f.cdnRequests();
    assertEquals(2, cdn.size());
    assertEquals("bytes=0-20", cdn.get(0).getHeader("Range"));
    assertEquals("bytes=" + first + "-" + last, cdn.get(1).getHeader("Range"));
    assertNoConnectionInUse();
  }

  @Test
  void aWholeEncodingAnswersARangeAndNamesTheTotal() throws Exception {
    byte[] encoded = encoded();
    redirectWithKey(keyOnly());
    f.cdn.enqueue(new MockResponse().setHeader("Content-Encoding", "aes128gcm")
        .setBody(new Buffer().write(encoded)));
    try (MediaResponse response = execute(MediaRange.suffix(10))) {
      assertEquals(4990, response.offset());
      assertEquals(5000, response.totalLength());
      assertEquals(10, response.contentLength());
      assertArrayEquals(slice(4990, 5000), response.source().readByteArray());
    }
    redirectWithKey(keyOnly());
    f.cdn.enqueue(new MockResponse().setHeader("Content-Encoding", "aes128gcm")
        .setBody(new Buffer().write(encoded)));
    try (MediaResponse response = execute(MediaRange.of(0, 0))) {
      assertEquals(5000, response.totalLength());
      assertEquals(0, response.contentLength());
      assertNoConnectionInUse();
    }
    redirectWithKey(keyOnly());
    f.cdn.enqueue(new MockResponse().setHeader("Content-Encoding", "aes128gcm")
        .setHeader("Content-Range", "bytes 0-1/2").setBody(new Buffer().write(encoded)));
    assertEquals("a 200 response carries Content-Range", assertThrows(
        MediaProtocolException.class, () -> execute(MediaRange.of(10, 10))).getMessage());
  }

  @Test
  void encodedAnswersAtTheEdgesOfTheRecords() throws Exception {
    byte[] encoded = encoded();
    // Plaintext 1000..1099 is in records 21..23 (chunks of 47); rs and salt let the client ask
    // for exactly those.
    long first = 21 + 21L * RS;
    long last = 21 + 24L * RS - 1;
    redirectWithKey(keyRsSalt());
    f.cdn.enqueue(encodedPartial(encoded, first, last));
    try (MediaResponse response = execute(MediaRange.of(1000, 100))) {
      assertEquals(100, response.contentLength());
      assertEquals(5000, response.totalLength());
      assertArrayEquals(slice(1000, 1100), response.source().readByteArray());
    }
    assertEquals("bytes=" + first + "-" + last, f.cdnRequests().get(0).getHeader("Range"));
    // One record more at the start is fine; one record less at the end is not the range.
    redirectWithKey(keyRsSalt());
    f.cdn.enqueue(encodedPartial(encoded, first - RS, last));
    try (MediaResponse response = execute(MediaRange.of(1000, 100))) {
      assertArrayEquals(slice(1000, 1100), response.source().readByteArray());
    }
    assertEquals("the 206 response does not cover the range asked for (Content-Range: bytes "
        + first + "-" + (last - RS) + "/" + encoded.length + ")",
        refusedUnderKey(keyRsSalt(), MediaRange.of(1000, 100),
            encodedPartial(encoded, first, last - RS)));
    // The last record, shorter than the others, answered to the end of the encoding.
    long lastRecord = 21 + 106L * RS;
    redirectWithKey(keyRsSalt());
    f.cdn.enqueue(encodedPartial(encoded, lastRecord, encoded.length - 1));
    try (MediaResponse response = execute(MediaRange.from(4990))) {
      assertEquals(10, response.contentLength());
      assertEquals(5000, response.totalLength());
      assertArrayEquals(slice(4990, 5000), response.source().readByteArray());
    }
    assertNoConnectionInUse();
  }
}
