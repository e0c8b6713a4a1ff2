package dev.mxsdk.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.squareup.moshi.JsonReader;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mxmedia serve}'s server options and its {@code --log}. */
final class ServeOptionsTest {
  @TempDir File dir;

  private Thread serving;
  private final AtomicInteger exit = new AtomicInteger(-1);
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final HttpClient http = HttpClient.newBuilder()
      .followRedirects(HttpClient.Redirect.NEVER).build();
  private final Map<String, String> savedEnvironment = ServeCommand.environment;

  @AfterEach
  void stop() throws Exception {
    ServeCommand.environment = savedEnvironment;
    if (serving != null) {
      serving.interrupt();
      serving.join(10_000);
      assertEquals(0, exit.get(), err.toString(StandardCharsets.UTF_8));
    }
  }

  /**
   * Starts {@code serve args}, returning what it printed as {@code name: value} (and {@code mxc}
   * for the seeded file) up to the line starting with {@code last}.
   */
  private Map<String, String> serve(String last, String... args) throws Exception {
    PipedInputStream pipe = new PipedInputStream(65536);
    PrintStream out = new PrintStream(new PipedOutputStream(pipe), true, "UTF-8");
    List<String> all = new ArrayList<>();
    all.add("serve");
    all.addAll(List.of(args));
    serving = new Thread(() -> exit.set(MxMedia.run(out, new PrintStream(err, true),
        all.toArray(new String[0]))));
    serving.start();
    BufferedReader lines = new BufferedReader(new InputStreamReader(pipe, StandardCharsets.UTF_8));
    Map<String, String> printed = new HashMap<>();
    for (String line; (line = lines.readLine()) != null; ) {
      int colon = line.indexOf(": ");
      if (line.contains("\t")) {
        printed.put("mxc", line.split("\t")[0]);
      } else if (colon > 0) {
        printed.put(line.substring(0, colon), line.substring(colon + 2));
      }
      if (line.startsWith(last)) break;
    }
    return printed;
  }

  private HttpResponse<byte[]> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static Map<?, ?> json(byte[] body) throws Exception {
    return (Map<?, ?>) JsonReader.of(new Buffer().write(body)).readJsonValue();
  }

  @Test
  void theServerOptionsShapeTheServer() throws Exception {
    File hello = new File(dir, "hello.txt");
    Files.write(hello.toPath(), "hi".getBytes(StandardCharsets.UTF_8));
    ServeCommand.environment = Map.of();
    Map<String, String> printed = serve("password: ", "--no-cdn", "--spec-version", "v1.7", "--spec-version", "v1.11",
        "--unstable-feature", "org.example.a", "--unstable-feature", "org.example.b=false",
        "--server-name", "example.test", "--max-upload-size", "1234", "--user", "alice",
        "--access-token-lifetime", "60000", hello.getPath());
    String base = printed.get("homeserver");
    assertNull(printed.get("cdn"));
    assertTrue(printed.get("mxc").startsWith("mxc://example.test/"), printed.toString());
    String password = printed.get("password");
    assertTrue(password.matches("[A-Za-z0-9_-]{24}"), password);

    Map<?, ?> versions = json(send(HttpRequest.newBuilder(URI.create(base + "/_matrix/client/versions"))).body());
    assertEquals(List.of("v1.7", "v1.11"), versions.get("versions"));
    assertEquals(Map.of("org.matrix.msc4120", true, "org.example.a", true, "org.example.b", false), versions.get("unstable_features"));

    HttpResponse<byte[]> login = send(HttpRequest.newBuilder(URI.create(base + "/_matrix/client/v3/login"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"m.login.password\",\"identifier\":"
            + "{\"type\":\"m.id.user\",\"user\":\"alice\"},\"password\":\"" + password
            + "\",\"refresh_token\":true}")));
    assertEquals(200, login.statusCode(), new String(login.body(), StandardCharsets.UTF_8));
    Map<?, ?> session = json(login.body());
    assertEquals("@alice:example.test", session.get("user_id"));
    assertEquals(60000.0, session.get("expires_in_ms"));
    String token = (String) session.get("access_token");

    Map<?, ?> config = json(send(HttpRequest.newBuilder(URI.create(base + "/_matrix/client/v1/media/config"))
        .header("Authorization", "Bearer " + token)).body());
    assertEquals(1234.0, config.get("m.upload.size"));
    // No CDN: the authenticated download is served by the homeserver itself.
    HttpResponse<byte[]> download = send(HttpRequest.newBuilder(URI.create(base
        + "/_matrix/client/v1/media/download/" + printed.get("mxc").substring("mxc://".length())))
        .header("Authorization", "Bearer " + token));
    assertEquals(200, download.statusCode());
    assertArrayEquals("hi".getBytes(StandardCharsets.UTF_8), download.body());
  }

  @Test
  void mediaAuthCookiesLetsTheCookieAloneDownloadAndTheLogRedactsIt() throws Exception {
    File hello = new File(dir, "hello.txt");
    Files.write(hello.toPath(), "by cookie".getBytes(StandardCharsets.UTF_8));
    File log = new File(dir, "requests.jsonl");
    Map<String, String> printed = serve("access token: ", "--no-cdn", "--media-auth-cookies",
        "--log", log.getPath(), hello.getPath());
    String base = printed.get("homeserver");
    Map<?, ?> versions = json(send(HttpRequest.newBuilder(
        URI.create(base + "/_matrix/client/versions"))).body());
    assertEquals(true, ((Map<?, ?>) versions.get("unstable_features")).get("org.matrix.msc4250"));
    HttpResponse<byte[]> whoami = send(HttpRequest.newBuilder(URI.create(base
        + "/_matrix/client/v3/account/whoami?org.matrix.msc4250.set_auth_cookie=true"))
        .header("Authorization", "Bearer " + printed.get("access token")));
    String setCookie = whoami.headers().firstValue("Set-Cookie").orElse(null);
    assertNotNull(setCookie);
    String cookie = setCookie.substring(0, setCookie.indexOf(';'));
    HttpResponse<byte[]> download = send(HttpRequest.newBuilder(URI.create(base
        + "/_matrix/client/v1/media/download/" + printed.get("mxc").substring("mxc://".length())))
        .header("Cookie", cookie));
    assertEquals(200, download.statusCode());
    assertArrayEquals("by cookie".getBytes(StandardCharsets.UTF_8), download.body());
    String value = cookie.substring(cookie.indexOf('=') + 1);
    String logged = new String(Files.readAllBytes(log.toPath()), StandardCharsets.UTF_8);
    assertTrue(logged.contains("set_auth_cookie"), logged);
    assertFalse(logged.contains(value), logged);
  }

  @Test
  void theLogHasOneLinePerRequestPerOriginWithEveryCredentialRedacted() throws Exception {
    File hello = new File(dir, "hello.txt");
    Files.write(hello.toPath(), "logged".getBytes(StandardCharsets.UTF_8));
    File log = new File(dir, "requests.jsonl");
    Map<String, String> printed = serve("access token: ", "--log", log.getPath(), hello.getPath());
    String base = printed.get("homeserver");
    String token = printed.get("access token");
    String media = printed.get("mxc").substring("mxc://".length());
    HttpResponse<byte[]> redirect = send(HttpRequest.newBuilder(URI.create(base
        + "/_matrix/client/v1/media/download/" + media + "?org.matrix.msc4097.encryption=aes128gcm"))
        .header("Authorization", "Bearer " + token));
    assertEquals(307, redirect.statusCode());
    String location = redirect.headers().firstValue("Location").orElseThrow();
    String keyHeader = redirect.headers().firstValue("X-Matrix-Media-Encryption").orElseThrow();
    HttpResponse<byte[]> cdn = send(HttpRequest.newBuilder(URI.create(location)));
    assertEquals(200, cdn.statusCode());
    send(HttpRequest.newBuilder(URI.create(base + "/_matrix/client/v1/media/config?access_token=" + token)));

    // A line is written once its answer is done, which may be just after the client has it all.
    List<String> lines = Files.readAllLines(log.toPath());
    for (long giveUp = System.nanoTime() + 10_000_000_000L; lines.size() < 3
        && System.nanoTime() < giveUp; lines = Files.readAllLines(log.toPath())) {
      Thread.sleep(5);
    }
    assertEquals(3, lines.size(), String.join("\n", lines));
    String all = String.join("\n", lines);
    String sealed = location.substring(location.lastIndexOf('/') + 1);
    String key = keyHeader.replaceAll(".*key=([A-Za-z0-9_-]+).*", "$1");
    for (String secret : new String[] {token, sealed, key}) {
      assertFalse(all.contains(secret), "a secret in the log:\n" + all);
    }

    // Lines are in the order the answers finished: the CDN's may end after the next request's.
    Map<?, ?> first = line(lines, "/_matrix/client/v1/media/download/");
    assertEquals("homeserver", first.get("origin"));
    assertEquals("GET", first.get("method"));
    assertEquals("/_matrix/client/v1/media/download/" + media
        + "?org.matrix.msc4097.encryption=aes128gcm", first.get("target"));
    assertEquals(307.0, first.get("status"));
    assertEquals(0.0, first.get("bytes"));
    assertTrue(((String) first.get("time")).matches("\\d{4}-\\d\\d-\\d\\dT.*Z"), (String) first.get("time"));
    Map<?, ?> requestHeaders = (Map<?, ?>) first.get("request_headers");
    assertEquals("[redacted]", requestHeaders.get("authorization"));
    Map<?, ?> responseHeaders = (Map<?, ?>) first.get("response_headers");
    assertEquals("[redacted]", responseHeaders.get("x-matrix-media-encryption"));
    assertTrue(((String) responseHeaders.get("location")).endsWith("/_msc4097/v1/[token]"));

    Map<?, ?> second = line(lines, "/_msc4097/v1/");
    assertEquals("cdn", second.get("origin"));
    assertEquals("/_msc4097/v1/[token]", second.get("target"));
    assertEquals(200.0, second.get("status"));
    assertEquals((double) cdn.body().length, second.get("bytes"));
    assertEquals("aes128gcm", ((Map<?, ?>) second.get("response_headers")).get("content-encoding"));

    Map<?, ?> third = line(lines, "/_matrix/client/v1/media/config");
    assertEquals("/_matrix/client/v1/media/config?access_token=[redacted]", third.get("target"));
    assertEquals(200.0, third.get("status"));
  }

  /** The one log line whose target starts with {@code prefix}. */
  private static Map<?, ?> line(List<String> lines, String prefix) throws Exception {
    Map<?, ?> found = null;
    for (String l : lines) {
      Map<?, ?> parsed = json(l.getBytes(StandardCharsets.UTF_8));
      if (String.valueOf(parsed.get("target")).startsWith(prefix)) {
        assertNull(found, "two lines for " + prefix);
        found = parsed;
      }
    }
    assertNotNull(found, "no line for " + prefix + " in\n" + String.join("\n", lines));
    return found;
  }

  @Test
  void malformedOptionValuesAreUsageErrors() {
    String[][] cases = {
        {"--spec-version", "1.11"}, {"--unstable-feature", "a=yes"}, {"--unstable-feature", "=true"},
        {"--server-name", "bad name"}, {"--max-upload-size", "-1"}, {"--max-upload-size", "lots"},
        {"--user", "Alice"}, {"--access-token-lifetime", "-5"}};
    for (String[] c : cases) {
      CliRun run = CliRun.of("serve", c[0], c[1]);
      assertEquals(2, run.exitCode(), String.join(" ", c) + ": " + run.err());
      assertEquals(1, run.errLines().length, run.err());
    }
  }
}
