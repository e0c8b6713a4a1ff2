package dev.mxsdk.sample;

import dev.mxsdk.core.MxcUri;
import dev.mxsdk.media.EncryptedFile;
import dev.mxsdk.media.MalformedEncryptedFileException;
import dev.mxsdk.media.MediaRequest;
import org.jspecify.annotations.Nullable;

/**
 * One entry of the media list: a caption, the {@link MediaRequest} that fetches it (a plain
 * download or thumbnail of an mxc URI, or an E2EE attachment), and whether it is an image (shown
 * decoded) or a video (played through the local media server).
 *
 * <p>Immutable. {@link #toString()} never shows key material.
 */
public final class MediaItem {
  /** The prefix of a typed line that names a video rather than an image. */
  static final String VIDEO_PREFIX = "video ";

  private final String caption;
  private final MediaRequest request;
  private final boolean video;

  private MediaItem(String caption, MediaRequest request, boolean video) {
    this.caption = caption;
    this.request = request;
    this.video = video;
  }

  /** Returns an image item showing {@code request} under {@code caption}. */
  public static MediaItem of(String caption, MediaRequest request) {
    return create(caption, request, false);
  }

  /**
   * Returns a video item playing {@code request} under {@code caption}: the {@code url} (or, in an
   * encrypted room, the {@code file}) of an {@code m.video} event.
   */
  public static MediaItem video(String caption, MediaRequest request) {
    return create(caption, request, true);
  }

  private static MediaItem create(String caption, MediaRequest request, boolean video) {
    if (caption == null) throw new NullPointerException("caption == null");
    if (request == null) throw new NullPointerException("request == null");
    return new MediaItem(caption, request, video);
  }

  /**
   * Parses one line a user typed: an {@code mxc://} URI, or the JSON {@code file} object of an
   * image event in an encrypted room (which contains the key); either prefixed with
   * {@code video } for a video.
   *
   * @throws IllegalArgumentException if the line is neither a valid mxc URI nor an object
   * @throws MalformedEncryptedFileException if the object is not a valid {@code EncryptedFile}
   */
  public static MediaItem parse(String line) throws MalformedEncryptedFileException {
    String trimmed = line.trim();
    boolean video = trimmed.startsWith(VIDEO_PREFIX);
    if (video) trimmed = trimmed.substring(VIDEO_PREFIX.length()).trim();
    if (trimmed.startsWith("{")) {
      EncryptedFile file = EncryptedFile.fromJson(trimmed);
      MxcUri url = file.url();
      if (url == null) throw new MalformedEncryptedFileException("url", "expected an mxc URI but it is missing");
      return create("encrypted " + url, MediaRequest.download(file), video);
    }
    MxcUri uri = MxcUri.parse(trimmed);
    return create(uri.toString(), MediaRequest.download(uri), video);
  }

  /** Whether this is a video, played rather than decoded. */
  public boolean isVideo() {
    return video;
  }

  /** The text shown under the image or video. */
  public String caption() {
    return caption;
  }

  /** The request that fetches the image or video. */
  public MediaRequest request() {
    return request;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof MediaItem)) return false;
    MediaItem other = (MediaItem) o;
    return caption.equals(other.caption) && request.equals(other.request) && video == other.video;
  }

  @Override
  public int hashCode() {
    return 31 * (31 * caption.hashCode() + request.hashCode()) + (video ? 1 : 0);
  }

  @Override
  public String toString() {
    return "MediaItem{" + caption + ", " + request.cacheKey() + (video ? ", video" : "") + "}";
  }
}
