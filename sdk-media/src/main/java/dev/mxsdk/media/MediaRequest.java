package dev.mxsdk.media;

import dev.mxsdk.core.MxcUri;
import dev.mxsdk.media.internal.flow.ContentTokens;
import org.jspecify.annotations.Nullable;

/**
 * What to download: a full file by {@link MxcUri}, an end-to-end encrypted file by its
 * {@link EncryptedFile} (which adds the E2EE layer), or a thumbnail; optionally only a
 * {@linkplain Builder#range(MediaRange) range} of its bytes.
 *
 * <pre>{@code
 * MediaRequest photo = MediaRequest.download(MxcUri.parse("mxc://example.org/abc"));
 * MediaRequest secret = MediaRequest.download(EncryptedFile.fromJson(json));
 * MediaRequest thumb = MediaRequest.thumbnail(mxc, 320, 240, ThumbnailMethod.SCALE)
 *     .newBuilder().animated(true).build();
 * MediaRequest seek = photo.newBuilder().range(MediaRange.of(1 << 20, 65536)).build();
 * MediaRequest named = MediaRequest.download(mxc).newBuilder().fileName("report.pdf").build();
 * MediaRequest tokened = MediaRequest.download(mxc).newBuilder().contentToken(token).build();
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 *
 * <h2>Security</h2>
 * An MSC3910 {@linkplain Builder#contentToken(String) content token} is a credential, like the
 * access token: it is sent as {@code X-Matrix-Content-Token} to the homeserver's origin only (never
 * to a CDN hop of a redirect), and {@link #toString()}, {@link #cacheKey()} and
 * {@link #hashCode()} leave it out.
 */
public final class MediaRequest {
  private final MxcUri mxcUri;
  private final @Nullable EncryptedFile encryptedFile;
  private final boolean thumbnail;
  private final int width;
  private final int height;
  private final @Nullable ThumbnailMethod method;
  private final boolean animated;
  private final @Nullable MediaRange range;
  private final @Nullable String fileName;
  private final @Nullable MediaOptions options;
  private final @Nullable String contentToken;

  /** The longest file name {@link Builder#fileName} accepts, in bytes of UTF-8. */
  public static final int MAX_FILE_NAME_BYTES = 255;

  private MediaRequest(Builder b) {
    this.mxcUri = b.mxcUri;
    this.encryptedFile = b.encryptedFile;
    this.thumbnail = b.thumbnail;
    this.width = b.width;
    this.height = b.height;
    this.method = b.method;
    this.animated = b.animated;
    this.range = b.range;
    this.fileName = b.fileName;
    this.options = b.options;
    this.contentToken = b.contentToken;
  }

  /**
   * Downloads the full file at {@code mxcUri}.
   *
   * @param mxcUri the media to download
   * @return the request, with the client's default options
   */
  public static MediaRequest download(MxcUri mxcUri) {
    if (mxcUri == null) throw new NullPointerException("mxcUri == null");
    Builder b = new Builder();
    b.mxcUri = mxcUri;
    return b.build();
  }

  /**
   * Downloads and decrypts the end-to-end encrypted file {@code file}.
   *
   * @param file the attachment's {@code EncryptedFile}, with its {@code url}
   * @return the request, with the client's default options
   * @throws IllegalArgumentException if {@code file} has no {@code url}
   */
  public static MediaRequest download(EncryptedFile file) {
    if (file == null) throw new NullPointerException("file == null");
    MxcUri url = file.url();
    if (url == null) throw new IllegalArgumentException("EncryptedFile has no url");
    Builder b = new Builder();
    b.mxcUri = url;
    b.encryptedFile = file;
    return b.build();
  }

  /**
   * Downloads a thumbnail of {@code mxcUri} of about {@code width} x {@code height} pixels.
   *
   * @param mxcUri the media to thumbnail
   * @param width the desired width, in pixels
   * @param height the desired height, in pixels
   * @param method how the server fits the image to the size
   * @return the request, with the client's default options
   * @throws IllegalArgumentException if {@code width} or {@code height} is not positive
   */
  public static MediaRequest thumbnail(
      MxcUri mxcUri, int width, int height, ThumbnailMethod method) {
    if (mxcUri == null) throw new NullPointerException("mxcUri == null");
    if (method == null) throw new NullPointerException("method == null");
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException(
          "thumbnail size must be positive, was " + width + "x" + height);
    }
    Builder b = new Builder();
    b.mxcUri = mxcUri;
    b.thumbnail = true;
    b.width = width;
    b.height = height;
    b.method = method;
    return b.build();
  }

  /** {@return a builder holding this request} */
  public Builder newBuilder() {
    return new Builder(this);
  }

  /** {@return the media's mxc URI} */
  public MxcUri mxcUri() {
    return mxcUri;
  }

  /** {@return the E2EE description, or null for unencrypted media} */
  public @Nullable EncryptedFile encryptedFile() {
    return encryptedFile;
  }

  /** {@return whether this is a thumbnail request} */
  public boolean isThumbnail() {
    return thumbnail;
  }

  /** {@return the requested thumbnail width, or 0 for a full download} */
  public int width() {
    return width;
  }

  /** {@return the requested thumbnail height, or 0 for a full download} */
  public int height() {
    return height;
  }

  /** {@return the thumbnail method, or null for a full download} */
  public @Nullable ThumbnailMethod method() {
    return method;
  }

  /** {@return whether an animated thumbnail is preferred} */
  public boolean animated() {
    return animated;
  }

  /** {@return the plaintext range to download, or null for all of it} */
  public @Nullable MediaRange range() {
    return range;
  }

  /**
   * The file name the server is asked to put in {@code Content-Disposition} instead of the
   * uploaded one (the spec's {@code .../download/{serverName}/{mediaId}/{fileName}}), or null.
   *
   * @return the file name to ask for, or null for the uploaded one
   */
  public @Nullable String fileName() {
    return fileName;
  }

  /** {@return this request's options, or null to use the client's defaults} */
  public @Nullable MediaOptions options() {
    return options;
  }

  /**
   * The MSC3910 content token sent with this request, or null. Secret: do not log it.
   *
   * @return the token, or null
   */
  public @Nullable String contentToken() {
    return contentToken;
  }

  /**
   * The rendition: {@code download}, or {@code thumbnail/<w>x<h>/<method>/<animated>} (the same
   * string MSC4097 binds into the CDN salt).
   *
   * @return the rendition string
   */
  public String rendition() {
    if (!thumbnail) return "download";
    return "thumbnail/" + width + "x" + height + "/" + method.wireName() + "/" + animated;
  }

  /**
   * A stable key for caches: the mxc URI and the rendition, e.g.
   * {@code mxc://example.org/abc#thumbnail/64x64/scale/false}. Never the redirect URL, which is
   * different every time.
   *
   * @return the cache key
   */
  public String cacheKey() {
    return mxcUri + "#" + rendition();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) return true;
    if (!(o instanceof MediaRequest)) return false;
    MediaRequest that = (MediaRequest) o;
    return mxcUri.equals(that.mxcUri)
        && (encryptedFile == null
            ? that.encryptedFile == null
            : encryptedFile.equals(that.encryptedFile))
        && thumbnail == that.thumbnail
        && width == that.width
        && height == that.height
        && method == that.method
        && animated == that.animated
        && (range == null ? that.range == null : range.equals(that.range))
        && (fileName == null ? that.fileName == null : fileName.equals(that.fileName))
        && (options == null ? that.options == null : options.equals(that.options))
        && (contentToken == null ? that.contentToken == null
            : contentToken.equals(that.contentToken));
  }

  @Override
  public int hashCode() {
    int h = mxcUri.hashCode();
    h = 31 * h + (encryptedFile != null ? encryptedFile.hashCode() : 0);
    h = 31 * h + rendition().hashCode();
    h = 31 * h + (range != null ? range.hashCode() : 0);
    h = 31 * h + (fileName != null ? fileName.hashCode() : 0);
    // The content token is left out so that the hash code reveals nothing about it.
    return 31 * h + (options != null ? options.hashCode() : 0);
  }

  /** Describes the request; never contains key material or the content token. */
  @Override
  public String toString() {
    return "MediaRequest{" + cacheKey() + (encryptedFile != null ? ", e2ee" : "")
        + (range != null ? ", " + range : "")
        + (contentToken != null ? ", contentToken=[redacted]" : "") + "}";
  }

  /** Builds a {@link MediaRequest} from an existing one. Not thread-safe. */
  public static final class Builder {
    private MxcUri mxcUri;
    private @Nullable EncryptedFile encryptedFile;
    private boolean thumbnail;
    private int width;
    private int height;
    private @Nullable ThumbnailMethod method;
    private boolean animated;
    private @Nullable MediaRange range;
    private @Nullable String fileName;
    private @Nullable MediaOptions options;
    private @Nullable String contentToken;

    Builder() {}

    Builder(MediaRequest r) {
      this.mxcUri = r.mxcUri;
      this.encryptedFile = r.encryptedFile;
      this.thumbnail = r.thumbnail;
      this.width = r.width;
      this.height = r.height;
      this.method = r.method;
      this.animated = r.animated;
      this.range = r.range;
      this.fileName = r.fileName;
      this.options = r.options;
      this.contentToken = r.contentToken;
    }

    /**
     * Prefers an animated thumbnail (the spec's {@code animated}); only for thumbnails.
     *
     * @param animated true to prefer an animated thumbnail
     * @return this builder
     * @throws IllegalStateException for a full download
     */
    public Builder animated(boolean animated) {
      if (!thumbnail) throw new IllegalStateException("animated applies to thumbnails only");
      this.animated = animated;
      return this;
    }

    /**
     * Downloads only {@code range} of the plaintext (null, the default, for all of it). The
     * response then reports the bytes it covers ({@link MediaResponse#offset()},
     * {@link MediaResponse#contentLength()}) and the media's {@link MediaResponse#totalLength()}.
     * The SDK asks each layer for as little as it can: {@code Range} on the final hop for plain
     * media, just the RFC 8188 records that hold the range from an MSC4097 CDN, AES-CTR started
     * at the block that holds the offset for E2EE media. A server that ignores {@code Range} is
     * read up to the offset and the bytes before it are dropped.
     *
     * <p>A range of E2EE media cannot be verified: the attachment's SHA-256 covers the whole
     * ciphertext. It needs {@link MediaOptions.Builder#unverifiedStreaming(boolean)}; without it
     * {@link MediaClient#newCall} refuses the request with {@link IllegalArgumentException}.
     *
     * @param range the part of the media to download, or null for all of it
     * @return this builder
     */
    public Builder range(@Nullable MediaRange range) {
      this.range = range;
      return this;
    }

    /**
     * Asks the server to name the file {@code fileName} in its {@code Content-Disposition} (and so
     * in {@link MediaResponse#fileName()}) instead of the name it was uploaded with; only for full
     * downloads. The name is sent as the last path segment, percent-encoded. The bytes, the
     * rendition and the {@link #cacheKey()} do not change. Null removes it.
     *
     * @param fileName the name to ask for, or null for the uploaded one
     * @return this builder
     * @throws IllegalStateException for a thumbnail
     * @throws IllegalArgumentException if {@code fileName} is empty, {@code .} or {@code ..}, holds
     *     a {@code /} or a control character, or is longer than {@link #MAX_FILE_NAME_BYTES}
     *     bytes of UTF-8
     */
    public Builder fileName(@Nullable String fileName) {
      if (thumbnail) throw new IllegalStateException("fileName applies to full downloads only");
      if (fileName != null) checkFileName(fileName);
      this.fileName = fileName;
      return this;
    }

    private static void checkFileName(String name) {
      if (name.isEmpty()) throw new IllegalArgumentException("fileName is empty");
      // A dot segment would be resolved away by the URL and change the path.
      if (name.equals(".") || name.equals("..")) {
        throw new IllegalArgumentException("fileName must not be . or ..");
      }
      int bytes = 0;
      for (int i = 0; i < name.length(); i++) {
        char c = name.charAt(i);
        if (c == '/') throw new IllegalArgumentException("fileName must not contain /");
        if (c < 0x20 || (c >= 0x7f && c < 0xa0)) {
          throw new IllegalArgumentException("fileName must not contain control characters");
        }
        // UTF-8 length; a surrogate pair counts 2 + 2 = 4 bytes.
        bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
      }
      if (bytes > MAX_FILE_NAME_BYTES) {
        throw new IllegalArgumentException("fileName is " + bytes + " bytes of UTF-8, more than "
            + MAX_FILE_NAME_BYTES);
      }
    }

    /**
     * Options for this request, replacing the client's defaults; null to use the defaults.
     *
     * @param options the options of this request, or null
     * @return this builder
     */
    public Builder options(@Nullable MediaOptions options) {
      this.options = options;
      return this;
    }

    /**
     * Sends MSC3910's content token {@code contentToken} (the {@code content_token} the event
     * carried beside the mxc URI, or {@link UploadResult#contentToken()}) as the
     * {@code X-Matrix-Content-Token} header of this download or thumbnail; null, the default,
     * sends none. A token given here is always sent, whatever the server's {@code /versions}
     * says: giving it is what turns MSC3910 on. It goes to the homeserver's origin only, on the
     * requests before the redirect chain first leaves it, never to a CDN, and it is never part of
     * a message, {@link #toString()} or the {@link #cacheKey()}.
     *
     * @param contentToken 1 to 255 characters of {@code A-Z a-z 0-9 - . _ ~}, or null
     * @return this builder
     * @throws IllegalArgumentException if {@code contentToken} does not match that grammar (the
     *     message does not quote it)
     */
    public Builder contentToken(@Nullable String contentToken) {
      if (contentToken != null && !ContentTokens.isValid(contentToken)) {
        throw new IllegalArgumentException("a content token is 1 to " + ContentTokens.MAX_CHARS
            + " characters of A-Z a-z 0-9 - . _ ~ (MSC3910); the one given is not");
      }
      this.contentToken = contentToken;
      return this;
    }

    /** {@return the request} */
    public MediaRequest build() {
      return new MediaRequest(this);
    }
  }
}
