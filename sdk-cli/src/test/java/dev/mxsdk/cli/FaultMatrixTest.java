package dev.mxsdk.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mxsdk.core.MatrixApiException;
import dev.mxsdk.core.MatrixClient;
import dev.mxsdk.core.MxcUri;
import dev.mxsdk.media.EncryptedFile;
import dev.mxsdk.media.MediaClient;
import dev.mxsdk.media.MediaIntegrityException;
import dev.mxsdk.media.MediaOptions;
import dev.mxsdk.media.MediaProtocolException;
import dev.mxsdk.media.MediaRequest;
import dev.mxsdk.media.MediaResponse;
import dev.mxsdk.media.RedirectPolicyException;
import dev.mxsdk.testkit.Faults;
import dev.mxsdk.testkit.TestHomeserver;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every testkit fault switch against every way of taking delivery (a stream, a file, an output
 * stream; plain and E2EE media), one test per cell: the expected typed error (or, for the faults
 * the SDK recovers from, the right bytes), nothing created or modified at the target, no temporary
 * file left, the connection released, and no secret in the exception, its causes, its
 * {@code toString()}, the log or stderr.
 */
final class FaultMatrixTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int SIZE = 100_000;
  private static TestHomeserver server;

  @TempDir Path dir;
  private MatrixClient matrix;
  private ConnectionPool pool;
  private final List<String> logged = new ArrayList<>();
  private Handler logHandler;
  private PrintStream savedErr;
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

  enum Mode { STREAM, FILE, OUTPUT_STREAM }

  /** A fault switch, and what the SDK must do about it (null: deliver the right bytes). */
  enum Fault {
    RATE_LIMIT(f -> f.rateLimit(2, 0), null),
    NOT_YET_UPLOADED(f -> f.notYetUploaded(1), null),
    TRUNCATE_CDN_BODY(f -> f.truncateCdnBody(SIZE / 2, 1), MediaIntegrityException.class),
    CORRUPT_CDN_BODY(f -> f.corruptCdnBody(SIZE / 3, 1), MediaIntegrityException.class),
    OMIT_KEY_HEADER(f -> f.omitKeyHeader(1), MediaProtocolException.class),
    PLAINTEXT_DESPITE_KEY(f -> f.plaintextDespiteKey(1), MediaProtocolException.class),
    KEY_ON_308(f -> f.keyOn308(1), MediaProtocolException.class),
    REDIRECT_LOOP(f -> f.redirectLoop(Faults.ALWAYS), RedirectPolicyException.class),
    BOUNCE_TO_HOMESERVER(f -> f.bounceToHomeserver(1), MatrixApiException.class),
    SLOW_CDN_BODY(f -> f.slowCdnBody(4096, 1500, 1), SocketTimeoutException.class),
    WRONG_KEY_STREAM(f -> f.wrongKeyStream(1), MediaIntegrityException.class),
    DUPLICATE_KEY_HEADER(f -> f.duplicateKeyHeader(1), MediaProtocolException.class),
    MALFORMED_KEY_HEADER(f -> f.malformedKeyHeader(1), MediaProtocolException.class);

    final Consumer<Faults> arm;
    final Class<? extends IOException> expected;

    Fault(Consumer<Faults> arm, Class<? extends IOException> expected) {
      this.arm = arm;
      this.expected = expected;
    }
  }

  static Stream<Arguments> cells() {
    List<Arguments> cells = new ArrayList<>();
    for (Fault fault : Fault.values()) {
      for (Mode mode : Mode.values()) {
        for (boolean e2ee : new boolean[] {false, true}) {
          cells.add(Arguments.of(fault, mode, e2ee));
        }
      }
    }
    return cells.stream();
  }

  @BeforeAll
  static void startServer() throws IOException {
    // MSC3910 on: every seeded object has a content token, sent with every request of the matrix.
    server = TestHomeserver.newBuilder().contentTokens(true).start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @AfterEach
  void tearDown() {
    server.faults().clear();
    server.clearRecordedRequests();
    Logger.getLogger("").removeHandler(logHandler);
    if (savedErr != null) System.setErr(savedErr);
    if (matrix != null) Cli.shutdown(matrix);
  }

  private MediaClient client(Path spool) {
    pool = new ConnectionPool();
    OkHttpClient ok = Cli.okHttpClient().connectionPool(pool)
        .readTimeout(500, TimeUnit.MILLISECONDS).build();
    matrix = Cli.matrixClient(HttpUrl.get(server.baseUrl()), server.accessToken(), ok, true);
    return MediaClient.builder(matrix)
        .defaultOptions(MediaOptions.defaults())
        .spoolDirectory(spool.toFile())
        .build();
  }

  private void captureLogsAndStderr() {
    logHandler = new Handler() {
      @Override
      public void publish(LogRecord record) {
        logged.add(record.getLevel() + " " + record.getMessage() + " "
            + (record.getThrown() != null ? record.getThrown() : ""));
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    logHandler.setLevel(Level.ALL);
    Logger.getLogger("").addHandler(logHandler);
    savedErr = System.err;
    System.setErr(new PrintStream(stderr, true));
  }

  @ParameterizedTest(name = "{0} x {1}, e2ee={2}")
  @MethodSource("cells")
  void eachFaultInEachDeliveryModeFailsClosedOrRecovers(Fault fault, Mode mode, boolean e2ee)
      throws Exception {
    Path spool = Files.createDirectory(dir.resolve("spool"));
    Path targetDir = Files.createDirectory(dir.resolve("out"));
    MediaClient client = client(spool);
    byte[] content = new byte[SIZE];
    RANDOM.nextBytes(content);
    List<String> secrets = new ArrayList<>(List.of(server.accessToken(), "_msc4097/"));
    MediaRequest request;
    if (e2ee) {
      EncryptedFile file = server.seedEncrypted(content);
      byte[] key = file.key();
      secrets.add(Base64.getUrlEncoder().withoutPadding().encodeToString(key));
      secrets.add(Base64.getEncoder().withoutPadding().encodeToString(key));
      secrets.add(new java.math.BigInteger(1, key).toString(16));
      request = MediaRequest.download(file);
    } else {
      MxcUri uri = server.seed(content, "application/octet-stream", "f.bin");
      request = MediaRequest.download(uri);
    }
    String contentToken = server.contentToken(request.mxcUri());
    assertNotNull(contentToken);
    secrets.add(contentToken);
    request = request.newBuilder().contentToken(contentToken).build();
    File target = targetDir.resolve("target.bin").toFile();
    byte[] previous = "the previous contents".getBytes(StandardCharsets.UTF_8);
    Files.write(target.toPath(), previous);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    fault.arm.accept(server.faults());
    captureLogsAndStderr();

    IOException failure = null;
    byte[] delivered = null;
    try (MediaResponse response = client.newCall(request).execute()) {
      switch (mode) {
        case STREAM:
          delivered = response.source().readByteArray();
          break;
        case FILE:
          response.downloadTo(target);
          delivered = Files.readAllBytes(target.toPath());
          break;
        case OUTPUT_STREAM:
          response.downloadTo(out);
          delivered = out.toByteArray();
          break;
      }
    } catch (IOException e) {
      failure = e;
    }

    if (fault.expected == null) {
      assertEquals(null, failure, "expected the right bytes");
      assertArrayEquals(content, delivered);
    } else {
      assertTrue(fault.expected.isInstance(failure),
          "expected " + fault.expected.getSimpleName() + " but got " + failure);
      assertArrayEquals(previous, Files.readAllBytes(target.toPath()), "target modified");
      if (mode == Mode.OUTPUT_STREAM) assertEquals(0, out.size(), "unverified bytes written");
      assertNoSecret(secrets, failure);
    }
    try (Stream<Path> left = Files.list(targetDir)) {
      assertEquals(List.of(target.toPath()), left.toList(), "a temporary file was left");
    }
    try (Stream<Path> left = Files.list(spool)) {
      assertEquals(0, left.count(), "a spool file was left");
    }
    awaitNoConnectionInUse();
    for (dev.mxsdk.testkit.RecordedRequest cdnRequest : server.cdnRequests()) {
      assertEquals(null, cdnRequest.header("X-Matrix-Content-Token"), "a CDN got the token");
      assertEquals(null, cdnRequest.header("Authorization"), "a CDN got the access token");
    }
    boolean sentToHomeserver = false;
    for (dev.mxsdk.testkit.RecordedRequest home : server.homeserverRequests()) {
      sentToHomeserver |= contentToken.equals(home.header("X-Matrix-Content-Token"));
    }
    assertTrue(sentToHomeserver, "the homeserver never got the content token");
    assertNoSecretIn(secrets, request.toString(), "the request's toString");
    for (String line : logged) assertNoSecretIn(secrets, line, "log");
    assertNoSecretIn(secrets, stderr.toString(StandardCharsets.UTF_8), "stderr");
  }

  private static void assertNoSecret(List<String> secrets, Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      assertNoSecretIn(secrets, String.valueOf(t.getMessage()), "message");
      assertNoSecretIn(secrets, t.toString(), "toString");
      for (Throwable s : t.getSuppressed()) assertNoSecretIn(secrets, s.toString(), "suppressed");
    }
  }

  private static void assertNoSecretIn(List<String> secrets, String text, String where) {
    for (String secret : secrets) {
      assertFalse(text.contains(secret), where + " leaks a secret: " + text);
    }
  }

  /** The call released its connection: none is left in use (idle ones may stay pooled). */
  private void awaitNoConnectionInUse() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (pool.connectionCount() != pool.idleConnectionCount()
        && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(pool.idleConnectionCount(), pool.connectionCount(),
        "a connection is still in use: " + Arrays.asList(pool.connectionCount(),
            pool.idleConnectionCount()));
  }
}
