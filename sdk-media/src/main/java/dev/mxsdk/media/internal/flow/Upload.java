package dev.mxsdk.media.internal.flow;

import dev.mxsdk.core.MxcUri;
import dev.mxsdk.media.EncryptedFile;
import org.jspecify.annotations.Nullable;

/** The outcome of one upload, which the API turns into its {@code UploadResult}. */
public final class Upload {
  public final MxcUri mxcUri;
  /** MSC3910's {@code content_token}, or null. Secret. */
  public final @Nullable String contentToken;
  /** The complete {@code EncryptedFile} of an encrypted upload ({@code url} set), or null. */
  public final @Nullable EncryptedFile encryptedFile;
  /** The {@code Content-Type} that was sent. */
  public final String contentType;
  /** The bytes of the body that was sent. */
  public final long bytesSent;
  /** The attempts made, the successful one included. */
  public final int attempts;

  Upload(MxcUri mxcUri, @Nullable String contentToken, @Nullable EncryptedFile encryptedFile,
      String contentType, long bytesSent, int attempts) {
    this.mxcUri = mxcUri;
    this.contentToken = contentToken;
    this.encryptedFile = encryptedFile;
    this.contentType = contentType;
    this.bytesSent = bytesSent;
    this.attempts = attempts;
  }
}
