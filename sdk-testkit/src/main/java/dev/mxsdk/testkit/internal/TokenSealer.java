package dev.mxsdk.testkit.internal;

import com.squareup.moshi.JsonReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.NoSuchPaddingException;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import okio.Buffer;
import org.jspecify.annotations.Nullable;

/**
 * Seals and opens the stateless homeserver-to-CDN tokens of {@code docs/msc4097.md} section 6:
 * {@code base64url(nonce || AES-256-GCM(secret, nonce, aad, json))}.
 *
 * <p>Security: the secret never leaves this object; {@link #toString()} names no byte of it.
 * Thread-safe.
 */
public final class TokenSealer {
  private static final byte[] AAD = "org.matrix.msc4097.token.v1".getBytes(StandardCharsets.US_ASCII);
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final SecretKeySpec secret;
  private final SecureRandom random;

  /**
   * Returns a sealer under the 32-byte homeserver-CDN {@code secret} (copied).
   *
   * @throws IllegalArgumentException if {@code secret} is not 32 bytes
   */
  public TokenSealer(byte[] secret, SecureRandom random) {
    if (secret.length != 32) {
      throw new IllegalArgumentException("secret must be 32 bytes, was " + secret.length);
    }
    this.secret = new SecretKeySpec(secret.clone(), "AES");
    this.random = random;
  }

  /**
   * What a token carries. {@code key} is null for a plain (not CDN-encrypted) redirect;
   * {@code name} is the file name the client asked for in the download path, or null for the
   * stored one.
   */
  public static final class Claims {
    public final String media;
    public final String rendition;
    public final byte[] sha256;
    public final int rs;
    public final byte @Nullable [] key;
    public final @Nullable String name;
    public final long exp;

    /** Returns claims without a file name. */
    public Claims(String media, String rendition, byte[] sha256, int rs, byte @Nullable [] key,
        long exp) {
      this(media, rendition, sha256, rs, key, null, exp);
    }

    /** Returns claims holding copies of {@code sha256} and {@code key}. */
    public Claims(String media, String rendition, byte[] sha256, int rs, byte @Nullable [] key,
        @Nullable String name, long exp) {
      this.media = media;
      this.rendition = rendition;
      this.sha256 = sha256.clone();
      this.rs = rs;
      this.key = key == null ? null : key.clone();
      this.name = name;
      this.exp = exp;
    }

    @Override
    public String toString() {
      return "Claims(" + media + ", " + rendition + ", rs=" + rs + ", key="
          + (key == null ? "none" : "redacted") + (name != null ? ", named" : "") + ", exp=" + exp
          + ")";
    }
  }

  /** Returns the sealed token for {@code claims}: unpadded base64url. */
  public String seal(Claims claims) {
    StringBuilder json = new StringBuilder();
    json.append("{\"v\":1,\"media\":").append(Json.quote(claims.media))
        .append(",\"rendition\":").append(Json.quote(claims.rendition))
        .append(",\"sha256\":\"").append(b64(claims.sha256)).append('"')
        .append(",\"rs\":").append(claims.rs);
    if (claims.key != null) json.append(",\"key\":\"").append(b64(claims.key)).append('"');
    if (claims.name != null) json.append(",\"name\":").append(Json.quote(claims.name));
    json.append(",\"exp\":").append(claims.exp).append('}');
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = gcm();
      cipher.init(Cipher.ENCRYPT_MODE, secret, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(AAD);
      byte[] sealed = cipher.doFinal(json.toString().getBytes(StandardCharsets.UTF_8));
      byte[] token = new byte[NONCE_BYTES + sealed.length];
      System.arraycopy(nonce, 0, token, 0, NONCE_BYTES);
      System.arraycopy(sealed, 0, token, NONCE_BYTES, sealed.length);
      return b64(token);
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  /** Opens {@code token}; returns null if it is malformed, forged, or carries unreadable JSON. */
  public @Nullable Claims open(String token) {
    byte[] raw;
    try {
      raw = Base64.getUrlDecoder().decode(token);
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (raw.length < NONCE_BYTES + TAG_BITS / 8) return null;
    byte[] json;
    try {
      Cipher cipher = gcm();
      cipher.init(Cipher.DECRYPT_MODE, secret,
          new GCMParameterSpec(TAG_BITS, Arrays.copyOfRange(raw, 0, NONCE_BYTES)));
      cipher.updateAAD(AAD);
      json = cipher.doFinal(raw, NONCE_BYTES, raw.length - NONCE_BYTES);
    } catch (GeneralSecurityException e) {
      return null;
    }
    try {
      return parse(json);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static Claims parse(byte[] json) throws IOException {
    JsonReader reader = JsonReader.of(new Buffer().write(json));
    String media = null;
    String rendition = null;
    byte[] sha256 = null;
    byte[] key = null;
    String name = null;
    int rs = -1;
    long exp = -1;
    int v = -1;
    reader.beginObject();
    while (reader.hasNext()) {
      switch (reader.nextName()) {
        case "v": v = reader.nextInt(); break;
        case "media": media = reader.nextString(); break;
        case "rendition": rendition = reader.nextString(); break;
        case "sha256": sha256 = Base64.getUrlDecoder().decode(reader.nextString()); break;
        case "rs": rs = reader.nextInt(); break;
        case "key": key = Base64.getUrlDecoder().decode(reader.nextString()); break;
        case "name": name = reader.nextString(); break;
        case "exp": exp = reader.nextLong(); break;
        default: reader.skipValue();
      }
    }
    reader.endObject();
    if (v != 1 || media == null || rendition == null || sha256 == null || rs < 18 || exp < 0) {
      throw new IOException("incomplete token");
    }
    return new Claims(media, rendition, sha256, rs, key, name, exp);
  }

  private static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static Cipher gcm() {
    try {
      return Cipher.getInstance("AES/GCM/NoPadding");
    } catch (NoSuchAlgorithmException | NoSuchPaddingException e) {
      throw new AssertionError(e);
    }
  }

  @Override
  public String toString() {
    return "TokenSealer[secret redacted]";
  }
}
