package dev.mxsdk.media;

import java.io.IOException;

/**
 * The media is larger than the {@linkplain MediaOptions.Builder#maxSize(long) configured maximum}.
 * Thrown as soon as a {@code Content-Length} or the bytes read show it, before anything is
 * delivered past the limit.
 */
public class MediaTooLargeException extends IOException {
  private static final long serialVersionUID = 1L;

  /** The configured maximum that was exceeded. */
  private final long maxSize;

  /** Creates the exception for the limit {@code maxSize}. */
  public MediaTooLargeException(String message, long maxSize) {
    super(message);
    this.maxSize = maxSize;
  }

  /** The limit that was exceeded, in bytes. */
  public long maxSize() {
    return maxSize;
  }
}
