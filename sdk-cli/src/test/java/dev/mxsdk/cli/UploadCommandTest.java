package dev.mxsdk.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mxsdk.core.MxcUri;
import dev.mxsdk.media.EncryptedFile;
import dev.mxsdk.testkit.RecordedUpload;
import dev.mxsdk.testkit.TestHomeserver;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import okio.ByteString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mxmedia upload} against the testkit: plain, encrypted (its JSON read back by
 * {@code download --encrypted-file}), asynchronous, as a user; usage errors and failures as one
 * line each.
 */
final class UploadCommandTest {
  private static final String PASSWORD = "upload horse battery";
  private final Map<String, String> environment = new HashMap<>();
  private TestHomeserver server;
  private Map<String, String> savedEnvironment;

  @TempDir Path dir;

  @BeforeEach
  void setUp() throws Exception {
    server = TestHomeserver.newBuilder().user("alice", PASSWORD).maxUploadSize(1_000_000).start();
    savedEnvironment = HomeserverAccess.environment;
    environment.put("MXMEDIA_ACCESS_TOKEN", server.accessToken());
    HomeserverAccess.environment = environment;
  }

  @AfterEach
  void tearDown() {
    HomeserverAccess.environment = savedEnvironment;
    server.close();
  }

  private File file(String name, int size) throws Exception {
    byte[] content = new byte[size];
    new SecureRandom().nextBytes(content);
    File file = dir.resolve(name).toFile();
    Files.write(file.toPath(), content);
    return file;
  }

  private CliRun upload(String... args) {
    String[] all = new String[args.length + 4];
    all[0] = "upload";
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "--homeserver";
    all[args.length + 2] = server.baseUrl();
    all[args.length + 3] = "--allow-insecure-loopback";
    return CliRun.of(all);
  }

  private static String lastLine(String out) {
    String[] lines = out.trim().split("\n");
    return lines[lines.length - 1];
  }

  private byte[] downloaded(String... args) throws Exception {
    File target = dir.resolve("downloaded-" + System.nanoTime()).toFile();
    String[] all = new String[args.length + 6];
    all[0] = "download";
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "-o";
    all[args.length + 2] = target.getPath();
    all[args.length + 3] = "--homeserver";
    all[args.length + 4] = server.baseUrl();
    all[args.length + 5] = "--allow-insecure-loopback";
    CliRun run = CliRun.of(all);
    assertEquals(0, run.exitCode(), run.err());
    return Files.readAllBytes(target.toPath());
  }

  @Test
  void aPlainUploadSendsNameAndGuessedTypeAndPrintsTheMxcUriLast() throws Exception {
    File photo = file("photo.png", 200_000);

    CliRun run = upload(photo.getPath());

    assertEquals(0, run.exitCode(), run.err());
    MxcUri uri = MxcUri.parse(lastLine(run.out()));
    assertTrue(run.out().contains("200000 bytes"), run.out());
    RecordedUpload received = server.uploads().get(0);
    assertEquals("POST", received.method());
    assertEquals("image/png", received.contentType());
    assertEquals("photo.png", received.fileName());
    assertEquals(uri, received.mxcUri());
    assertArrayEquals(Files.readAllBytes(photo.toPath()), downloaded(uri.toString()));
  }

  @Test
  void nameAndContentTypeCanBeGiven() throws Exception {
    CliRun run = upload(file("x.bin", 10).getPath(), "--name", "report.txt", "--content-type",
        "text/plain; charset=utf-8");
    assertEquals(0, run.exitCode(), run.err());
    RecordedUpload received = server.uploads().get(0);
    assertEquals("report.txt", received.fileName());
    assertEquals("text/plain; charset=utf-8", received.contentType());
  }

  @Test
  void anEncryptedUploadWritesTheJsonThatDownloadReadsAndPrintsNoKey() throws Exception {
    File secret = file("secret.pdf", 300_000);
    File json = dir.resolve("secret.json").toFile();

    CliRun run = upload(secret.getPath(), "--encrypt", "--encrypted-file-out", json.getPath());

    assertEquals(0, run.exitCode(), run.err());
    MxcUri uri = MxcUri.parse(lastLine(run.out()));
    EncryptedFile file = EncryptedFile.fromJson(Files.readString(json.toPath()));
    assertEquals(uri, file.url());
    RecordedUpload received = server.uploads().get(0);
    assertEquals("application/octet-stream", received.contentType());
    assertNull(received.fileName(), "an encrypted upload names no file");
    String key = ByteString.of(file.key()).base64Url().replace("=", "");
    assertFalse(run.out().contains(key) || run.err().contains(key), "the key is never printed");
    assertEquals(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
        Files.getPosixFilePermissions(json.toPath()), "the JSON holds the key: owner-only");
    assertArrayEquals(Files.readAllBytes(secret.toPath()),
        downloaded(uri.toString(), "--encrypted-file", json.getPath()));
  }

  @Test
  void anAsyncUploadPrintsTheReservationBeforeUploadingIntoIt() throws Exception {
    CliRun run = upload(file("later.mp4", 50_000).getPath(), "--async");
    assertEquals(0, run.exitCode(), run.err());
    String[] lines = run.out().trim().split("\n");
    assertTrue(lines[0].startsWith("reserved mxc://"), run.out());
    MxcUri uri = MxcUri.parse(lastLine(run.out()));
    assertTrue(lines[0].startsWith("reserved " + uri + " (upload before "), lines[0]);
    List<RecordedUpload> uploads = server.uploads();
    assertEquals("PUT", uploads.get(0).method());
    assertEquals(uri, uploads.get(0).mxcUri());
    assertEquals("video/mp4", uploads.get(0).contentType());
  }

  @Test
  void asAUserItLogsInUploadsAndLogsOut() throws Exception {
    environment.remove("MXMEDIA_ACCESS_TOKEN");
    environment.put("MXMEDIA_PASSWORD", PASSWORD);
    CliRun run = upload(file("a.txt", 100).getPath(), "--user", "@alice:localhost");
    assertEquals(0, run.exitCode(), run.err());
    MxcUri.parse(lastLine(run.out()));
    assertTrue(server.devices(server.userId("alice")).isEmpty(), "the device was logged out");
    assertFalse(run.err().contains(PASSWORD));
  }

  private static void assertOneLine(CliRun run, int exit, String contains) {
    assertEquals(exit, run.exitCode(), run.err());
    assertEquals(1, run.errLines().length, run.err());
    assertTrue(run.err().startsWith("mxmedia: "), run.err());
    assertTrue(run.err().contains(contains), run.err());
  }

  @Test
  void usageErrorsAreOneLineAndSendNothing() throws Exception {
    String path = file("u.bin", 10).getPath();
    String out = dir.resolve("o.json").toString();
    assertOneLine(upload(path, "--encrypt"), 2, "--encrypt needs --encrypted-file-out");
    assertOneLine(upload(path, "--encrypted-file-out", out), 2, "needs --encrypt");
    assertOneLine(upload(path, "--encrypt", "--encrypted-file-out", out, "--name", "n"), 2,
        "--encrypt sends no --name");
    assertOneLine(upload(path, "--encrypt", "--encrypted-file-out", out, "--content-type",
        "image/png"), 2, "--encrypt sends no --content-type");
    assertOneLine(upload(path, "--content-type", "not a type"), 2, "must be a media type");
    assertOneLine(CliRun.of("upload", path), 2, "no homeserver");
    assertTrue(server.uploads().isEmpty());
    assertTrue(server.homeserverRequests().isEmpty(), "nothing reached the server");
  }

  @Test
  void badFilesFailInOneLineBeforeAnyRequest() throws Exception {
    assertOneLine(upload(dir.resolve("missing").toString()), 1, "no such file");
    assertOneLine(upload(dir.toString()), 1, "got a directory");
    assertOneLine(upload(file("k.bin", 5).getPath(), "--encrypt", "--encrypted-file-out",
        dir.resolve("no/such/dir/k.json").toString()), 1, "directory does not exist");
    assertTrue(server.homeserverRequests().isEmpty());
  }

  @Test
  void aFileAboveTheServersLimitFailsInOneLineWithoutSendingIt() throws Exception {
    CliRun run = upload(file("big.bin", 1_000_001).getPath());
    assertOneLine(run, 1, "larger than the server's limit (m.upload.size) of 1000000 bytes");
    assertTrue(server.uploads().isEmpty(), "not a byte was sent");
    assertFalse(run.err().contains(server.accessToken()));
  }
}
