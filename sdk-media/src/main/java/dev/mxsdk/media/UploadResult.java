package dev.mxsdk.media;

import dev.mxsdk.core.MxcUri;
import org.jspecify.annotations.Nullable;

/**
 * A finished upload: the {@link #mxcUri()} of the stored media, the server's MSC3910
 * {@link #contentToken()} when it issued one, and for an encrypted upload the complete
 * {@link #encryptedFile()} (its {@code url} set, its hash that of the ciphertext that was sent),
 * ready for the event's {@code file} field.
 *
 * <pre>{@code
 * UploadResult result = mediaClient.newUpload(UploadRequest.file(photo).encrypt(true).build())
 *     .execute();
 * String fileJson = result.encryptedFile().toJson();   // content.file of the m.image event
 * }</pre>
 *
 * <h2>Security</h2>
 * The content token and the {@code EncryptedFile}'s key are secrets: {@link #toString()} shows
 * neither. Immutable and thread-safe.
 */
public final class UploadResult {
  private final MxcUri mxcUri;
  private final @Nullable String contentToken;
  private final @Nullable EncryptedFile encryptedFile;
  private final String contentType;
  private final long bytesSent;
  private final int attempts;

  UploadResult(MxcUri mxcUri, @Nullable String contentToken, @Nullable EncryptedFile encryptedFile,
      String contentType, long bytesSent, int attempts) {
    this.mxcUri = mxcUri;
    this.contentToken = contentToken;
    this.encryptedFile = encryptedFile;
    this.contentType = contentType;
    this.bytesSent = bytesSent;
    this.attempts = attempts;
  }

  /** {@return the URI of the uploaded media (for an encrypted upload, of its ciphertext)} */
  public MxcUri mxcUri() {
    return mxcUri;
  }

  /**
   * The {@code content_token} the server returned (MSC3910), to put beside the URI in the event,
   * or null (servers without MSC3910, and uploads into a reservation). Secret: do not log it.
   *
   * @return the content token, or null
   */
  public @Nullable String contentToken() {
    return contentToken;
  }

  /**
   * The complete {@code v2} {@link EncryptedFile} of an encrypted upload, with {@code url} set to
   * {@link #mxcUri()}, or null for a plain upload. Contains the key.
   *
   * @return the encrypted file, or null
   */
  public @Nullable EncryptedFile encryptedFile() {
    return encryptedFile;
  }

  /**
   * {@return the {@code Content-Type} that was sent ({@code application/octet-stream} when
   * encrypted)}
   */
  public String contentType() {
    return contentType;
  }

  /**
   * {@return the bytes of the body that was sent (for an encrypted upload, as many as the
   * plaintext)}
   */
  public long bytesSent() {
    return bytesSent;
  }

  /** {@return the attempts it took, the successful one included (1 without a retry)} */
  public int attempts() {
    return attempts;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) return true;
    if (!(o instanceof UploadResult)) return false;
    UploadResult that = (UploadResult) o;
    return mxcUri.equals(that.mxcUri)
        && (contentToken == null ? that.contentToken == null
            : contentToken.equals(that.contentToken))
        && (encryptedFile == null ? that.encryptedFile == null
            : encryptedFile.equals(that.encryptedFile))
        && contentType.equals(that.contentType)
        && bytesSent == that.bytesSent
        && attempts == that.attempts;
  }

  @Override
  public int hashCode() {
    // The content token is left out so that the hash code reveals nothing about it.
    int h = mxcUri.hashCode();
    h = 31 * h + (encryptedFile != null ? encryptedFile.hashCode() : 0);
    h = 31 * h + contentType.hashCode();
    h = 31 * h + (int) (bytesSent ^ (bytesSent >>> 32));
    return 31 * h + attempts;
  }

  /** Describes the upload without the content token or the key. */
  @Override
  public String toString() {
    return "UploadResult{" + mxcUri
        + (contentToken != null ? ", contentToken=[redacted]" : "")
        + (encryptedFile != null ? ", " + encryptedFile : "")
        + ", " + contentType + ", " + bytesSent + " bytes, " + attempts
        + (attempts == 1 ? " attempt}" : " attempts}");
  }
}
