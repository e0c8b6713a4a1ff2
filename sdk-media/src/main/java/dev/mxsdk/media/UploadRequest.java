package dev.mxsdk.media;

import dev.mxsdk.media.internal.flow.UploadContent;
import java.io.File;
import okhttp3.MediaType;
import okio.Source;
import org.jspecify.annotations.Nullable;

/**
 * What to upload and how: the bytes (a {@link File}, a byte array, or a {@link Source}), the
 * content type and file name sent with them, whether to encrypt them end to end, the reservation
 * to upload into (MSC2246, from {@link MediaClient#createMedia()}), progress and a deadline.
 *
 * <pre>{@code
 * UploadRequest photo = UploadRequest.file(new File("cat.jpg"))
 *     .contentType("image/jpeg")
 *     .fileName("cat.jpg")
 *     .build();
 * UploadRequest secret = UploadRequest.file(new File("cat.jpg")).encrypt(true).build();
 * UploadRequest later = UploadRequest.bytes(png).contentType("image/png")
 *     .reservation(mediaClient.createMedia())
 *     .build();
 * }</pre>
 *
 * <p>A file or a byte array is read again by every attempt, so an upload of one is retried after
 * a rate limit, a 503 or a dropped connection, and survives a token refresh; a {@code Source} is
 * read once, and such an upload gets one attempt. Its length may be unknown (-1), in which case
 * the body is sent chunked and checked against the server's limit while it streams.
 *
 * <p>An encrypted upload ({@link Builder#encrypt(boolean)}) sends {@code
 * application/octet-stream} and no file name, as the spec asks for encrypted attachments: the
 * real name and type belong in the (encrypted) event's {@code body} and {@code info.mimetype}.
 *
 * <p>Immutable and thread-safe, except that a request made from a {@code Source} shares that one
 * source with every request derived from it by {@link #newBuilder()}; a byte array is not copied
 * (so that a large one is not held twice) and must not be changed until its upload has finished.
 */
public final class UploadRequest {
  private final UploadContent content;
  private final boolean replayable;
  private final @Nullable String contentType;
  private final @Nullable String fileName;
  private final boolean encrypted;
  private final @Nullable MediaReservation reservation;
  private final @Nullable ProgressListener progressListener;
  private final long deadlineMillis;
  private final boolean restricted;

  private UploadRequest(Builder b) {
    this.content = b.content;
    this.replayable = b.replayable;
    this.contentType = b.contentType;
    this.fileName = b.fileName;
    this.encrypted = b.encrypted;
    this.reservation = b.reservation;
    this.progressListener = b.progressListener;
    this.deadlineMillis = b.deadlineMillis;
    this.restricted = b.restricted;
  }

  /**
   * Uploads the content of {@code file}, read when the upload starts (its length then is the
   * {@code Content-Length}) and again by each retry. A file whose length changes while it is
   * uploaded, or that changed before a retry, fails the upload; what is sent (and, encrypted,
   * hashed) is what was read.
   *
   * @param file the file to upload
   * @return a builder for the upload, which may be retried
   */
  public static Builder file(File file) {
    if (file == null) throw new NullPointerException("file == null");
    return new Builder(UploadContent.ofFile(file), true);
  }

  /**
   * Uploads {@code content} (not copied: do not change it until the upload has finished).
   *
   * @param content the bytes to upload
   * @return a builder for the upload, which may be retried
   */
  public static Builder bytes(byte[] content) {
    if (content == null) throw new NullPointerException("content == null");
    return new Builder(UploadContent.ofBytes(content), true);
  }

  /**
   * Uploads the bytes of {@code source}, read once: such an upload gets one attempt (no retry,
   * no resend after a token refresh). The upload closes {@code source}.
   *
   * @param source the bytes to upload
   * @param length the number of bytes {@code source} yields, or -1 when unknown (sent chunked); a
   *     source that yields more or fewer bytes than a given length fails the upload
   * @return a builder for the upload, which is sent once
   * @throws IllegalArgumentException if {@code length < -1}
   */
  public static Builder source(Source source, long length) {
    if (source == null) throw new NullPointerException("source == null");
    return new Builder(UploadContent.ofSource(source, length), false);
  }

  /** {@return a builder holding this request (and the same content)} */
  public Builder newBuilder() {
    return new Builder(this);
  }

  /** {@return whether the content can be sent again (a file or a byte array), and so be retried} */
  public boolean isReplayable() {
    return replayable;
  }

  /**
   * The {@code Content-Type} to send, or null for {@code application/octet-stream}; always null
   * for an encrypted upload.
   *
   * @return the content type, or null
   */
  public @Nullable String contentType() {
    return contentType;
  }

  /**
   * {@return the file name to send ({@code ?filename=}), or null; always null for an encrypted
   * upload}
   */
  public @Nullable String fileName() {
    return fileName;
  }

  /**
   * {@return whether the content is encrypted end to end (AES-256-CTR + SHA-256, {@code v2}) as it
   * is sent}
   */
  public boolean isEncrypted() {
    return encrypted;
  }

  /** {@return the MSC2246 reservation to upload into, or null for a new media ID} */
  public @Nullable MediaReservation reservation() {
    return reservation;
  }

  /**
   * Whether this is an MSC3911 restricted upload: visible only to the uploader until it is
   * attached to an event or a profile.
   *
   * @return true for a restricted upload
   */
  public boolean isRestricted() {
    return restricted;
  }

  /** {@return the listener that receives the bytes sent against the total, or null for none} */
  public @Nullable ProgressListener progressListener() {
    return progressListener;
  }

  /**
   * {@return the whole-upload deadline in milliseconds (every attempt and retry wait), or 0 for
   * none}
   */
  public long deadlineMillis() {
    return deadlineMillis;
  }

  UploadContent content() {
    return content;
  }

  @Override
  public String toString() {
    return "UploadRequest{" + content
        + (encrypted ? ", encrypted" : "")
        + (contentType != null ? ", " + contentType : "")
        + (fileName != null ? ", named" : "")
        + (reservation != null ? ", into " + reservation.mxcUri() : "")
        + (restricted ? ", restricted" : "")
        + "}";
  }

  /** Builds an {@link UploadRequest}; start from {@link #file}, {@link #bytes} or {@link #source}. */
  public static final class Builder {
    private final UploadContent content;
    private final boolean replayable;
    private @Nullable String contentType;
    private @Nullable String fileName;
    private boolean encrypted;
    private @Nullable MediaReservation reservation;
    private @Nullable ProgressListener progressListener;
    private long deadlineMillis;
    private boolean restricted;

    Builder(UploadContent content, boolean replayable) {
      this.content = content;
      this.replayable = replayable;
    }

    Builder(UploadRequest request) {
      this.content = request.content;
      this.replayable = request.replayable;
      this.contentType = request.contentType;
      this.fileName = request.fileName;
      this.encrypted = request.encrypted;
      this.reservation = request.reservation;
      this.progressListener = request.progressListener;
      this.deadlineMillis = request.deadlineMillis;
      this.restricted = request.restricted;
    }

    /**
     * The media type sent as {@code Content-Type}, e.g. {@code image/png}; null (the default) sends
     * {@code application/octet-stream}.
     *
     * @param contentType the content's media type, or null
     * @return this builder
     * @throws IllegalArgumentException if it is not a media type
     */
    public Builder contentType(@Nullable String contentType) {
      if (contentType != null && MediaType.parse(contentType) == null) {
        throw new IllegalArgumentException("not a media type: " + contentType);
      }
      this.contentType = contentType;
      return this;
    }

    /**
     * The file name sent with the upload ({@code ?filename=}) and served back in
     * {@code Content-Disposition}; null (the default) sends none.
     *
     * @param fileName the file name, or null
     * @return this builder
     * @throws IllegalArgumentException if it is empty
     */
    public Builder fileName(@Nullable String fileName) {
      if (fileName != null && fileName.isEmpty()) {
        throw new IllegalArgumentException("fileName is empty");
      }
      this.fileName = fileName;
      return this;
    }

    /**
     * Encrypts the content end to end while it is sent (default false): the result then carries
     * the complete {@link EncryptedFile} for the event. An encrypted upload takes no content type
     * and no file name (see {@link #build()}).
     *
     * @param encrypt true to encrypt the content as an attachment
     * @return this builder
     */
    public Builder encrypt(boolean encrypt) {
      this.encrypted = encrypt;
      return this;
    }

    /**
     * Uploads into {@code reservation} ({@code PUT /_matrix/media/v3/upload/{server}/{id}}, or
     * its MSC3870 upload URL) instead of creating a new media ID; null (the default) creates one.
     *
     * @param reservation the reservation to fill, or null for a new media ID
     * @return this builder
     */
    public Builder reservation(@Nullable MediaReservation reservation) {
      this.reservation = reservation;
      return this;
    }

    /**
     * Uploads as MSC3911 restricted media (default false): {@code POST
     * /_matrix/client/unstable/org.matrix.msc3911/media/upload} instead of {@code POST
     * /_matrix/media/v3/upload}. The server shows restricted media only to the uploader until an
     * event or the profile attaches it (MSC3911's {@code attach_media} on {@code /send}, which is
     * the app's part); others get {@link MediaNotAttachedException} or
     * {@link MediaNotViewableException}. Asking for it is what turns MSC3911 on for this upload:
     * it is sent whatever {@code /versions} says, and a server without MSC3911 answers it with an
     * error ({@code 404 M_UNRECOGNIZED}), never with an unrestricted upload. Check
     * {@link MediaClient#supportsLinkedMedia()} first to choose.
     *
     * @param restricted true for a restricted upload
     * @return this builder
     */
    public Builder restricted(boolean restricted) {
      this.restricted = restricted;
      return this;
    }

    /**
     * Receives the bytes handed to the network against the total ({@code Content-Length}, or -1
     * when unknown), at least every 64 KiB and at the end; a retry counts from 0 again.
     *
     * @param progressListener told the bytes sent so far, or null
     * @return this builder
     */
    public Builder progressListener(@Nullable ProgressListener progressListener) {
      this.progressListener = progressListener;
      return this;
    }

    /**
     * Limits the whole upload, every attempt, retry wait and the sending of the body, to
     * {@code deadlineMillis} from its start (default 0: none). An upload past its deadline fails
     * with {@link java.io.InterruptedIOException}.
     *
     * @param deadlineMillis the upload's time limit in milliseconds, or 0 for none
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder deadlineMillis(long deadlineMillis) {
      if (deadlineMillis < 0) {
        throw new IllegalArgumentException("deadlineMillis < 0: " + deadlineMillis);
      }
      this.deadlineMillis = deadlineMillis;
      return this;
    }

    /**
     * Returns the request.
     *
     * @return a new request with this builder's settings
     * @throws IllegalStateException if it is encrypted and has a content type or a file name: the
     *     spec's privacy rule sends neither for an encrypted attachment; or if it is
     *     {@linkplain #restricted(boolean) restricted} and uploads into a reservation (MSC3911
     *     defines restricted uploads for {@code POST} only)
     */
    public UploadRequest build() {
      if (restricted && reservation != null) {
        throw new IllegalStateException("a restricted upload (MSC3911) creates its media ID;"
            + " it cannot upload into an MSC2246 reservation");
      }
      if (encrypted && (contentType != null || fileName != null)) {
        throw new IllegalStateException("an encrypted upload sends no "
            + (fileName != null ? "file name" : "content type")
            + " (the server would learn it); put it in the event's body and info.mimetype");
      }
      return new UploadRequest(this);
    }
  }
}
