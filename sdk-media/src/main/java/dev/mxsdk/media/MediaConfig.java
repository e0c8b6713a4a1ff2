package dev.mxsdk.media;

import org.jspecify.annotations.Nullable;

/**
 * The homeserver's media configuration ({@code GET .../media/config}). Immutable and thread-safe.
 */
public final class MediaConfig {
  private final long uploadSize;

  MediaConfig(long uploadSize) {
    this.uploadSize = uploadSize;
  }

  /**
   * {@return the largest upload the server accepts ({@code m.upload.size}), or -1 if it did not
   * say}
   */
  public long uploadSize() {
    return uploadSize;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof MediaConfig && ((MediaConfig) o).uploadSize == uploadSize;
  }

  @Override
  public int hashCode() {
    return (int) (uploadSize ^ (uploadSize >>> 32));
  }

  @Override
  public String toString() {
    return "MediaConfig{uploadSize=" + uploadSize + "}";
  }
}
