package dev.mxsdk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mxmedia download} without {@code -o}: a file name chosen by the server never replaces an
 * existing file unless {@code --force}; {@code -o FILE} still replaces FILE.
 */
final class DefaultTargetTest {
  private final MockWebServer server = new MockWebServer();
  private volatile MockResponse media = notes("new bytes");
  private Map<String, String> savedEnvironment;
  private File savedDefaultDirectory;

  @TempDir Path dir;

  private static MockResponse notes(String body) {
    return new MockResponse().setBody(body)
        .setHeader("Content-Disposition", "attachment; filename=\"notes.txt\"");
  }

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
    HomeserverAccess.environment = Map.of("MXMEDIA_ACCESS_TOKEN", "syt_target_token");
    savedDefaultDirectory = DownloadCommand.defaultDirectory;
    DownloadCommand.defaultDirectory = dir.toFile();
  }

  @AfterEach
  void tearDown() throws IOException {
    HomeserverAccess.environment = savedEnvironment;
    DownloadCommand.defaultDirectory = savedDefaultDirectory;
    server.shutdown();
  }

  private CliRun download(String... extra) {
    List<String> args = new ArrayList<>(List.of("download", "mxc://example.org/abc",
        "--homeserver", server.url("/").toString(), "--allow-insecure-loopback"));
    args.addAll(List.of(extra));
    return CliRun.of(args.toArray(new String[0]));
  }

  private String read(String name) throws IOException {
    return Files.readString(dir.resolve(name));
  }

  private Set<String> names() {
    return new TreeSet<>(List.of(dir.toFile().list()));
  }

  @Test
  void theServersFileNameIsUsedWhenItIsFree() throws Exception {
    CliRun run = download();
    assertEquals(0, run.exitCode(), run.err());
    assertEquals("new bytes", read("notes.txt"));
    assertTrue(run.out().startsWith(new File(dir.toFile(), "notes.txt").getPath() + ": "),
        run.out());
  }

  @Test
  void anExistingFileOfTheServersNameIsKeptAndTheNextFreeNumberedNameIsUsed() throws Exception {
    Files.writeString(dir.resolve("notes.txt"), "mine");
    Files.writeString(dir.resolve("notes (1).txt"), "mine too");

    CliRun run = download();

    assertEquals(0, run.exitCode(), run.err());
    assertEquals("mine", read("notes.txt"));
    assertEquals("mine too", read("notes (1).txt"));
    assertEquals("new bytes", read("notes (2).txt"));
    assertTrue(run.out().startsWith(new File(dir.toFile(), "notes (2).txt").getPath() + ": "),
        run.out());
  }

  @Test
  void repeatedDownloadsOfOneNameEachGetTheirOwnFile() throws Exception {
    for (int i = 0; i < 3; i++) {
      media = notes("run " + i);
      assertEquals(0, download().exitCode());
    }
    assertEquals(Set.of("notes.txt", "notes (1).txt", "notes (2).txt"), names());
    assertEquals("run 2", read("notes (2).txt"));
  }

  @Test
  void aDirectoryOfTheServersNameCountsAsTaken() throws Exception {
    Files.createDirectory(dir.resolve("notes.txt"));
    assertEquals(0, download().exitCode());
    assertEquals("new bytes", read("notes (1).txt"));
  }

  @Test
  void aDanglingSymbolicLinkOfTheServersNameIsNotFollowed() throws Exception {
    Path elsewhere = dir.resolve("elsewhere");
    Files.createDirectory(elsewhere);
    Files.createSymbolicLink(dir.resolve("notes.txt"), elsewhere.resolve("created-through-link"));
    assertEquals(0, download().exitCode());
    assertEquals("new bytes", read("notes (1).txt"));
    assertEquals(0, elsewhere.toFile().list().length);
    assertTrue(Files.isSymbolicLink(dir.resolve("notes.txt")));
  }

  @Test
  void forceReplacesAnExistingFileOfTheServersName() throws Exception {
    Files.writeString(dir.resolve("notes.txt"), "mine");
    CliRun run = download("--force");
    assertEquals(0, run.exitCode(), run.err());
    assertEquals("new bytes", read("notes.txt"));
    assertEquals(Set.of("notes.txt"), names());
  }

  @Test
  void anExplicitOutputFileIsStillReplaced() throws Exception {
    File target = dir.resolve("notes.txt").toFile();
    Files.writeString(target.toPath(), "mine");
    CliRun run = download("-o", target.getPath());
    assertEquals(0, run.exitCode(), run.err());
    assertEquals("new bytes", read("notes.txt"));
    assertEquals(Set.of("notes.txt"), names());
  }

  @Test
  void theMediaIdIsTheNameWithoutContentDispositionAndIsNumberedToo() throws Exception {
    media = new MockResponse().setBody("no name");
    Files.writeString(dir.resolve("abc"), "mine");
    assertEquals(0, download().exitCode());
    assertEquals("mine", read("abc"));
    assertEquals("no name", read("abc (1)"));
  }

  @Test
  void aFailedDownloadLeavesNoClaimedNameBehind() throws Exception {
    media = new MockResponse().setResponseCode(404)
        .setBody("{\"errcode\":\"M_NOT_FOUND\",\"error\":\"Not found\"}");
    Files.writeString(dir.resolve("abc"), "mine");
    CliRun run = download();
    assertEquals(1, run.exitCode());
    assertEquals(Set.of("abc"), names());
  }

  @Test
  void aBodyCutShortLeavesNoClaimedNameAndNoTemporaryFile() throws Exception {
    media = notes("0123456789".repeat(1000))
        .setSocketPolicy(okhttp3.mockwebserver.SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY);
    Files.writeString(dir.resolve("notes.txt"), "mine");
    CliRun run = download();
    assertEquals(1, run.exitCode(), run.err());
    assertEquals(Set.of("notes.txt"), names());
    assertEquals("mine", read("notes.txt"));
  }

  @Test
  void whenEveryNumberIsTakenTheDownloadFailsInOneLineNamingTheWayOut() throws Exception {
    Files.writeString(dir.resolve("abc"), "mine");
    for (int n = 1; n <= MxMediaFiles.MAX_NUMBER; n++) {
      Files.createFile(dir.resolve("abc (" + n + ")"));
    }
    media = new MockResponse().setBody("no name");
    CliRun run = download();
    assertEquals(1, run.exitCode());
    assertEquals(1, run.errLines().length, run.err());
    assertTrue(run.err().contains("all exist; choose a name with -o FILE, or --force"), run.err());
    assertEquals("mine", read("abc"));
  }

  @Test
  void numberedNamesKeepTheExtensionAsBrowsersDo() {
    assertEquals("photo (1).jpg", MxMediaFiles.numbered("photo.jpg", 1));
    assertEquals("notes (12)", MxMediaFiles.numbered("notes", 12));
    assertEquals("backup (2).tar.gz", MxMediaFiles.numbered("backup.tar.gz", 2));
    assertEquals("a.b (3).c", MxMediaFiles.numbered("a.b.c", 3));
    assertEquals("tar (1).gz", MxMediaFiles.numbered("tar.gz", 1));
    assertEquals("file (1).", MxMediaFiles.numbered("file.", 1));
  }

  @Test
  void parallelClaimsOfOneNameNeverShareAFile() throws Exception {
    int threads = 16;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<File>> claims = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        Callable<File> claim = () -> {
          go.await();
          return MxMediaFiles.claimFreeName(dir.toFile(), "notes.txt");
        };
        claims.add(pool.submit(claim));
      }
      go.countDown();
      Set<File> distinct = new HashSet<>();
      for (Future<File> claim : claims) assertTrue(distinct.add(claim.get()));
      assertEquals(threads, names().size());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aClaimInAMissingFolderFailsNamingTheFile() {
    IOException e = assertThrows(IOException.class,
        () -> MxMediaFiles.claimFreeName(dir.resolve("missing").toFile(), "notes.txt"));
    assertTrue(e.getMessage().startsWith("cannot create "), e.getMessage());
    assertFalse(dir.resolve("missing").toFile().exists());
  }

  @Test
  void helpDescribesForceAndTheNumberedNames() {
    CliRun run = CliRun.of("download", "--help");
    assertEquals(0, run.exitCode());
    assertTrue(run.out().contains("--force"), run.out());
    assertTrue(run.out().contains("(1).ext'"), run.out());
  }
}
