package dev.mxsdk.media.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mxsdk.media.MediaIntegrityException;
import dev.mxsdk.media.MediaProtocolException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import okio.Buffer;
import okio.BufferedSource;
import okio.ByteString;
import okio.Okio;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("crypto")
final class Aes128GcmDecodingSourceTest {
  private static Properties vector() throws IOException {
    Properties p = new Properties();
    try (InputStream in = Aes128GcmDecodingSourceTest.class.getResourceAsStream("rfc8188-3.1.properties")) {
      p.load(in);
    }
    return p;
  }

  private static byte[] decode(byte[] encoded, byte[] ikm, int cap) throws IOException {
    BufferedSource source = Okio.buffer(new Aes128GcmDecodingSource(
        new Buffer().write(encoded), SecretBytes.copyOf(ikm), cap));
    return source.readByteArray();
  }

  @Test
  void rfc8188Section3_1DecodesToTheWalrus() throws IOException {
    Properties v = vector();
    byte[] plain = decode(ByteString.decodeBase64(v.getProperty("encoded")).toByteArray(),
        ByteString.decodeBase64(v.getProperty("ikm")).toByteArray(), 1 << 20);
    assertEquals(v.getProperty("plaintext"), new String(plain, "UTF-8"));
  }

  @Test
  void everyTruncationFails() throws IOException {
    Properties v = vector();
    byte[] encoded = ByteString.decodeBase64(v.getProperty("encoded")).toByteArray();
    byte[] ikm = ByteString.decodeBase64(v.getProperty("ikm")).toByteArray();
    for (int cut = 0; cut < encoded.length; cut++) {
      byte[] truncated = java.util.Arrays.copyOf(encoded, cut);
      assertThrows(IOException.class, () -> decode(truncated, ikm, 1 << 20), "cut at " + cut);
    }
  }

  @Test
  void everyBitFlipFails() throws IOException {
    Properties v = vector();
    byte[] encoded = ByteString.decodeBase64(v.getProperty("encoded")).toByteArray();
    byte[] ikm = ByteString.decodeBase64(v.getProperty("ikm")).toByteArray();
    // The salt (bytes 0-15) and the record (from byte 21) are covered; rs is not authenticated
    // by RFC 8188, and a larger rs leaves this one short final record valid.
    for (int i = 0; i < encoded.length * 8; i++) {
      if (i / 8 >= 16 && i / 8 < 21) continue;
      byte[] flipped = encoded.clone();
      flipped[i / 8] ^= (byte) (1 << (i % 8));
      assertThrows(MediaIntegrityException.class, () -> decode(flipped, ikm, 1 << 20), "bit " + i);
    }
  }

  @Test
  void bytesAfterAFullFinalRecordAreRejected() throws IOException {
    byte[] key = new byte[16];
    byte[] encoded = dev.mxsdk.media.Rfc8188Access.encode(new byte[83], key, 100);
    assertEquals(21 + 100, encoded.length);
    byte[] longer = java.util.Arrays.copyOf(encoded, encoded.length + 1);
    assertThrows(MediaProtocolException.class, () -> decode(longer, key, 1 << 20));
  }

  @Test
  void recordSizeAboveTheCapIsRejectedBeforeDecrypting() throws IOException {
    Properties v = vector();
    byte[] encoded = ByteString.decodeBase64(v.getProperty("encoded")).toByteArray();
    byte[] ikm = ByteString.decodeBase64(v.getProperty("ikm")).toByteArray();
    MediaProtocolException e =
        assertThrows(MediaProtocolException.class, () -> decode(encoded, ikm, 4095));
    assertTrue(e.getMessage().contains("4096"), e.getMessage());
    byte[] tiny = encoded.clone();
    tiny[16] = 0; tiny[17] = 0; tiny[18] = 0; tiny[19] = 17;
    assertThrows(MediaProtocolException.class, () -> decode(tiny, ikm, 1 << 20));
  }

  @Test
  void wrongKeyFailsAndTheFailureIsSticky() throws IOException {
    Properties v = vector();
    byte[] encoded = ByteString.decodeBase64(v.getProperty("encoded")).toByteArray();
    BufferedSource source = Okio.buffer(new Aes128GcmDecodingSource(
        new Buffer().write(encoded), SecretBytes.copyOf(new byte[16]), 1 << 20));
    assertThrows(MediaIntegrityException.class, source::readByteArray);
    assertThrows(MediaIntegrityException.class, source::readByteArray);
  }

  @Test
  void multiRecordStreamsFromTheReferenceEncoderDecode() throws IOException {
    byte[] key = new byte[16];
    new java.security.SecureRandom().nextBytes(key);
    for (int size : new int[] {0, 1, 82, 83, 84, 1000, 100_000}) {
      byte[] plain = new byte[size];
      new java.security.SecureRandom().nextBytes(plain);
      byte[] encoded = dev.mxsdk.media.Rfc8188Access.encode(plain, key, 100);
      assertArrayEquals(plain, decode(encoded, key, 1 << 20), "size " + size);
    }
  }
}
