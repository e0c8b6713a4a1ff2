package dev.mxsdk.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mxsdk.core.MxcUri;
import dev.mxsdk.media.codec.Aes128GcmEncodingSource;
import dev.mxsdk.media.codec.MediaEncryptionHeader;
import dev.mxsdk.media.codec.Msc4097;
import dev.mxsdk.media.codec.SecretBytes;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import okio.Buffer;
import okio.ByteString;
import okio.Okio;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ranged downloads on the wire (MockWebServer): what each hop is asked for, and how every answer a
 * server may give (206, a wider 206, 200, 416, a 206 that does not fit, HEAD) becomes exactly the
 * range's bytes or a typed error, for plain media, the MSC4097 CDN layer (with and without
 * {@code rs} and {@code salt} in the key header) and E2EE media.
 */
final class RangedDownloadTest {
  private static final MxcUri MXC = MxcUri.parse("mxc://media.example/video");
  /** A small record size, so that ranges span many records. */
  private static final int RS = 64;
  private static final int CHUNK = RS - 17;

  private final Random random = new Random(0x7a9e);
  private FlowFixture f;
  private byte[] media;
  private byte[] key;

  @TempDir Path dir;

  @BeforeEach
  void setUp() throws IOException {
    f = new FlowFixture();
    media = new byte[5000];
    random.nextBytes(media);
    key = new byte[16];
    random.nextBytes(key);
  }

  @AfterEach
  void tearDown() throws IOException {
    f.close();
  }

  // ---- plain media, served by the homeserver itself ----

  /** The homeserver answers media requests from {@code serving}. */
  private RangeServing homeserverServes(byte[] representation) {
    final RangeServing serving = new RangeServing(representation, null);
    f.homeserver.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        if (request.getPath().startsWith("/_matrix/client/versions")) {
          return new MockResponse().setHeader("Content-Type", "application/json")
              .setBody(f.versionsJson);
        }
        return serving.dispatch(request);
      }
    });
    return serving;
  }

  private MediaResponse execute(MediaRequest request) throws IOException {
    return f.mediaClient().newCall(request).execute();
  }

  private MediaRequest ranged(MediaRange range) {
    return MediaRequest.download(MXC).newBuilder().range(range).build();
  }

  private byte[] read(MediaRange range) throws IOException {
    try (MediaResponse response = execute(ranged(range))) {
      return response.source().readByteArray();
    }
  }

  private static byte[] slice(byte[] bytes, long offset, long length) {
    int from = (int) Math.min(offset, bytes.length);
    int to = length < 0 ? bytes.length : (int) Math.min(bytes.length, offset + length);
    return Arrays.copyOfRange(bytes, from, Math.max(from, to));
  }

  @Test
  void aRangeOfPlainMediaIsAskedForOnTheFinalHopAndReportsWhatItCovers() throws IOException {
    RangeServing serving = homeserverServes(media);
    try (MediaResponse response = execute(ranged(MediaRange.of(100, 50)))) {
      assertEquals(100, response.offset());
      assertEquals(50, response.contentLength());
      assertEquals(media.length, response.totalLength());
      assertArrayEquals(slice(media, 100, 50), response.source().readByteArray());
    }
    assertEquals(Arrays.asList("bytes=100-149"), serving.ranges());
  }

  @Test
  void openAndSuffixRangesAndRangesPastTheEndFollowHttpSemantics() throws IOException {
    RangeServing serving = homeserverServes(media);
    assertArrayEquals(slice(media, 4990, -1), read(MediaRange.from(4990)));
    try (MediaResponse response = execute(ranged(MediaRange.suffix(30)))) {
      assertEquals(media.length - 30, response.offset());
      assertArrayEquals(slice(media, media.length - 30, 30), response.source().readByteArray());
    }
    try (MediaResponse response = execute(ranged(MediaRange.of(4990, 100)))) {
      assertEquals(10, response.contentLength());
      assertArrayEquals(slice(media, 4990, 10), response.source().readByteArray());
    }
    try (MediaResponse response = execute(ranged(MediaRange.from(5000)))) {
      assertEquals(0, response.contentLength());
      assertEquals(media.length, response.totalLength());
      assertEquals(0, response.source().readByteArray().length);
    }
    assertEquals(Arrays.asList("bytes=4990-", "bytes=-30", "bytes=4990-5089", "bytes=5000-"),
        serving.ranges());
  }

  @Test
  void aServerThatIgnoresTheRangeIsReadUpToTheOffsetAndNoFurtherThanTheRange()
      throws IOException {
    homeserverServes(media).behave(RangeServing.Behaviour.IGNORE_RANGE, 0);
    try (MediaResponse response = execute(ranged(MediaRange.of(3000, 7)))) {
      assertEquals(3000, response.offset());
      assertEquals(7, response.contentLength());
      assertArrayEquals(slice(media, 3000, 7), response.source().readByteArray());
    }
    assertArrayEquals(slice(media, media.length - 3, 3), read(MediaRange.suffix(3)));
    assertArrayEquals(new byte[0], read(MediaRange.from(6000)));
  }

  @Test
  void aPartialAnswerThatCoversMoreThanAskedIsCutToTheRange() throws IOException {
    homeserverServes(media).behave(RangeServing.Behaviour.START_EARLY, 77);
    assertArrayEquals(slice(media, 1000, 33), read(MediaRange.of(1000, 33)));
    assertArrayEquals(slice(media, 20, 3), read(MediaRange.of(20, 3)));
  }

  @Test
  void aPartialAnswerThatDoesNotCoverTheRangeIsAProtocolErrorNotWrongBytes() throws IOException {
    RangeServing serving = homeserverServes(media);
    RangeServing.Behaviour[] bad = {RangeServing.Behaviour.START_LATE,
        RangeServing.Behaviour.END_EARLY, RangeServing.Behaviour.WRONG_LENGTH,
        RangeServing.Behaviour.NO_CONTENT_RANGE};
    for (RangeServing.Behaviour behaviour : bad) {
      serving.behave(behaviour, 5);
      assertThrows(MediaProtocolException.class, () -> read(MediaRange.of(100, 50)),
          behaviour.toString());
    }
  }

  @Test
  void a416CarriesTheLengthAndAnEmptyBodyButNotForARangeInsideTheMedia() throws IOException {
    RangeServing serving = homeserverServes(new byte[0]);
    try (MediaResponse response = execute(ranged(MediaRange.from(0)))) {
      assertEquals(0, response.totalLength());
      assertEquals(0, response.contentLength());
      assertEquals(0, response.source().readByteArray().length);
    }
    try (MediaResponse response = execute(ranged(MediaRange.suffix(10)))) {
      assertEquals(0, response.totalLength());
    }
    // A server that claims 416 for bytes it has must not be taken for an empty range.
    f.homeserver.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        if (request.getPath().startsWith("/_matrix/client/versions")) {
          return new MockResponse().setBody(f.versionsJson);
        }
        return new MockResponse().setResponseCode(416).setHeader("Content-Range", "bytes */5000");
      }
    });
    assertThrows(MediaProtocolException.class, () -> read(MediaRange.of(10, 5)));
    assertTrue(serving.ranges().size() == 2);
  }

  @Test
  void aLengthProbeUsesHeadOnlyWhereTheServerAdvertisesMsc4120() throws IOException {
    RangeServing serving = homeserverServes(media);
    try (MediaResponse response = execute(ranged(MediaRange.of(0, 0)))) {
      assertEquals(media.length, response.totalLength());
      assertEquals(0, response.contentLength());
      assertEquals("video/mp4", response.contentType());
    }
    f.versionsJson = "{\"versions\":[\"v1.11\"],\"unstable_features\":{\"org.matrix.msc4120\":true}}";
    MediaClient advertised = f.mediaClient();
    try (MediaResponse response = advertised.newCall(ranged(MediaRange.of(0, 0))).execute()) {
      assertEquals(media.length, response.totalLength());
    }
    assertEquals(Arrays.asList("GET", "HEAD"), serving.methods());
    assertEquals("bytes=0-0", serving.ranges().get(0));
    assertEquals("-", serving.ranges().get(1));
  }

  @Test
  void aHeadRefusedDespiteTheAdvertisementFallsBackToARangedGet() throws IOException {
    f.versionsJson = "{\"versions\":[\"v1.11\"],\"unstable_features\":{\"org.matrix.msc4120\":true}}";
    RangeServing serving = homeserverServes(media).refuseHead();
    try (MediaResponse response = execute(ranged(MediaRange.of(0, 0)))) {
      assertEquals(media.length, response.totalLength());
    }
    assertEquals(Arrays.asList("HEAD", "GET"), serving.methods());
  }

  // ---- the MSC4097 CDN layer ----

  private byte[] canonical(byte[] object, int rs) throws IOException {
    byte[] salt = salt(object, rs);
    return Okio.buffer(new Aes128GcmEncodingSource(new Buffer().write(object),
        SecretBytes.copyOf(key), salt, rs, new byte[0])).readByteArray();
  }

  private byte[] salt(byte[] object, int rs) {
    return Msc4097.salt(SecretBytes.copyOf(key), ByteString.of(object).sha256().toByteArray(), rs,
        Msc4097.DOWNLOAD_RENDITION);
  }

  /** The homeserver redirects with {@code keyHeader}; the CDN serves {@code encoded}. */
  private RangeServing keyed(String keyHeader, byte[] encoded) {
    RangeServing cdn = new RangeServing(encoded, "aes128gcm");
    f.cdn.setDispatcher(cdn);
    for (int i = 0; i < 20; i++) {
      f.enqueue(f.redirectToCdn("/_msc4097/v1/token").setHeader(Msc4097.KEY_HEADER, keyHeader));
    }
    return cdn;
  }

  private String fullKeyHeader(byte[] object, int rs) {
    return MediaEncryptionHeader.format(SecretBytes.copyOf(key), rs, salt(object, rs));
  }

  @Test
  void withRsAndSaltTheCdnIsAskedForJustTheRecordsOfTheRange() throws Exception {
    byte[] encoded = canonical(media, RS);
    RangeServing cdn = keyed(fullKeyHeader(media, RS), encoded);
    long offset = 1000;
    long length = 200;
    try (MediaResponse response = execute(ranged(MediaRange.of(offset, length)))) {
      assertEquals(offset, response.offset());
      assertEquals(length, response.contentLength());
      assertEquals(media.length, response.totalLength());
      assertArrayEquals(slice(media, offset, length), response.source().readByteArray());
    }
    long first = offset / CHUNK;
    long last = (offset + length - 1) / CHUNK;
    assertEquals(Arrays.asList("bytes=" + (21 + first * RS) + "-" + (21 + (last + 1) * RS - 1)),
        cdn.ranges());
    assertEquals((last - first + 1) * RS, cdn.bodyBytes());
    assertEquals(1, f.homeserverMediaRequests().size());
  }

  @Test
  void withoutTheSaltTheHeaderIsFetchedFirstFromTheSameCdnUrl() throws Exception {
    byte[] encoded = canonical(media, RS);
    RangeServing cdn = keyed("alg=aes128gcm, key=" + unpadded(key) + ", rs=" + RS, encoded);
    assertArrayEquals(slice(media, 2000, 5), read(MediaRange.of(2000, 5)));
    long record = 2000 / CHUNK;
    assertEquals(Arrays.asList("bytes=0-20",
        "bytes=" + (21 + record * RS) + "-" + (21 + (2004 / CHUNK + 1) * RS - 1)), cdn.ranges());
    List<RecordedRequest> cdnRequests = f.cdnRequests();
    assertEquals(cdnRequests.get(0).getPath(), cdnRequests.get(1).getPath());
    assertEquals(1, f.homeserverMediaRequests().size());
  }

  @Test
  void withoutRsOrSaltTheHeaderNamesBoth() throws Exception {
    byte[] encoded = canonical(media, RS);
    RangeServing cdn = keyed("alg=aes128gcm, key=" + unpadded(key), encoded);
    assertArrayEquals(slice(media, 4000, -1), read(MediaRange.from(4000)));
    assertEquals(Arrays.asList("bytes=0-20", "bytes=" + (21 + (4000 / CHUNK) * RS) + "-"),
        cdn.ranges());
  }

  @Test
  void aRangeInTheFirstRecordIsAskedForFromZeroWithTheHeaderWhenTheSaltIsUnknown()
      throws Exception {
    byte[] encoded = canonical(media, RS);
    RangeServing cdn = keyed("alg=aes128gcm, key=" + unpadded(key) + ", rs=" + RS, encoded);
    assertArrayEquals(slice(media, 3, 10), read(MediaRange.of(3, 10)));
    assertEquals(Arrays.asList("bytes=0-" + (21 + RS - 1)), cdn.ranges());
  }

  @Test
  void suffixRangesAndLengthProbesUnderAKeyReadTheHeaderFirst() throws Exception {
    byte[] encoded = canonical(media, RS);
    RangeServing cdn = keyed(fullKeyHeader(media, RS), encoded);
    try (MediaResponse response = execute(ranged(MediaRange.suffix(100)))) {
      assertEquals(media.length - 100, response.offset());
      assertArrayEquals(slice(media, media.length - 100, 100), response.source().readByteArray());
    }
    try (MediaResponse response = execute(ranged(MediaRange.of(0, 0)))) {
      assertEquals(media.length, response.totalLength());
    }
    assertEquals("bytes=0-20", cdn.ranges().get(0));
    assertEquals("bytes=" + (21 + ((media.length - 100) / CHUNK) * RS) + "-", cdn.ranges().get(1));
    assertEquals("bytes=0-20", cdn.ranges().get(2));
    assertEquals(3, cdn.ranges().size());
  }

  @Test
  void aCdnThatIgnoresTheRangeIsDecodedWholeAndCut() throws Exception {
    byte[] encoded = canonical(media, RS);
    keyed(fullKeyHeader(media, RS), encoded).behave(RangeServing.Behaviour.IGNORE_RANGE, 0);
    try (MediaResponse response = execute(ranged(MediaRange.of(2500, 1000)))) {
      assertEquals(media.length, response.totalLength());
      assertArrayEquals(slice(media, 2500, 1000), response.source().readByteArray());
    }
  }

  @Test
  void aCdnAnswerThatIsNotRecordAlignedOrDoesNotCoverTheRecordsIsAProtocolError()
      throws Exception {
    byte[] encoded = canonical(media, RS);
    RangeServing cdn = keyed(fullKeyHeader(media, RS), encoded);
    RangeServing.Behaviour[] bad = {RangeServing.Behaviour.START_LATE,
        RangeServing.Behaviour.START_EARLY, RangeServing.Behaviour.END_EARLY,
        RangeServing.Behaviour.NO_CONTENT_RANGE, RangeServing.Behaviour.WRONG_LENGTH};
    for (RangeServing.Behaviour behaviour : bad) {
      cdn.behave(behaviour, 10);
      assertThrows(MediaProtocolException.class, () -> read(MediaRange.of(1000, 200)),
          behaviour.toString());
    }
    // Earlier by whole records still covers the range: those records are opened and dropped.
    cdn.behave(RangeServing.Behaviour.START_EARLY, 3L * RS);
    assertArrayEquals(slice(media, 1000, 200), read(MediaRange.of(1000, 200)));
  }

  @Test
  void anEncodedLengthThatIsNotCanonicalIsAProtocolError() throws Exception {
    byte[] encoded = canonical(media, RS);
    RangeServing cdn = keyed(fullKeyHeader(media, RS), encoded);
    // A last record of 5 bytes cannot hold a byte and its 17 bytes of overhead.
    cdn.fakeTotal(21 + 100L * RS + 5);
    assertThrows(MediaProtocolException.class, () -> read(MediaRange.of(1000, 200)));
    // A larger canonical length: the records asked for are there, but not to the claimed end.
    cdn.fakeTotal(Aes128GcmEncodingSource.encodedLength(media.length + 1000, RS, 0));
    assertThrows(MediaProtocolException.class, () -> read(MediaRange.from(1000)));
  }

  @Test
  void aCdnHeaderThatDisagreesWithTheKeyHeaderIsAProtocolErrorForRangesAndWholeDownloads()
      throws Exception {
    byte[] encoded = canonical(media, RS);
    byte[] otherSalt = new byte[16];
    String wrongSalt = MediaEncryptionHeader.format(SecretBytes.copyOf(key), RS, otherSalt);
    keyed(wrongSalt, encoded);
    // Records asked for without the header cannot be opened under another salt.
    assertThrows(MediaIntegrityException.class, () -> read(MediaRange.of(0, 10)));
    assertThrows(MediaProtocolException.class, () -> {
      try (MediaResponse response = execute(MediaRequest.download(MXC))) {
        response.source().readByteArray();
      }
    });
    f.close();
    f = new FlowFixture();
    String wrongRs = MediaEncryptionHeader.format(SecretBytes.copyOf(key), RS + 1, salt(media, RS));
    keyed(wrongRs, encoded);
    assertThrows(MediaProtocolException.class, () -> {
      try (MediaResponse response = execute(MediaRequest.download(MXC))) {
        response.source().readByteArray();
      }
    });
  }

  @Test
  void aWholeDownloadKnowsItsPlaintextLengthWhenTheKeyHeaderNamesRs() throws Exception {
    byte[] encoded = canonical(media, RS);
    keyed(fullKeyHeader(media, RS), encoded);
    try (MediaResponse response = execute(MediaRequest.download(MXC))) {
      assertEquals(media.length, response.contentLength());
      assertEquals(media.length, response.totalLength());
      assertArrayEquals(media, response.source().readByteArray());
    }
  }

  @Test
  void a416FromTheCdnGivesTheTotalFromTheEncodedLength() throws Exception {
    byte[] encoded = canonical(media, RS);
    keyed(fullKeyHeader(media, RS), encoded);
    try (MediaResponse response = execute(ranged(MediaRange.from(media.length + 10_000)))) {
      assertEquals(media.length, response.totalLength());
      assertEquals(0, response.contentLength());
      assertEquals(0, response.source().readByteArray().length);
    }
  }

  @Test
  void manyRangesOfTheCdnLayerEqualTheSameSliceOfTheMedia() throws Exception {
    byte[] encoded = canonical(media, RS);
    RangeServing cdn = keyed(fullKeyHeader(media, RS), encoded);
    for (int i = 0; i < 15; i++) {
      f.enqueue(f.redirectToCdn("/_msc4097/v1/token")
          .setHeader(Msc4097.KEY_HEADER, fullKeyHeader(media, RS)));
    }
    long[] offsets = {0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, media.length - 1,
        media.length - CHUNK, (media.length / CHUNK) * CHUNK};
    int cases = 0;
    for (long offset : offsets) {
      for (long length : new long[] {1, 2, CHUNK, CHUNK + 1, 3 * CHUNK - 1}) {
        if (cases >= 34) break;
        assertArrayEquals(slice(media, offset, length), read(MediaRange.of(offset, length)),
            offset + "+" + length);
        cases++;
      }
    }
    assertTrue(cdn.bodyBytes() < (long) cases * 5 * RS, "CDN sent " + cdn.bodyBytes());
  }

  @Test
  void theRangeVectorsOfTheProfileAreWhatTheClientAsksForAndReturns() throws Exception {
    for (java.util.Map<String, String> r
        : dev.mxsdk.media.codec.Msc4097DocumentVectors.readRanges()) {
      java.util.Map<String, String> base =
          dev.mxsdk.media.codec.Msc4097DocumentVectors.vector(r.get("vector"));
      f.close();
      f = new FlowFixture();
      RangeServing cdn = keyed(r.get("key-header"),
          ByteString.decodeHex(base.get("encoded")).toByteArray());
      assertArrayEquals(ByteString.decodeHex(r.get("plaintext")).toByteArray(),
          read(MediaRange.parse(r.get("plaintext-range"))), r.get("name"));
      assertEquals(Arrays.asList(r.get("request-range")), cdn.ranges(), r.get("name"));
    }
  }

  // ---- E2EE ----

  @Test
  void aRangeOfE2eeMediaIsRefusedWithoutUnverifiedStreaming() throws IOException {
    EncryptingSource encrypting = Attachments.encrypt(new Buffer().write(media));
    Okio.buffer(encrypting).readByteArray();
    EncryptedFile file = encrypting.encryptedFile().newBuilder().url(MXC).build();
    MediaRequest request = MediaRequest.download(file).newBuilder()
        .range(MediaRange.of(0, 10)).build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> f.mediaClient().newCall(request));
    assertTrue(e.getMessage().contains("unverifiedStreaming"), e.getMessage());
    assertEquals(0, f.homeserver.getRequestCount());
  }

  @Test
  void aRangeOfE2eeMediaIsDecryptedFromTheBlockThatHoldsTheOffset() throws Exception {
    EncryptingSource encrypting = Attachments.encrypt(new Buffer().write(media));
    byte[] ciphertext = Okio.buffer(encrypting).readByteArray();
    EncryptedFile file = encrypting.encryptedFile().newBuilder().url(MXC).build();
    byte[] encoded = canonical(ciphertext, RS);
    RangeServing cdn = keyed(fullKeyHeader(ciphertext, RS), encoded);
    MediaClient unverified = f.mediaClient(f.okHttpClient(),
        MediaOptions.builder().unverifiedStreaming(true).build());
    for (long offset : new long[] {0, 15, 16, 17, 1001, 4999}) {
      MediaRequest request = MediaRequest.download(file).newBuilder()
          .range(MediaRange.of(offset, 37)).build();
      try (MediaResponse response = unverified.newCall(request).execute()) {
        assertEquals("unverified", response.diagnostics().e2ee());
        assertArrayEquals(slice(media, offset, 37), response.source().readByteArray(),
            "offset " + offset);
      }
    }
    MediaRequest request = MediaRequest.download(file).newBuilder()
        .range(MediaRange.of(333, 100)).build();
    File target = dir.resolve("range.bin").toFile();
    try (MediaResponse response = unverified.newCall(request).execute()) {
      assertEquals(100, response.downloadTo(target));
    }
    assertArrayEquals(slice(media, 333, 100), Files.readAllBytes(target.toPath()));
    try (MediaResponse response = unverified.newCall(request).execute()) {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      response.downloadTo(out);
      assertArrayEquals(slice(media, 333, 100), out.toByteArray());
    }
    assertFalse(cdn.ranges().contains("-"), cdn.ranges().toString());
  }

  private static String unpadded(byte[] bytes) {
    return ByteString.of(bytes).base64Url().replace("=", "");
  }
}
