package dev.mxsdk.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mxmedia download} against a MockWebServer homeserver. */
final class DownloadCommandTest {
  private static final String TOKEN = "syt_cli_token";
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final MockWebServer server = new MockWebServer();
  private volatile MockResponse media = new MockResponse().setBody("picture bytes");
  private Map<String, String> savedEnvironment;

  @TempDir Path dir;

  @BeforeEach
  void setUp() throws IOException {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        if (request.getPath().startsWith("/_matrix/client/versions")) {
          return new MockResponse().setBody("{\"versions\":[\"v1.11\"]}");
        }
        return media;
      }
    });
    server.start();
    savedEnvironment = HomeserverAccess.environment;
    HomeserverAccess.environment = Map.of("MXMEDIA_ACCESS_TOKEN", TOKEN);
  }

  @AfterEach
  void tearDown() throws IOException {
    HomeserverAccess.environment = savedEnvironment;
    server.shutdown();
  }

  private int run(String... args) {
    return MxMedia.run(new PrintStream(out, true), new PrintStream(err, true), args);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private String homeserver() {
    return server.url("/").toString();
  }

  @Test
  void downloadsIntoTheOutputFileWithTheTokenFromTheEnvironment() throws Exception {
    File target = dir.resolve("pic.png").toFile();
    assertEquals(0, run("download", "mxc://example.org/abc", "-o", target.getPath(),
        "--homeserver", homeserver(), "--allow-insecure-loopback"), err());
    assertEquals("picture bytes", Files.readString(target.toPath()));
    server.takeRequest();
    RecordedRequest request = server.takeRequest();
    assertEquals("Bearer " + TOKEN, request.getHeader("Authorization"));
    assertTrue(request.getPath().startsWith("/_matrix/client/v1/media/download/example.org/abc"));
    assertFalse(out.toString(StandardCharsets.UTF_8).contains(TOKEN));
  }

  @Test
  void dashWritesTheMediaToStdout() {
    assertEquals(0, run("download", "mxc://example.org/abc", "-o", "-",
        "--homeserver", homeserver(), "--allow-insecure-loopback"), err());
    assertArrayEquals("picture bytes".getBytes(StandardCharsets.UTF_8), out.toByteArray());
  }

  @Test
  void homeserverComesFromTheEnvironmentWhenNotGiven() throws Exception {
    HomeserverAccess.environment = Map.of("MXMEDIA_ACCESS_TOKEN", TOKEN,
        "MXMEDIA_HOMESERVER", homeserver());
    File target = dir.resolve("env.bin").toFile();
    assertEquals(0, run("download", "mxc://example.org/abc", "-o", target.getPath(),
        "--allow-insecure-loopback"), err());
    assertTrue(target.exists());
  }

  @Test
  void missingHomeserverIsAUsageError() {
    assertEquals(2, run("download", "mxc://example.org/abc", "-o", "x"));
    assertTrue(err().startsWith("mxmedia: no homeserver"), err());
  }

  @Test
  void usageErrorsComeBeforeTheHomeserverIsLookedUp() {
    // No homeserver and a bad --thumbnail: the option the user typed is what gets named.
    assertEquals(2, run("download", "mxc://example.org/abc", "-o", "x", "--thumbnail", "0x0"));
    assertTrue(err().startsWith("mxmedia: ") && err().contains("thumbnail"), err());
    assertFalse(err().contains("no homeserver"), err());
  }

  @Test
  void httpWithoutTheLoopbackOptionFailsInOneLine() {
    File target = dir.resolve("never.bin").toFile();
    assertEquals(1, run("download", "mxc://example.org/abc", "-o", target.getPath(),
        "--homeserver", homeserver()));
    assertEquals(1, err().trim().split("\n").length, err());
    assertTrue(err().contains("only https"), err());
    assertFalse(target.exists());
  }

  @Test
  void serverErrorFailsInOneLineAndLeavesAnExistingFileAlone() throws Exception {
    media = new MockResponse().setResponseCode(404)
        .setBody("{\"errcode\":\"M_NOT_FOUND\",\"error\":\"Not found\"}");
    File target = dir.resolve("keep.bin").toFile();
    Files.writeString(target.toPath(), "old");
    assertEquals(1, run("download", "mxc://example.org/abc", "-o", target.getPath(),
        "--homeserver", homeserver(), "--allow-insecure-loopback"));
    String[] lines = err().trim().split("\n");
    assertEquals(1, lines.length, err());
    assertTrue(lines[0].startsWith("mxmedia: "), lines[0]);
    assertTrue(lines[0].contains("M_NOT_FOUND"), lines[0]);
    assertFalse(err().contains(TOKEN));
    assertEquals("old", Files.readString(target.toPath()));
    assertEquals(1, dir.toFile().list().length);
  }

  @Test
  void thumbnailOptionSelectsTheThumbnailEndpoint() throws Exception {
    File target = dir.resolve("thumb.png").toFile();
    assertEquals(0, run("download", "mxc://example.org/abc", "-o", target.getPath(),
        "--thumbnail", "96x64:crop", "--homeserver", homeserver(),
        "--allow-insecure-loopback"), err());
    server.takeRequest();
    String path = server.takeRequest().getPath();
    assertTrue(path.startsWith("/_matrix/client/v1/media/thumbnail/example.org/abc?"), path);
    assertTrue(path.contains("width=96") && path.contains("height=64")
        && path.contains("method=crop"), path);
  }

  @Test
  void malformedThumbnailIsAUsageError() {
    assertEquals(2, run("download", "mxc://example.org/abc", "--thumbnail", "big",
        "--homeserver", homeserver()));
    assertTrue(err().contains("--thumbnail"), err());
  }

  @Test
  void noCdnEncryptionDropsTheOptIn() throws Exception {
    File target = dir.resolve("plain.bin").toFile();
    assertEquals(0, run("download", "mxc://example.org/abc", "-o", target.getPath(),
        "--no-cdn-encryption", "--homeserver", homeserver(), "--allow-insecure-loopback"), err());
    server.takeRequest();
    assertFalse(server.takeRequest().getPath().contains("msc4097"));
  }

  @Test
  void invalidMxcIsAUsageError() {
    assertEquals(2, run("download", "https://example.org/abc", "--homeserver", homeserver()));
    assertTrue(err().contains("mxc://"), err());
  }

  @Test
  void deadlineEndsADownloadThatTricklesWithOneLineAndNoFile() {
    media = new MockResponse().setBody(new okio.Buffer().write(new byte[100_000]))
        .throttleBody(10, 100, java.util.concurrent.TimeUnit.MILLISECONDS);
    File target = dir.resolve("slow.bin").toFile();
    assertEquals(1, run("download", "mxc://example.org/abc", "-o", target.getPath(),
        "--homeserver", homeserver(), "--allow-insecure-loopback", "--deadline", "1"));
    assertTrue(err().contains("deadline"), err());
    assertEquals(1, err().trim().split("\n").length, err());
    assertFalse(target.exists());
  }

  @Test
  void speedLimitEndsATransferThatStaysBelowIt() {
    media = new MockResponse().setBody(new okio.Buffer().write(new byte[100_000]))
        .throttleBody(100, 100, java.util.concurrent.TimeUnit.MILLISECONDS);
    File target = dir.resolve("slow.bin").toFile();
    assertEquals(1, run("download", "mxc://example.org/abc", "-o", target.getPath(),
        "--homeserver", homeserver(), "--allow-insecure-loopback",
        "--speed-limit", "100000", "--speed-time", "1"));
    assertTrue(err().contains("low-speed limit"), err());
    assertFalse(target.exists());
  }

  @Test
  void badLimitValuesAreUsageErrors() {
    assertEquals(2, run("download", "mxc://example.org/abc", "-o", "x",
        "--homeserver", homeserver(), "--allow-insecure-loopback", "--deadline", "0"));
    assertTrue(err().contains("--deadline must be a positive"), err());
    assertEquals(2, run("download", "mxc://example.org/abc", "-o", "x",
        "--homeserver", homeserver(), "--allow-insecure-loopback", "--speed-time", "0"));
  }
}
