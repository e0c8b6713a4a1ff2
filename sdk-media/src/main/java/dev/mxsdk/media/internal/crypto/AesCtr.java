package dev.mxsdk.media.internal.crypto;

import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Cipher;
import javax.crypto.NoSuchPaddingException;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-CTR through the platform provider ({@code AES/CTR/NoPadding}) with the counter width Matrix
 * attachments use: 64 bits (versions {@code v1} and {@code v2}) or 128 bits (unversioned).
 *
 * <p>A 16-byte counter block is incremented per AES block. With a 128-bit counter the whole block
 * is one big-endian integer that wraps to zero, which is what JCA providers do. With a 64-bit counter
 * only the low 8 bytes count and wrap to zero while the high 8 bytes stay fixed, as WebCrypto's
 * {@code AES-CTR} with {@code length: 64} does; JCA would carry into the high half instead, so at
 * the block where the low 64 bits overflow the cipher is initialized again with the high half and a
 * zero low half. Encryption and decryption are the same operation.
 *
 * <p>Not thread-safe. Allocates nothing per call.
 */
public final class AesCtr {
  /** The AES block size: one counter value per 16 bytes. */
  public static final int BLOCK = 16;

  private final Cipher cipher;
  private final SecretKeySpec key;
  private final byte[] iv;
  /** Bytes left before the low 64 bits of the counter overflow; Long.MAX_VALUE means "never". */
  private long bytesUntilWrap;
  private final boolean counter64;

  /** A cipher for the 32-byte {@code key} starting at counter block {@code iv}. */
  public AesCtr(byte[] key, byte[] iv, boolean counter64) {
    this(key, iv, counter64, 0);
  }

  /**
   * A cipher for the 32-byte {@code key} and initial counter block {@code iv}, positioned at byte
   * {@code offset} of the stream: the counter starts at the block that holds the offset (with the
   * same 64-bit wrap as a stream read from the start) and the first {@code offset % 16} bytes of
   * that block's keystream are passed over. What it then produces equals bytes {@code offset...}
   * of the stream a cipher at offset 0 would produce.
   *
   * @throws IllegalArgumentException if {@code offset} is negative
   */
  public AesCtr(byte[] key, byte[] iv, boolean counter64, long offset) {
    if (key.length != 32) throw new IllegalArgumentException("expected a 32-byte key, got " + key.length);
    if (iv.length != 16) throw new IllegalArgumentException("expected a 16-byte IV, got " + iv.length);
    if (offset < 0) throw new IllegalArgumentException("offset < 0: " + offset);
    this.cipher = newCipher();
    this.key = new SecretKeySpec(key, "AES");
    this.iv = iv.clone();
    this.counter64 = counter64;
    byte[] start = counterBlockAt(iv, offset / BLOCK, counter64);
    init(start);
    if (counter64) {
      long low = 0;
      for (int i = 8; i < 16; i++) low = (low << 8) | (start[i] & 0xff);
      // Blocks until the low half overflows: 2^64 - low, as an unsigned value.
      long blocks = -low;
      if (low == 0 || blocks < 0 || blocks > Long.MAX_VALUE / 16) {
        bytesUntilWrap = Long.MAX_VALUE;
      } else {
        bytesUntilWrap = blocks * 16;
      }
    } else {
      bytesUntilWrap = Long.MAX_VALUE;
    }
    int skip = (int) (offset % BLOCK);
    if (skip > 0) {
      byte[] unused = new byte[BLOCK];
      update(unused, 0, skip, unused, 0);
    }
  }

  /**
   * The counter block of AES block {@code blockIndex} (from 0) of a stream that starts at
   * {@code iv}: {@code iv + blockIndex} over all 128 bits, or, with {@code counter64}, over the
   * low 64 bits only, which wrap to zero while the high 64 bits stay as they are.
   *
   * @throws IllegalArgumentException if {@code iv} is not 16 bytes or {@code blockIndex} is
   *     negative
   */
  public static byte[] counterBlockAt(byte[] iv, long blockIndex, boolean counter64) {
    if (iv.length != 16) throw new IllegalArgumentException("expected a 16-byte IV, got " + iv.length);
    if (blockIndex < 0) throw new IllegalArgumentException("blockIndex < 0: " + blockIndex);
    long high = 0;
    long low = 0;
    for (int i = 0; i < 8; i++) high = (high << 8) | (iv[i] & 0xff);
    for (int i = 8; i < 16; i++) low = (low << 8) | (iv[i] & 0xff);
    long sum = low + blockIndex;
    // An unsigned overflow of the low half carries into the high half, but only for 128 bits.
    boolean overflowed = (sum ^ Long.MIN_VALUE) < (low ^ Long.MIN_VALUE);
    if (overflowed && !counter64) high++;
    byte[] block = new byte[16];
    for (int i = 7; i >= 0; i--) {
      block[i] = (byte) high;
      high >>>= 8;
    }
    for (int i = 15; i >= 8; i--) {
      block[i] = (byte) sum;
      sum >>>= 8;
    }
    return block;
  }

  /** Transforms {@code len} bytes of {@code in} into {@code out}; the arrays may be the same. */
  public void update(byte[] in, int inOff, int len, byte[] out, int outOff) {
    if (counter64 && len >= bytesUntilWrap) {
      int first = (int) bytesUntilWrap;
      transform(in, inOff, first, out, outOff);
      byte[] wrapped = new byte[16];
      System.arraycopy(iv, 0, wrapped, 0, 8);
      init(wrapped);
      // The low half starts at zero again: the next overflow is 2^64 blocks away.
      bytesUntilWrap = Long.MAX_VALUE;
      transform(in, inOff + first, len - first, out, outOff + first);
      return;
    }
    transform(in, inOff, len, out, outOff);
    if (bytesUntilWrap != Long.MAX_VALUE) bytesUntilWrap -= len;
  }

  private void transform(byte[] in, int inOff, int len, byte[] out, int outOff) {
    if (len == 0) return;
    try {
      int n = cipher.update(in, inOff, len, out, outOff);
      if (n != len) {
        throw new IllegalStateException("AES/CTR returned " + n + " bytes for " + len);
      }
    } catch (ShortBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  private void init(byte[] counterBlock) {
    try {
      cipher.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(counterBlock));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-CTR rejected the key or IV", e);
    }
  }

  private static Cipher newCipher() {
    try {
      return Cipher.getInstance("AES/CTR/NoPadding");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    } catch (NoSuchPaddingException e) {
      throw new AssertionError(e);
    }
  }
}
