package dev.mxsdk.media.internal.flow;

import dev.mxsdk.core.CallHandle;
import dev.mxsdk.media.MediaIntegrityException;
import dev.mxsdk.media.MediaTooLargeException;
import dev.mxsdk.media.ProgressListener;
import dev.mxsdk.media.codec.AttachmentEncryptingSource;
import dev.mxsdk.media.codec.SecretBytes;
import java.io.IOException;
import java.net.ProtocolException;
import java.security.MessageDigest;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.Buffer;
import okio.BufferedSink;
import okio.Source;
import org.jspecify.annotations.Nullable;

/**
 * The streaming request body of one upload: reads its {@link UploadContent} once per attempt,
 * through AES-256-CTR + SHA-256 ({@link AttachmentEncryptingSource}) for an encrypted upload,
 * straight into OkHttp's sink, in constant memory.
 *
 * <ul>
 *   <li><b>Replays</b>: {@link #isOneShot()} is false exactly when the content can be read again (a
 *       file, a byte array), so OkHttp, a token refresh and the retries resend only those. An
 *       encrypted upload has one key and IV for all its attempts, so a retry sends the identical
 *       ciphertext; the SHA-256 of each complete attempt is compared with the previous one, and a
 *       difference (the plaintext changed) fails the upload before its last byte is sent.
 *   <li><b>Length</b>: the content must yield exactly the declared {@code Content-Length}: fewer
 *       bytes, or one more, fail with {@link MediaIntegrityException} before the last byte is
 *       sent, so the server never holds a complete body. With no declared length (chunked), the
 *       body fails with {@link dev.mxsdk.media.MediaTooLargeException} once it passes the
 *       server's limit.
 *   <li><b>Progress</b>: bytes handed to the socket (what left the sink's buffer), reported at
 *       least every {@value #CHUNK} bytes and once more at the end; a retry counts from 0 again.
 *   <li><b>Cancellation</b>: every read checks the {@link CallHandle}.
 * </ul>
 *
 * <p>A failure of the body itself (the content, a check, a cancel) is recorded
 * ({@link #takeFailure()}) and handed to OkHttp as a {@link ProtocolException}, which OkHttp
 * never retries on its own; the flow then throws the recorded one. A failure of the socket is the
 * network's and reaches OkHttp as it is. Not thread-safe: OkHttp writes a body on one thread at a time.
 */
final class UploadBody extends RequestBody {
  /** The bytes handed to the socket at a time, and the longest gap between progress reports. */
  static final int CHUNK = 64 * 1024;
  /**
   * The most bytes read from the content per step: one okio segment. The encrypting layer then
   * handles each read in one pass of its loop, the shape HotSpot compiles early; with reads of
   * 64 KiB a cold JVM stays in slow code for about the first gigabyte of an upload.
   */
  static final int READ_BYTES = 8192;

  private final UploadContent content;
  private final MediaType contentType;
  private final long declaredLength;
  private final long maxSize;
  private final @Nullable SecretBytes key;
  private final byte @Nullable [] iv;
  private final CallHandle handle;
  private final Progress progress;
  private final @Nullable UploadTee tee;
  private volatile @Nullable IOException failure;
  private volatile byte @Nullable [] sentSha256;
  private volatile long sent;

  /**
   * @param declaredLength the {@code Content-Length}, or -1 for a chunked body
   * @param maxSize the server's limit for a chunked body, or -1
   * @param key the AES-256 key of an encrypted upload, or null for a plain one
   * @param iv its IV, or null
   * @param tee what keeps the bytes sent (the disk cache), or null
   */
  UploadBody(UploadContent content, MediaType contentType, long declaredLength, long maxSize,
      @Nullable SecretBytes key, byte @Nullable [] iv, CallHandle handle,
      @Nullable ProgressListener listener, @Nullable UploadTee tee) {
    this.tee = tee;
    this.content = content;
    this.contentType = contentType;
    this.declaredLength = declaredLength;
    this.maxSize = maxSize;
    this.key = key;
    this.iv = iv != null ? iv.clone() : null;
    this.handle = handle;
    this.progress = new Progress(listener, declaredLength);
  }

  @Override
  public MediaType contentType() {
    return contentType;
  }

  @Override
  public long contentLength() {
    return declaredLength;
  }

  @Override
  public boolean isOneShot() {
    return !content.replayable();
  }

  @Override
  public void writeTo(BufferedSink sink) throws IOException {
    failure = null;
    sent = 0;
    progress.restart();
    Source in;
    AttachmentEncryptingSource encrypting = null;
    try {
      Source plaintext = content.open();
      if (key != null && iv != null) {
        encrypting = new AttachmentEncryptingSource(plaintext, key, iv);
        in = encrypting;
      } else {
        in = plaintext;
      }
      UploadTee t = tee;
      if (t != null) in = t.attempt(in);
    } catch (IOException e) {
      throw fail(e);
    }
    try {
      copy(in, sink);
      if (encrypting != null) checkSameCiphertext(encrypting.sha256());
      // Only now may the last bytes go: every check that can fail the body has passed.
      sink.flush();
      progress.to(sent);
    } finally {
      try {
        in.close();
      } catch (IOException ignored) {
        // The bytes that matter were already read; a failing close of the content changes nothing.
      }
    }
  }

  /**
   * Moves the content into {@code sink}'s buffer and on to the socket, holding back the bytes of
   * the last read until the caller has checked them. Failures of the content and of the checks
   * are the body's own ({@link #fail}); failures of the sink are the network's and propagate as
   * they are, so that OkHttp and the retry policy treat them as connection failures.
   */
  private void copy(Source in, BufferedSink sink) throws IOException {
    Buffer buffer = sink.getBuffer();
    while (true) {
      if (handle.isCanceled()) throw fail(CallHandle.canceledException());
      long want = READ_BYTES;
      if (declaredLength >= 0) {
        want = Math.min(want, declaredLength - sent);
        if (want == 0) {
          if (yieldsMore(in)) {
            throw fail(new MediaIntegrityException("the upload's content yielded more than the"
                + " declared " + declaredLength + " bytes (it changed while it was read); nothing"
                + " was uploaded"));
          }
          return;
        }
      }
      long n;
      try {
        n = in.read(buffer, want);
      } catch (IOException e) {
        throw fail(e);
      }
      if (n == -1) {
        if (declaredLength >= 0) {
          throw fail(new MediaIntegrityException("the upload's content ended after " + sent
              + " of the declared " + declaredLength + " bytes (it changed while it was read);"
              + " nothing was uploaded"));
        }
        return;
      }
      sent += n;
      if (declaredLength < 0 && maxSize >= 0 && sent > maxSize) throw fail(tooLarge(-1, maxSize));
      // The socket gets bursts of about CHUNK bytes, so that the server reads them in few calls;
      // the next read could not take the buffer past CHUNK, so reports stay within CHUNK.
      if ((declaredLength < 0 || sent < declaredLength) && buffer.size() > CHUNK - READ_BYTES) {
        sink.emitCompleteSegments();
        progress.to(sent - buffer.size());
      }
    }
  }

  /** Reads once more past the declared end: true if the content had another byte. */
  private boolean yieldsMore(Source in) throws IOException {
    Buffer probe = new Buffer();
    try {
      long n;
      do {
        n = in.read(probe, 1);
      } while (n == 0);
      return n > 0;
    } catch (IOException e) {
      throw fail(e);
    } finally {
      probe.clear();
    }
  }

  private void checkSameCiphertext(byte[] sha256) throws ProtocolException {
    byte[] previous = sentSha256;
    if (previous != null && !MessageDigest.isEqual(previous, sha256)) {
      throw fail(new MediaIntegrityException("the upload's content changed between two attempts:"
          + " the retry would have encrypted different bytes under the same key and IV, so the"
          + " upload is refused"));
    }
    sentSha256 = sha256;
  }

  /**
   * The failure of an upload above the server's {@code m.upload.size} of {@code maxSize} bytes;
   * {@code length} is the upload's, or -1 when it became too large while it was sent.
   */
  static MediaTooLargeException tooLarge(long length, long maxSize) {
    return new MediaTooLargeException((length >= 0 ? "the upload of " + length + " bytes is"
        : "the upload became") + " larger than the server's limit (m.upload.size) of " + maxSize
        + " bytes; nothing was uploaded", maxSize);
  }

  private ProtocolException fail(IOException e) {
    failure = e;
    ProtocolException wrapped = new ProtocolException("the upload body failed: " + e.getMessage());
    wrapped.initCause(e);
    return wrapped;
  }

  /** The failure of the body in the last attempt, or null; clears it. */
  @Nullable IOException takeFailure() {
    IOException f = failure;
    failure = null;
    return f;
  }

  /** The SHA-256 of the ciphertext of the last complete attempt, or null. */
  byte @Nullable [] sentSha256() {
    byte[] sha = sentSha256;
    return sha != null ? sha.clone() : null;
  }

  /** The bytes the last attempt sent, the same for every complete attempt. */
  long sent() {
    return sent;
  }
}
