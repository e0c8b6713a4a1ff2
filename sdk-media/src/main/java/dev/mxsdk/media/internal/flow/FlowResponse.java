package dev.mxsdk.media.internal.flow;

import dev.mxsdk.media.Attachments;
import dev.mxsdk.media.EncryptedFile;
import dev.mxsdk.media.internal.delivery.AtomicFileWriter;
import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import okhttp3.Response;
import okio.BufferedSink;
import okio.BufferedSource;
import okio.Okio;
import okio.Source;
import org.jspecify.annotations.Nullable;

/**
 * The delivered download: the media object's bytes as a layered source (wire, CDN layer, size
 * limit), and the delivery modes on top (the E2EE layer, streamed, spooled and verified, to a
 * verified file, or verified into a caller's stream). Backs {@code MediaResponse}.
 */
public final class FlowResponse implements Closeable {
  private final Response response;
  private final Source objectBytes;
  private final @Nullable EncryptedFile encryptedFile;
  private final boolean unverifiedStreaming;
  private final @Nullable File spoolDirectory;
  private final @Nullable String contentType;
  private final long contentLength;
  private final @Nullable String fileName;
  private final String cacheKey;
  /** Diagnostics fields. */
  public final String endpoint;
  public final boolean fellBack;
  public final boolean cdnEncryptionOffered;
  public final List<String> hops;
  public final boolean keyReceived;
  public final int attempts;
  private @Nullable BufferedSource source;
  private boolean consumed;
  private boolean closed;

  FlowResponse(Response response, Source objectBytes, @Nullable EncryptedFile encryptedFile,
      boolean unverifiedStreaming, @Nullable File spoolDirectory, @Nullable String contentType,
      long contentLength, @Nullable String fileName, String cacheKey, String endpoint,
      boolean fellBack, boolean cdnEncryptionOffered, List<String> hops, boolean keyReceived,
      int attempts) {
    this.response = response;
    this.objectBytes = objectBytes;
    this.encryptedFile = encryptedFile;
    this.unverifiedStreaming = unverifiedStreaming;
    this.spoolDirectory = spoolDirectory;
    this.contentType = contentType;
    this.contentLength = contentLength;
    this.fileName = fileName;
    this.cacheKey = cacheKey;
    this.endpoint = endpoint;
    this.fellBack = fellBack;
    this.cdnEncryptionOffered = cdnEncryptionOffered;
    this.hops = hops;
    this.keyReceived = keyReceived;
    this.attempts = attempts;
  }

  public @Nullable String contentType() {
    return contentType;
  }

  public long contentLength() {
    return contentLength;
  }

  public @Nullable String fileName() {
    return fileName;
  }

  public String cacheKey() {
    return cacheKey;
  }

  /** {@code none}, {@code verified} or {@code unverified}. */
  public String e2eeMode() {
    if (encryptedFile == null) return "none";
    return unverifiedStreaming ? "unverified" : "verified";
  }

  /** The plaintext stream; created once, on first use. */
  public synchronized BufferedSource source() {
    BufferedSource result = source;
    if (result != null) return result;
    if (consumed) throw new IllegalStateException("the body was already consumed by downloadTo");
    consumed = true;
    Source plaintext;
    EncryptedFile file = encryptedFile;
    if (file == null) {
      plaintext = objectBytes;
    } else if (unverifiedStreaming) {
      plaintext = Attachments.decrypt(objectBytes, file);
    } else {
      plaintext = new SpoolingVerifiedSource(objectBytes, file, spoolDirectory);
    }
    result = Okio.buffer(plaintext);
    source = result;
    return result;
  }

  private synchronized void consume() {
    if (consumed) throw new IllegalStateException("the body was already consumed");
    consumed = true;
  }

  /** Writes the verified plaintext to {@code target} through a temporary file beside it. */
  public long downloadTo(File target) throws IOException {
    if (target == null) throw new NullPointerException("target == null");
    consume();
    try {
      EncryptedFile file = encryptedFile;
      if (file != null) {
        Attachments.decryptToFile(objectBytes, file, target);
        return target.length();
      }
      AtomicFileWriter writer = AtomicFileWriter.open(target);
      try {
        BufferedSink sink = writer.sink();
        long n = sink.writeAll(objectBytes);
        writer.commit();
        return n;
      } finally {
        writer.close();
      }
    } finally {
      close();
    }
  }

  /**
   * Downloads and verifies everything into a private temporary file first (for E2EE: the
   * ciphertext, checked against its SHA-256), then copies the plaintext into {@code out}. Nothing
   * reaches {@code out} unless every layer verified. Does not close {@code out}.
   */
  public long downloadTo(OutputStream out) throws IOException {
    if (out == null) throw new NullPointerException("out == null");
    consume();
    File temp = null;
    try {
      temp = privateTempFile(spoolDirectory);
      BufferedSink spool = Okio.buffer(Okio.sink(temp));
      try {
        spool.writeAll(objectBytes);
      } finally {
        spool.close();
      }
      EncryptedFile file = encryptedFile;
      Source plaintext = file != null ? Attachments.openVerified(temp, file) : Okio.source(temp);
      try {
        BufferedSink sink = Okio.buffer(Okio.sink(out));
        long n = sink.writeAll(plaintext);
        sink.emit();
        out.flush();
        return n;
      } finally {
        plaintext.close();
      }
    } finally {
      if (temp != null) temp.delete();
      close();
    }
  }

  /** Creates a temporary spool file readable and writable by this process's user only. */
  static File privateTempFile(@Nullable File directory) throws IOException {
    File temp = File.createTempFile("mxsdk-", ".spool", directory);
    temp.setReadable(false, false);
    temp.setReadable(true, true);
    temp.setWritable(false, false);
    temp.setWritable(true, true);
    return temp;
  }

  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    try {
      BufferedSource s = source;
      if (s != null) {
        s.close();
      } else {
        objectBytes.close();
      }
    } catch (IOException ignored) {
      // Closing releases the connection; a failure to do so cleanly changes nothing for the caller.
    } finally {
      response.close();
    }
  }
}
