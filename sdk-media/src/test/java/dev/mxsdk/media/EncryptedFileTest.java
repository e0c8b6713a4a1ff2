package dev.mxsdk.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mxsdk.core.MxcUri;
import java.util.Locale;
import okio.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class EncryptedFileTest {
  static final String K = "aWF6-32KGYaC3A_FEUCk1Bt0JA37zP0wrStgmdCaW-0";
  static final byte[] KEY = ByteString.decodeBase64(K).toByteArray();
  static final String IV = "w+sE15fzSc0AAAAAAAAAAA";
  static final String SHA256 = "fdSLu/YkRx3Wyh3KQabP3rd6+SFiKg5lsJZQHtkSAYA";

  /** The spec's example in the exact shape toJson() writes. */
  static final String CANONICAL = "{\"url\":\"mxc://example.org/FHyPlCeYUSFFxlgbQYZmoEoe\","
      + "\"key\":{\"kty\":\"oct\",\"key_ops\":[\"encrypt\",\"decrypt\"],\"alg\":\"A256CTR\","
      + "\"k\":\"" + K + "\",\"ext\":true},"
      + "\"iv\":\"" + IV + "\",\"hashes\":{\"sha256\":\"" + SHA256 + "\"},\"v\":\"v2\"}";

  /** Asserts that {@code text} contains the key in no encoding (base64, base64url, hex). */
  static void assertNoKeyMaterial(byte[] key, String text) {
    ByteString bytes = ByteString.of(key);
    String lower = text.toLowerCase(Locale.ROOT);
    assertFalse(text.contains(bytes.base64().substring(0, 12)), "key material in: " + text);
    assertFalse(text.contains(bytes.base64Url().substring(0, 12)), "key material in: " + text);
    assertFalse(lower.contains(bytes.hex().substring(0, 12)), "key material in: " + text);
  }

  @Test
  void toJsonWritesExactlyTheSpecShape() throws Exception {
    EncryptedFile file = EncryptedFile.fromJson(CANONICAL);
    assertEquals(CANONICAL, file.toJson());
  }

  @Test
  void toJsonOmitsTheUrlWhenItIsNotKnownAndTheVersionOfAnUnversionedFile() throws Exception {
    EncryptedFile file = EncryptedFile.fromJson(CANONICAL).newBuilder().url(null).version(null)
        .build();
    assertEquals("{\"key\":{\"kty\":\"oct\",\"key_ops\":[\"encrypt\",\"decrypt\"],"
        + "\"alg\":\"A256CTR\",\"k\":\"" + K + "\",\"ext\":true},\"iv\":\"" + IV + "\","
        + "\"hashes\":{\"sha256\":\"" + SHA256 + "\"}}", file.toJson());
  }

  @Test
  void fromJsonReadsEveryField() throws Exception {
    EncryptedFile file = EncryptedFile.fromJson(CANONICAL);
    assertEquals(MxcUri.parse("mxc://example.org/FHyPlCeYUSFFxlgbQYZmoEoe"), file.url());
    assertArrayEquals(KEY, file.key());
    assertArrayEquals(ByteString.decodeBase64(IV).toByteArray(), file.iv());
    assertArrayEquals(ByteString.decodeBase64(SHA256).toByteArray(), file.sha256());
    assertEquals("v2", file.version());
  }

  @Test
  void fromJsonAcceptsPaddedBase64ExtraFieldsAMissingExtAndNoUrl() throws Exception {
    String json = "{\"mimetype\":\"image/jpeg\",\"v\":\"v2\",\"size\":12,"
        + "\"key\":{\"kty\":\"oct\",\"alg\":\"A256CTR\",\"k\":\"" + K + "=\","
        + "\"key_ops\":[\"decrypt\",\"encrypt\",\"wrapKey\"],\"use\":\"enc\"},"
        + "\"iv\":\"" + IV + "==\",\"hashes\":{\"sha512\":\"ignored\",\"sha256\":\"" + SHA256
        + "=\"},\"info\":{\"nested\":[1,2,{\"x\":null}]}}";
    EncryptedFile file = EncryptedFile.fromJson(json);
    assertNull(file.url());
    assertEquals(EncryptedFile.fromJson(CANONICAL).newBuilder().url(null).build(), file);
  }

  @Test
  void aNullUrlIsTheSameAsNoUrl() throws Exception {
    EncryptedFile file = EncryptedFile.fromJson(CANONICAL.replace(
        "\"mxc://example.org/FHyPlCeYUSFFxlgbQYZmoEoe\"", "null"));
    assertNull(file.url());
  }

  @Test
  void aFileWithoutAVersionIsUnversioned() throws Exception {
    EncryptedFile file = EncryptedFile.fromJson(CANONICAL.replace(",\"v\":\"v2\"", ""));
    assertNull(file.version());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      // what                        | replace this                           | with this | field
      "missing key                   | \"key\":{                              | \"kee\":{ | key",
      "missing iv                    | \"iv\":                                | \"IV\":   | iv",
      "missing hashes                | \"hashes\":                            | \"h\":    | hashes",
      "missing hashes.sha256         | \"sha256\":                            | \"sha1\": | hashes.sha256",
      "missing key.k                 | \"k\":                                 | \"K\":    | key.k",
      "missing key.kty               | \"kty\":                               | \"ktY\":  | key.kty",
      "missing key.alg               | \"alg\":                               | \"alG\":  | key.alg",
      "missing key.key_ops           | \"key_ops\":                           | \"ops\":  | key.key_ops",
      "kty is not oct                | \"oct\"                                | \"RSA\"   | key.kty",
      "alg is not A256CTR            | \"A256CTR\"                            | \"A128CTR\" | key.alg",
      "alg is not a string           | \"A256CTR\"                            | 256       | key.alg",
      "key_ops lacks decrypt         | \"encrypt\",\"decrypt\"                | \"encrypt\" | key.key_ops",
      "key_ops lacks encrypt         | \"encrypt\",\"decrypt\"                | \"decrypt\" | key.key_ops",
      "key_ops is a string           | [\"encrypt\",\"decrypt\"]              | \"encrypt\" | key.key_ops",
      "key_ops holds a number        | \"encrypt\",\"decrypt\"                | \"encrypt\",\"decrypt\",1 | key.key_ops",
      "ext is false                  | \"ext\":true                           | \"ext\":false | key.ext",
      "ext is a string               | \"ext\":true                           | \"ext\":\"true\" | key.ext",
      "k is 31 bytes                 | aWF6-32KGYaC3A_FEUCk1Bt0JA37zP0wrStgmdCaW-0 | aWF6-32KGYaC3A_FEUCk1Bt0JA37zP0wrStgmdCaW- | key.k",
      "k is 33 bytes                 | aWF6-32KGYaC3A_FEUCk1Bt0JA37zP0wrStgmdCaW-0 | aWF6-32KGYaC3A_FEUCk1Bt0JA37zP0wrStgmdCaW-0A | key.k",
      "k uses the standard alphabet  | aWF6-32KGYaC3A_FEUCk1Bt0JA37zP0wrStgmdCaW-0 | aWF6+32KGYaC3A/FEUCk1Bt0JA37zP0wrStgmdCaW+0 | key.k",
      "k has whitespace              | aWF6-32KGYaC3A_FEUCk1Bt0JA37zP0wrStgmdCaW-0 | aWF6-32KGYaC3A_FEUCk1Bt0JA37zP0wrStg mdCaW-0 | key.k",
      "k is bad padding              | aWF6-32KGYaC3A_FEUCk1Bt0JA37zP0wrStgmdCaW-0 | aWF6-32KGYaC3A_FEUCk1Bt0JA37zP0wrStgmdCaW-0== | key.k",
      "k is a number                 | \"aWF6-32KGYaC3A_FEUCk1Bt0JA37zP0wrStgmdCaW-0\" | 42 | key.k",
      "key is a string               | \"key\":{                              | \"key\":\"x\",\"y\":{ | key",
      "iv is 15 bytes                | w+sE15fzSc0AAAAAAAAAAA                 | w+sE15fzSc0AAAAAAAAA | iv",
      "iv is 18 bytes                | w+sE15fzSc0AAAAAAAAAAA                 | w+sE15fzSc0AAAAAAAAAAAAA | iv",
      "iv uses the url alphabet      | w+sE15fzSc0AAAAAAAAAAA                 | w-sE15fzSc0AAAAAAAAAAA | iv",
      "iv is null                    | \"w+sE15fzSc0AAAAAAAAAAA\"             | null      | iv",
      "sha256 is 31 bytes            | fdSLu/YkRx3Wyh3KQabP3rd6+SFiKg5lsJZQHtkSAYA | fdSLu/YkRx3Wyh3KQabP3rd6+SFiKg5lsJZQHtkSAA | hashes.sha256",
      "sha256 is not base64          | fdSLu/YkRx3Wyh3KQabP3rd6+SFiKg5lsJZQHtkSAYA | fdSLu/YkRx3Wyh3KQabP3rd6+SFiKg5lsJZQHtkSAY! | hashes.sha256",
      "hashes is an array            | {\"sha256\":\"fdSLu/YkRx3Wyh3KQabP3rd6+SFiKg5lsJZQHtkSAYA\"} | [] | hashes",
      "unknown version               | \"v\":\"v2\"                           | \"v\":\"v3\" | v",
      "empty version                 | \"v\":\"v2\"                           | \"v\":\"\" | v",
      "version is a number           | \"v\":\"v2\"                           | \"v\":2   | v",
      "url is not mxc                | mxc://example.org/FHyPlCeYUSFFxlgbQYZmoEoe | https://example.org/x | url",
      "url is a number               | \"mxc://example.org/FHyPlCeYUSFFxlgbQYZmoEoe\" | 7 | url",
      "repeated iv                   | \"iv\":                                | \"iv\":\"AAAAAAAAAAAAAAAAAAAAAA\",\"iv\": | iv",
      "repeated key.k                | \"ext\":true                           | \"ext\":true,\"k\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\" | key.k",
      "repeated hashes.sha256        | \"},\"v\"                              | \",\"sha256\":\"x\"},\"v\" | hashes.sha256",
      "trailing data                 | \"v\":\"v2\"}                          | \"v\":\"v2\"}{} | $",
      "unterminated                  | \"v\":\"v2\"}                          | \"v\":\"v2\"  | $",
      "comment                       | {\"url\"                               | /*x*/{\"url\" | $",
  })
  void everyViolationIsATypedErrorNamingItsField(
      String what, String replace, String with, String field) {
    String json = CANONICAL.replace(replace, with);
    assertNotEquals(CANONICAL, json, what + ": the replacement did not apply");
    MalformedEncryptedFileException e = assertThrows(MalformedEncryptedFileException.class,
        () -> EncryptedFile.fromJson(json), what);
    assertEquals(field, e.field(), what + ": " + e.getMessage());
    assertTrue(e.getMessage().startsWith("EncryptedFile " + field + ": "), e.getMessage());
    assertNoKeyMaterial(KEY, e.getMessage());
    assertNoKeyMaterial(KEY, e.toString());
    assertFalse(e.getMessage().contains("aWF6"), e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "empty document | ''",
      "array          | []",
      "string         | '\"x\"'",
      "number         | 1",
      "null           | null",
  })
  void aDocumentThatIsNotAnObjectIsAnErrorAtTheRoot(String what, String json) {
    MalformedEncryptedFileException e = assertThrows(MalformedEncryptedFileException.class,
        () -> EncryptedFile.fromJson(json), what);
    assertEquals("$", e.field(), e.getMessage());
  }

  @Test
  void anInvalidKeyIsNeverEchoedInTheMessage() {
    String badKey = "SECRETSECRETSECRETSECRETSECRETSECRETSECRE!";
    MalformedEncryptedFileException e = assertThrows(MalformedEncryptedFileException.class,
        () -> EncryptedFile.fromJson(CANONICAL.replace(K, badKey)));
    assertFalse(e.getMessage().contains("SECRET"), e.getMessage());
    assertEquals("EncryptedFile key.k: expected base64url of 32 bytes, got a string that is not"
        + " base64url", e.getMessage());
  }

  @Test
  void messagesSayWhatWasExpectedAndWhatCame() {
    MalformedEncryptedFileException e = assertThrows(MalformedEncryptedFileException.class,
        () -> EncryptedFile.fromJson(CANONICAL.replace("\"v2\"", "\"v9\"")));
    assertEquals("EncryptedFile v: expected \"v2\" or \"v1\", got unsupported version \"v9\"",
        e.getMessage());
    e = assertThrows(MalformedEncryptedFileException.class,
        () -> EncryptedFile.fromJson(CANONICAL.replace("w+sE15fzSc0AAAAAAAAAAA", "AAAA")));
    assertEquals("EncryptedFile iv: expected base64 of 16 bytes, got 3 bytes", e.getMessage());
  }

  @Test
  void toStringShowsTheFieldsButNeverTheKey() throws Exception {
    EncryptedFile file = EncryptedFile.fromJson(CANONICAL);
    String text = file.toString();
    assertNoKeyMaterial(KEY, text);
    assertTrue(text.contains("key=[redacted]"), text);
    assertTrue(text.contains(IV), text);
    assertTrue(text.contains("mxc://example.org/FHyPlCeYUSFFxlgbQYZmoEoe"), text);
  }

  @Test
  void equalityCoversEveryFieldIncludingTheKey() throws Exception {
    EncryptedFile file = EncryptedFile.fromJson(CANONICAL);
    assertEquals(file, EncryptedFile.fromJson(CANONICAL));
    assertEquals(file.hashCode(), EncryptedFile.fromJson(CANONICAL).hashCode());
    byte[] otherKey = KEY.clone();
    otherKey[31] ^= 1;
    assertNotEquals(file, file.newBuilder().key(otherKey).build());
    assertNotEquals(file, file.newBuilder().url(null).build());
    assertNotEquals(file, file.newBuilder().version("v1").build());
    assertNotEquals(file, file.newBuilder().iv(new byte[16]).build());
    assertNotEquals(file, file.newBuilder().sha256(new byte[32]).build());
  }

  @Test
  void theAccessorsReturnCopies() throws Exception {
    EncryptedFile file = EncryptedFile.fromJson(CANONICAL);
    file.key()[0] ^= 1;
    file.iv()[0] ^= 1;
    file.sha256()[0] ^= 1;
    assertEquals(EncryptedFile.fromJson(CANONICAL), file);
    byte[] key = KEY.clone();
    EncryptedFile built = file.newBuilder().key(key).build();
    key[0] ^= 1;
    assertArrayEquals(KEY, built.key());
  }

  @Test
  void theBuilderRejectsWrongSizesUnknownVersionsAndMissingFields() {
    EncryptedFile.Builder builder = new EncryptedFile.Builder();
    assertThrows(IllegalArgumentException.class, () -> builder.key(new byte[31]));
    assertThrows(IllegalArgumentException.class, () -> builder.iv(new byte[8]));
    assertThrows(IllegalArgumentException.class, () -> builder.sha256(new byte[20]));
    assertThrows(IllegalArgumentException.class, () -> builder.version("v3"));
    assertThrows(NullPointerException.class, () -> builder.key((byte[]) null));
    IllegalStateException e = assertThrows(IllegalStateException.class, builder::build);
    assertEquals("key is not set", e.getMessage());
    EncryptedFile file = builder.key(KEY).iv(new byte[16]).sha256(new byte[32]).build();
    assertEquals("v2", file.version());
  }
}
