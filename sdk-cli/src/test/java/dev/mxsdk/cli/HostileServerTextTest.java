package dev.mxsdk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mxsdk.media.EncryptedFile;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A hostile homeserver's text on its way to the terminal: error texts, error codes, status lines,
 * file names and device IDs carrying terminal escapes, line separators, bidirectional overrides,
 * floods, and the secrets the CLI holds. What reaches stderr is one short line of printable text
 * that contains neither the token, the password nor the key.
 */
final class HostileServerTextTest {
  private static final String TOKEN = "syt_hostile_cli_token";
  private static final String PASSWORD = "hunter2 correct horse";
  /** Starts like the first line a terminal would show for a forged success. */
  private static final String OSC = "\\u001b]0;pwned\\u0007\\u001b[2K\\r";

  private final MockWebServer server = new MockWebServer();
  private final Map<String, MockResponse> responses = new HashMap<>();
  private final Map<String, String> environment = new HashMap<>();
  private Map<String, String> savedEnvironment;

  @TempDir Path dir;
  private File savedDefaultDirectory;

  @BeforeEach
  void setUp() throws IOException {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        String path = request.getPath();
        for (Map.Entry<String, MockResponse> e : responses.entrySet()) {
          if (path.startsWith(e.getKey())) return e.getValue();
        }
        if (path.startsWith("/_matrix/client/versions")) {
          return new MockResponse().setBody("{\"versions\":[\"v1.11\"]}");
        }
        return new MockResponse().setResponseCode(404)
            .setBody("{\"errcode\":\"M_UNRECOGNIZED\",\"error\":\"no\"}");
      }
    });
    server.start();
    savedEnvironment = HomeserverAccess.environment;
    environment.put("MXMEDIA_ACCESS_TOKEN", TOKEN);
    HomeserverAccess.environment = environment;
    savedDefaultDirectory = DownloadCommand.defaultDirectory;
    DownloadCommand.defaultDirectory = dir.toFile();
  }

  @AfterEach
  void tearDown() throws IOException {
    HomeserverAccess.environment = savedEnvironment;
    DownloadCommand.defaultDirectory = savedDefaultDirectory;
    server.shutdown();
  }

  private void media(MockResponse response) {
    responses.put("/_matrix/client/v1/media/download/", response);
  }

  private static MockResponse matrixError(int status, String errcodeJson, String errorJson) {
    return new MockResponse().setResponseCode(status)
        .setBody("{\"errcode\":\"" + errcodeJson + "\",\"error\":\"" + errorJson + "\"}");
  }

  private CliRun download(String... extra) {
    List<String> args = new ArrayList<>(List.of("download", "mxc://example.org/abc",
        "--homeserver", server.url("/").toString(), "--allow-insecure-loopback"));
    args.addAll(List.of(extra));
    return CliRun.of(args.toArray(new String[0]));
  }

  private static void assertPrintable(String text) {
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      if (cp != '\n' && cp != '\t') {
        assertFalse(Sanitizer.isUnsafe(cp), String.format(Locale.ROOT, "U+%04X in %s", cp, text));
      }
      i += Character.charCount(cp);
    }
  }

  /** Exit 1 and exactly one printable {@code mxmedia: } line on stderr, short, without secrets. */
  private static String assertOneCleanFailureLine(CliRun run, String... secrets) {
    assertEquals(1, run.exitCode(), run.err());
    String[] lines = run.errLines();
    assertEquals(1, lines.length, run.err());
    String line = lines[0];
    assertTrue(line.startsWith("mxmedia: "), line);
    assertTrue(line.length() <= "mxmedia: ".length() + Sanitizer.MAX_LENGTH,
        line.length() + " characters");
    assertPrintable(run.err());
    assertPrintable(run.out());
    for (String secret : secrets) {
      assertFalse(run.err().contains(secret), "stderr shows a secret: " + run.err());
      assertFalse(run.out().contains(secret), "stdout shows a secret: " + run.out());
    }
    return line;
  }

  @Test
  void anUnknownTokenErrorWithAnOscSequenceAndTheTokenPrintsOneCleanLine() {
    media(matrixError(401, "M_UNKNOWN_TOKEN", OSC + " token=" + TOKEN));
    String line = assertOneCleanFailureLine(download("-o", dir.resolve("x").toString()), TOKEN);
    assertTrue(line.contains("M_UNKNOWN_TOKEN"), line);
    // Shown, not silently dropped, so that a user can tell that the server sent escapes.
    assertTrue(line.contains("\\u001b]0;pwned\\u0007"), line);
  }

  @Test
  void aSixtyThousandCharacterErrcodeIsCutToOneShortLine() {
    media(matrixError(403, "M_" + "A".repeat(60_000), "forbidden"));
    String line = assertOneCleanFailureLine(download("-o", dir.resolve("x").toString()));
    // Cut twice over: the library keeps 64 characters of an errcode, the CLI 300 of a line.
    assertTrue(line.contains("M_" + "A".repeat(59) + "..."), line);
    assertTrue(line.length() < 300, line);
  }

  @Test
  void lineSeparatorsAndNextLineInTheErrorTextStayOnTheLine() {
    media(matrixError(500, "M_UNKNOWN",
        "oops\\u2028mxmedia: photo.jpg: 1000 bytes in 0.01 s\\u0085\\u2029\\u202e"));
    String line = assertOneCleanFailureLine(download("-o", dir.resolve("x").toString()));
    assertTrue(line.contains("oops\\u2028mxmedia"), line);
  }

  @Test
  void anUnexpectedStatusLineWithControlCharactersAndTheTokenIsEscapedAndRedacted() {
    media(new MockResponse().setStatus(
        "HTTP/1.1 2\u001b]0;pwned\u0007 " + TOKEN + "\u2028photo.jpg: 1000 bytes in 0.01 s\u0085"));
    String line = assertOneCleanFailureLine(download("-o", dir.resolve("x").toString()), TOKEN);
    assertTrue(line.contains("Unexpected status line"), line);
  }

  @Test
  void theVerboseStackTraceIsCleanAndRedactedToo() {
    media(matrixError(401, "M_UNKNOWN_TOKEN", OSC + "\\n\\u2028forged line " + TOKEN));
    CliRun run = download("-o", dir.resolve("x").toString(), "-v");
    assertEquals(1, run.exitCode(), run.err());
    assertTrue(run.errLines().length > 1, run.err());
    assertPrintable(run.err());
    assertFalse(run.err().contains(TOKEN), run.err());
    for (String line : run.errLines()) {
      assertFalse(line.startsWith("forged"), run.err());
      assertTrue(line.length() <= 2 + "Caused by: ".length() + Sanitizer.MAX_LENGTH, line);
    }
  }

  @Test
  void aFileNameWithALineSeparatorIsWrittenAndPrintedWithoutIt() throws Exception {
    media(new MockResponse().setBody("picture bytes").setHeader("Content-Disposition",
        "attachment; filename*=UTF-8''report%E2%80%A8%C2%85%E2%80%AEgpj.exe"));
    CliRun run = download();
    assertEquals(0, run.exitCode(), run.err());
    assertPrintable(run.out());
    String[] names = dir.toFile().list();
    assertEquals(1, names.length, String.join(", ", names));
    assertPrintable(names[0]);
    assertTrue(names[0].startsWith("report") && names[0].endsWith("gpj.exe"), names[0]);
    assertEquals("picture bytes", Files.readString(dir.resolve(names[0])));
    assertTrue(run.out().startsWith(new File(dir.toFile(), names[0]).getPath() + ": "),
        run.out());
  }

  static Stream<String> keyForms() {
    byte[] key = keyOf(json());
    String standard = Base64.getEncoder().encodeToString(key);
    String url = Base64.getUrlEncoder().encodeToString(key);
    String hex = HexFormat.of().formatHex(key);
    return Stream.of(standard, standard.replace("=", ""), url, url.replace("=", ""), hex,
        hex.toUpperCase(Locale.ROOT));
  }

  private static String json;

  private static synchronized String json() {
    if (json == null) {
      byte[] key = new byte[32];
      byte[] iv = new byte[16];
      SecureRandom random = new SecureRandom();
      random.nextBytes(key);
      random.nextBytes(iv);
      // Both alphabets must give different text, so that each form is tested on its own.
      key[0] = (byte) 0xfb;
      key[1] = (byte) 0xff;
      iv[8] = 0;
      json = new EncryptedFile.Builder().key(key).iv(iv).sha256(new byte[32]).version("v2")
          .build().toJson();
    }
    return json;
  }

  private static byte[] keyOf(String json) {
    try {
      return EncryptedFile.fromJson(json).key();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("keyForms")
  void theE2eeKeyQuotedByTheServerIsRedactedInEveryForm(String form) throws Exception {
    File file = dir.resolve("file.json").toFile();
    Files.writeString(file.toPath(), json());
    media(matrixError(403, "M_FORBIDDEN", "not for key " + form + " sorry"));
    String[] all = keyForms().toArray(String[]::new);
    assertOneCleanFailureLine(download("--encrypted-file", file.getPath(),
        "-o", dir.resolve("x").toString()), all);
  }

  @Test
  void thePasswordEchoedByTheLoginErrorIsRedacted() {
    environment.put("MXMEDIA_PASSWORD", PASSWORD);
    responses.put("/_matrix/client/v3/login",
        matrixError(403, "M_FORBIDDEN", "wrong password '" + PASSWORD + "' for @alice"));
    String line = assertOneCleanFailureLine(download("-o", dir.resolve("x").toString(),
        "--user", "@alice:example.org"), PASSWORD);
    assertTrue(line.startsWith("mxmedia: login as @alice:example.org failed: "), line);
  }

  @Test
  void theSessionTokenEchoedByTheServerIsRedacted() {
    environment.put("MXMEDIA_PASSWORD", PASSWORD);
    String sessionToken = "syt_session_from_login";
    responses.put("/_matrix/client/v3/login", new MockResponse().setBody("{\"user_id\":"
        + "\"@alice:example.org\",\"access_token\":\"" + sessionToken + "\",\"device_id\":\"D\"}"));
    responses.put("/_matrix/client/v3/logout", new MockResponse().setBody("{}"));
    media(matrixError(403, "M_FORBIDDEN", "denied for " + sessionToken));
    assertOneCleanFailureLine(download("-o", dir.resolve("x").toString(),
        "--user", "@alice:example.org"), sessionToken, PASSWORD);
  }

  @Test
  void theLogoutWarningIsOneCleanLine() throws Exception {
    environment.put("MXMEDIA_PASSWORD", PASSWORD);
    responses.put("/_matrix/client/v3/login", new MockResponse().setBody("{\"user_id\":"
        + "\"@alice:example.org\",\"access_token\":\"syt_s\",\"device_id\":\"DEV" + OSC + "\"}"));
    responses.put("/_matrix/client/v3/logout",
        matrixError(500, "M_UNKNOWN", "\\u2028mxmedia: done\\u001b[1A"));
    media(new MockResponse().setBody("picture bytes"));
    File target = dir.resolve("x").toFile();
    CliRun run = download("-o", target.getPath(), "--user", "@alice:example.org");
    assertEquals(0, run.exitCode(), run.err());
    String[] lines = run.errLines();
    assertEquals(1, lines.length, run.err());
    assertTrue(lines[0].startsWith("mxmedia: warning: could not log out device DEV\\u001b]0;"),
        lines[0]);
    assertPrintable(run.err());
    assertFalse(run.err().contains("syt_s"), run.err());
    assertEquals("picture bytes", Files.readString(target.toPath()));
  }
}
