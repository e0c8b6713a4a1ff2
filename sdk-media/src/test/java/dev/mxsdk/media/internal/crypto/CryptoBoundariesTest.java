package dev.mxsdk.media.internal.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mxsdk.media.codec.Aes128GcmEncodingSource;
import dev.mxsdk.media.codec.SecretBytes;
import okio.Buffer;
import okio.ByteString;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Boundaries of the crypto helpers that {@link CryptoContractsTest} leaves open (found by mutation
 * testing): which argument check fires first, the IV check of {@link AesCtr#counterBlockAt} on
 * its own, the 128-bit carry, and every edge of the base64 alphabets.
 */
@Tag("crypto")
final class CryptoBoundariesTest {
  private static final byte[] KEY32 = new byte[32];

  @Test
  void theIvIsCheckedBeforeTheOffsetAndCounterBlockAtChecksItToo() {
    assertEquals("expected a 16-byte IV, got 15", assertThrows(IllegalArgumentException.class,
        () -> new AesCtr(KEY32, new byte[15], true, -1)).getMessage());
    assertEquals("expected a 32-byte key, got 16", assertThrows(IllegalArgumentException.class,
        () -> new AesCtr(new byte[16], new byte[15], true, -1)).getMessage());
    assertEquals("offset < 0: -1", assertThrows(IllegalArgumentException.class,
        () -> new AesCtr(KEY32, new byte[16], true, -1)).getMessage());
    assertEquals("expected a 16-byte IV, got 15", assertThrows(IllegalArgumentException.class,
        () -> AesCtr.counterBlockAt(new byte[15], 0, true)).getMessage());
    assertEquals("expected a 16-byte IV, got 17", assertThrows(IllegalArgumentException.class,
        () -> AesCtr.counterBlockAt(new byte[17], 0, false)).getMessage());
    assertEquals("blockIndex < 0: -1", assertThrows(IllegalArgumentException.class,
        () -> AesCtr.counterBlockAt(new byte[16], -1, false)).getMessage());
  }

  @Test
  void counterBlocksCarryIntoTheHighHalfOnlyWith128Bits() {
    byte[] iv = ByteString.decodeHex("0102030405060708fffffffffffffffe").toByteArray();
    assertArrayEquals(ByteString.decodeHex("0102030405060708ffffffffffffffff").toByteArray(),
        AesCtr.counterBlockAt(iv, 1, true));
    assertArrayEquals(ByteString.decodeHex("01020304050607080000000000000001").toByteArray(),
        AesCtr.counterBlockAt(iv, 3, true));
    assertArrayEquals(ByteString.decodeHex("01020304050607090000000000000001").toByteArray(),
        AesCtr.counterBlockAt(iv, 3, false));
    assertArrayEquals(ByteString.decodeHex("0102030405060708fffffffffffffffe").toByteArray(),
        AesCtr.counterBlockAt(iv, 0, false));
    byte[] top = ByteString.decodeHex("ffffffffffffffffffffffffffffffff").toByteArray();
    assertArrayEquals(new byte[16], AesCtr.counterBlockAt(top, 1, false), "wraps to zero");
  }

  @Test
  void aCipherPositionedInsideABlockSkipsThePartOfTheBlockBeforeIt() {
    byte[] iv = new byte[16];
    iv[0] = 5;
    byte[] stream = new byte[64];
    new AesCtr(KEY32, iv, true).update(new byte[64], 0, 64, stream, 0);
    for (int offset : new int[] {0, 1, 15, 16, 17, 33}) {
      byte[] out = new byte[64 - offset];
      new AesCtr(KEY32, iv, true, offset).update(new byte[out.length], 0, out.length, out, 0);
      assertArrayEquals(java.util.Arrays.copyOfRange(stream, offset, 64), out, "offset " + offset);
    }
  }

  @Test
  void everyEdgeOfBothBase64AlphabetsIsAcceptedOrRefused() {
    // The first and last character of every range, in a valid quantum.
    assertEquals(ByteString.decodeBase64("AZaz09+/"), Base64Strict.decode("AZaz09+/", false));
    assertEquals(ByteString.decodeBase64("AZaz09-_"), Base64Strict.decode("AZaz09-_", true));
    for (String c : new String[] {"@", "[", "`", "{", "/", ":", "-", "_", " "}) {
      if (!c.equals("/")) assertNull(Base64Strict.decode("AAA" + c, false), c);
    }
    for (String c : new String[] {"@", "[", "`", "{", "/", ":", "+", " "}) {
      assertNull(Base64Strict.decode("AAA" + c, true), c);
    }
    assertEquals(3, Base64Strict.decode("AAAA", false).size());
    assertEquals(2, Base64Strict.decode("AAA=", false).size());
    assertEquals(1, Base64Strict.decode("AA==", true).size());
    assertNull(Base64Strict.decode("A===", false));
    assertNull(Base64Strict.decode("====", false));
    assertEquals("AAAA", Base64Strict.encode(ByteString.of(new byte[3])));
    assertEquals("AA", Base64Strict.encodeUrl(ByteString.of(new byte[1])));
    assertEquals("", Base64Strict.encode(ByteString.EMPTY));
  }

  @Test
  void hkdfGivesExactlyTheLengthAskedFor() {
    byte[] info = {1};
    assertEquals(0, Hkdf.oneBlock(new byte[16], new byte[16], info, 0).length);
    assertEquals(31, Hkdf.oneBlock(new byte[16], new byte[16], info, 31).length);
    assertArrayEquals(java.util.Arrays.copyOf(Hkdf.oneBlock(new byte[16], new byte[16], info, 32),
        16), Hkdf.oneBlock(new byte[16], new byte[16], info, 16));
    byte[] nonce = new byte[12];
    Hkdf.recordNonce(new byte[12], 0x0102030405060708L, nonce);
    assertArrayEquals(ByteString.decodeHex("000000000102030405060708").toByteArray(), nonce);
    Hkdf.recordNonce(ByteString.decodeHex("ffffffffffffffffffffffff").toByteArray(), 1, nonce);
    assertArrayEquals(ByteString.decodeHex("fffffffffffffffffffffffe").toByteArray(), nonce);
  }

  @Test
  void theEncoderChecksTheSaltBeforeTheRecordSizeAndRejectsATinyRecordSizeItself() {
    SecretBytes key = SecretBytes.copyOf(new byte[16]);
    assertEquals("plaintext == null", assertThrows(NullPointerException.class,
        () -> new Aes128GcmEncodingSource(null, key, new byte[16], 100, new byte[0]))
        .getMessage());
    assertEquals("salt must be 16 bytes, was 15", assertThrows(IllegalArgumentException.class,
        () -> new Aes128GcmEncodingSource(new Buffer(), key, new byte[15], 17, new byte[0]))
        .getMessage());
    assertEquals("record size must be at least 18, was 10",
        assertThrows(IllegalArgumentException.class, () -> new Aes128GcmEncodingSource(
            new Buffer(), key, new byte[16], 10, new byte[0])).getMessage());
  }
}
