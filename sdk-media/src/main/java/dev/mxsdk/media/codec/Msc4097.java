package dev.mxsdk.media.codec;

import dev.mxsdk.media.internal.crypto.Hkdf;
import java.nio.charset.Charset;
import java.util.Arrays;
import javax.crypto.Mac;

/**
 * The MSC4097 profile as this project defines it ({@code docs/msc4097.md}): the wire names, the
 * deterministic RFC 8188 salt and the rendition names.
 *
 * <p>salt = first 16 bytes of HMAC-SHA256(key, "org.matrix.msc4097.salt.v1" || 0x00 || SHA-256 of
 * the object || uint32be(rs) || UTF-8(rendition)). Safe only because the key is fresh per redirect
 * and the homeserver's sealed token binds rendition, object digest and rs, so one (key, salt, rs)
 * always yields one byte string.
 */
public final class Msc4097 {
  /** The response header of a keyed redirect (section 3). */
  public static final String KEY_HEADER = "X-Matrix-Media-Encryption";
  /** The query parameter by which a client opts in, listing the algorithms it decodes. */
  public static final String OPT_IN_PARAMETER = "org.matrix.msc4097.encryption";
  /** The only algorithm: RFC 8188's content coding. */
  public static final String ALG_AES128GCM = "aes128gcm";
  /** The rendition of a full download. */
  public static final String DOWNLOAD_RENDITION = "download";
  /** The canonical record size a CDN uses unless configured otherwise. */
  public static final int DEFAULT_RECORD_SIZE = 65536;

  private static final Charset UTF_8 = Charset.forName("UTF-8");
  private static final byte[] SALT_LABEL = "org.matrix.msc4097.salt.v1\0".getBytes(UTF_8);

  private Msc4097() {}

  /**
   * The rendition of a thumbnail: {@code thumbnail/<w>x<h>/<method>/<animated>}.
   *
   * @param width the thumbnail's width, in pixels
   * @param height the thumbnail's height, in pixels
   * @param method {@code "crop"} or {@code "scale"}
   * @param animated whether an animated thumbnail was asked for
   * @return the rendition string
   */
  public static String thumbnailRendition(int width, int height, String method, boolean animated) {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("thumbnail size must be positive: " + width + "x" + height);
    }
    if (!"crop".equals(method) && !"scale".equals(method)) {
      throw new IllegalArgumentException("method must be crop or scale: " + method);
    }
    return "thumbnail/" + width + "x" + height + "/" + method + "/" + animated;
  }

  /**
   * The profile's salt for {@code key}, the object's SHA-256, the record size and rendition.
   *
   * @param key the 16-byte key of the redirect
   * @param sha256 the 32-byte SHA-256 of the stored object
   * @param rs the record size
   * @param rendition the rendition, e.g. {@code "download"}
   * @return the 16-byte salt
   */
  public static byte[] salt(SecretBytes key, byte[] sha256, int rs, String rendition) {
    if (sha256.length != AttachmentDecryptingSource.SHA256_LENGTH) {
      throw new IllegalArgumentException("expected a 32-byte SHA-256, got " + sha256.length);
    }
    if (rs < Aes128GcmDecodingSource.MIN_RECORD_SIZE) {
      throw new IllegalArgumentException("rs < 18: " + rs);
    }
    byte[] keyBytes = key.bytes();
    Mac mac = Hkdf.hmac(keyBytes);
    Arrays.fill(keyBytes, (byte) 0);
    mac.update(SALT_LABEL);
    mac.update(sha256);
    mac.update(new byte[] {(byte) (rs >>> 24), (byte) (rs >>> 16), (byte) (rs >>> 8), (byte) rs});
    mac.update(rendition.getBytes(UTF_8));
    return Arrays.copyOf(mac.doFinal(), Aes128GcmDecodingSource.SALT_LENGTH);
  }
}
