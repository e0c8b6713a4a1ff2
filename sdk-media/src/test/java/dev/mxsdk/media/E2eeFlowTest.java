package dev.mxsdk.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mxsdk.core.MxcUri;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import okhttp3.mockwebserver.MockResponse;
import okio.Buffer;
import okio.BufferedSource;
import okio.ByteString;
import okio.Okio;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** E2EE attachments through the whole flow: CDN layer, then SHA-256 + AES-CTR. */
final class E2eeFlowTest {
  private static final MxcUri MXC = MxcUri.parse("mxc://media.example/e2ee");
  private static final SecureRandom RANDOM = new SecureRandom();
  private FlowFixture f;
  private final byte[] cdnKey = new byte[16];
  private byte[] plaintext;
  private byte[] ciphertext;
  private EncryptedFile file;

  @TempDir Path dir;

  @BeforeEach
  void setUp() throws IOException {
    f = new FlowFixture();
    RANDOM.nextBytes(cdnKey);
    plaintext = new byte[150_000];
    RANDOM.nextBytes(plaintext);
    EncryptingSource encrypting = Attachments.encrypt(new Buffer().write(plaintext));
    ciphertext = Okio.buffer(encrypting).readByteArray();
    file = encrypting.encryptedFile().newBuilder().url(MXC).build();
  }

  @AfterEach
  void tearDown() throws IOException {
    f.close();
  }

  private void serveKeyed(byte[] objectBytes) throws IOException {
    f.enqueue(new MockResponse().setResponseCode(307)
        .setHeader("Location", f.cdn.url("/e2ee").toString())
        .setHeader("X-Matrix-Media-Encryption",
            "alg=aes128gcm, key=" + ByteString.of(cdnKey).base64Url().replace("=", "")));
    f.cdn.enqueue(new MockResponse().setHeader("Content-Encoding", "aes128gcm")
        .setHeader("Content-Type", "application/octet-stream")
        .setBody(new Buffer().write(Rfc8188.encode(objectBytes, cdnKey, 8192))));
  }

  private MediaClient client(boolean unverified) {
    return f.mediaClient(f.okHttpClient(), MediaOptions.builder()
        .unverifiedStreaming(unverified).build());
  }

  @Test
  void verifiedStreamReleasesThePlaintextAfterBothLayers() throws Exception {
    serveKeyed(ciphertext);
    try (MediaResponse response = client(false).newCall(MediaRequest.download(file)).execute()) {
      assertArrayEquals(plaintext, response.source().readByteArray());
      assertEquals("verified", response.diagnostics().e2ee());
      assertTrue(response.diagnostics().cdnLayer());
    }
  }

  @Test
  void verifiedStreamReleasesNothingWhenTheHashDiffers() throws Exception {
    byte[] tampered = ciphertext.clone();
    tampered[tampered.length - 1] ^= 1;
    serveKeyed(tampered);
    try (MediaResponse response = client(false).newCall(MediaRequest.download(file)).execute()) {
      BufferedSource source = response.source();
      assertThrows(MediaIntegrityException.class, () -> source.readByte());
      assertThrows(MediaIntegrityException.class, () -> source.readByte());
    }
  }

  @Test
  void unverifiedStreamFailsAtTheEnd() throws Exception {
    byte[] tampered = ciphertext.clone();
    tampered[10] ^= 1;
    serveKeyed(tampered);
    try (MediaResponse response = client(true).newCall(MediaRequest.download(file)).execute()) {
      BufferedSource source = response.source();
      byte[] first = source.readByteArray(1000);
      assertFalse(java.util.Arrays.equals(java.util.Arrays.copyOf(plaintext, 1000), first));
      assertThrows(MediaIntegrityException.class, source::readByteArray);
      assertEquals("unverified", response.diagnostics().e2ee());
    }
  }

  @Test
  void downloadToFileDecryptsAndVerifies() throws Exception {
    serveKeyed(ciphertext);
    File target = dir.resolve("secret.bin").toFile();
    try (MediaResponse response = client(false).newCall(MediaRequest.download(file)).execute()) {
      assertEquals(plaintext.length, response.downloadTo(target));
    }
    assertArrayEquals(plaintext, Files.readAllBytes(target.toPath()));
  }

  @Test
  void downloadToFileWithWrongHashCreatesNothing() throws Exception {
    byte[] tampered = ciphertext.clone();
    tampered[0] ^= 1;
    serveKeyed(tampered);
    File target = dir.resolve("secret.bin").toFile();
    try (MediaResponse response = client(false).newCall(MediaRequest.download(file)).execute()) {
      assertThrows(MediaIntegrityException.class, () -> response.downloadTo(target));
    }
    assertFalse(target.exists());
    assertEquals(0, dir.toFile().list().length);
  }

  @Test
  void downloadToOutputStreamVerifiesBeforeCopying() throws Exception {
    byte[] tampered = ciphertext.clone();
    tampered[tampered.length / 2] ^= 1;
    serveKeyed(tampered);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (MediaResponse response = client(false).newCall(MediaRequest.download(file)).execute()) {
      assertThrows(MediaIntegrityException.class, () -> response.downloadTo(out));
    }
    assertEquals(0, out.size());
  }

  @Test
  void downloadToOutputStreamCopiesVerifiedPlaintext() throws Exception {
    serveKeyed(ciphertext);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (MediaResponse response = client(false).newCall(MediaRequest.download(file)).execute()) {
      assertEquals(plaintext.length, response.downloadTo(out));
    }
    assertArrayEquals(plaintext, out.toByteArray());
  }

  @Test
  void spoolFilesAreDeletedOnClose() throws Exception {
    serveKeyed(ciphertext);
    File spool = dir.resolve("spool").toFile();
    assertTrue(spool.mkdir());
    MediaClient client = MediaClient.builder(f.matrixClient(f.okHttpClient()))
        .defaultOptions(MediaOptions.defaults())
        .spoolDirectory(spool)
        .build();
    try (MediaResponse response = client.newCall(MediaRequest.download(file)).execute()) {
      assertArrayEquals(plaintext, response.source().readByteArray());
      assertEquals(1, spool.list().length);
    }
    assertEquals(0, spool.list().length);
  }
}
