package dev.mxsdk.media;

import dev.mxsdk.media.codec.AttachmentEncryptingSource;
import java.io.IOException;
import okio.Buffer;
import okio.Source;
import okio.Timeout;

/**
 * A source of attachment ciphertext that describes itself once it has ended: read it to its end
 * (for example while uploading it), then take {@link #encryptedFile()} for the event.
 *
 * <pre>{@code
 * EncryptingSource ciphertext = Attachments.encrypt(Okio.source(file));
 * try (BufferedSink sink = Okio.buffer(upload)) {
 *   sink.writeAll(ciphertext);
 * }
 * EncryptedFile described = ciphertext.encryptedFile().newBuilder().url(uploadedMxc).build();
 * }</pre>
 *
 * <p>Returned by {@link Attachments#encrypt(Source)}. Closing this closes the plaintext source. Not
 * thread-safe.
 */
public final class EncryptingSource implements Source {
  private final AttachmentEncryptingSource delegate;

  EncryptingSource(AttachmentEncryptingSource delegate) {
    this.delegate = delegate;
  }

  @Override
  public long read(Buffer sink, long byteCount) throws IOException {
    return delegate.read(sink, byteCount);
  }

  /**
   * Returns the {@code v2} {@code EncryptedFile} for the ciphertext this source produced, without a
   * URL (add it with {@code newBuilder().url(...)} after the upload).
   *
   * @return the description of the ciphertext: key, IV, SHA-256 and version {@code v2}
   * @throws IllegalStateException if this source has not yet returned -1
   */
  public EncryptedFile encryptedFile() {
    if (!delegate.isComplete()) {
      throw new IllegalStateException(
          "encryptedFile() is available only after the plaintext has been read to its end");
    }
    return new EncryptedFile.Builder()
        .secretKey(delegate.key())
        .iv(delegate.iv())
        .sha256(delegate.sha256())
        .version("v2")
        .build();
  }

  @Override
  public Timeout timeout() {
    return delegate.timeout();
  }

  @Override
  public void close() throws IOException {
    delegate.close();
  }

  @Override
  public String toString() {
    return "EncryptingSource(" + delegate.delegate() + ")";
  }
}
