package dev.mxsdk.media.internal.delivery;

import dev.mxsdk.media.EncryptedFile;
import dev.mxsdk.media.internal.flow.E2eeLayer;
import java.io.File;
import java.io.IOException;
import okio.Buffer;
import okio.BufferedSink;
import okio.Okio;
import okio.Source;
import okio.Timeout;
import org.jspecify.annotations.Nullable;

/**
 * The verified E2EE stream: the first read spools the whole ciphertext to a private temporary
 * file, checks its SHA-256, and only then releases plaintext, decrypted from the file. Failures
 * are sticky. Closing deletes the temporary file.
 */
final class SpoolingVerifiedSource implements Source {
  private final Source ciphertext;
  private final EncryptedFile file;
  private final @Nullable File directory;
  private @Nullable File spool;
  private @Nullable Source plaintext;
  private @Nullable IOException failure;
  private boolean closed;

  SpoolingVerifiedSource(Source ciphertext, EncryptedFile file, @Nullable File directory) {
    this.ciphertext = ciphertext;
    this.file = file;
    this.directory = directory;
  }

  @Override
  public long read(Buffer sink, long byteCount) throws IOException {
    if (closed) throw new IllegalStateException("closed");
    if (failure != null) throw failure;
    Source source = plaintext;
    try {
      if (source == null) source = open();
      return source.read(sink, byteCount);
    } catch (IOException e) {
      failure = e;
      throw e;
    }
  }

  private Source open() throws IOException {
    File temp = PrivateFiles.spoolFile(directory);
    spool = temp;
    BufferedSink out = Okio.buffer(Okio.sink(temp));
    try {
      out.writeAll(ciphertext);
    } finally {
      out.close();
      ciphertext.close();
    }
    Source opened = E2eeLayer.verified(temp, file);
    plaintext = opened;
    return opened;
  }

  @Override
  public Timeout timeout() {
    return ciphertext.timeout();
  }

  @Override
  public void close() throws IOException {
    if (closed) return;
    closed = true;
    try {
      ciphertext.close();
      Source source = plaintext;
      if (source != null) source.close();
    } finally {
      File temp = spool;
      if (temp != null) temp.delete();
    }
  }
}
