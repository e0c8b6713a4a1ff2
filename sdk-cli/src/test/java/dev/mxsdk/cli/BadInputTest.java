package dev.mxsdk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of bad input to every subcommand that takes input: a non-zero exit, exactly one line
 * on stderr naming the problem (no stack trace, no key), nothing on stdout, and no output file.
 */
final class BadInputTest {
  private static final String KEY_16 = Base64.getUrlEncoder().withoutPadding()
      .encodeToString(new byte[16]);

  @TempDir static Path shared;
  @TempDir Path dir;
  private Map<String, String> savedEnvironment;

  /** The files a case may refer to, made fresh for each case. */
  static final class Files_ {
    File plain;
    File ciphertext;
    String json;
    File ece;
    File out;
    Path dir;

    File json(String text) throws IOException {
      File f = dir.resolve("file-" + Math.abs(text.hashCode()) + ".json").toFile();
      Files.writeString(f.toPath(), text);
      return f;
    }

    File bytes(byte[] b) throws IOException {
      File f = Files.createTempFile(dir, "in", ".bin").toFile();
      Files.write(f.toPath(), b);
      return f;
    }
  }

  interface Args {
    String[] make(Files_ f) throws IOException;
  }

  private static Arguments bad(String name, int exit, Args args) {
    return Arguments.of(name, exit, args);
  }

  private static String replace(String json, String from, String to) {
    if (!json.contains(from)) throw new AssertionError("no " + from + " in " + json);
    return json.replace(from, to);
  }

  static Stream<Arguments> cases() {
    Function<Files_, String> key = f -> f.json.replaceAll(".*\"k\":\"([^\"]+)\".*", "$1");
    return Stream.of(
        // decrypt: the EncryptedFile JSON
        bad("decrypt: JSON that is not JSON", 1, f -> new String[] {"decrypt",
            "--encrypted-file", f.json("{not json").getPath(), f.ciphertext.getPath(), f.out.getPath()}),
        bad("decrypt: JSON that is an array", 1, f -> new String[] {"decrypt",
            "--encrypted-file", f.json("[]").getPath(), f.ciphertext.getPath(), f.out.getPath()}),
        bad("decrypt: a 16-byte key", 1, f -> new String[] {"decrypt", "--encrypted-file",
            f.json(replace(f.json, key.apply(f), KEY_16)).getPath(), f.ciphertext.getPath(),
            f.out.getPath()}),
        bad("decrypt: a key that is not base64url", 1, f -> new String[] {"decrypt",
            "--encrypted-file", f.json(replace(f.json, key.apply(f), "!!!not-base64!!!")).getPath(),
            f.ciphertext.getPath(), f.out.getPath()}),
        bad("decrypt: an 8-byte iv", 1, f -> new String[] {"decrypt", "--encrypted-file",
            f.json(f.json.replaceAll("\"iv\":\"[^\"]+\"", "\"iv\":\"AAAAAAAAAAA\"")).getPath(),
            f.ciphertext.getPath(), f.out.getPath()}),
        bad("decrypt: an unknown version", 1, f -> new String[] {"decrypt", "--encrypted-file",
            f.json(replace(f.json, "\"v\":\"v2\"", "\"v\":\"v9\"")).getPath(),
            f.ciphertext.getPath(), f.out.getPath()}),
        bad("decrypt: an unknown algorithm", 1, f -> new String[] {"decrypt", "--encrypted-file",
            f.json(replace(f.json, "\"alg\":\"A256CTR\"", "\"alg\":\"A128CBC\"")).getPath(),
            f.ciphertext.getPath(), f.out.getPath()}),
        bad("decrypt: no sha256", 1, f -> new String[] {"decrypt", "--encrypted-file",
            f.json(f.json.replaceAll("\"sha256\":\"[^\"]+\"", "\"sha512\":\"x\"")).getPath(),
            f.ciphertext.getPath(), f.out.getPath()}),
        bad("decrypt: a tampered ciphertext", 1, f -> {
          byte[] ct = Files.readAllBytes(f.ciphertext.toPath());
          ct[ct.length / 2] ^= 1;
          return new String[] {"decrypt", "--encrypted-file", f.json(f.json).getPath(),
              f.bytes(ct).getPath(), f.out.getPath()};
        }),
        bad("decrypt: a missing ciphertext file", 1, f -> new String[] {"decrypt",
            "--encrypted-file", f.json(f.json).getPath(), f.dir.resolve("nope").toString(),
            f.out.getPath()}),
        bad("decrypt: a missing JSON file", 1, f -> new String[] {"decrypt",
            "--encrypted-file", f.dir.resolve("nope.json").toString(), f.ciphertext.getPath(),
            f.out.getPath()}),
        bad("decrypt: no --encrypted-file", 2, f -> new String[] {"decrypt",
            f.ciphertext.getPath(), f.out.getPath()}),
        // encrypt
        bad("encrypt: a missing input", 1, f -> new String[] {"encrypt",
            f.dir.resolve("nope").toString(), f.out.getPath()}),
        bad("encrypt: a directory as input", 1, f -> new String[] {"encrypt",
            f.dir.toString(), f.out.getPath()}),
        // ece-decrypt
        bad("ece-decrypt: an 8-byte key", 2, f -> new String[] {"ece-decrypt", "--key",
            "AAAAAAAAAAA", f.ece.getPath(), f.out.getPath()}),
        bad("ece-decrypt: a key that is not base64url", 2, f -> new String[] {"ece-decrypt",
            "--key", "*invalid*", f.ece.getPath(), f.out.getPath()}),
        bad("ece-decrypt: the wrong key", 1, f -> new String[] {"ece-decrypt", "--key",
            Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[] {
                1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}),
            f.ece.getPath(), f.out.getPath()}),
        bad("ece-decrypt: a truncated stream", 1, f -> {
          byte[] ece = Files.readAllBytes(f.ece.toPath());
          return new String[] {"ece-decrypt", "--key", KEY_16,
              f.bytes(java.util.Arrays.copyOf(ece, ece.length - 7)).getPath(), f.out.getPath()};
        }),
        bad("ece-decrypt: random bytes", 1, f -> new String[] {"ece-decrypt", "--key", KEY_16,
            f.bytes(random(5000)).getPath(), f.out.getPath()}),
        bad("ece-decrypt: a record size above --max-rs", 1, f -> new String[] {"ece-decrypt",
            "--key", KEY_16, "--max-rs", "100", f.ece.getPath(), f.out.getPath()}),
        bad("ece-decrypt: --max-rs not a number", 2, f -> new String[] {"ece-decrypt",
            "--key", KEY_16, "--max-rs", "lots", f.ece.getPath(), f.out.getPath()}),
        // ece-encrypt
        bad("ece-encrypt: --rs below 18", 2, f -> new String[] {"ece-encrypt", "--key", KEY_16,
            "--rs", "17", f.plain.getPath(), f.out.getPath()}),
        bad("ece-encrypt: --rs not a number", 2, f -> new String[] {"ece-encrypt", "--key",
            KEY_16, "--rs", "x", f.plain.getPath(), f.out.getPath()}),
        bad("ece-encrypt: a 32-byte key", 2, f -> new String[] {"ece-encrypt", "--key",
            Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]),
            f.plain.getPath(), f.out.getPath()}),
        bad("ece-encrypt: a 15-byte salt", 2, f -> new String[] {"ece-encrypt", "--key", KEY_16,
            "--salt", Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[15]),
            f.plain.getPath(), f.out.getPath()}),
        bad("ece-encrypt: a missing input", 1, f -> new String[] {"ece-encrypt", "--key", KEY_16,
            f.dir.resolve("nope").toString(), f.out.getPath()}),
        // download: inputs rejected before any network access
        bad("download: an mxc URI with a bad host", 2, f -> new String[] {"download",
            "mxc://bad host/abc", "-o", f.out.getPath(), "--homeserver", "https://127.0.0.1:1"}),
        bad("download: an http URL instead of mxc", 2, f -> new String[] {"download",
            "https://example.org/abc", "-o", f.out.getPath(), "--homeserver", "https://127.0.0.1:1"}),
        bad("download: an mxc URI without a media ID", 2, f -> new String[] {"download",
            "mxc://example.org/", "-o", f.out.getPath(), "--homeserver", "https://127.0.0.1:1"}),
        bad("download: a media ID with a slash", 2, f -> new String[] {"download",
            "mxc://example.org/a/b", "-o", f.out.getPath(), "--homeserver", "https://127.0.0.1:1"}),
        bad("download: a thumbnail size of 0x0", 2, f -> new String[] {"download",
            "mxc://example.org/abc", "--thumbnail", "0x0", "-o", f.out.getPath(),
            "--homeserver", "https://127.0.0.1:1"}),
        bad("download: a homeserver that is not a URL", 2, f -> new String[] {"download",
            "mxc://example.org/abc", "-o", f.out.getPath(), "--homeserver", "matrix.example.org"}),
        bad("download: malformed EncryptedFile JSON", 1, f -> new String[] {"download",
            "mxc://example.org/abc", "--encrypted-file", f.json("{\"v\":").getPath(),
            "-o", f.out.getPath(), "--homeserver", "https://127.0.0.1:1"}),
        bad("download: an unreachable homeserver", 1, f -> new String[] {"download",
            "mxc://example.org/abc", "-o", f.out.getPath(), "--homeserver", "https://127.0.0.1:1"}));
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    new SecureRandom().nextBytes(b);
    return b;
  }

  @BeforeEach
  void noTokenFromTheEnvironment() {
    savedEnvironment = HomeserverAccess.environment;
    HomeserverAccess.environment = Map.of("MXMEDIA_ACCESS_TOKEN", "SECRET_TOKEN");
  }

  @AfterEach
  void restoreEnvironment() {
    HomeserverAccess.environment = savedEnvironment;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void badInputExitsNonZeroWithOneLineAndNoOutputFile(String name, int exit, Args args)
      throws Exception {
    Files_ f = new Files_();
    f.dir = dir;
    f.plain = dir.resolve("plain.bin").toFile();
    Files.write(f.plain.toPath(), random(70_000));
    f.ciphertext = dir.resolve("ct.bin").toFile();
    CliRun encrypted = CliRun.of("encrypt", f.plain.getPath(), f.ciphertext.getPath());
    assertEquals(0, encrypted.exitCode(), encrypted.err());
    f.json = encrypted.out().trim();
    f.ece = dir.resolve("plain.ece").toFile();
    assertEquals(0, CliRun.of("ece-encrypt", "--key", KEY_16, "--rs", "4096",
        f.plain.getPath(), f.ece.getPath()).exitCode());
    f.out = dir.resolve("out.bin").toFile();
    List<String> before = new ArrayList<>(List.of(dir.toFile().list()));

    CliRun run = CliRun.of(args.make(f));

    assertNotEquals(0, run.exitCode(), name + ": " + run);
    assertEquals(exit, run.exitCode(), name + ": " + run.err());
    String[] lines = run.errLines();
    assertEquals(1, lines.length, name + ": stderr was\n" + run.err());
    assertTrue(lines[0].startsWith("mxmedia: "), lines[0]);
    assertEquals("", run.out(), name);
    assertFalse(f.out.exists(), name + ": an output file was created");
    assertFalse(run.err().contains(f.json.replaceAll(".*\"k\":\"([^\"]+)\".*", "$1")),
        "the key leaked: " + run.err());
    assertFalse(run.err().contains("SECRET_TOKEN"), run.err());
    for (String name2 : dir.toFile().list()) {
      assertTrue(before.contains(name2) || name2.startsWith("file-") || name2.startsWith("in"),
          name + ": left " + name2);
    }
  }
}
