package dev.mxsdk.media.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mxsdk.core.MxcUri;
import dev.mxsdk.media.EncryptedFile;
import dev.mxsdk.media.MediaRequest;
import dev.mxsdk.testkit.TestHomeserver;
import java.io.File;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * curl through the whole path: a link to Matrix media on the testkit's homeserver and MSC4097
 * CDN, plain and E2EE, served by ranged downloads through a MediaClient.
 */
final class MatrixMediaCurlTest {
  private static final int SIZE = 3 * 1024 * 1024;

  @TempDir File dir;
  private final FakeClock clock = new FakeClock();
  private MatrixMedia m;
  private byte[] data;
  private MxcUri plain;
  private EncryptedFile encrypted;

  @BeforeEach
  void setUp() throws Exception {
    Curl.requireInstalled();
    File spool = new File(dir, "spool");
    assertTrue(spool.mkdir());
    m = new MatrixMedia(TestHomeserver.newBuilder(),
        MediaServer.builder().clock(clock).maxConnections(64), spool);
    data = new byte[SIZE];
    new Random(18).nextBytes(data);
    plain = m.homeserver.seed(data, "video/mp4", "clip.mp4");
    encrypted = m.homeserver.seedEncrypted(data);
  }

  @AfterEach
  void tearDown() {
    if (m != null) m.close();
  }

  private MediaLink streamed() {
    return m.server.url(m.media, MediaRequest.download(encrypted),
        LinkOptions.builder().contentType("video/mp4").unverifiedStreaming(true).build());
  }

  @Test
  void curlHeadLearnsTheLengthAndTypeOfMatrixMedia() throws Exception {
    for (MediaLink link : new MediaLink[] {m.server.url(m.media, MediaRequest.download(plain)),
        streamed()}) {
      Curl.Run r = Curl.run(dir, "--head", link.url());
      assertEquals(0, r.exit, r.err);
      assertEquals(200, r.status());
      assertEquals(Integer.toString(SIZE), r.header("Content-Length"));
      assertEquals("video/mp4", r.header("Content-Type"));
      assertEquals("bytes", r.header("Accept-Ranges"));
    }
  }

  @Test
  void curlGetsARangeNearTheEndFromAFewCdnRecords() throws Exception {
    for (MediaLink link : new MediaLink[] {m.server.url(m.media, MediaRequest.download(plain)),
        streamed()}) {
      m.homeserver.clearRecordedRequests();
      Curl.Run r = Curl.run(dir, "--range", (SIZE - 1000) + "-" + (SIZE - 1), link.url());
      assertEquals(0, r.exit, r.err);
      assertEquals(206, r.status());
      assertEquals("bytes " + (SIZE - 1000) + "-" + (SIZE - 1) + "/" + SIZE,
          r.header("Content-Range"));
      assertArrayEquals(Arrays.copyOfRange(data, SIZE - 1000, SIZE), r.body);
      assertTrue(m.homeserver.cdnBodyBytes() < 3 * 65536, "" + m.homeserver.cdnBodyBytes());
    }
  }

  @Test
  void curlGetsWholeVerifiedE2eeMedia() throws Exception {
    MediaLink link = m.server.url(m.media, MediaRequest.download(encrypted));
    Curl.Run r = Curl.run(dir, link.url());
    assertEquals(0, r.exit, r.err);
    assertArrayEquals(data, r.body);
    assertEquals("application/octet-stream", r.header("Content-Type"),
        "E2EE media is stored untyped; the event's type comes from LinkOptions");
  }

  @Test
  void anExpiredLinkToMatrixMediaIs404AndFetchesNothing() throws Exception {
    MediaLink link = m.server.url(m.media, MediaRequest.download(plain),
        LinkOptions.builder().lifetime(5, TimeUnit.MINUTES).build());
    assertEquals(206, Curl.run(dir, "--range", "0-9", link.url()).status());
    clock.advance(TimeUnit.MINUTES.toMillis(5));
    m.homeserver.clearRecordedRequests();
    Curl.Run expired = Curl.run(dir, link.url());
    assertEquals(404, expired.status());
    assertEquals(0, expired.body.length);
    assertEquals(0, m.homeserverMediaRequests());
    m.assertConnectionsReleased();
  }

  @Test
  void sixtyFourConcurrentPlayersEachGetTheirOwnBytes() throws Exception {
    MediaLink[] links = {m.server.url(m.media, MediaRequest.download(plain)), streamed(),
        m.server.url(m.media, MediaRequest.download(encrypted))};
    int n = 64;
    List<String> args = new ArrayList<>(Arrays.asList("--parallel", "--parallel-max", "64",
        "--parallel-immediate"));
    int[][] ranges = new int[n][];
    for (int i = 0; i < n; i++) {
      int first = (int) ((long) SIZE * i / n);
      int last = i % 4 == 0 ? SIZE - 1 : Math.min(SIZE - 1, first + 100_000 + i);
      ranges[i] = new int[] {first, last};
      if (i > 0) args.add("--next");
      args.addAll(Arrays.asList("-sS", "--max-time", "60", "-w", "%{http_code}\\n",
          "--range", first + "-" + last, "-o", new File(dir, "p" + i).getPath(),
          links[i % links.length].url()));
    }
    Curl.Run r = Curl.raw(dir, args);
    assertEquals(0, r.exit, r.err);
    String[] codes = r.out.trim().split("\n");
    assertEquals(n, codes.length, r.out);
    for (String code : codes) assertEquals("206", code.trim(), r.out);
    for (int i = 0; i < n; i++) {
      byte[] got = Files.readAllBytes(new File(dir, "p" + i).toPath());
      assertArrayEquals(Arrays.copyOfRange(data, ranges[i][0], ranges[i][1] + 1), got,
          "player " + i);
    }
    m.assertConnectionsReleased();
    assertEquals(1, m.spoolFiles().length,
        "one verified spool for the verified link, however many players ask it");
  }
}
