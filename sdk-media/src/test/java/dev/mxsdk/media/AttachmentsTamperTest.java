package dev.mxsdk.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import okio.Buffer;
import okio.Okio;
import okio.Source;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tink-style tampering: every modified input must end in the right plaintext or a
 * {@link MediaIntegrityException}, never in silently wrong output.
 */
@Tag("crypto")
final class AttachmentsTamperTest {
  @TempDir Path dir;

  private byte[] plaintext;
  private byte[] ciphertext;
  private EncryptedFile file;

  private void setUp(int size) throws IOException {
    plaintext = new byte[size];
    new Random(size).nextBytes(plaintext);
    EncryptingSource encrypting = Attachments.encrypt(new Buffer().write(plaintext));
    ciphertext = Okio.buffer(encrypting).readByteArray();
    file = encrypting.encryptedFile();
  }

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {300, 20_000})
  void truncationAtAnyOffsetIsAnIntegrityFailure(int size) throws IOException {
    setUp(size);
    int step = size <= 300 ? 1 : 97;
    for (int length = 0; length < size; length += step) {
      assertIntegrityFailure(Arrays.copyOf(ciphertext, length), file, "truncated to " + length);
    }
    assertIntegrityFailure(Arrays.copyOf(ciphertext, size - 1), file, "truncated by one byte");
  }

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {0, 300, 20_000})
  void appendedBytesAreAnIntegrityFailure(int size) throws IOException {
    setUp(size);
    for (int extra : new int[] {1, 15, 16, 17, 8192}) {
      byte[] longer = Arrays.copyOf(ciphertext, size + extra);
      assertIntegrityFailure(longer, file, "appended " + extra);
    }
  }

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {1, 300, 20_000})
  void flippingAnyBitOfASampleIsAnIntegrityFailure(int size) throws IOException {
    setUp(size);
    int step = size <= 300 ? 1 : 61;
    for (int i = 0; i < size; i += step) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] modified = ciphertext.clone();
        modified[i] ^= (byte) (1 << bit);
        assertIntegrityFailure(modified, file, "bit " + bit + " of byte " + i);
      }
    }
    byte[] lastFlipped = ciphertext.clone();
    lastFlipped[size - 1] ^= 1;
    assertIntegrityFailure(lastFlipped, file, "last byte");
  }

  @Test
  void aWrongHashIsAnIntegrityFailure() throws IOException {
    setUp(300);
    for (int i = 0; i < 32; i++) {
      byte[] hash = file.sha256();
      hash[i] ^= (byte) 0x80;
      assertIntegrityFailure(ciphertext, file.newBuilder().sha256(hash).build(), "hash byte " + i);
    }
  }

  @Test
  void anotherFilesCiphertextIsAnIntegrityFailure() throws IOException {
    setUp(300);
    byte[] other = ciphertext;
    setUp(301);
    assertIntegrityFailure(Arrays.copyOf(other, 301), file, "other ciphertext");
  }

  @Test
  void aWrongKeyOrIvIsNotDetectedBecauseTheHashCoversOnlyTheCiphertext() throws IOException {
    // A property of the Matrix format, not of this SDK: the SHA-256 binds the ciphertext, and the
    // key and IV travel in the same (end-to-end authenticated) event as the hash. This test pins
    // the behaviour so that the documentation ("Security" in EncryptedFile) stays true.
    setUp(300);
    byte[] key = file.key();
    key[0] ^= 1;
    byte[] iv = file.iv();
    iv[0] ^= 1;
    for (EncryptedFile wrong : new EncryptedFile[] {
        file.newBuilder().key(key).build(), file.newBuilder().iv(iv).build()}) {
      byte[] output = Okio.buffer(Attachments.decrypt(new Buffer().write(ciphertext), wrong))
          .readByteArray();
      assertEquals(plaintext.length, output.length);
      assertFalse(Arrays.equals(plaintext, output));
    }
    // With the hash of another ciphertext, as a swapped event would carry, it fails.
    byte[] hash = file.sha256();
    hash[5] ^= 1;
    assertIntegrityFailure(ciphertext, file.newBuilder().key(key).sha256(hash).build(), "swap");
  }

  @Test
  void theIntegrityFailureIsStickyOnEveryLaterRead() throws IOException {
    setUp(300);
    byte[] modified = ciphertext.clone();
    modified[10] ^= 1;
    Source source = Attachments.decrypt(new Buffer().write(modified), file);
    Buffer sink = new Buffer();
    assertThrows(MediaIntegrityException.class, () -> {
      while (source.read(sink, 100) != -1) {}
    });
    for (int i = 0; i < 3; i++) {
      assertThrows(MediaIntegrityException.class, () -> source.read(sink, 100));
    }
  }

  @Test
  void theIntegrityMessageSaysWhatFailedAndNeverContainsTheKey() throws IOException {
    setUp(300);
    MediaIntegrityException e = assertThrows(MediaIntegrityException.class,
        () -> Okio.buffer(Attachments.decrypt(new Buffer().write(new byte[3]), file))
            .readByteArray());
    assertTrue(e.getMessage().contains("SHA-256"), e.getMessage());
    EncryptedFileTest.assertNoKeyMaterial(file.key(), e.getMessage());
  }

  @Test
  void tamperedCiphertextNeverCreatesTheTargetFileNorLeavesATemporaryFile() throws IOException {
    setUp(20_000);
    File target = dir.resolve("photo.jpg").toFile();
    byte[] modified = ciphertext.clone();
    modified[12_345] ^= 4;
    assertThrows(MediaIntegrityException.class,
        () -> Attachments.decryptToFile(new Buffer().write(modified), file, target));
    assertFalse(target.exists());
    assertEquals(0, dir.toFile().list().length);
  }

  @Test
  void tamperedCiphertextNeverModifiesAnExistingTargetFile() throws IOException {
    setUp(20_000);
    Path target = dir.resolve("photo.jpg");
    Files.write(target, new byte[] {1, 2, 3});
    byte[] truncated = Arrays.copyOf(ciphertext, 19_999);
    assertThrows(MediaIntegrityException.class,
        () -> Attachments.decryptToFile(new Buffer().write(truncated), file, target.toFile()));
    assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(target));
    assertEquals(1, dir.toFile().list().length);

    Attachments.decryptToFile(new Buffer().write(ciphertext), file, target.toFile());
    assertArrayEquals(plaintext, Files.readAllBytes(target));
    assertEquals(1, dir.toFile().list().length);
  }

  @Test
  void openVerifiedReleasesNothingFromATamperedFile() throws IOException {
    setUp(300);
    Path spooled = dir.resolve("ciphertext");
    byte[] modified = ciphertext.clone();
    modified[299] ^= 1;
    Files.write(spooled, modified);
    assertThrows(MediaIntegrityException.class,
        () -> Attachments.openVerified(spooled.toFile(), file));
  }

  /** Decrypts {@code input}; it must fail with the integrity exception (its bytes differ). */
  private void assertIntegrityFailure(byte[] input, EncryptedFile file, String what)
      throws IOException {
    Buffer output = new Buffer();
    Source source = Attachments.decrypt(new Buffer().write(input), file);
    try {
      while (source.read(output, 8192) != -1) {}
    } catch (MediaIntegrityException expected) {
      return;
    }
    if (Arrays.equals(plaintext, output.readByteArray())) {
      fail(what + ": modified input decrypted without an error (to the right plaintext?)");
    }
    fail(what + ": silently wrong output");
  }
}
