package dev.mxsdk.media;

import java.io.IOException;

/**
 * The media is larger than a limit: for a download the {@linkplain MediaOptions.Builder#maxSize(long)
 * configured maximum}, thrown as soon as a {@code Content-Length} or the bytes read show it, before
 * anything is delivered past the limit; for an upload the server's {@code m.upload.size}, checked
 * before a byte is sent (or, for a body of unknown length, as soon as it passes the limit), or the
 * server's {@code 413 M_TOO_LARGE} (then the cause is its {@link dev.mxsdk.core.MatrixApiException}).
 */
public class MediaTooLargeException extends IOException {
  private static final long serialVersionUID = 1L;

  /** The configured maximum that was exceeded. */
  private final long maxSize;

  /**
   * Creates the exception for the limit {@code maxSize}.
   *
   * @param message the size found and the limit, for the log
   * @param maxSize the limit that was exceeded, in bytes, or -1 if the server refused without
   *     saying
   */
  public MediaTooLargeException(String message, long maxSize) {
    super(message);
    this.maxSize = maxSize;
  }

  /**
   * {@return the limit that was exceeded, in bytes, or -1 when the server refused without saying
   * it}
   */
  public long maxSize() {
    return maxSize;
  }
}
