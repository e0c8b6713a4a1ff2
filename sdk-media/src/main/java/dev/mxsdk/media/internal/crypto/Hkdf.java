package dev.mxsdk.media.internal.crypto;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF-SHA256 (RFC 5869) with a single output block, through the platform JCA {@link Mac}: the two
 * HMAC calls RFC 8188 section 2.2 writes out. Also the RFC 8188 {@code aes128gcm} key schedule.
 */
public final class Hkdf {
  /** RFC 8188's content-encryption-key info, with HKDF's block counter 0x01 appended. */
  private static final byte[] CEK_INFO = ascii("Content-Encoding: aes128gcm\0\1");
  /** RFC 8188's nonce info, with HKDF's block counter 0x01 appended. */
  private static final byte[] NONCE_INFO = ascii("Content-Encoding: nonce\0\1");

  private Hkdf() {}

  /**
   * Returns the first {@code length} (at most 32) bytes of HKDF-SHA256(salt, ikm, info), where
   * {@code infoWithCounter} is the info string followed by the block counter byte 0x01.
   */
  static byte[] oneBlock(byte[] salt, byte[] ikm, byte[] infoWithCounter, int length) {
    if (length > 32) throw new IllegalArgumentException("length > 32: " + length);
    byte[] prk = hmacSha256(salt, ikm);
    try {
      return Arrays.copyOf(hmacSha256(prk, infoWithCounter), length);
    } finally {
      Arrays.fill(prk, (byte) 0);
    }
  }

  /** RFC 8188's 16-byte content-encryption key for {@code salt} and input keying material. */
  public static byte[] aes128gcmKey(byte[] salt, byte[] ikm) {
    return oneBlock(salt, ikm, CEK_INFO, 16);
  }

  /** RFC 8188's 12-byte nonce base for {@code salt} and input keying material. */
  public static byte[] aes128gcmNonceBase(byte[] salt, byte[] ikm) {
    return oneBlock(salt, ikm, NONCE_INFO, 12);
  }

  /** Writes the nonce of record {@code sequence} (nonce base XOR big-endian sequence) into out. */
  public static void recordNonce(byte[] nonceBase, long sequence, byte[] out) {
    System.arraycopy(nonceBase, 0, out, 0, 12);
    for (int i = 0; i < 8; i++) out[11 - i] ^= (byte) (sequence >>> (8 * i));
  }

  /** HMAC-SHA256(key, data) through the platform provider. */
  public static byte[] hmacSha256(byte[] key, byte[] data) {
    Mac mac = hmac(key);
    return mac.doFinal(data);
  }

  /** A platform HMAC-SHA256 initialised with {@code key}. */
  public static Mac hmac(byte[] key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac;
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] ascii(String s) {
    byte[] out = new byte[s.length()];
    for (int i = 0; i < out.length; i++) out[i] = (byte) s.charAt(i);
    return out;
  }
}
