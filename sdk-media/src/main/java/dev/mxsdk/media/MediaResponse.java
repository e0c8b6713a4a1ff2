package dev.mxsdk.media;

import dev.mxsdk.media.internal.delivery.Delivery;
import dev.mxsdk.media.internal.flow.Download;
import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;

/**
 * A download whose headers have arrived: metadata, and a body to consume exactly once, as a
 * stream ({@link #source()}, {@link #byteStream()}), into a file ({@link #downloadTo(File)}), or
 * into a caller's stream ({@link #downloadTo(OutputStream)}).
 *
 * <pre>{@code
 * try (MediaResponse response = mediaClient.newCall(request).execute()) {
 *   Bitmap bitmap = BitmapFactory.decodeStream(response.byteStream());
 *   cache.put(response.cacheKey(), bitmap);
 * }
 * }</pre>
 *
 * <p>The response holds a connection: close it (closing the stream from {@link #source()} or
 * {@link #byteStream()} also does; both {@code downloadTo} methods close it themselves). Not
 * thread-safe, except that {@link #close()} may be called from any thread.
 *
 * <h2>Security</h2>
 * Every byte handed out has been authenticated by the layers that apply: the CDN layer releases
 * only records whose GCM tag verified and fails on truncation; the E2EE layer by default releases
 * plaintext only after the SHA-256 of the whole ciphertext matched (with {@link
 * MediaOptions.Builder#unverifiedStreaming(boolean)} it fails at the end instead). Failures throw
 * {@link MediaIntegrityException} or {@link MediaProtocolException}, and again on every later read.
 */
public final class MediaResponse implements Closeable {
  private final MediaRequest request;
  private final Download download;
  private final boolean unverifiedStreaming;
  private final boolean resume;
  private final @Nullable File spoolDirectory;
  private @Nullable BufferedSource source;
  private boolean consumed;

  MediaResponse(MediaRequest request, Download download, boolean unverifiedStreaming,
      boolean resume, @Nullable File spoolDirectory) {
    this.request = request;
    this.download = download;
    this.unverifiedStreaming = unverifiedStreaming;
    this.resume = resume;
    this.spoolDirectory = spoolDirectory;
  }

  /** {@return the request this responds to} */
  public MediaRequest request() {
    return request;
  }

  /** {@return the {@code Content-Type} the server sent, or null} */
  public @Nullable String contentType() {
    return download.contentType;
  }

  /**
   * The length of the body this response delivers, or -1 when unknown. For a {@linkplain
   * MediaRequest#range() ranged} request, the bytes of the range that exist (fewer than asked
   * when the media ends first, 0 when it starts at or past the end). With the CDN layer it is
   * known when the key header named the record size (the MSC4097 profile's {@code rs}), from
   * which the encoded length gives the plaintext's, and unknown otherwise. Always known for a
   * {@linkplain MediaDiagnostics#fromCache() disk cache hit}.
   *
   * @return the body's length in bytes, or -1
   */
  public long contentLength() {
    return download.contentLength;
  }

  /**
   * The position in the media of the first byte of the body: the offset of a {@linkplain
   * MediaRequest#range() ranged} request (for a suffix range, where it starts), 0 otherwise.
   *
   * <pre>{@code
   * // a local HTTP server answering a player's Range request
   * long first = response.offset();
   * String contentRange = "bytes " + first + "-" + (first + response.contentLength() - 1)
   *     + "/" + (response.totalLength() >= 0 ? response.totalLength() : "*");
   * }</pre>
   *
   * @return the body's offset in the media, in bytes
   */
  public long offset() {
    return download.offset;
  }

  /**
   * The length of the whole media in bytes, or -1 when unknown: from {@code Content-Length} or
   * {@code Content-Range} without the CDN layer, derived from the encoded length with it (when
   * the record size is known). A ranged request always learns it unless the server sent neither.
   *
   * @return the media's length in bytes, or -1
   */
  public long totalLength() {
    return download.totalLength;
  }

  /**
   * The file name from {@code Content-Disposition}, sanitised to a single safe name (no path
   * separators, no control characters, no leading dots, at most 200 characters), or null.
   *
   * @return the sanitised file name, or null if the server sent none
   */
  public @Nullable String fileName() {
    return download.fileName;
  }

  /**
   * {@return a stable cache key: the mxc URI and the rendition (see
   * {@link MediaRequest#cacheKey()})}
   */
  public String cacheKey() {
    return download.cacheKey;
  }

  /** {@return how the download went: endpoint family, hops as origins, layers; no secrets} */
  public MediaDiagnostics diagnostics() {
    String e2ee = download.encryptedFile == null ? "none"
        : unverifiedStreaming || download.ranged ? "unverified" : "verified";
    return new MediaDiagnostics(download.endpoint, download.fellBack,
        download.cdnEncryptionOffered, download.hops, download.keyReceived, e2ee,
        download.attempts, download.fromCache);
  }

  /** {@return {@link #diagnostics()} as one line} */
  public String describe() {
    return diagnostics().toString();
  }

  /**
   * The body as a stream of verified plaintext; the same object on every call. For E2EE media
   * in the default mode the first read downloads the whole ciphertext to a temporary file and
   * verifies it before returning a byte. Closing it closes this response.
   *
   * @return the body's plaintext, read once
   * @throws IllegalStateException if the body was consumed by {@code downloadTo}
   */
  public synchronized BufferedSource source() {
    BufferedSource result = source;
    if (result != null) return result;
    consume();
    result = Delivery.stream(download, unverifiedStreaming, spoolDirectory);
    source = result;
    return result;
  }

  /**
   * {@return an {@link InputStream} view of {@link #source()}} Closing it closes this response.
   */
  public InputStream byteStream() {
    return source().inputStream();
  }

  private synchronized void consume() {
    if (consumed) throw new IllegalStateException("the body was already consumed");
    consumed = true;
  }

  /**
   * Downloads the body into {@code target} through a temporary file beside it, which replaces
   * {@code target} only after everything verified. On failure {@code target} is neither created
   * nor modified. Closes this response.
   *
   * <p>With {@link MediaOptions.Builder#resume(boolean)} the temporary file is the target's
   * partial file ({@code .<name>.mxsdk-partial}), which a failure leaves in place; if one from an
   * earlier download of the same media is there, this download continues it with a ranged request
   * instead of reading this response from the start (the response is closed and the media asked
   * for again from the partial's length). For a ranged request the file holds the range's bytes
   * (for E2EE media, unverified).
   *
   * @param target the file to write; its directory must exist
   * @return the number of bytes written
   * @throws MediaIntegrityException if a hash or tag did not verify or the stream was truncated
   * @throws MediaProtocolException if the CDN broke the protocol
   * @throws MediaTooLargeException if the media is larger than the configured maximum
   * @throws IOException on network or file failure, or {@code IOException("Canceled")}
   * @throws IllegalStateException if the body was already consumed
   */
  public long downloadTo(File target) throws IOException {
    if (target == null) throw new NullPointerException("target == null");
    consume();
    return Delivery.toFile(download, target, resume);
  }

  /**
   * Downloads and verifies the body completely (into a private temporary file), then copies the
   * plaintext into {@code out}: nothing reaches {@code out} unless everything verified. For
   * targets that cannot be renamed, such as an Android content provider's stream. Does not close
   * {@code out}; closes this response.
   *
   * @param out the stream to copy the verified plaintext into
   * @return the number of bytes copied
   * @throws MediaIntegrityException if a hash or tag did not verify or the stream was truncated
   * @throws IOException as {@link #downloadTo(File)}
   * @throws IllegalStateException if the body was already consumed
   */
  public long downloadTo(OutputStream out) throws IOException {
    if (out == null) throw new NullPointerException("out == null");
    consume();
    return Delivery.toStream(download, out, spoolDirectory);
  }

  /** Releases the connection and any temporary file. Idempotent. */
  @Override
  public void close() {
    BufferedSource s;
    synchronized (this) {
      s = source;
    }
    if (s != null) {
      try {
        s.close();
      } catch (IOException ignored) {
        // Closing releases the connection and the spool file; nothing to report.
      }
    }
    download.close();
  }

  @Override
  public String toString() {
    return "MediaResponse{" + cacheKey() + ", " + describe() + "}";
  }
}
