package dev.mxsdk.media.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mxsdk.core.MxcUri;
import dev.mxsdk.media.EncryptedFile;
import dev.mxsdk.media.MediaRange;
import dev.mxsdk.media.MediaRequest;
import dev.mxsdk.media.ThumbnailMethod;
import dev.mxsdk.testkit.RecordedRequest;
import dev.mxsdk.testkit.TestHomeserver;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Links to Matrix media ({@link MediaServer#url(dev.mxsdk.media.MediaClient, MediaRequest,
 * LinkOptions)}) against the testkit's homeserver and MSC4097 CDN, on raw sockets: each player
 * request as ranged downloads, the length probed once, E2EE media verified into a private spool or
 * streamed unverified with the hash checked at the end, and every upstream connection released
 * when a player leaves, a link is revoked or expires, or the server closes.
 */
final class RemoteLinkTest {
  private static final int MIB = 1 << 20;

  @TempDir File spool;
  private final FakeClock clock = new FakeClock();
  private MatrixMedia m;
  private int port;

  @BeforeEach
  void setUp() throws IOException {
    m = new MatrixMedia(TestHomeserver.newBuilder(), MediaServer.builder().clock(clock), spool);
    port = m.server.port();
  }

  @AfterEach
  void tearDown() {
    if (m != null) m.close();
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  private static String path(MediaLink link) {
    String url = link.url();
    return url.substring(url.indexOf('/', "http://".length()));
  }

  private RawHttp.Response get(MediaLink link, String... headers) throws IOException {
    try (RawHttp http = new RawHttp(port)) {
      return http.send(request("GET", link, headers)).read();
    }
  }

  private String request(String method, MediaLink link, String... headers) {
    StringBuilder r = new StringBuilder(method + " " + path(link) + " HTTP/1.1\r\nHost: 127.0.0.1:"
        + port + "\r\n");
    for (String h : headers) r.append(h).append("\r\n");
    return r.append("\r\n").toString();
  }

  private static byte[] slice(byte[] b, int from, int to) {
    return Arrays.copyOfRange(b, from, to);
  }

  private int cdnGetsWithoutRange() {
    int n = 0;
    for (RecordedRequest r : m.homeserver.cdnRequests()) if (r.header("Range") == null) n++;
    return n;
  }

  // ---- plain media ----

  @Test
  void plainMediaIsServedWholeAndInRangesWithTheServersTypeAndLength() throws Exception {
    byte[] data = random(MIB);
    MxcUri mxc = m.homeserver.seed(data, "video/mp4", "clip.mp4");
    MediaLink link = m.server.url(m.media, MediaRequest.download(mxc),
        LinkOptions.builder().fileName("clip.mp4").build());
    assertTrue(link.url().endsWith("/clip.mp4"), link.toString());

    RawHttp.Response whole = get(link);
    assertEquals(200, whole.status);
    assertEquals("video/mp4", whole.header("Content-Type"));
    assertEquals(Integer.toString(MIB), whole.header("Content-Length"));
    assertEquals("bytes", whole.header("Accept-Ranges"));
    assertEquals("no-store", whole.header("Cache-Control"));
    assertArrayEquals(data, whole.body);

    RawHttp.Response tail = get(link, "Range: bytes=1000000-");
    assertEquals(206, tail.status);
    assertEquals("bytes 1000000-" + (MIB - 1) + "/" + MIB, tail.header("Content-Range"));
    assertArrayEquals(slice(data, 1_000_000, MIB), tail.body);

    RawHttp.Response suffix = get(link, "Range: bytes=-100");
    assertEquals("bytes " + (MIB - 100) + "-" + (MIB - 1) + "/" + MIB,
        suffix.header("Content-Range"));
    assertArrayEquals(slice(data, MIB - 100, MIB), suffix.body);

    RawHttp.Response past = get(link, "Range: bytes=" + MIB + "-");
    assertEquals(416, past.status);
    assertEquals("bytes */" + MIB, past.header("Content-Range"));
    m.assertConnectionsReleased();
  }

  @Test
  void theLengthIsProbedOnceAndEachRequestIsARangedDownloadOfJustItsBytes() throws Exception {
    byte[] data = random(8 * MIB);
    MediaLink link = m.server.url(m.media,
        MediaRequest.download(m.homeserver.seed(data, "video/mp4", null)));
    m.homeserver.clearRecordedRequests();
    RawHttp.Response seek = get(link, "Range: bytes=" + (8 * MIB - 1000) + "-" + (8 * MIB - 901));
    assertEquals(206, seek.status);
    assertArrayEquals(slice(data, 8 * MIB - 1000, 8 * MIB - 900), seek.body);
    // The probe (MediaRange.of(0, 0)) and the seek, each one homeserver request (a 307, or the
    // probe's HEAD where the server advertises MSC4120) and at most one ranged CDN request.
    assertEquals(2, m.homeserverMediaRequests());
    assertEquals(1, m.probes());
    assertTrue(m.homeserver.cdnRequests().size() <= 2, m.cdnRanges().toString());
    assertEquals(0, cdnGetsWithoutRange(), m.cdnRanges().toString());
    assertTrue(m.homeserver.cdnBodyBytes() < 3 * 65536,
        "a seek fetches the record that holds it: " + m.homeserver.cdnBodyBytes());

    m.homeserver.clearRecordedRequests();
    assertArrayEquals(slice(data, 5, 10), get(link, "Range: bytes=5-9").body);
    assertEquals(1, m.homeserverMediaRequests(), "the length is not probed again");
    m.assertConnectionsReleased();
  }

  @Test
  void aWholeResponseIsFetchedInGrowingWindowsSoThatAPlayerThatLeavesEarlyCostsLittle()
      throws Exception {
    byte[] data = random(4 * MIB);
    MediaLink link = m.server.url(m.media,
        MediaRequest.download(m.homeserver.seed(data, "video/mp4", null)));
    get(link, "Range: bytes=0-0");
    m.homeserver.clearRecordedRequests();
    assertArrayEquals(data, get(link).body);
    // 512 KiB, then the 3.5 MiB left of a 2 MiB and an 8 MiB window.
    assertEquals(3, m.homeserver.cdnRequests().size(), m.cdnRanges().toString());

    m.homeserver.clearRecordedRequests();
    try (RawHttp player = new RawHttp(port)) {
      player.send(request("GET", link));
      for (int i = 0; i < 1000; i++) player.readOrReset();
    }
    m.assertConnectionsReleased();
    assertTrue(m.homeserver.cdnBodyBytes() < MIB, "read 1000 bytes of 4 MiB and left: "
        + m.homeserver.cdnBodyBytes() + " bytes from the CDN");
  }

  @Test
  void headReportsTheLengthAndTypeWithoutFetchingTheBody() throws Exception {
    byte[] data = random(2 * MIB);
    MediaLink link = m.server.url(m.media,
        MediaRequest.download(m.homeserver.seed(data, "audio/ogg", null)));
    m.homeserver.clearRecordedRequests();
    RawHttp.Response head;
    try (RawHttp http = new RawHttp(port)) {
      head = http.send(request("HEAD", link)).read(true);
    }
    assertEquals(200, head.status);
    assertEquals(Integer.toString(2 * MIB), head.header("Content-Length"));
    assertEquals("audio/ogg", head.header("Content-Type"));
    assertEquals(1, m.homeserverMediaRequests());
    assertTrue(m.homeserver.cdnBodyBytes() < 100, "only the probe: " + m.homeserver.cdnBodyBytes());
  }

  @Test
  void aHomeserverThatIgnoresRangeStillYieldsExactlyTheRange() throws Exception {
    m.close();
    m = new MatrixMedia(TestHomeserver.newBuilder().cdn(false), MediaServer.builder(), spool);
    port = m.server.port();
    byte[] data = random(300_000);
    MediaLink link = m.server.url(m.media,
        MediaRequest.download(m.homeserver.seed(data, "video/mp4", null)));
    assertArrayEquals(slice(data, 200_000, 200_100), get(link, "Range: bytes=200000-200099").body);
    assertArrayEquals(data, get(link).body);
    m.assertConnectionsReleased();
  }

  @Test
  void aThumbnailLinkServesThatRendition() throws Exception {
    BufferedImage image = new BufferedImage(400, 300, BufferedImage.TYPE_INT_RGB);
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(image, "png", png);
    MxcUri mxc = m.homeserver.seed(png.toByteArray(), "image/png", "photo.png");
    MediaLink link = m.server.url(m.media,
        MediaRequest.thumbnail(mxc, 64, 48, ThumbnailMethod.SCALE));
    RawHttp.Response thumbnail = get(link);
    assertEquals(200, thumbnail.status);
    BufferedImage decoded = ImageIO.read(new java.io.ByteArrayInputStream(thumbnail.body));
    assertTrue(decoded.getWidth() <= 64 && decoded.getHeight() <= 48,
        decoded.getWidth() + "x" + decoded.getHeight());
    for (RecordedRequest r : m.homeserver.homeserverRequests()) {
      if (r.target().contains("/media/")) assertTrue(r.target().contains("/thumbnail/"), r.target());
    }
  }

  @Test
  void aRequestWithARangeIsRefusedBecauseTheLinkServesTheWholeMedia() {
    MediaRequest ranged = MediaRequest.download(MxcUri.parse("mxc://example.org/a")).newBuilder()
        .range(MediaRange.of(0, 10)).build();
    assertThrows(IllegalArgumentException.class, () -> m.server.url(m.media, ranged));
  }

  // ---- E2EE media, verified ----

  @Test
  void verifiedE2eeMediaIsDownloadedOnceIntoAPrivateSpoolAndServedFromIt() throws Exception {
    byte[] data = random(3 * MIB);
    EncryptedFile file = m.homeserver.seedEncrypted(data);
    MediaLink link = m.server.url(m.media, MediaRequest.download(file),
        LinkOptions.builder().contentType("image/jpeg").fileName("photo.jpg").build());
    RawHttp.Response whole = get(link);
    assertEquals(200, whole.status);
    assertEquals("image/jpeg", whole.header("Content-Type"), "the event's type, not the CDN's");
    assertArrayEquals(data, whole.body);
    assertArrayEquals(slice(data, 100, 200), get(link, "Range: bytes=100-199").body);
    assertArrayEquals(slice(data, 3 * MIB - 10, 3 * MIB), get(link, "Range: bytes=-10").body);
    assertEquals(1, m.homeserver.cdnRequests().size(), "one download, verified, for the link");
    assertEquals(1, cdnGetsWithoutRange());

    String[] files = m.spoolFiles();
    assertEquals(1, files.length, Arrays.toString(files));
    File spooled = new File(spool, files[0]);
    assertEquals(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
        Files.getPosixFilePermissions(spooled.toPath()));
    link.revoke();
    assertEquals(0, m.spoolFiles().length, "deleted on revoke");
    m.assertConnectionsReleased();
  }

  @Test
  void theSpoolIsDeletedWhenTheLinkExpiresAndWhenTheServerCloses() throws Exception {
    EncryptedFile file = m.homeserver.seedEncrypted(random(100_000));
    MediaLink expiring = m.server.url(m.media, MediaRequest.download(file),
        LinkOptions.builder().lifetime(1, TimeUnit.MINUTES).build());
    MediaLink closing = m.server.url(m.media, MediaRequest.download(file));
    assertEquals(200, get(expiring).status);
    assertEquals(200, get(closing).status);
    assertEquals(2, m.spoolFiles().length);
    clock.advance(TimeUnit.MINUTES.toMillis(1));
    assertEquals(404, get(expiring).status);
    assertEquals(1, m.spoolFiles().length, "the expired link's spool is gone");
    m.server.close();
    assertEquals(0, m.spoolFiles().length, "and the other one's on close");
  }

  @Test
  void verifiedE2eeMediaWithTheWrongHashIsABare502AndIsNotDownloadedAgain() throws Exception {
    EncryptedFile file = m.homeserver.seedEncrypted(random(200_000));
    byte[] wrong = file.sha256();
    wrong[0] ^= 1;
    MediaLink link = m.server.url(m.media,
        MediaRequest.download(file.newBuilder().sha256(wrong).build()));
    RawHttp.Response first = get(link);
    assertEquals(502, first.status);
    assertEquals("0", first.header("Content-Length"));
    assertEquals(0, m.spoolFiles().length, "no unverified plaintext and no spool is left");
    int requests = m.homeserver.cdnRequests().size();
    assertEquals(502, get(link, "Range: bytes=0-99").status);
    assertEquals(requests, m.homeserver.cdnRequests().size(), "a failed hash is final");
    m.assertConnectionsReleased();
  }

  // ---- E2EE media, unverified streaming ----

  private MediaLink streamed(EncryptedFile file) {
    return m.server.url(m.media, MediaRequest.download(file),
        LinkOptions.builder().contentType("video/mp4").unverifiedStreaming(true).build());
  }

  @Test
  void unverifiedStreamingServesASeekFromAFewRecordsAndTheWholeFileVerified() throws Exception {
    byte[] data = random(6 * MIB);
    MediaLink link = streamed(m.homeserver.seedEncrypted(data));
    m.homeserver.clearRecordedRequests();
    RawHttp.Response seek = get(link, "Range: bytes=" + (6 * MIB - 50) + "-");
    assertEquals(206, seek.status);
    assertEquals("video/mp4", seek.header("Content-Type"));
    assertArrayEquals(slice(data, 6 * MIB - 50, 6 * MIB), seek.body);
    assertTrue(m.homeserver.cdnBodyBytes() < 3 * 65536, "" + m.homeserver.cdnBodyBytes());
    assertEquals(0, m.spoolFiles().length, "nothing is spooled");

    RawHttp.Response whole = get(link);
    assertTrue(whole.complete);
    assertArrayEquals(data, whole.body);
    m.assertConnectionsReleased();
  }

  @Test
  void aWholeUnverifiedResponseWithTheWrongHashBreaksOffBeforeItsLastBytes() throws Exception {
    byte[] data = random(2 * MIB);
    EncryptedFile file = m.homeserver.seedEncrypted(data);
    byte[] wrong = file.sha256();
    wrong[31] ^= (byte) 0x80;
    MediaLink link = streamed(file.newBuilder().sha256(wrong).build());
    RawHttp.Response whole = get(link);
    assertEquals(200, whole.status);
    assertEquals(Integer.toString(2 * MIB), whole.header("Content-Length"));
    assertFalse(whole.complete, "a reset, never a clean end after wrong bytes");
    assertTrue(whole.body.length < data.length, whole.body.length + " bytes");
    // What went out before the end was unverified, as documented; a range cannot be verified.
    assertArrayEquals(slice(data, 0, whole.body.length), whole.body);
    RawHttp.Response middle = get(link, "Range: bytes=1000-1999");
    assertArrayEquals(slice(data, 1000, 2000), middle.body);
    m.assertConnectionsReleased();
  }

  @Test
  void anUnversionedAttachmentWhoseCounterCarriesIsVerifiedOverOneDownload() throws Exception {
    byte[] data = random(MIB);
    byte[] key = random(32);
    byte[] iv = new byte[16];
    Arrays.fill(iv, 8, 16, (byte) 0xff);
    iv[15] = (byte) 0xf0; // the low 64 bits wrap after 16 blocks: only a 128-bit counter carries
    Cipher ctr = Cipher.getInstance("AES/CTR/NoPadding");
    ctr.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
    byte[] ciphertext = ctr.doFinal(data);
    MxcUri mxc = m.homeserver.seed(ciphertext, "application/octet-stream", null);
    EncryptedFile file = new EncryptedFile.Builder().url(mxc).key(key).iv(iv)
        .sha256(MessageDigest.getInstance("SHA-256").digest(ciphertext)).version(null).build();
    MediaLink link = streamed(file);
    assertArrayEquals(slice(data, 500_000, 500_010), get(link, "Range: bytes=500000-500009").body);
    m.homeserver.clearRecordedRequests();
    RawHttp.Response whole = get(link);
    assertTrue(whole.complete);
    assertArrayEquals(data, whole.body);
    assertEquals(1, m.homeserver.cdnRequests().size(), m.cdnRanges().toString());

    byte[] wrong = file.sha256();
    wrong[0] ^= 1;
    RawHttp.Response tampered = get(streamed(file.newBuilder().sha256(wrong).build()));
    assertFalse(tampered.complete);
  }

  // ---- releasing upstream connections ----

  /** A link whose length is known, and whose next CDN bodies trickle. */
  private MediaLink slowLink(boolean e2ee) throws Exception {
    byte[] data = random(2 * MIB);
    MediaLink link = e2ee ? streamed(m.homeserver.seedEncrypted(data))
        : m.server.url(m.media, MediaRequest.download(m.homeserver.seed(data, "video/mp4", null)));
    try (RawHttp http = new RawHttp(port)) {
      assertEquals(200, http.send(request("HEAD", link)).read(true).status);
    }
    m.homeserver.faults().slowCdnBody(4096, 50, 10);
    return link;
  }

  /** Reads a response's head, then the first byte of its body. */
  private static void readStarted(RawHttp player) throws IOException {
    int crlfs = 0;
    int last = -1;
    for (int c = player.readOrReset(); c != -1; c = player.readOrReset()) {
      if (c == '\n' && last == '\r') crlfs++; else if (c != '\r') crlfs = 0;
      last = c;
      if (crlfs == 2) break;
    }
    assertTrue(crlfs == 2, "the response's head arrived");
    assertTrue(player.readOrReset() != -1, "its body started");
  }

  @Test
  void revokingALinkWhileAPlayerReadsCancelsItsDownloadAndReleasesTheConnection()
      throws Exception {
    MediaLink link = slowLink(true);
    try (RawHttp player = new RawHttp(port)) {
      player.send(request("GET", link));
      readStarted(player);
      link.revoke();
      while (player.readOrReset() != -1) {
        // drain what was in flight; the connection ends.
      }
    }
    m.assertConnectionsReleased();
  }

  @Test
  void closingTheServerWhileAPlayerReadsReleasesEveryConnection() throws Exception {
    MediaLink link = slowLink(false);
    try (RawHttp player = new RawHttp(port)) {
      player.send(request("GET", link, "Range: bytes=1000-"));
      readStarted(player);
      m.server.close();
      while (player.readOrReset() != -1) {
        // the server resets the connection
      }
    }
    m.assertConnectionsReleased();
  }

  @Test
  void aPlayerThatGoesAwayMidBodyReleasesTheUpstreamConnection() throws Exception {
    MediaLink link = slowLink(false);
    try (RawHttp player = new RawHttp(port)) {
      player.send(request("GET", link));
      readStarted(player);
    }
    m.assertConnectionsReleased();
  }

  @Test
  void closingTheServerDuringTheVerifiedDownloadCancelsItAndDeletesEverything() throws Exception {
    EncryptedFile file = m.homeserver.seedEncrypted(random(2 * MIB));
    MediaLink link = m.server.url(m.media, MediaRequest.download(file));
    m.homeserver.faults().slowCdnBody(4096, 50, 1);
    try (RawHttp player = new RawHttp(port)) {
      player.send(request("GET", link));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (m.homeserver.cdnBodyBytes() == 0 && System.nanoTime() < deadline) Thread.sleep(5);
      assertTrue(m.homeserver.cdnBodyBytes() > 0, "the spool download runs");
      m.server.close();
      assertTrue(player.closedByServer());
    }
    assertEquals(0, m.spoolFiles().length, Arrays.toString(m.spoolFiles()));
    m.assertConnectionsReleased();
  }

  @Test
  void concurrentFirstRequestsShareOneProbe() throws Exception {
    byte[] data = random(MIB);
    final MediaLink link = m.server.url(m.media,
        MediaRequest.download(m.homeserver.seed(data, "video/mp4", null)));
    m.homeserver.clearRecordedRequests();
    Thread[] players = new Thread[8];
    final byte[][] bodies = new byte[players.length][];
    for (int i = 0; i < players.length; i++) {
      final int p = i;
      players[i] = new Thread(() -> {
        try {
          bodies[p] = get(link, "Range: bytes=" + (p * 1000) + "-" + (p * 1000 + 9)).body;
        } catch (IOException e) {
          throw new AssertionError(e);
        }
      });
      players[i].start();
    }
    for (Thread t : players) t.join();
    for (int i = 0; i < players.length; i++) {
      assertArrayEquals(slice(data, i * 1000, i * 1000 + 10), bodies[i]);
    }
    assertEquals(1, m.probes(), m.cdnRanges().toString());
    m.assertConnectionsReleased();
  }
}
