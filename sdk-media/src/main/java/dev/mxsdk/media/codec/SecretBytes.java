package dev.mxsdk.media.codec;

import java.security.MessageDigest;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * An immutable holder for key material. {@link #toString()} prints the length only, never a byte;
 * {@link #equals} compares in constant time. Callers get copies, so nobody can change the key held
 * here.
 */
public final class SecretBytes {
  private final byte[] bytes;

  private SecretBytes(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * Returns a holder for a copy of {@code bytes}.
   *
   * @param bytes the secret; the caller may wipe its array afterwards
   * @return the holder
   */
  public static SecretBytes copyOf(byte[] bytes) {
    if (bytes == null) throw new NullPointerException("bytes == null");
    return new SecretBytes(bytes.clone());
  }

  /**
   * Returns a holder that takes ownership of {@code bytes}: the caller must not keep a reference.
   *
   * @param bytes the secret, owned by the holder from now on
   * @return the holder
   */
  public static SecretBytes wrap(byte[] bytes) {
    if (bytes == null) throw new NullPointerException("bytes == null");
    return new SecretBytes(bytes);
  }

  /** {@return a copy of the key bytes} */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** {@return the number of key bytes} */
  public int size() {
    return bytes.length;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof SecretBytes && MessageDigest.isEqual(bytes, ((SecretBytes) other).bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(new int[] {bytes.length});
  }

  @Override
  public String toString() {
    return "SecretBytes[" + bytes.length + " bytes, redacted]";
  }
}
