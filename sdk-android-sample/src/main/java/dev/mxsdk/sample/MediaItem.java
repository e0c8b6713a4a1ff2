package dev.mxsdk.sample;

import dev.mxsdk.media.MediaRequest;
import org.jspecify.annotations.Nullable;

/**
 * One entry of the media list: a caption and the {@link MediaRequest} that fetches it (a plain
 * download or thumbnail of an mxc URI, or an E2EE attachment).
 *
 * <p>Immutable. {@link #toString()} never shows key material.
 */
public final class MediaItem {
  private final String caption;
  private final MediaRequest request;

  private MediaItem(String caption, MediaRequest request) {
    this.caption = caption;
    this.request = request;
  }

  /** Returns an item showing {@code request} under {@code caption}. */
  public static MediaItem of(String caption, MediaRequest request) {
    if (caption == null) throw new NullPointerException("caption == null");
    if (request == null) throw new NullPointerException("request == null");
    return new MediaItem(caption, request);
  }

  /** The text shown under the image. */
  public String caption() {
    return caption;
  }

  /** The request that downloads the image. */
  public MediaRequest request() {
    return request;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof MediaItem)) return false;
    MediaItem other = (MediaItem) o;
    return caption.equals(other.caption) && request.equals(other.request);
  }

  @Override
  public int hashCode() {
    return 31 * caption.hashCode() + request.hashCode();
  }

  @Override
  public String toString() {
    return "MediaItem{" + caption + ", " + request.cacheKey() + "}";
  }
}
