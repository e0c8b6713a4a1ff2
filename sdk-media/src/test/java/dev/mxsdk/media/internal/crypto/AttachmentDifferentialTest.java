package dev.mxsdk.media.internal.crypto;

import dev.mxsdk.media.codec.AttachmentDecryptingSource;
import dev.mxsdk.media.codec.AttachmentEncryptingSource;
import dev.mxsdk.media.codec.SecretBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Random;
import okio.Buffer;
import okio.Okio;
import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.SICBlockCipher;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Differential tests against BouncyCastle's lightweight engines (never registered as a provider):
 * random keys, IVs, lengths and read sizes, including IVs whose counter overflows mid-stream.
 */
@Tag("crypto")
final class AttachmentDifferentialTest {
  private final Random random = new Random(0x5eed);

  @Test
  void decryptionMatchesBouncyCastleSicOnRandomInputs() throws IOException {
    for (int i = 0; i < 300; i++) {
      byte[] key = bytes(32);
      byte[] iv = bytes(16);
      iv[8] &= 0x7f; // No 64-bit overflow within these lengths: SIC and both counters agree.
      byte[] plaintext = bytes(random.nextInt(i < 100 ? 100 : 40_000));
      byte[] ciphertext = bouncyCastleSic(key, iv, plaintext);
      byte[] hash = bouncyCastleSha256(ciphertext);
      for (boolean counter64 : new boolean[] {true, false}) {
        assertArrayEquals(plaintext, decrypt(ciphertext, key, iv, hash, counter64),
            "case " + i + " counter64=" + counter64);
      }
    }
  }

  @Test
  void encryptionMatchesBouncyCastleSicOnRandomInputs() throws IOException {
    for (int i = 0; i < 200; i++) {
      byte[] key = bytes(32);
      byte[] iv = new byte[16];
      System.arraycopy(bytes(8), 0, iv, 0, 8);
      byte[] plaintext = bytes(random.nextInt(i < 100 ? 100 : 40_000));
      AttachmentEncryptingSource encrypting =
          new AttachmentEncryptingSource(new Buffer().write(plaintext), SecretBytes.copyOf(key), iv);
      byte[] ciphertext = readInRandomSizes(encrypting);
      assertArrayEquals(bouncyCastleSic(key, iv, plaintext), ciphertext, "case " + i);
      assertArrayEquals(bouncyCastleSha256(ciphertext), encrypting.sha256(), "case " + i);
    }
  }

  @Test
  void counterOverflowMatchesABlockByBlockModelOnAesEngine() throws IOException {
    for (int i = 0; i < 300; i++) {
      byte[] key = bytes(32);
      byte[] iv = bytes(16);
      boolean counter64 = random.nextBoolean();
      // Put the overflow within the first 40 blocks: low 64 (or all 128) bits near all-ones.
      int from = counter64 ? 8 : 0;
      for (int j = from; j < 15; j++) iv[j] = (byte) 0xff;
      iv[15] = (byte) (0xff - random.nextInt(40));
      byte[] plaintext = bytes(random.nextInt(1000));
      byte[] ciphertext = modelCtr(key, iv, plaintext, counter64);
      byte[] hash = bouncyCastleSha256(ciphertext);
      assertArrayEquals(plaintext, decrypt(ciphertext, key, iv, hash, counter64),
          "case " + i + " counter64=" + counter64);
    }
  }

  @Test
  void theModelAgreesWithSicWhereNoCounterOverflows() {
    byte[] key = bytes(32);
    byte[] iv = bytes(16);
    iv[8] = 0;
    byte[] plaintext = bytes(5000);
    assertArrayEquals(bouncyCastleSic(key, iv, plaintext), modelCtr(key, iv, plaintext, true));
    assertArrayEquals(bouncyCastleSic(key, iv, plaintext), modelCtr(key, iv, plaintext, false));
  }

  @Test
  void aSixtyFourBitCounterWrapsWithinTheLowHalfAndA128BitCounterCarriesIntoIt() {
    for (int i = 0; i < 20; i++) {
      byte[] key = bytes(32);
      byte[] iv = bytes(16);
      java.util.Arrays.fill(iv, 8, 16, (byte) 0xff);
      byte[] wrapped = java.util.Arrays.copyOf(java.util.Arrays.copyOf(iv, 8), 16);
      byte[] carried = wrapped.clone();
      for (int j = 7; j >= 0; j--) {
        if (++carried[j] != 0) break;
      }
      byte[] zeros = new byte[48];
      byte[] keystream64 = new byte[48];
      new AesCtr(key.clone(), iv, true).update(zeros, 0, 48, keystream64, 0);
      byte[] keystream128 = new byte[48];
      new AesCtr(key.clone(), iv, false).update(zeros, 0, 48, keystream128, 0);

      assertArrayEquals(bouncyCastleSic(key, iv, new byte[16]),
          java.util.Arrays.copyOfRange(keystream64, 0, 16));
      assertArrayEquals(bouncyCastleSic(key, wrapped, new byte[32]),
          java.util.Arrays.copyOfRange(keystream64, 16, 48));
      assertArrayEquals(bouncyCastleSic(key, carried, new byte[32]),
          java.util.Arrays.copyOfRange(keystream128, 16, 48));
    }
  }

  private byte[] decrypt(byte[] ciphertext, byte[] key, byte[] iv, byte[] hash, boolean counter64)
      throws IOException {
    AttachmentDecryptingSource source = new AttachmentDecryptingSource(
        new Buffer().write(ciphertext), SecretBytes.copyOf(key), iv, hash, counter64);
    byte[] result = readInRandomSizes(source);
    assertTrue(source.isVerified());
    return result;
  }

  private byte[] readInRandomSizes(okio.Source source) throws IOException {
    Buffer out = new Buffer();
    while (source.read(out, 1 + random.nextInt(random.nextBoolean() ? 20 : 20_000)) != -1) {}
    return out.readByteArray();
  }

  private byte[] bytes(int n) {
    byte[] result = new byte[n];
    random.nextBytes(result);
    return result;
  }

  static byte[] bouncyCastleSic(byte[] key, byte[] iv, byte[] input) {
    BlockCipher sic = SICBlockCipher.newInstance(AESEngine.newInstance());
    sic.init(true, new ParametersWithIV(new KeyParameter(key), iv));
    byte[] out = new byte[input.length];
    ((SICBlockCipher) sic).processBytes(input, 0, input.length, out, 0);
    return out;
  }

  static byte[] bouncyCastleSha256(byte[] input) {
    SHA256Digest digest = new SHA256Digest();
    digest.update(input, 0, input.length);
    byte[] out = new byte[32];
    digest.doFinal(out, 0);
    return out;
  }

  /**
   * AES-CTR one block at a time on BouncyCastle's AES engine, the counter incremented explicitly:
   * only the low 64 bits (wrapping to zero) or all 128 bits.
   */
  static byte[] modelCtr(byte[] key, byte[] iv, byte[] input, boolean counter64) {
    BlockCipher aes = AESEngine.newInstance();
    aes.init(true, new KeyParameter(key));
    byte[] counter = iv.clone();
    byte[] keystream = new byte[16];
    byte[] out = new byte[input.length];
    for (int offset = 0; offset < input.length; offset += 16) {
      aes.processBlock(counter, 0, keystream, 0);
      for (int j = 0; j < 16 && offset + j < input.length; j++) {
        out[offset + j] = (byte) (input[offset + j] ^ keystream[j]);
      }
      int lowest = counter64 ? 8 : 0;
      for (int j = 15; j >= lowest; j--) {
        if (++counter[j] != 0) break;
      }
    }
    return out;
  }
}
