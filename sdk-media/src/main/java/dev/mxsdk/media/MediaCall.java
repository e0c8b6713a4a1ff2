package dev.mxsdk.media;

import java.io.IOException;

/**
 * One download, ready to run: {@link #execute()} it on the current thread or {@link
 * #enqueue(Callback)} it, like OkHttp's {@code Call}. A call runs once.
 *
 * <pre>{@code
 * MediaCall call = mediaClient.newCall(MediaRequest.download(mxc));
 * try (MediaResponse response = call.execute()) {
 *   response.downloadTo(new File("photo.jpg"));
 * }
 * }</pre>
 *
 * <p>{@link #cancel()} may be called from any thread at any time, also while the response body is
 * being read; the other methods are thread-safe too.
 */
public interface MediaCall {
  /** {@return the request this call runs} */
  MediaRequest request();

  /**
   * Runs the download up to the response headers (following the redirect chain, capturing the
   * key) and returns the response, whose body is read by the caller. The caller must close it.
   *
   * @return the response, with its headers read and its body not yet read
   * @throws MediaProtocolException if a server broke the media protocol
   * @throws RedirectPolicyException if a redirect was refused
   * @throws MediaTooLargeException if the media is larger than the configured maximum
   * @throws dev.mxsdk.core.MatrixApiException if a server answered with an error
   * @throws IOException on network failure, or {@code IOException("Canceled")} after
   *     {@link #cancel()}
   * @throws IllegalStateException if the call was already executed or enqueued, or the client's
   *     {@link MediaCache} was closed
   */
  MediaResponse execute() throws IOException;

  /**
   * Runs the download on the caller's OkHttp dispatcher's executor and reports to {@code
   * callback} on that thread.
   *
   * @param callback told of the response or the failure, once
   * @throws IllegalStateException if the call was already executed or enqueued, or the client's
   *     {@link MediaCache} was closed
   */
  void enqueue(Callback callback);

  /**
   * Cancels the call: a running request or retry wait stops promptly, the connection is released,
   * and reads from the response body throw {@code IOException("Canceled")}. Does nothing if the
   * call already finished.
   */
  void cancel();

  /** {@return whether {@link #cancel()} was called} */
  boolean isCanceled();

  /** Receives the outcome of an {@linkplain #enqueue(Callback) enqueued} call. */
  interface Callback {
    /**
     * Called with the response headers received; the callback owns the response and must close
     * it. Reading the body here runs on the dispatcher's thread.
     *
     * @param call the call that produced {@code response}
     * @param response the response, whose body is not yet read
     */
    void onResponse(MediaCall call, MediaResponse response);

    /**
     * Called when the call failed or was canceled.
     *
     * @param call the call that failed
     * @param e why it failed; {@code IOException("Canceled")} after {@link MediaCall#cancel()}
     */
    void onFailure(MediaCall call, IOException e);
  }
}
