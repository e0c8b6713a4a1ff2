package dev.mxsdk.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mxsdk.core.MxcUri;
import dev.mxsdk.media.EncryptedFile;
import dev.mxsdk.testkit.TestHomeserver;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mxmedia download --range}, {@code --unverified} and {@code --resume} against the testkit. */
final class RangeAndResumeCommandTest {
  private TestHomeserver server;
  private Map<String, String> savedEnvironment;
  private byte[] content;
  private MxcUri uri;

  @TempDir Path dir;

  @BeforeEach
  void setUp() throws IOException {
    server = TestHomeserver.newBuilder().recordSize(1000).start();
    savedEnvironment = HomeserverAccess.environment;
    HomeserverAccess.environment = Map.of("MXMEDIA_ACCESS_TOKEN", server.accessToken(),
        "MXMEDIA_HOMESERVER", server.baseUrl());
    content = new byte[50_000];
    new Random(42).nextBytes(content);
    uri = server.seed(content, "video/mp4", "movie.mp4");
  }

  @AfterEach
  void tearDown() {
    HomeserverAccess.environment = savedEnvironment;
    server.close();
  }

  private CliRun download(String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "download";
    System.arraycopy(args, 0, all, 1, args.length);
    all[all.length - 1] = "--allow-insecure-loopback";
    return CliRun.of(all);
  }

  private File file(String name) {
    return dir.resolve(name).toFile();
  }

  @Test
  void aRangeWritesJustThoseBytesAndSaysWhichOfHowMany() throws IOException {
    File target = file("part.bin");
    CliRun run = download(uri.toString(), "--range", "1000-1999", "-o", target.getPath());
    assertEquals(0, run.exitCode(), run.err());
    assertArrayEquals(Arrays.copyOfRange(content, 1000, 2000), Files.readAllBytes(target.toPath()));
    assertTrue(run.out().contains("1000 bytes (bytes 1000-1999 of 50000)"), run.out());

    CliRun tail = download(uri.toString(), "--range", "-10", "-o", target.getPath());
    assertEquals(0, tail.exitCode(), tail.err());
    assertArrayEquals(Arrays.copyOfRange(content, 49_990, 50_000),
        Files.readAllBytes(target.toPath()));
    CliRun open = download(uri.toString(), "--range", "49000-", "-o", target.getPath());
    assertEquals(0, open.exitCode(), open.err());
    assertEquals(1000, target.length());
    CliRun past = download(uri.toString(), "--range", "60000-", "-o", target.getPath());
    assertEquals(0, past.exitCode(), past.err());
    assertTrue(past.out().contains("0 bytes (the range starts at or past the end of 50000)"),
        past.out());
  }

  @Test
  void aRangeOfE2eeMediaIsRefusedWithoutUnverifiedAndNothingIsFetchedOrCreated()
      throws IOException {
    EncryptedFile file = server.seedEncrypted(content);
    File json = file("file.json");
    Files.writeString(json.toPath(), file.toJson());
    File target = file("never.bin");
    server.clearRecordedRequests();
    CliRun refused = download(file.url().toString(), "--encrypted-file", json.getPath(),
        "--range", "0-99", "-o", target.getPath());
    assertEquals(2, refused.exitCode());
    assertEquals(1, refused.errLines().length, refused.err());
    assertTrue(refused.err().contains("--unverified"), refused.err());
    assertFalse(target.exists());
    assertEquals(0, server.homeserverRequests().size());
    assertArrayEquals(new String[] {"file.json"}, dir.toFile().list());

    CliRun allowed = download(file.url().toString(), "--encrypted-file", json.getPath(),
        "--range", "12345-12444", "--unverified", "-o", target.getPath());
    assertEquals(0, allowed.exitCode(), allowed.err());
    assertArrayEquals(Arrays.copyOfRange(content, 12345, 12445),
        Files.readAllBytes(target.toPath()));
  }

  @Test
  void malformedOrContradictoryOptionsAreUsageErrors() {
    String target = file("x.bin").getPath();
    String[][] bad = {
        {uri.toString(), "--range", "abc", "-o", target},
        {uri.toString(), "--range", "5-4", "-o", target},
        {uri.toString(), "--resume"},
        {uri.toString(), "--resume", "-o", "-"},
        {uri.toString(), "--resume", "--range", "0-1", "-o", target},
    };
    for (String[] args : bad) {
      CliRun run = download(args);
      assertEquals(2, run.exitCode(), String.join(" ", args) + ": " + run.err());
      assertEquals(1, run.errLines().length, run.err());
    }
    assertFalse(file("x.bin").exists());
  }

  @Test
  void resumeContinuesADownloadThatDroppedAndTheResultIsVerified() throws IOException {
    EncryptedFile file = server.seedEncrypted(content);
    File json = file("file.json");
    Files.writeString(json.toPath(), file.toJson());
    File target = file("movie.bin");
    server.faults().dropConnectionAt(21_000, 1);
    CliRun dropped = download(file.url().toString(), "--encrypted-file", json.getPath(),
        "--resume", "-o", target.getPath());
    assertEquals(1, dropped.exitCode());
    assertFalse(target.exists());
    File partial = file(".movie.bin.mxsdk-partial");
    long kept = partial.length();
    assertTrue(kept > 0 && kept < content.length, "" + kept);

    server.clearRecordedRequests();
    CliRun resumed = download(file.url().toString(), "--encrypted-file", json.getPath(),
        "--resume", "-o", target.getPath());
    assertEquals(0, resumed.exitCode(), resumed.err());
    assertArrayEquals(content, Files.readAllBytes(target.toPath()));
    assertFalse(partial.exists());
    // The records from the partial's end on were asked for again, not the whole encoding.
    java.util.List<dev.mxsdk.testkit.RecordedRequest> cdn = server.cdnRequests();
    String range = cdn.get(cdn.size() - 1).header("Range");
    long record = kept / (1000 - 17);
    assertEquals("bytes=" + (21 + record * 1000) + "-", range);
  }
}
