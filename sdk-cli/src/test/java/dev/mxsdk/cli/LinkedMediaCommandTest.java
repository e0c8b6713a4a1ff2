package dev.mxsdk.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mxsdk.core.MxcUri;
import dev.mxsdk.testkit.RecordedRequest;
import dev.mxsdk.testkit.TestHomeserver;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code download --content-token} (and its file and environment forms), {@code upload
 * --restricted} and {@code --content-token-out}, and {@code copy}, against the testkit with
 * MSC3910 and MSC3911 on: the token is sent to the homeserver and never printed.
 */
final class LinkedMediaCommandTest {
  private static final String ALICE = "syt_cli_alice_0123456789";
  private static final String BOB = "syt_cli_bob_0123456789";
  private static final byte[] CONTENT = "cli linked media".getBytes(StandardCharsets.UTF_8);
  private final Map<String, String> environment = new HashMap<>();
  private TestHomeserver server;
  private Map<String, String> savedEnvironment;

  @TempDir Path dir;

  @BeforeEach
  void setUp() throws Exception {
    server = TestHomeserver.newBuilder().accessToken(ALICE).accessToken(BOB)
        .contentTokens(true).linkedMedia(true).start();
    savedEnvironment = HomeserverAccess.environment;
    environment.put("MXMEDIA_ACCESS_TOKEN", ALICE);
    HomeserverAccess.environment = environment;
  }

  @AfterEach
  void tearDown() {
    HomeserverAccess.environment = savedEnvironment;
    server.close();
  }

  private CliRun run(String command, String... args) {
    List<String> all = new ArrayList<>();
    all.add(command);
    all.addAll(List.of(args));
    all.add("--homeserver");
    all.add(server.baseUrl());
    all.add("--allow-insecure-loopback");
    return CliRun.of(all.toArray(new String[0]));
  }

  private static String lastLine(String out) {
    String[] lines = out.trim().split("\n");
    return lines[lines.length - 1];
  }

  private static void assertNotPrinted(CliRun run, String secret) {
    assertFalse(run.out().contains(secret), "stdout shows a secret: " + run.out());
    assertFalse(run.err().contains(secret), "stderr shows a secret: " + run.err());
  }

  private List<String> sentTokens() {
    List<String> sent = new ArrayList<>();
    for (RecordedRequest r : server.homeserverRequests()) {
      String value = r.header("X-Matrix-Content-Token");
      if (value != null) sent.add(value);
    }
    return sent;
  }

  @Test
  void downloadSendsTheTokenFromTheOptionTheFileOrTheEnvironmentAndNeverPrintsIt()
      throws Exception {
    MxcUri mxc = server.seed(CONTENT, "text/plain", "n.txt");
    String token = server.contentToken(mxc);
    File out = dir.resolve("out.txt").toFile();

    CliRun without = run("download", mxc.toString(), "-o", out.getPath());
    assertEquals(1, without.exitCode(), without.err());
    assertTrue(without.err().contains("M_MISSING_CONTENT_TOKEN"), without.err());
    assertFalse(out.exists());

    CliRun withOption = run("download", mxc.toString(), "-o", out.getPath(), "-v",
        "--content-token", token);
    assertEquals(0, withOption.exitCode(), withOption.err());
    assertArrayEquals(CONTENT, Files.readAllBytes(out.toPath()));
    assertNotPrinted(withOption, token);

    Path tokenFile = dir.resolve("token");
    Files.write(tokenFile, (token + "\n").getBytes(StandardCharsets.UTF_8));
    CliRun withFile = run("download", mxc.toString(), "-o", out.getPath(),
        "--content-token-file", tokenFile.toString());
    assertEquals(0, withFile.exitCode(), withFile.err());

    environment.put(ContentTokenOptions.ENVIRONMENT, token);
    CliRun withEnvironment = run("download", mxc.toString(), "-o", out.getPath());
    assertEquals(0, withEnvironment.exitCode(), withEnvironment.err());

    assertEquals(List.of(token, token, token), sentTokens());
    for (RecordedRequest r : server.cdnRequests()) {
      assertEquals(null, r.header("X-Matrix-Content-Token"), "the CDN got the token");
    }
  }

  @Test
  void aWrongOrMalformedTokenFailsWithoutEchoingIt() throws Exception {
    MxcUri mxc = server.seed(CONTENT, "text/plain", null);
    String wrong = "wrong_" + server.contentToken(mxc);
    CliRun refused = run("download", mxc.toString(), "-o", dir.resolve("x").toString(),
        "--content-token", wrong);
    assertEquals(1, refused.exitCode());
    assertTrue(refused.err().contains("M_UNAUTHORIZED"), refused.err());
    assertNotPrinted(refused, wrong);

    String malformed = "secret with spaces";
    CliRun usage = run("download", mxc.toString(), "--content-token", malformed);
    assertEquals(2, usage.exitCode());
    assertTrue(usage.err().contains("content token"), usage.err());
    assertNotPrinted(usage, malformed);

    CliRun both = run("download", mxc.toString(), "--content-token", "token_one_2345",
        "--content-token-file", dir.resolve("t").toString());
    assertEquals(2, both.exitCode());
    assertTrue(both.err().contains("exclude each other"), both.err());
  }

  @Test
  void uploadWritesTheContentTokenToAnOwnerOnlyFileAndRestrictedMediaIsTheUploaders()
      throws Exception {
    File file = dir.resolve("photo.txt").toFile();
    Files.write(file.toPath(), CONTENT);
    Path tokenFile = dir.resolve("photo.token");

    CliRun upload = run("upload", file.getPath(), "--restricted",
        "--content-token-out", tokenFile.toString());
    assertEquals(0, upload.exitCode(), upload.err());
    MxcUri mxc = MxcUri.parse(lastLine(upload.out()));
    assertTrue(server.isRestricted(mxc));
    String token = new String(Files.readAllBytes(tokenFile), StandardCharsets.UTF_8).trim();
    assertEquals(server.contentToken(mxc), token);
    assertNotPrinted(upload, token);
    assertEquals(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
        Files.getPosixFilePermissions(tokenFile));
    boolean restrictedEndpoint = false;
    for (RecordedRequest r : server.homeserverRequests()) {
      restrictedEndpoint |= r.path().equals(
          "/_matrix/client/unstable/org.matrix.msc3911/media/upload");
    }
    assertTrue(restrictedEndpoint);

    File out = dir.resolve("back.txt").toFile();
    CliRun own = run("download", mxc.toString(), "-o", out.getPath(),
        "--content-token-file", tokenFile.toString());
    assertEquals(0, own.exitCode(), own.err());
    assertArrayEquals(CONTENT, Files.readAllBytes(out.toPath()));

    environment.put("MXMEDIA_ACCESS_TOKEN", BOB);
    CliRun other = run("download", mxc.toString(), "-o", dir.resolve("bob.txt").toString(),
        "--content-token-file", tokenFile.toString());
    assertEquals(1, other.exitCode());
    assertTrue(other.err().contains("M_UNAUTHORIZED"), other.err());
    assertNotPrinted(other, token);
  }

  @Test
  void restrictedAndAsyncExcludeEachOther() throws Exception {
    File file = dir.resolve("a.txt").toFile();
    Files.write(file.toPath(), CONTENT);
    CliRun run = run("upload", file.getPath(), "--restricted", "--async");
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("--restricted"), run.err());
  }

  @Test
  void copyPrintsTheNewUri() throws Exception {
    File file = dir.resolve("c.txt").toFile();
    Files.write(file.toPath(), CONTENT);
    MxcUri original = MxcUri.parse(lastLine(run("upload", file.getPath(), "--restricted").out()));

    CliRun copy = run("copy", original.toString());
    assertEquals(0, copy.exitCode(), copy.err());
    MxcUri copied = MxcUri.parse(lastLine(copy.out()));
    assertNotEquals(original, copied);
    assertTrue(server.isRestricted(copied));

    environment.put("MXMEDIA_ACCESS_TOKEN", BOB);
    CliRun refused = run("copy", original.toString());
    assertEquals(1, refused.exitCode());
    assertTrue(refused.err().contains("403"), refused.err());
    assertNotPrinted(refused, BOB);

    CliRun usage = run("copy", "https://not-an-mxc");
    assertEquals(2, usage.exitCode());
  }
}
