package dev.mxsdk.media.server;

import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * How {@link MediaServer#url(dev.mxsdk.media.MediaClient, dev.mxsdk.media.MediaRequest,
 * LinkOptions)} serves one piece of Matrix media: the type and name the event gave it, whether E2EE
 * media may be streamed before it is verified, and how long the link lives.
 *
 * <pre>{@code
 * // an m.video event in an encrypted room: content.file, content.info.mimetype, content.body
 * LinkOptions video = LinkOptions.builder()
 *     .contentType(info.mimetype)      // E2EE media is stored as application/octet-stream
 *     .fileName(body)                  // players look at the extension
 *     .unverifiedStreaming(true)       // play and seek before the whole file is verified
 *     .build();
 * MediaLink link = server.url(mediaClient, MediaRequest.download(encryptedFile), video);
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class LinkOptions {
  private static final LinkOptions DEFAULTS = new Builder().build();

  private final @Nullable String contentType;
  private final @Nullable String fileName;
  private final boolean unverifiedStreaming;
  private final long lifetimeMillis;

  private LinkOptions(Builder b) {
    this.contentType = b.contentType;
    this.fileName = b.fileName;
    this.unverifiedStreaming = b.unverifiedStreaming;
    this.lifetimeMillis = b.lifetimeMillis;
  }

  /**
   * {@return the options a link gets unless told otherwise: no content type or name of the app's,
   * verified E2EE media, the server's link lifetime}
   */
  public static LinkOptions defaults() {
    return DEFAULTS;
  }

  /** {@return a builder with the defaults} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return a builder holding these options} */
  public Builder newBuilder() {
    return new Builder(this);
  }

  /**
   * {@return the {@code Content-Type} to send instead of the server's, or null to send the
   * server's}
   */
  public @Nullable String contentType() {
    return contentType;
  }

  /** {@return the file name at the end of the link's URL, or null for {@code media}} */
  public @Nullable String fileName() {
    return fileName;
  }

  /** {@return whether E2EE media is served as it streams, before its SHA-256 is verified} */
  public boolean unverifiedStreaming() {
    return unverifiedStreaming;
  }

  /** {@return how long the link lives in milliseconds, or 0 for the server's link lifetime} */
  public long lifetimeMillis() {
    return lifetimeMillis;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) return true;
    if (!(o instanceof LinkOptions)) return false;
    LinkOptions that = (LinkOptions) o;
    return (contentType == null ? that.contentType == null : contentType.equals(that.contentType))
        && (fileName == null ? that.fileName == null : fileName.equals(that.fileName))
        && unverifiedStreaming == that.unverifiedStreaming
        && lifetimeMillis == that.lifetimeMillis;
  }

  @Override
  public int hashCode() {
    int h = contentType != null ? contentType.hashCode() : 0;
    h = 31 * h + (fileName != null ? fileName.hashCode() : 0);
    h = 31 * h + (unverifiedStreaming ? 1 : 0);
    return 31 * h + (int) (lifetimeMillis ^ (lifetimeMillis >>> 32));
  }

  @Override
  public String toString() {
    return "LinkOptions{contentType=" + contentType + ", fileName=" + fileName
        + ", unverifiedStreaming=" + unverifiedStreaming + ", lifetimeMillis=" + lifetimeMillis
        + "}";
  }

  /** Builds {@link LinkOptions}. Not thread-safe. */
  public static final class Builder {
    private @Nullable String contentType;
    private @Nullable String fileName;
    private boolean unverifiedStreaming;
    private long lifetimeMillis;

    Builder() {}

    Builder(LinkOptions o) {
      this.contentType = o.contentType;
      this.fileName = o.fileName;
      this.unverifiedStreaming = o.unverifiedStreaming;
      this.lifetimeMillis = o.lifetimeMillis;
    }

    /**
     * The {@code Content-Type} to send, such as the event's {@code info.mimetype} (null, the
     * default, sends the one the homeserver or CDN sent). E2EE media is uploaded as {@code
     * application/octet-stream}, which a WebView will not show as an image or video: pass the
     * event's type for it. A value that is not a plain {@code type/subtype[; parameters]} of
     * printable ASCII is sent as {@code application/octet-stream}.
     *
     * @param contentType the media type to send, or null for the upstream one
     * @return this builder
     */
    public Builder contentType(@Nullable String contentType) {
      this.contentType = contentType;
      return this;
    }

    /**
     * The file name shown at the end of the URL, such as the event's {@code body} or {@code
     * filename} (null, the default, for {@code media}). It is reduced to {@code [A-Za-z0-9._-]}.
     *
     * @param fileName the name for the URL's last segment, or null
     * @return this builder
     */
    public Builder fileName(@Nullable String fileName) {
      this.fileName = fileName;
      return this;
    }

    /**
     * Serves E2EE media as it streams, in ranges, before its SHA-256 could be verified (default
     * false), so that a player starts at once and seeks without the whole file. Only for video
     * and audio, whose players must start before the end; never for images or files, which the
     * default serves only after the whole file verified. See {@link MediaServer} for precisely
     * what is verified in this mode. Has no effect on unencrypted media.
     *
     * @param unverifiedStreaming true to serve E2EE video or audio before it is verified
     * @return this builder
     */
    public Builder unverifiedStreaming(boolean unverifiedStreaming) {
      this.unverifiedStreaming = unverifiedStreaming;
      return this;
    }

    /**
     * How long the link lives (default: the server's {@linkplain
     * MediaServer.Builder#linkLifetime link lifetime}).
     *
     * @param lifetime how long the link lives, in {@code unit}
     * @param unit the unit of {@code lifetime}
     * @return this builder
     * @throws IllegalArgumentException if {@code lifetime} is not positive or under 1 ms
     */
    public Builder lifetime(long lifetime, TimeUnit unit) {
      if (unit == null) throw new NullPointerException("unit == null");
      if (lifetime <= 0) throw new IllegalArgumentException("lifetime <= 0: " + lifetime);
      long millis = unit.toMillis(lifetime);
      if (millis < 1) throw new IllegalArgumentException("lifetime < 1 ms");
      this.lifetimeMillis = millis;
      return this;
    }

    /** {@return the options} */
    public LinkOptions build() {
      return new LinkOptions(this);
    }
  }
}
