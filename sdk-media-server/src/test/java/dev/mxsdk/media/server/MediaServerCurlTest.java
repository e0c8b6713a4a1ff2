package dev.mxsdk.media.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The server as a real client nobody here wrote sees it: curl (installed by {@code .ci/run}).
 * Without curl these tests are skipped locally and fail on CI.
 */
final class MediaServerCurlTest {
  private static final byte[] DATA = TestContents.bytes(100_000);

  @TempDir
  File dir;

  private final FakeClock clock = new FakeClock();
  private MediaServer server;
  private int port;
  private MediaLink link;

  @BeforeEach
  void setUp() throws IOException {
    Curl.requireInstalled();
    server = MediaServer.builder().clock(clock).maxConnections(64).build();
    server.start();
    port = server.port();
    link = server.url(MediaContent.create(DATA, "video/mp4", "clip.mp4"));
  }

  @AfterEach
  void tearDown() {
    if (server != null) server.close();
  }

  private Curl.Run curl(String... args) throws IOException, InterruptedException {
    return Curl.run(dir, args);
  }

  @Test
  void curlGetsTheWholeContent() throws Exception {
    Curl.Run r = curl(link.url());
    assertEquals(0, r.exit, r.err);
    assertEquals(200, r.status());
    assertArrayEquals(DATA, r.body);
    assertEquals("video/mp4", r.header("Content-Type"));
    assertEquals("no-store", r.header("Cache-Control"));
    assertEquals("bytes", r.header("Accept-Ranges"));
  }

  @ParameterizedTest(name = "--range {0}")
  @CsvSource({"0-99, 0, 99", "100-, 100, 99999", "-100, 99900, 99999",
      "99990-500000, 99990, 99999", "-500000, 0, 99999", "0-0, 0, 0"})
  void curlGetsEachRangeForm(String range, int first, int last) throws Exception {
    Curl.Run r = curl("--range", range, link.url());
    assertEquals(0, r.exit, r.err);
    assertEquals(206, r.status());
    assertEquals("bytes " + first + "-" + last + "/100000", r.header("Content-Range"));
    assertArrayEquals(Arrays.copyOfRange(DATA, first, last + 1), r.body);
  }

  @Test
  void curlSeesAnUnsatisfiableRangeAs416() throws Exception {
    Curl.Run r = curl("--range", "100000-", link.url());
    assertEquals(416, r.status());
    assertEquals("bytes */100000", r.header("Content-Range"));
  }

  @Test
  void curlHeadGetsTheLengthAndNoBody() throws Exception {
    Curl.Run r = curl("--head", link.url());
    assertEquals(0, r.exit, r.err);
    assertEquals(200, r.status());
    assertEquals("100000", r.header("Content-Length"));
    // With --head curl writes the headers where the body would go: nothing else came.
    assertEquals(r.headers, new String(r.body, StandardCharsets.ISO_8859_1));
  }

  @Test
  void curlByLocalhostIsServed() throws Exception {
    Curl.Run r = curl(link.url().replace("127.0.0.1", "localhost"));
    assertEquals(200, r.status());
    assertArrayEquals(DATA, r.body);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"evil.com", "127.0.0.1.nip.io", "localhost.attacker.example"})
  void aRebindingNameThatResolvesToLoopbackIs421(String name) throws Exception {
    // --resolve makes curl behave as a browser whose DNS was rebound to 127.0.0.1.
    Curl.Run r = curl("--resolve", name + ":" + port + ":127.0.0.1",
        link.url().replace("127.0.0.1", name));
    assertEquals(421, r.status());
    assertEquals(0, r.body.length);
  }

  @Test
  void aForgedHostHeaderIs421() throws Exception {
    Curl.Run r = curl("-H", "Host: evil.com:" + port, link.url());
    assertEquals(421, r.status());
  }

  @Test
  void badExpiredAndRevokedCapabilitiesAre404() throws Exception {
    String capability = link.url().split("/")[3];
    String base = "http://127.0.0.1:" + port + "/";
    assertEquals(404, curl(base + "0123456789abcdef0123456789abcdef/clip.mp4").status());
    assertEquals(404, curl(base + capability.substring(2) + "/clip.mp4").status());
    assertEquals(404, curl(base).status());

    MediaLink revoked = server.url(MediaContent.create(DATA, "video/mp4", "r.mp4"));
    revoked.revoke();
    assertEquals(404, curl(revoked.url()).status());

    MediaLink expiring = server.url(MediaContent.create(DATA, "video/mp4", "e.mp4"),
        10, TimeUnit.MINUTES);
    assertEquals(200, curl(expiring.url()).status());
    clock.advance(TimeUnit.MINUTES.toMillis(10));
    Curl.Run expired = curl(expiring.url());
    assertEquals(404, expired.status());
    assertEquals(0, expired.body.length);
    assertEquals(200, curl(link.url()).status());
  }

  @Test
  void oversizedHeadersAndUrlsAreRefused() throws Exception {
    char[] big = new char[20_000];
    Arrays.fill(big, 'x');
    assertEquals(431, curl("-H", "X-Big: " + new String(big), link.url()).status());
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      many.add("-H");
      many.add("X-" + i + ": 1");
    }
    many.add(link.url());
    assertEquals(431, curl(many.toArray(new String[0])).status());
    assertEquals(414, curl(link.url() + "?" + new String(big, 0, 9000)).status());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"POST, 405", "PUT, 405", "DELETE, 405", "OPTIONS, 405", "TRACE, 405",
      "PATCH, 405", "BREW, 501"})
  void curlMethodsOtherThanGetAndHeadAreRefused(String method, int status) throws Exception {
    Curl.Run r = curl("-X", method, link.url());
    assertEquals(status, r.status());
    assertEquals(0, r.body.length);
  }

  @Test
  void curlRequestsWithABodyAreRefused() throws Exception {
    assertEquals(405, curl("--data", "hello", link.url()).status());
    assertEquals(413, curl("-X", "GET", "--data", "hello", link.url()).status());
    assertEquals(501, curl("-X", "GET", "-H", "Transfer-Encoding: chunked", "--data", "hello",
        link.url()).status());
  }

  @Test
  void curlReusesOneConnectionForSeveralRequests() throws Exception {
    Curl.Run r = curl("-o", new File(dir, "1").getPath(), link.url(), "-o",
        new File(dir, "2").getPath(), link.url(), "-o",
        new File(dir, "3").getPath(), link.url());
    assertEquals(0, r.exit, r.err);
    String[] lines = r.out.trim().split("\n");
    assertEquals(3, lines.length, r.out);
    assertEquals("200 1", lines[0].trim());
    assertEquals("200 0", lines[1].trim());
    assertEquals("200 0", lines[2].trim());
  }

  @Test
  void curlOverHttp10IsServed() throws Exception {
    Curl.Run r = curl("--http1.0", "--range", "10-19", link.url());
    assertEquals(0, r.exit, r.err);
    assertEquals(206, r.status());
    assertArrayEquals(Arrays.copyOfRange(DATA, 10, 20), r.body);
    assertTrue(r.headers.startsWith("HTTP/1.1 206"));
  }

  @Test
  void curlGetsContentOfUnknownLengthChunked() throws Exception {
    MediaLink unknown = server.url(TestContents.plain(DATA, false));
    Curl.Run r = curl(unknown.url());
    assertEquals(0, r.exit, r.err);
    assertEquals("chunked", r.header("Transfer-Encoding").toLowerCase(Locale.ROOT));
    assertArrayEquals(DATA, r.body);
  }

  @ParameterizedTest(name = "known length {0}")
  @ValueSource(booleans = {true, false})
  void curlSeesAnUpstreamFailureAsABrokenTransfer(boolean knownLength) throws Exception {
    MediaLink failing = server.url(TestContents.failingAfter(DATA, knownLength, 30_000));
    Curl.Run r = curl(failing.url());
    // 18: partial file; 56: failure receiving data (the reset). Never 0.
    assertNotEquals(0, r.exit, r.err);
    assertTrue(r.body.length <= 30_000);
    assertArrayEquals(Arrays.copyOf(DATA, r.body.length), r.body);
  }

  @Test
  void sixtyFourConcurrentCurlTransfersEachGetTheirOwnBytes() throws Exception {
    int n = 64;
    List<String> args = new ArrayList<>(Arrays.asList("--parallel", "--parallel-max", "64",
        "--parallel-immediate"));
    byte[][] datas = new byte[n][];
    for (int i = 0; i < n; i++) {
      datas[i] = TestContents.bytes(200_000 + i * 1000);
      datas[i][0] = (byte) i;
      MediaLink l = server.url(MediaContent.create(datas[i], "video/mp4", "c" + i + ".mp4"));
      args.add("-o");
      args.add(new File(dir, "p" + i).getPath());
      args.add(l.url());
    }
    Curl.Run r = curl(args.toArray(new String[0]));
    assertEquals(0, r.exit, r.err);
    String[] codes = r.out.trim().split("\n");
    assertEquals(n, codes.length, r.out);
    for (String code : codes) assertTrue(code.startsWith("200 "), r.out);
    for (int i = 0; i < n; i++) {
      byte[] got = Files.readAllBytes(new File(dir, "p" + i).toPath());
      assertArrayEquals(datas[i], got, "transfer " + i);
    }
  }
}
