package dev.mxsdk.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mxsdk.core.MxcUri;
import dev.mxsdk.testkit.RecordedRequest;
import dev.mxsdk.testkit.TestHomeserver;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mxmedia download --user}: password login, discovery, logout at the end. */
final class DownloadAsUserTest {
  private static final String PASSWORD = "correct horse battery";
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final Map<String, String> environment = new HashMap<>();
  private TestHomeserver server;
  private Map<String, String> savedEnvironment;

  @TempDir Path dir;

  @BeforeEach
  void setUp() {
    savedEnvironment = HomeserverAccess.environment;
    HomeserverAccess.environment = environment;
  }

  @AfterEach
  void tearDown() {
    HomeserverAccess.environment = savedEnvironment;
    if (server != null) server.close();
  }

  private int run(String... args) {
    return MxMedia.run(new PrintStream(out, true), new PrintStream(err, true), args);
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8).trim();
  }

  private static byte[] random(int size) {
    byte[] b = new byte[size];
    new SecureRandom().nextBytes(b);
    return b;
  }

  /** Writes the testkit's certificate as a PEM file for {@code --cacert}. */
  private File writeCaPem() throws Exception {
    File pem = dir.resolve("ca.pem").toFile();
    Files.writeString(pem.toPath(), "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder().encodeToString(server.certificate().getEncoded())
        + "\n-----END CERTIFICATE-----\n");
    return pem;
  }

  @Test
  void logsInDownloadsAndLogsTheDeviceOutWithThePasswordFromTheEnvironment() throws Exception {
    server = TestHomeserver.newBuilder().user("alice", PASSWORD).start();
    byte[] content = random(50_000);
    MxcUri uri = server.seed(content, "application/octet-stream", "a.bin");
    environment.put("MXMEDIA_PASSWORD", PASSWORD);
    File target = dir.resolve("a.bin").toFile();

    assertEquals(0, run("download", uri.toString(), "-o", target.getPath(),
        "--user", "@alice:localhost", "--homeserver", server.baseUrl(),
        "--allow-insecure-loopback"), stderr());

    assertArrayEquals(content, Files.readAllBytes(target.toPath()));
    assertTrue(server.devices("@alice:localhost").isEmpty(), "the device was logged out");
    long logins = 0;
    long logouts = 0;
    for (RecordedRequest r : server.homeserverRequests()) {
      if (r.target().equals("/_matrix/client/v3/login")) logins++;
      if (r.target().equals("/_matrix/client/v3/logout")) logouts++;
    }
    assertEquals(1, logins);
    assertEquals(1, logouts);
    assertFalse(out.toString(StandardCharsets.UTF_8).contains(PASSWORD));
    assertFalse(stderr().contains(PASSWORD));
  }

  @Test
  void findsTheHomeserverThroughWellKnownWhenNoneIsGiven() throws Exception {
    server = TestHomeserver.newBuilder().tls(true).user("alice", PASSWORD).start();
    byte[] content = random(20_000);
    MxcUri uri = server.seed(content, "application/octet-stream", null);
    File pem = writeCaPem();
    environment.put("MXMEDIA_PASSWORD", PASSWORD);
    File target = dir.resolve("b.bin").toFile();

    assertEquals(0, run("download", uri.toString(), "-o", target.getPath(),
        "--user", "@alice:" + server.authority(), "--cacert", pem.getPath()), stderr());

    assertArrayEquals(content, Files.readAllBytes(target.toPath()));
    assertEquals("/.well-known/matrix/client", server.homeserverRequests().get(0).target());
    assertTrue(server.devices("@alice:" + server.authority()).isEmpty());
  }

  @Test
  void aWrongPasswordIsOneLineExitOneAndNoFile() throws Exception {
    server = TestHomeserver.newBuilder().user("alice", PASSWORD).start();
    MxcUri uri = server.seed(random(100), "application/octet-stream", null);
    environment.put("MXMEDIA_PASSWORD", "wrong");
    File target = dir.resolve("c.bin").toFile();

    assertEquals(1, run("download", uri.toString(), "-o", target.getPath(),
        "--user", "alice", "--homeserver", server.baseUrl(), "--allow-insecure-loopback"));

    assertEquals("mxmedia: login as alice failed: HTTP 403 M_FORBIDDEN: Invalid username or"
        + " password", stderr());
    assertFalse(target.exists());
  }

  @Test
  void withoutPasswordInTheEnvironmentOrATerminalItIsAUsageError() throws Exception {
    server = TestHomeserver.newBuilder().user("alice", PASSWORD).start();
    MxcUri uri = server.seed(random(100), "application/octet-stream", null);
    assertEquals(2, run("download", uri.toString(), "-o", dir.resolve("d").toString(),
        "--user", "alice", "--homeserver", server.baseUrl(), "--allow-insecure-loopback"));
    assertTrue(stderr().startsWith("mxmedia: --user needs a password: set MXMEDIA_PASSWORD"),
        stderr());
    assertTrue(server.homeserverRequests().isEmpty());
  }

  @Test
  void aPasswordIsNeverSentOverPlainHttpWithoutTheLoopbackOption() throws Exception {
    server = TestHomeserver.newBuilder().user("alice", PASSWORD).start();
    MxcUri uri = server.seed(random(100), "application/octet-stream", null);
    environment.put("MXMEDIA_PASSWORD", PASSWORD);
    assertEquals(2, run("download", uri.toString(), "-o", dir.resolve("e").toString(),
        "--user", "alice", "--homeserver", server.baseUrl()));
    assertTrue(stderr().startsWith("mxmedia: refusing to send a password over plain http"),
        stderr());
    assertTrue(server.homeserverRequests().isEmpty());
  }

  @Test
  void aLocalpartWithoutAHomeserverCannotBeDiscovered() throws IOException {
    assertEquals(2, run("download", "mxc://example.org/abc", "--user", "alice"));
    assertTrue(stderr().startsWith("mxmedia: --user needs a full user ID"), stderr());
  }

  @Test
  void aFailedDiscoveryNamesTheStep() throws Exception {
    server = TestHomeserver.newBuilder().tls(true).user("alice", PASSWORD).start();
    server.wellKnown("{\"m.homeserver\":{\"base_url\":\"http://127.0.0.1:1\"}}");
    File pem = writeCaPem();
    environment.put("MXMEDIA_PASSWORD", PASSWORD);
    File target = dir.resolve("f.bin").toFile();
    assertEquals(1, run("download", "mxc://localhost/abc", "-o", target.getPath(),
        "--user", "@alice:" + server.authority(), "--cacert", pem.getPath()));
    assertEquals("mxmedia: discovery for " + server.authority()
        + ": m.homeserver.base_url is not https: http://127.0.0.1", stderr());
    assertFalse(target.exists());
  }
}
