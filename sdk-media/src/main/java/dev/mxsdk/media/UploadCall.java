package dev.mxsdk.media;

import java.io.IOException;

/**
 * One upload, ready to run: {@link #execute()} it on the current thread or {@link
 * #enqueue(Callback)} it, like OkHttp's {@code Call} and {@link MediaCall}. A call runs once.
 *
 * <pre>{@code
 * UploadCall call = mediaClient.newUpload(UploadRequest.file(photo).encrypt(true)
 *     .progressListener((sent, total) -> bar.update(sent, total))
 *     .build());
 * UploadResult result = call.execute();     // call.cancel() from any thread stops it
 * }</pre>
 *
 * <p>{@link #cancel()} may be called from any thread at any time, also while the body is being
 * sent; the other methods are thread-safe too.
 */
public interface UploadCall {
  /** {@return the request this call runs} */
  UploadRequest request();

  /**
   * Runs the upload and returns where the media is. Nothing counts as uploaded unless this
   * returns: on any failure the server holds no complete body of this call's attempt.
   *
   * @return the uploaded media's {@code mxc://} URI, and its {@code EncryptedFile} if encrypted
   * @throws MediaTooLargeException if the content is larger than the server's
   *     {@code m.upload.size} (checked before a byte is sent) or the server answered
   *     {@code 413 M_TOO_LARGE}
   * @throws MediaReservationExpiredException if the reservation's {@code unused_expires_at} has
   *     passed (checked before a byte is sent)
   * @throws MediaIntegrityException if the content yielded more or fewer bytes than declared, or
   *     changed between two attempts
   * @throws MediaProtocolException if the server's answer is malformed
   * @throws dev.mxsdk.core.UnexpectedRedirectException if the server answered with a redirect,
   *     which an upload never follows
   * @throws dev.mxsdk.core.MatrixApiException if the server refused the upload; for a reservation
   *     {@code 403 M_FORBIDDEN} (another user created it), {@code 409 M_CANNOT_OVERWRITE_MEDIA}
   *     (it has content already), {@code 429 M_LIMIT_EXCEEDED} (rate limited, after the retries)
   * @throws java.io.FileNotFoundException if a file does not exist, is a directory or cannot be
   *     read
   * @throws IOException on network failure, or {@code IOException("Canceled")} after
   *     {@link #cancel()}
   * @throws IllegalStateException if the call was already executed or enqueued
   */
  UploadResult execute() throws IOException;

  /**
   * Runs the upload on the caller's OkHttp dispatcher's executor and reports to {@code callback}
   * on that thread.
   *
   * @param callback told of the result or the failure, once
   * @throws IllegalStateException if the call was already executed or enqueued
   */
  void enqueue(Callback callback);

  /**
   * Cancels the call: the body stops at its next read, the running request or retry wait stops
   * promptly and its connection is released. Does nothing if the call already finished.
   */
  void cancel();

  /** {@return whether {@link #cancel()} was called} */
  boolean isCanceled();

  /** Receives the outcome of an {@linkplain #enqueue(Callback) enqueued} upload. */
  interface Callback {
    /**
     * Called once the upload is complete.
     *
     * @param call the call that completed
     * @param result where the media is
     */
    void onSuccess(UploadCall call, UploadResult result);

    /**
     * Called when the upload failed or was canceled.
     *
     * @param call the call that failed
     * @param e why it failed; {@code IOException("Canceled")} after {@link UploadCall#cancel()}
     */
    void onFailure(UploadCall call, IOException e);
  }
}
