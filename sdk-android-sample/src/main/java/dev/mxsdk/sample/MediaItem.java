package dev.mxsdk.sample;

import dev.mxsdk.core.MxcUri;
import dev.mxsdk.media.EncryptedFile;
import dev.mxsdk.media.MalformedEncryptedFileException;
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

  /**
   * Parses one line a user typed: an {@code mxc://} URI, or the JSON {@code file} object of an
   * image event in an encrypted room (which contains the key).
   *
   * @throws IllegalArgumentException if the line is neither a valid mxc URI nor an object
   * @throws MalformedEncryptedFileException if the object is not a valid {@code EncryptedFile}
   */
  public static MediaItem parse(String line) throws MalformedEncryptedFileException {
    String trimmed = line.trim();
    if (trimmed.startsWith("{")) {
      EncryptedFile file = EncryptedFile.fromJson(trimmed);
      MxcUri url = file.url();
      if (url == null) throw new MalformedEncryptedFileException("url", "expected an mxc URI but it is missing");
      return of("encrypted " + url, MediaRequest.download(file));
    }
    MxcUri uri = MxcUri.parse(trimmed);
    return of(uri.toString(), MediaRequest.download(uri));
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
