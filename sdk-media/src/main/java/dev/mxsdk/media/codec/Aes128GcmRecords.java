package dev.mxsdk.media.codec;

import dev.mxsdk.media.MediaIntegrityException;
import dev.mxsdk.media.internal.crypto.Hkdf;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.NoSuchPaddingException;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The RFC 8188 {@code aes128gcm} key schedule of one encoding (one IKM and salt) and the sealing
 * and opening of its records by number, in any order: what a CDN needs to serve any range of the
 * canonical encoding without encrypting the records before it, and what the streaming
 * {@link Aes128GcmEncodingSource} and {@link Aes128GcmDecodingSource} use record by record.
 *
 * <pre>
 * CEK   = HKDF-SHA256(salt, IKM, "Content-Encoding: aes128gcm" || 0x00, 16)
 * NONCE = HKDF-SHA256(salt, IKM, "Content-Encoding: nonce" || 0x00, 12)
 * record i = AES-128-GCM(CEK, NONCE XOR uint96be(i), chunk_i || delimiter)
 * </pre>
 *
 * <pre>{@code
 * Aes128GcmRecords records = new Aes128GcmRecords(key, salt, 65536);
 * int sealedLength = records.seal(i, chunk, chunkLength, last, out);
 * }</pre>
 *
 * <p>Crypto through the platform JCA provider. Not thread-safe: one {@link Cipher} is reused.
 */
public final class Aes128GcmRecords {
  private final int recordSize;
  private final SecretKeySpec cek;
  private final byte[] nonceBase;
  private final byte[] nonce = new byte[Aes128GcmDecodingSource.NONCE_LENGTH];
  private Cipher cipher;

  /**
   * The schedule for {@code ikm} (for MSC4097 the redirect's 16-byte key) and the 16-byte
   * {@code salt} of the encoding's header, with records of {@code recordSize} bytes.
   *
   * @param ikm the input keying material
   * @param salt the 16-byte salt
   * @param recordSize the encoding's rs, at least 18
   */
  public Aes128GcmRecords(SecretBytes ikm, byte[] salt, int recordSize) {
    if (ikm == null) throw new NullPointerException("ikm == null");
    if (salt.length != Aes128GcmDecodingSource.SALT_LENGTH) {
      throw new IllegalArgumentException("salt must be 16 bytes, was " + salt.length);
    }
    if (recordSize < Aes128GcmDecodingSource.MIN_RECORD_SIZE) {
      throw new IllegalArgumentException("record size must be at least 18, was " + recordSize);
    }
    this.recordSize = recordSize;
    byte[] ikmBytes = ikm.bytes();
    byte[] cekBytes = Hkdf.aes128gcmKey(salt, ikmBytes);
    this.cek = new SecretKeySpec(cekBytes, "AES");
    Arrays.fill(cekBytes, (byte) 0);
    this.nonceBase = Hkdf.aes128gcmNonceBase(salt, ikmBytes);
    Arrays.fill(ikmBytes, (byte) 0);
    this.cipher = newCipher();
  }

  private static Cipher newCipher() {
    try {
      return Cipher.getInstance("AES/GCM/NoPadding");
    } catch (NoSuchAlgorithmException | NoSuchPaddingException e) {
      throw new AssertionError(e);
    }
  }

  /** {@return the record size rs} */
  public int recordSize() {
    return recordSize;
  }

  /** {@return the most plaintext one record holds: rs minus the tag and the delimiter} */
  public int chunkSize() {
    return recordSize - Aes128GcmDecodingSource.RECORD_OVERHEAD;
  }

  /**
   * Seals record {@code index}: {@code chunk[0..length)} followed by the delimiter (final or not),
   * into {@code out}, which needs {@code length + 17} bytes; returns the sealed length.
   *
   * @param index the record's number, from 0
   * @param chunk the plaintext, with room for one more byte (the delimiter) after {@code length}
   * @param length the number of plaintext bytes in {@code chunk}
   * @param last whether this is the final record
   * @param out where the sealed record is written, from offset 0
   * @return the number of bytes written to {@code out}: {@code length + 17}
   * @throws IllegalArgumentException if {@code length} exceeds {@link #chunkSize()}
   */
  public int seal(long index, byte[] chunk, int length, boolean last, byte[] out) {
    if (length < 0 || length > chunkSize()) {
      throw new IllegalArgumentException("chunk length must be 0.." + chunkSize() + ", was " + length);
    }
    if (chunk.length < length + 1) {
      throw new IllegalArgumentException("chunk needs room for the delimiter");
    }
    chunk[length] = last
        ? Aes128GcmDecodingSource.DELIMITER_FINAL : Aes128GcmDecodingSource.DELIMITER_RECORD;
    Hkdf.recordNonce(nonceBase, index, nonce);
    GCMParameterSpec spec = new GCMParameterSpec(Aes128GcmDecodingSource.TAG_LENGTH * 8, nonce);
    try {
      try {
        cipher.init(Cipher.ENCRYPT_MODE, cek, spec);
      } catch (InvalidAlgorithmParameterException sameNonceAgain) {
        // Sealing the same record again (a CDN serving a range twice) is deterministic by design,
        // but a JCA GCM cipher refuses the key and nonce it last encrypted with: use a fresh one.
        cipher = newCipher();
        cipher.init(Cipher.ENCRYPT_MODE, cek, spec);
      }
      return cipher.doFinal(chunk, 0, length + 1, out, 0);
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * Opens record {@code index} of {@code length} sealed bytes into {@code out}; returns the
   * length of the padded plaintext (chunk, delimiter and any zero padding).
   *
   * @param index the record's number, from 0
   * @param record the sealed record, from offset 0
   * @param length the number of sealed bytes in {@code record}
   * @param out where the padded plaintext is written, from offset 0
   * @return the number of bytes written to {@code out}
   * @throws MediaIntegrityException if the tag does not verify
   */
  public int open(long index, byte[] record, int length, byte[] out)
      throws MediaIntegrityException {
    Hkdf.recordNonce(nonceBase, index, nonce);
    try {
      cipher.init(Cipher.DECRYPT_MODE, cek,
          new GCMParameterSpec(Aes128GcmDecodingSource.TAG_LENGTH * 8, nonce));
      return cipher.doFinal(record, 0, length, out, 0);
    } catch (AEADBadTagException e) {
      throw new MediaIntegrityException("aes128gcm record " + index
          + " failed authentication (tampered, truncated or wrong key)");
    } catch (InvalidKeyException | InvalidAlgorithmParameterException e) {
      throw new AssertionError(e);
    } catch (GeneralSecurityException e) {
      throw new MediaIntegrityException("aes128gcm record " + index + " could not be decrypted",
          e);
    }
  }

  /**
   * The 21-byte header of an encoding with this salt and record size and no keyid.
   *
   * @param salt the 16-byte salt
   * @param recordSize the encoding's rs
   * @return the header: salt, rs as a 4-byte big-endian number, and a 0 keyid length
   */
  public static byte[] header(byte[] salt, int recordSize) {
    if (salt.length != Aes128GcmDecodingSource.SALT_LENGTH) {
      throw new IllegalArgumentException("salt must be 16 bytes, was " + salt.length);
    }
    byte[] header = new byte[Aes128GcmDecodingSource.HEADER_LENGTH];
    System.arraycopy(salt, 0, header, 0, salt.length);
    header[16] = (byte) (recordSize >>> 24);
    header[17] = (byte) (recordSize >>> 16);
    header[18] = (byte) (recordSize >>> 8);
    header[19] = (byte) recordSize;
    header[20] = 0; // idlen: MSC4097 sends no keyid
    return header;
  }

  @Override
  public String toString() {
    return "Aes128GcmRecords{rs=" + recordSize + ", key redacted}";
  }
}
