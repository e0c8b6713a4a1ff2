package dev.mxsdk.media;

import dev.mxsdk.core.MxcUri;
import dev.mxsdk.media.codec.SecretBytes;
import dev.mxsdk.media.internal.crypto.Base64Strict;
import dev.mxsdk.media.internal.json.EncryptedFileJson;
import okio.ByteString;
import org.jspecify.annotations.Nullable;

/**
 * The Matrix {@code EncryptedFile} object that describes an end-to-end encrypted attachment: where
 * the ciphertext is ({@link #url()}), the AES-256-CTR key and IV, the SHA-256 of the ciphertext, and
 * the protocol version.
 *
 * <pre>{@code
 * EncryptedFile file = EncryptedFile.fromJson(event.getJSONObject("file").toString());
 * try (Source plaintext = Attachments.decrypt(ciphertext, file)) { ... }
 * String json = file.toJson(); // spec shape, for an outgoing event
 * }</pre>
 *
 * <p>JSON is read per the client-server specification, "Sending encrypted attachments": {@code v}
 * is {@code "v2"}, {@code "v1"} (legacy, decrypted with a 64-bit counter) or absent (legacy,
 * 128-bit counter); {@code key} is a JWK with {@code kty} {@code "oct"}, {@code alg}
 * {@code "A256CTR"}, {@code key_ops} containing {@code "encrypt"} and {@code "decrypt"}, {@code k}
 * the URL-safe base64 of 32 bytes and {@code ext} true (absent is tolerated); {@code iv} is the
 * base64 of 16 bytes and {@code hashes.sha256} the base64 of 32 bytes. Base64 is accepted with or
 * without padding; unknown fields (such as {@code mimetype}) are ignored; a repeated field is an
 * error. {@link #toJson()} writes exactly the spec's shape with unpadded base64.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * <h2>Security</h2>
 * The key is secret: {@link #toString()} and every exception message omit it, and {@link #equals}
 * compares it in constant time. {@link #key()} and {@link #toJson()} do contain it; treat their
 * results like a password. The SHA-256 binds the ciphertext, not the key: a wrong key or IV (which
 * only a compromised event could deliver) decrypts to wrong bytes without an error.
 */
public final class EncryptedFile {
  private static final int KEY_SIZE = 32;
  private static final int IV_SIZE = 16;
  private static final int SHA256_SIZE = 32;

  private final @Nullable MxcUri url;
  private final SecretBytes key;
  private final ByteString iv;
  private final ByteString sha256;
  private final @Nullable String version;

  private EncryptedFile(Builder builder) {
    this.url = builder.url;
    this.key = requireSet(builder.key, "key");
    this.iv = requireSet(builder.iv, "iv");
    this.sha256 = requireSet(builder.sha256, "sha256");
    this.version = builder.version;
  }

  /**
   * {@return the {@code mxc://} URI of the ciphertext, or null if the file has not been uploaded
   * yet}
   */
  public @Nullable MxcUri url() {
    return url;
  }

  /** {@return a copy of the 32-byte AES-256 key} Secret: never log it. */
  public byte[] key() {
    return key.bytes();
  }

  /** {@return a copy of the 16-byte initial AES-CTR counter block} */
  public byte[] iv() {
    return iv.toByteArray();
  }

  /** {@return a copy of the 32-byte SHA-256 of the ciphertext} */
  public byte[] sha256() {
    return sha256.toByteArray();
  }

  /**
   * {@return the protocol version: {@code "v2"}, {@code "v1"}, or null for an unversioned legacy
   * file}
   */
  public @Nullable String version() {
    return version;
  }

  /** {@return a builder initialized with this file's fields} */
  public Builder newBuilder() {
    return new Builder(this);
  }

  SecretBytes secretKey() {
    return key;
  }

  /** True for {@code v1} and {@code v2} (64-bit counter), false for unversioned (128-bit). */
  boolean counter64() {
    return version != null;
  }

  /**
   * Parses an {@code EncryptedFile} JSON object.
   *
   * @param json the JSON object, e.g. the {@code file} of an {@code m.image} event's content
   * @return the parsed file
   * @throws MalformedEncryptedFileException if the JSON is malformed, a required field is missing
   *     or invalid, or the algorithm or version is not supported; {@link
   *     MalformedEncryptedFileException#field()} names the field
   */
  public static EncryptedFile fromJson(String json) throws MalformedEncryptedFileException {
    if (json == null) throw new NullPointerException("json == null");
    EncryptedFileJson.Fields fields = EncryptedFileJson.read(json);
    try {
      return new Builder()
          .url(fields.url)
          .key(fields.key)
          .iv(fields.iv)
          .sha256(fields.sha256)
          .version(fields.version)
          .build();
    } finally {
      java.util.Arrays.fill(fields.key, (byte) 0);
    }
  }

  /**
   * Returns this file as an {@code EncryptedFile} JSON object in the spec's shape: {@code url}
   * (only when known), {@code key} ({@code kty}, {@code key_ops}, {@code alg}, unpadded base64url
   * {@code k}, {@code ext: true}), unpadded base64 {@code iv} and {@code hashes.sha256}, and
   * {@code v} (omitted for an unversioned legacy file). Contains the key.
   *
   * @return the JSON text; it holds the key, so it is as secret as the key
   */
  public String toJson() {
    byte[] keyBytes = key.bytes();
    try {
      return EncryptedFileJson.write(url, keyBytes, iv.toByteArray(), sha256.toByteArray(), version);
    } finally {
      java.util.Arrays.fill(keyBytes, (byte) 0);
    }
  }

  @Override
  public boolean equals(@Nullable Object other) {
    if (this == other) return true;
    if (!(other instanceof EncryptedFile)) return false;
    EncryptedFile that = (EncryptedFile) other;
    return (url == null ? that.url == null : url.equals(that.url))
        && key.equals(that.key)
        && iv.equals(that.iv)
        && sha256.equals(that.sha256)
        && (version == null ? that.version == null : version.equals(that.version));
  }

  @Override
  public int hashCode() {
    // The key is left out so that the hash code reveals nothing about it.
    int result = url != null ? url.hashCode() : 0;
    result = 31 * result + iv.hashCode();
    result = 31 * result + sha256.hashCode();
    result = 31 * result + (version != null ? version.hashCode() : 0);
    return result;
  }

  /** Describes this file without the key. */
  @Override
  public String toString() {
    return "EncryptedFile{url=" + url
        + ", v=" + version
        + ", key=[redacted]"
        + ", iv=" + Base64Strict.encode(iv)
        + ", sha256=" + Base64Strict.encode(sha256)
        + "}";
  }

  private static <T> T requireSet(@Nullable T value, String name) {
    if (value == null) throw new IllegalStateException(name + " is not set");
    return value;
  }

  /**
   * Builds an {@link EncryptedFile}; {@link #version} defaults to {@code "v2"}. Not thread-safe.
   *
   * <pre>{@code
   * EncryptedFile file = new EncryptedFile.Builder()
   *     .url(MxcUri.parse("mxc://example.org/abc"))
   *     .key(key).iv(iv).sha256(sha256)
   *     .build();
   * }</pre>
   */
  public static final class Builder {
    private @Nullable MxcUri url;
    private @Nullable SecretBytes key;
    private @Nullable ByteString iv;
    private @Nullable ByteString sha256;
    private @Nullable String version = "v2";

    /** Returns an empty builder. */
    public Builder() {}

    Builder(EncryptedFile file) {
      this.url = file.url;
      this.key = file.key;
      this.iv = file.iv;
      this.sha256 = file.sha256;
      this.version = file.version;
    }

    /**
     * Sets the {@code mxc://} URI of the ciphertext; null if not uploaded yet.
     *
     * @param url the ciphertext's {@code mxc://} URI, or null
     * @return this builder
     */
    public Builder url(@Nullable MxcUri url) {
      this.url = url;
      return this;
    }

    /**
     * Sets the 32-byte AES-256 key (copied).
     *
     * @param key the AES-256 key
     * @return this builder
     * @throws IllegalArgumentException if {@code key} is not 32 bytes
     */
    public Builder key(byte[] key) {
      if (key == null) throw new NullPointerException("key == null");
      if (key.length != KEY_SIZE) {
        throw new IllegalArgumentException("expected a 32-byte key, got " + key.length + " bytes");
      }
      this.key = SecretBytes.copyOf(key);
      return this;
    }

    Builder secretKey(SecretBytes key) {
      if (key.size() != KEY_SIZE) {
        throw new IllegalArgumentException("expected a 32-byte key, got " + key.size() + " bytes");
      }
      this.key = key;
      return this;
    }

    /**
     * Sets the 16-byte IV (copied).
     *
     * @param iv the initial AES-CTR counter block
     * @return this builder
     * @throws IllegalArgumentException if {@code iv} is not 16 bytes
     */
    public Builder iv(byte[] iv) {
      if (iv == null) throw new NullPointerException("iv == null");
      if (iv.length != IV_SIZE) {
        throw new IllegalArgumentException("expected a 16-byte IV, got " + iv.length + " bytes");
      }
      this.iv = ByteString.of(iv);
      return this;
    }

    /**
     * Sets the 32-byte SHA-256 of the ciphertext (copied).
     *
     * @param sha256 the SHA-256 of the ciphertext
     * @return this builder
     * @throws IllegalArgumentException if {@code sha256} is not 32 bytes
     */
    public Builder sha256(byte[] sha256) {
      if (sha256 == null) throw new NullPointerException("sha256 == null");
      if (sha256.length != SHA256_SIZE) {
        throw new IllegalArgumentException(
            "expected a 32-byte SHA-256, got " + sha256.length + " bytes");
      }
      this.sha256 = ByteString.of(sha256);
      return this;
    }

    /**
     * Sets the protocol version: {@code "v2"} (the default and the only one to use for new files),
     * or {@code "v1"} or null to describe a legacy file.
     *
     * @param version {@code "v2"}, {@code "v1"} or null
     * @return this builder
     * @throws IllegalArgumentException for any other value
     */
    public Builder version(@Nullable String version) {
      if (version != null && !version.equals("v2") && !version.equals("v1")) {
        throw new IllegalArgumentException(
            "expected version \"v2\", \"v1\" or null, got " + EncryptedFileJson.quote(version));
      }
      this.version = version;
      return this;
    }

    /**
     * Returns the file.
     *
     * @return a new file with this builder's values
     * @throws IllegalStateException if the key, IV or SHA-256 is not set
     */
    public EncryptedFile build() {
      return new EncryptedFile(this);
    }
  }


}
