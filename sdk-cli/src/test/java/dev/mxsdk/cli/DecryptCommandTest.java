package dev.mxsdk.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class DecryptCommandTest {
  /** The reference library's v2 vector ("alphanumerically" x 4), as another client would send it. */
  private static final String CIPHERTEXT =
      "zhtFStAeFx0s+9L/sSQO+WQMtldqYEHqTxMduJrCIpnkyer09kxJJuA4K+adQE4w+7jZe/vR9kIcqj9rOhDR8Q==";
  private static final String K = "__________________________________________8";
  private static final String JSON = "{\"url\":\"mxc://example.org/FHyPlCeYUSFFxlgbQYZmoEoe\","
      + "\"mimetype\":\"text/plain\",\"v\":\"v2\",\"key\":{\"alg\":\"A256CTR\",\"ext\":true,"
      + "\"k\":\"" + K + "\",\"key_ops\":[\"encrypt\",\"decrypt\"],\"kty\":\"oct\"},"
      + "\"iv\":\"//////////8AAAAAAAAAAA==\","
      + "\"hashes\":{\"sha256\":\"IOq7/dHHB+mfHfxlRY5XMeCWEwTPmlf4cJcgrkf6fVU=\"}}";
  private static final String PLAINTEXT = "alphanumerically".repeat(4);

  @TempDir Path dir;

  private Path in;
  private Path out;

  private CliRun decrypt(String json) throws Exception {
    Path jsonFile = Files.writeString(dir.resolve("file.json"), json);
    in = Files.write(dir.resolve("in.bin"), Base64.getDecoder().decode(CIPHERTEXT));
    out = dir.resolve("out.txt");
    return CliRun.of("decrypt", "--encrypted-file", jsonFile.toString(), in.toString(),
        out.toString());
  }

  @Test
  void decryptsAnotherClientsFileWithPaddedBase64ExtraFieldsAndAUrl() throws Exception {
    CliRun run = decrypt(JSON);
    assertEquals(0, run.exitCode(), run.err());
    assertEquals(PLAINTEXT, Files.readString(out));
    assertEquals(3, dir.toFile().list().length);
  }

  @Test
  void decryptsTheReferenceV1AndUnversionedVectors() throws Exception {
    String v1 = "{\"iv\":\"/////////////////////w\",\"key\":{\"kty\":\"oct\","
        + "\"key_ops\":[\"encrypt\",\"decrypt\"],\"k\":\"" + K + "\",\"alg\":\"A256CTR\"},"
        + "\"v\":\"v1\",\"hashes\":{\"sha256\":\"LYG/orOViuFwovJpv2YMLSsmVKwLt7pY3f8SYM7KU5E\"}}";
    String unversioned = v1.replace(",\"v\":\"v1\"", "")
        .replace("LYG/orOViuFwovJpv2YMLSsmVKwLt7pY3f8SYM7KU5E",
            "/K4w3G4zlLK312k66KxNPKDkWCn2QAH5aphAkuncTrQ");
    String[][] cases = {
        {v1, "tJVNBVJ/vl36UQt4Y5e5m84bRUrQHhcdLPvS/7EkDvlkDLZXamBB6k8THbiawiKZ5Mnq9PZMSSbgOCvmnUBOMA=="},
        {unversioned, "tJVNBVJ/vl36UQt4Y5e5myqUL3M8OtjRVQljZ+LlwbJeucRIM7CeKDJGGOjlJ1bqpqUdl6zytXJ3dCyvnUi4eQ=="},
    };
    for (String[] c : cases) {
      Path jsonFile = Files.writeString(dir.resolve("file.json"), c[0]);
      Path ciphertext = Files.write(dir.resolve("in.bin"), Base64.getDecoder().decode(c[1]));
      Path plaintext = dir.resolve("out.txt");
      Files.deleteIfExists(plaintext);
      CliRun run = CliRun.of("decrypt", "--encrypted-file", jsonFile.toString(),
          ciphertext.toString(), plaintext.toString());
      assertEquals(0, run.exitCode(), run.err());
      assertEquals(PLAINTEXT, Files.readString(plaintext));
    }
  }

  @Test
  void aJsonFileWithAByteOrderMarkIsAccepted() throws Exception {
    CliRun run = decrypt("\uFEFF" + JSON);
    assertEquals(0, run.exitCode(), run.err());
    assertEquals(PLAINTEXT, Files.readString(out));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "malformed JSON  | '{\"v\":'                    | '' | 'EncryptedFile $: '",
      "wrong key size  | " + K + "                   | AAAA | 'EncryptedFile key.k: expected base64url of 32 bytes, got 3 bytes'",
      "unknown v       | '\"v\":\"v2\"'               | '\"v\":\"v3\"' | 'EncryptedFile v: expected \"v2\" or \"v1\", got unsupported version \"v3\"'",
      "wrong alg       | A256CTR                      | A128GCM | 'EncryptedFile key.alg: expected \"A256CTR\", got \"A128GCM\"'",
      "wrong hash      | IOq7/dHHB                    | IOq7/dHHA | 'SHA-256 of the ciphertext does not match'",
  })
  void badInputFailsWithOneLineAndNeverCreatesTheOutput(
      String what, String replace, String with, String expected) throws Exception {
    String json = what.equals("malformed JSON") ? replace : JSON.replace(replace, with);
    CliRun run = decrypt(json);
    assertEquals(1, run.exitCode(), what + ": " + run.err());
    assertEquals(1, run.errLines().length, run.err());
    assertTrue(run.err().startsWith("mxmedia: " + expected), run.err());
    assertFalse(run.err().contains(K.substring(0, 10)), run.err());
    assertEquals("", run.out());
    assertFalse(Files.exists(out), what);
    assertEquals(2, dir.toFile().list().length, "no temporary file left behind");
  }

  @Test
  void aTamperedCiphertextNeverModifiesAnExistingOutput() throws Exception {
    Path jsonFile = Files.writeString(dir.resolve("file.json"), JSON);
    byte[] ciphertext = Base64.getDecoder().decode(CIPHERTEXT);
    ciphertext[ciphertext.length - 1] ^= 1;
    Path tampered = Files.write(dir.resolve("in.bin"), ciphertext);
    Path existing = Files.writeString(dir.resolve("out.txt"), "precious");
    CliRun run = CliRun.of("decrypt", "--encrypted-file", jsonFile.toString(),
        tampered.toString(), existing.toString());
    assertEquals(1, run.exitCode());
    assertEquals("precious", Files.readString(existing));
    assertEquals(3, dir.toFile().list().length);
  }

  @Test
  void aMissingJsonFileOrInputFailsWithOneLine() throws Exception {
    Path jsonFile = Files.writeString(dir.resolve("file.json"), JSON);
    CliRun run = CliRun.of("decrypt", "--encrypted-file", dir.resolve("nope.json").toString(),
        "in", dir.resolve("out").toString());
    assertEquals(1, run.exitCode());
    assertTrue(run.err().startsWith("mxmedia: cannot read JSON_FILE: no such file: "), run.err());
    run = CliRun.of("decrypt", "--encrypted-file", jsonFile.toString(),
        dir.resolve("nope.bin").toString(), dir.resolve("out").toString());
    assertEquals(1, run.exitCode());
    assertEquals(1, run.errLines().length, run.err());
    assertTrue(run.err().startsWith("mxmedia: cannot read IN: no such file: "), run.err());
    assertFalse(Files.exists(dir.resolve("out")));
  }

  @Test
  void withoutEncryptedFileItIsAUsageError() {
    CliRun run = CliRun.of("decrypt", "in", "out");
    assertEquals(2, run.exitCode());
    assertTrue(run.err().startsWith("mxmedia: Missing required option: '--encrypted-file"),
        run.err());
  }

  @Test
  void helpDescribesTheVerification() {
    CliRun run = CliRun.of("decrypt", "--help");
    assertEquals(0, run.exitCode());
    assertTrue(run.out().contains("only after the SHA-256"), run.out());
    assertTrue(run.out().contains("--encrypted-file=JSON_FILE"), run.out());
  }
}
