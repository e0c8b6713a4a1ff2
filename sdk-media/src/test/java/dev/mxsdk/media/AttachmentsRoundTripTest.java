package dev.mxsdk.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Random;
import okio.Buffer;
import okio.BufferedSource;
import okio.ByteString;
import okio.Okio;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Tag("crypto")
final class AttachmentsRoundTripTest {
  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {0, 1, 15, 16, 17, 31, 32, 33, 8191, 8192, 8193, 16383, 16384, 16385,
      65535, 65536, 65537, 1024 * 1024 + 3})
  void encryptThenDecryptGivesThePlaintextBack(int size) throws Exception {
    byte[] plaintext = new byte[size];
    new Random(size).nextBytes(plaintext);

    EncryptingSource encrypting = Attachments.encrypt(new Buffer().write(plaintext));
    byte[] ciphertext = Okio.buffer(encrypting).readByteArray();
    EncryptedFile file = encrypting.encryptedFile();

    assertEquals(size, ciphertext.length);
    assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(ciphertext), file.sha256());
    if (size >= 16) assertFalse(Arrays.equals(plaintext, ciphertext));

    EncryptedFile parsed = EncryptedFile.fromJson(file.toJson());
    assertEquals(file, parsed);
    BufferedSource decrypted = Okio.buffer(Attachments.decrypt(new Buffer().write(ciphertext), parsed));
    assertEquals(ByteString.of(plaintext), decrypted.readByteString());
  }

  @Test
  void encryptionProducesV2WithAFreshKeyAndAnIvWhoseLowHalfIsZero() throws IOException {
    EncryptedFile first = encrypt(new byte[100]);
    EncryptedFile second = encrypt(new byte[100]);
    assertEquals("v2", first.version());
    assertNull(first.url());
    assertEquals(32, first.key().length);
    byte[] iv = first.iv();
    assertArrayEquals(new byte[8], Arrays.copyOfRange(iv, 8, 16));
    assertFalse(Arrays.equals(first.key(), second.key()));
    assertFalse(Arrays.equals(Arrays.copyOf(first.iv(), 8), Arrays.copyOf(second.iv(), 8)));
    assertFalse(Arrays.equals(first.sha256(), second.sha256()));
  }

  @Test
  void encryptedFileBeforeTheEndIsAnIllegalStateException() throws IOException {
    EncryptingSource encrypting = Attachments.encrypt(new Buffer().write(new byte[20_000]));
    assertThrows(IllegalStateException.class, encrypting::encryptedFile);
    encrypting.read(new Buffer(), 8192);
    IllegalStateException e = assertThrows(IllegalStateException.class, encrypting::encryptedFile);
    assertEquals(
        "encryptedFile() is available only after the plaintext has been read to its end",
        e.getMessage());
  }

  @Test
  void decryptingWithTheInputStreamViewMatchesTheSourceView() throws IOException {
    byte[] plaintext = new byte[50_000];
    new Random(7).nextBytes(plaintext);
    EncryptingSource encrypting = Attachments.encrypt(new Buffer().write(plaintext));
    byte[] ciphertext = Okio.buffer(encrypting).readByteArray();
    EncryptedFile file = encrypting.encryptedFile();
    try (java.io.InputStream in =
        Attachments.decrypt(new java.io.ByteArrayInputStream(ciphertext), file)) {
      assertArrayEquals(plaintext, in.readAllBytes());
    }
  }

  private static EncryptedFile encrypt(byte[] plaintext) throws IOException {
    EncryptingSource encrypting = Attachments.encrypt(new Buffer().write(plaintext));
    Okio.buffer(encrypting).readByteArray();
    return encrypting.encryptedFile();
  }
}
