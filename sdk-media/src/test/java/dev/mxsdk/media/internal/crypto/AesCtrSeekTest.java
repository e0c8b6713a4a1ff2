package dev.mxsdk.media.internal.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.SICBlockCipher;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@link AesCtr} started at an offset against BouncyCastle's {@code SICBlockCipher} moved there
 * with {@code seekTo} (a 128-bit counter, as unversioned attachments use), and against the
 * block-by-block model of {@link AttachmentDifferentialTest} where a 64-bit counter wraps: at
 * random offsets, at and around block boundaries, and across the wrap.
 */
@Tag("crypto")
final class AesCtrSeekTest {
  private final Random random = new Random(0x5eedc7L);

  @Test
  void aCipherStartedAtAnOffsetEqualsBouncyCastleSicSeekedThere() {
    for (int i = 0; i < 200; i++) {
      byte[] key = bytes(32);
      byte[] iv = bytes(16);
      iv[8] &= 0x7f; // no 64-bit wrap in these lengths: both counter widths agree with SIC
      int length = 1 + random.nextInt(5000);
      long offset = i % 4 == 0 ? random.nextInt(64) : random.nextInt(1 << 20);
      if (i % 5 == 0) offset = (offset / 16) * 16 + (i % 3 == 0 ? 0 : i % 2 == 0 ? 15 : 1);
      byte[] expected = sicAt(key, iv, offset, length);
      for (boolean counter64 : new boolean[] {true, false}) {
        assertArrayEquals(expected, keystream(key, iv, counter64, offset, length),
            "case " + i + " offset " + offset + " counter64=" + counter64);
      }
    }
  }

  @Test
  void anOffsetFarIntoTheStreamCarriesInto128BitsAsSicDoes() {
    for (int i = 0; i < 50; i++) {
      byte[] key = bytes(32);
      byte[] iv = bytes(16);
      // Offsets up to 2^40 blocks move the counter across byte and word carries.
      long offset = (random.nextLong() >>> 20) * 16 + random.nextInt(16);
      int length = 1 + random.nextInt(300);
      assertArrayEquals(sicAt(key, iv, offset, length),
          keystream(key, iv, false, offset, length), "case " + i + " offset " + offset);
    }
  }

  @Test
  void aSixtyFourBitCounterWrapsAtTheSamePlaceWhereverTheCipherStarts() {
    for (int i = 0; i < 200; i++) {
      byte[] key = bytes(32);
      byte[] iv = bytes(16);
      boolean counter64 = random.nextBoolean();
      // The low 64 (or all 128) bits a few blocks short of all-ones: the wrap is in the stream.
      Arrays.fill(iv, counter64 ? 8 : 0, 15, (byte) 0xff);
      iv[15] = (byte) (0xff - random.nextInt(40));
      int streamLength = 1000;
      byte[] whole = AttachmentDifferentialTest.modelCtr(key, iv, new byte[streamLength], counter64);
      int offset = random.nextInt(streamLength);
      int length = random.nextInt(streamLength - offset) + 1;
      assertArrayEquals(Arrays.copyOfRange(whole, offset, offset + length),
          keystream(key, iv, counter64, offset, length),
          "case " + i + " offset " + offset + " counter64=" + counter64);
    }
  }

  @Test
  void aCipherStartedAtAnOffsetContinuesTheStreamOfOneStartedAtZero() {
    for (int i = 0; i < 100; i++) {
      byte[] key = bytes(32);
      byte[] iv = bytes(16);
      boolean counter64 = random.nextBoolean();
      if (i % 2 == 0) Arrays.fill(iv, 8, 15, (byte) 0xff);
      int streamLength = 2000 + random.nextInt(2000);
      byte[] whole = keystream(key, iv, counter64, 0, streamLength);
      int offset = random.nextInt(streamLength);
      byte[] tail = keystream(key, iv, counter64, offset, streamLength - offset);
      assertArrayEquals(Arrays.copyOfRange(whole, offset, streamLength), tail,
          "case " + i + " offset " + offset);
    }
  }

  @Test
  void theCounterBlockAtAnIndexAddsToTheLowHalfOrToAll128Bits() {
    byte[] iv = new byte[16];
    Arrays.fill(iv, 8, 16, (byte) 0xff);
    iv[7] = 5;
    byte[] wrapped = AesCtr.counterBlockAt(iv, 2, true);
    byte[] carried = AesCtr.counterBlockAt(iv, 2, false);
    byte[] expectedWrapped = new byte[16];
    expectedWrapped[7] = 5;
    expectedWrapped[15] = 1;
    byte[] expectedCarried = expectedWrapped.clone();
    expectedCarried[7] = 6;
    assertArrayEquals(expectedWrapped, wrapped);
    assertArrayEquals(expectedCarried, carried);
    assertArrayEquals(iv, AesCtr.counterBlockAt(iv, 0, true));
    assertThrows(IllegalArgumentException.class, () -> AesCtr.counterBlockAt(iv, -1, true));
    assertThrows(IllegalArgumentException.class,
        () -> new AesCtr(new byte[32], iv, true, -1));
  }

  private static byte[] keystream(byte[] key, byte[] iv, boolean counter64, long offset,
      int length) {
    byte[] out = new byte[length];
    new AesCtr(key.clone(), iv, counter64, offset).update(new byte[length], 0, length, out, 0);
    return out;
  }

  private static byte[] sicAt(byte[] key, byte[] iv, long offset, int length) {
    SICBlockCipher sic = (SICBlockCipher) SICBlockCipher.newInstance(AESEngine.newInstance());
    sic.init(true, new ParametersWithIV(new KeyParameter(key), iv));
    sic.seekTo(offset);
    byte[] out = new byte[length];
    sic.processBytes(new byte[length], 0, length, out, 0);
    return out;
  }

  private byte[] bytes(int n) {
    byte[] result = new byte[n];
    random.nextBytes(result);
    return result;
  }
}
