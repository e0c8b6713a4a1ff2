package dev.mxsdk.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mxsdk.core.MxcUri;
import dev.mxsdk.media.EncryptedFile;
import dev.mxsdk.testkit.TestHomeserver;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mxmedia play} against the testkit, run in a thread of the test's JVM: the URL is the
 * first line of stdout, it serves whole media and ranges through the SDK (plain, verified E2EE,
 * streamed E2EE), and stopping the command closes the server and logs the device out. The
 * shutdown hook itself runs in {@code DistributionIT}, against a real process and SIGTERM.
 */
final class PlayCommandTest {
  private static final String PASSWORD = "correct horse battery";

  @TempDir Path dir;
  private TestHomeserver server;
  private Map<String, String> savedEnvironment;
  private final Map<String, String> environment = new HashMap<>();
  private final OkHttpClient player = new OkHttpClient();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final BlockingQueue<String> lines = new ArrayBlockingQueue<>(16);
  private final StringBuilder stdout = new StringBuilder();
  private Thread running;
  private final AtomicInteger exit = new AtomicInteger(-1);
  private int installedBefore;

  @BeforeEach
  void setUp() throws IOException {
    server = TestHomeserver.newBuilder().user("alice", PASSWORD).start();
    savedEnvironment = HomeserverAccess.environment;
    environment.put("MXMEDIA_ACCESS_TOKEN", server.accessToken());
    environment.put("MXMEDIA_HOMESERVER", server.baseUrl());
    HomeserverAccess.environment = environment;
    installedBefore = CancelOnShutdown.INSTALLED.get();
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    if (running != null) {
      running.interrupt();
      running.join(10_000);
    }
    HomeserverAccess.environment = savedEnvironment;
    server.close();
    player.dispatcher().executorService().shutdown();
  }

  /** Starts {@code mxmedia play args...} in a thread; returns the first line of its stdout. */
  private String start(String... args) throws InterruptedException {
    OutputStream lineSplitter = new OutputStream() {
      private final ByteArrayOutputStream line = new ByteArrayOutputStream();

      @Override
      public synchronized void write(int b) {
        stdout.append((char) b);
        if (b == '\n') {
          lines.add(new String(line.toByteArray(), StandardCharsets.UTF_8));
          line.reset();
        } else {
          line.write(b);
        }
      }
    };
    String[] command = new String[args.length + 1];
    command[0] = "play";
    System.arraycopy(args, 0, command, 1, args.length);
    running = new Thread(() -> exit.set(MxMedia.run(new PrintStream(lineSplitter, true),
        new PrintStream(err, true), command)));
    running.start();
    String first = lines.poll(30, TimeUnit.SECONDS);
    assertNotNull(first, "no URL printed; stderr: " + err.toString(StandardCharsets.UTF_8));
    return first;
  }

  /** Stops the command as an embedding caller does, and returns its exit code. */
  private int stop() throws InterruptedException {
    running.interrupt();
    running.join(30_000);
    assertFalse(running.isAlive(), "play did not stop");
    running = null;
    return exit.get();
  }

  private byte[] get(String url, String range) throws IOException {
    Request.Builder request = new Request.Builder().url(url);
    if (range != null) request.header("Range", range);
    try (Response response = player.newCall(request.build()).execute()) {
      assertEquals(range == null ? 200 : 206, response.code());
      return response.body().bytes();
    }
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  @Test
  void theLocalUrlIsTheFirstLineAndServesTheMediaAndItsRanges() throws Exception {
    byte[] data = random(400_000);
    MxcUri mxc = server.seed(data, "video/mp4", "clip.mp4");
    String url = start(mxc.toString(), "--allow-insecure-loopback", "--file-name", "clip.mp4");
    assertTrue(url.matches("http://127\\.0\\.0\\.1:[0-9]+/[0-9a-f]{32}/clip\\.mp4"), url);
    assertArrayEquals(data, get(url, null));
    assertArrayEquals(Arrays.copyOfRange(data, 399_000, 400_000), get(url, "bytes=-1000"));
    assertEquals(0, stop());
    assertEquals(url + "\n", stdout.toString(), "nothing but the URL on stdout");
    assertEquals(installedBefore, CancelOnShutdown.INSTALLED.get(), "the hook is removed");
    try (Response gone = player.newCall(new Request.Builder().url(url).build()).execute()) {
      throw new AssertionError("still served after stop: " + gone.code());
    } catch (IOException expected) {
      // connection refused: the server is closed
    }
  }

  @Test
  void e2eeMediaIsServedVerifiedOrStreamedWithTheTypeGiven() throws Exception {
    byte[] data = random(300_000);
    EncryptedFile file = server.seedEncrypted(data);
    File json = dir.resolve("file.json").toFile();
    Files.write(json.toPath(), file.toJson().getBytes(StandardCharsets.UTF_8));
    String verified = start(file.url().toString(), "--allow-insecure-loopback",
        "--encrypted-file", json.getPath());
    assertArrayEquals(Arrays.copyOfRange(data, 1000, 2000), get(verified, "bytes=1000-1999"));
    assertEquals(0, stop());

    String streamed = start(file.url().toString(), "--allow-insecure-loopback",
        "--encrypted-file", json.getPath(), "--unverified", "--content-type", "video/mp4");
    try (Response response = player.newCall(new Request.Builder().url(streamed).build())
        .execute()) {
      assertEquals("video/mp4", response.header("Content-Type"));
      assertArrayEquals(data, response.body().bytes());
    }
    assertEquals(0, stop());
    String printed = err.toString(StandardCharsets.UTF_8) + stdout;
    assertFalse(printed.contains(server.accessToken()), printed);
  }

  @Test
  void aUserLoginIsLoggedOutWhenPlayStops() throws Exception {
    environment.remove("MXMEDIA_ACCESS_TOKEN");
    environment.put("MXMEDIA_PASSWORD", PASSWORD);
    byte[] data = random(10_000);
    MxcUri mxc = server.seed(data, "audio/ogg", null);
    String url = start(mxc.toString(), "--allow-insecure-loopback", "--user", "@alice:"
        + server.serverName());
    assertEquals(1, server.devices(server.userId("alice")).size());
    assertArrayEquals(data, get(url, null));
    assertEquals(0, stop());
    assertEquals(0, server.devices(server.userId("alice")).size(), "the device was logged out");
  }

  @Test
  void unverifiedWithoutAnEncryptedFileIsAUsageError() {
    int code = MxMedia.run(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true),
        "play", "mxc://example.org/abc", "--homeserver", server.baseUrl(), "--unverified");
    assertEquals(MxMedia.EXIT_USAGE, code);
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("--unverified applies to"),
        err.toString(StandardCharsets.UTF_8));
  }
}
