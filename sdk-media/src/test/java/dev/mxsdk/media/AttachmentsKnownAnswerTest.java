package dev.mxsdk.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mxsdk.core.MxcUri;
import dev.mxsdk.media.codec.AttachmentEncryptingSource;
import dev.mxsdk.media.codec.SecretBytes;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import okio.Buffer;
import okio.ByteString;
import okio.Okio;
import okio.Source;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@Tag("crypto")
final class AttachmentsKnownAnswerTest {
  @TempDir Path dir;

  static List<AttachmentVectors.Vector> vectors() throws IOException {
    return AttachmentVectors.decryptVectors();
  }

  @Test
  void theVectorsCoverV2V1AndUnversionedFiles() throws IOException {
    List<AttachmentVectors.Vector> vectors = vectors();
    assertEquals(9, vectors.size());
    int v2 = 0;
    int v1 = 0;
    int none = 0;
    for (AttachmentVectors.Vector v : vectors) {
      String version = EncryptedFile.fromJson(v.fileJson()).version();
      if ("v2".equals(version)) v2++;
      else if ("v1".equals(version)) v1++;
      else none++;
    }
    assertEquals(4, v2);
    assertEquals(2, v1);
    assertEquals(3, none);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void decryptingAsOneReadGivesTheExpectedPlaintext(AttachmentVectors.Vector v) throws IOException {
    EncryptedFile file = EncryptedFile.fromJson(v.fileJson());
    Buffer plaintext = new Buffer();
    try (Source source = Attachments.decrypt(new Buffer().write(v.ciphertext()), file)) {
      while (source.read(plaintext, Long.MAX_VALUE) != -1) {}
    }
    assertEquals(ByteString.of(v.plaintext()), plaintext.readByteString());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void decryptingInOddSizedReadsGivesTheExpectedPlaintext(AttachmentVectors.Vector v)
      throws IOException {
    EncryptedFile file = EncryptedFile.fromJson(v.fileJson());
    for (int readSize : new int[] {1, 7, 16, 17}) {
      Buffer plaintext = new Buffer();
      Source source = Attachments.decrypt(new Buffer().write(v.ciphertext()), file);
      while (source.read(plaintext, readSize) != -1) {}
      assertEquals(ByteString.of(v.plaintext()), plaintext.readByteString(), "reads of " + readSize);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void theInputStreamViewGivesTheExpectedPlaintext(AttachmentVectors.Vector v) throws IOException {
    EncryptedFile file = EncryptedFile.fromJson(v.fileJson());
    try (InputStream in = Attachments.decrypt(new ByteArrayInputStream(v.ciphertext()), file)) {
      assertArrayEquals(v.plaintext(), in.readAllBytes());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void decryptToFileWritesTheExpectedPlaintext(AttachmentVectors.Vector v) throws IOException {
    EncryptedFile file = EncryptedFile.fromJson(v.fileJson());
    File target = dir.resolve("out.bin").toFile();
    Attachments.decryptToFile(new Buffer().write(v.ciphertext()), file, target);
    assertArrayEquals(v.plaintext(), Files.readAllBytes(target.toPath()));
    assertEquals(1, dir.toFile().list().length);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void openVerifiedGivesTheExpectedPlaintext(AttachmentVectors.Vector v) throws IOException {
    EncryptedFile file = EncryptedFile.fromJson(v.fileJson());
    Path ciphertext = dir.resolve("ciphertext.bin");
    Files.write(ciphertext, v.ciphertext());
    try (Source source = Attachments.openVerified(ciphertext.toFile(), file)) {
      assertArrayEquals(v.plaintext(), Okio.buffer(source).readByteArray());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void encryptingTheV2PlaintextsUnderTheirKeyAndIvGivesTheVectorCiphertext(
      AttachmentVectors.Vector v) throws IOException {
    EncryptedFile file = EncryptedFile.fromJson(v.fileJson());
    if (!"v2".equals(file.version())) return; // Only v2 is ever produced.
    AttachmentEncryptingSource encrypting = new AttachmentEncryptingSource(
        new Buffer().write(v.plaintext()), SecretBytes.copyOf(file.key()), file.iv());
    assertArrayEquals(v.ciphertext(), Okio.buffer(encrypting).readByteArray());
    assertArrayEquals(file.sha256(), encrypting.sha256());
  }

  @Test
  void theSpecExampleParses() throws IOException {
    EncryptedFile file = EncryptedFile.fromJson(AttachmentVectors.specExampleJson());
    assertEquals(MxcUri.parse("mxc://example.org/FHyPlCeYUSFFxlgbQYZmoEoe"), file.url());
    assertEquals("v2", file.version());
    assertArrayEquals(
        ByteString.decodeBase64("aWF6-32KGYaC3A_FEUCk1Bt0JA37zP0wrStgmdCaW-0").toByteArray(),
        file.key());
    assertArrayEquals(ByteString.decodeBase64("w+sE15fzSc0AAAAAAAAAAA").toByteArray(), file.iv());
    assertArrayEquals(
        ByteString.decodeBase64("fdSLu/YkRx3Wyh3KQabP3rd6+SFiKg5lsJZQHtkSAYA").toByteArray(),
        file.sha256());
  }

  @Test
  void theUnversionedVectorsParseWithoutAVersion() throws IOException {
    for (AttachmentVectors.Vector v : vectors()) {
      boolean unversioned = !v.fileJson().contains("\"v\"");
      EncryptedFile file = EncryptedFile.fromJson(v.fileJson());
      if (unversioned) {
        assertNull(file.version());
        assertFalse(file.toJson().contains("\"v\""));
      } else {
        assertTrue(file.toJson().contains("\"v\":\"" + file.version() + "\""));
      }
    }
  }
}
