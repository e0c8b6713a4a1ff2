package dev.mxsdk.media;

/**
 * Receives transfer progress: for a download, bytes received on the wire against the response's
 * {@code Content-Length}; for an upload ({@link UploadRequest.Builder#progressListener}), bytes
 * handed to the network against the request's {@code Content-Length} (or -1 for a chunked body),
 * at least every 64 KiB and once more at the end, starting again from 0 if the upload is retried.
 *
 * <p>Progress counts wire bytes because the plaintext length of a CDN-encrypted body is not known
 * in advance (record framing and padding hide it); the ratio of the two arguments is the right
 * thing to draw as a progress bar. It is called on the thread that reads the body, after each read
 * from the network, so it must be quick and must not block; it may be called from several threads
 * for several downloads at once.
 *
 * <pre>{@code
 * MediaOptions options = MediaOptions.builder()
 *     .progressListener((bytesRead, contentLength) -> bar.update(bytesRead, contentLength))
 *     .build();
 * }</pre>
 */
public interface ProgressListener {
  /**
   * Called after bytes arrived (a download) or left (an upload).
   *
   * @param bytesRead wire bytes of the final response's body received so far, or of the request's
   *     body sent so far
   * @param contentLength that body's {@code Content-Length}, or -1 when unknown
   */
  void onProgress(long bytesRead, long contentLength);
}
