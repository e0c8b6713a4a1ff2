package dev.mxsdk.media;

import dev.mxsdk.core.CallHandle;
import dev.mxsdk.core.MatrixClient;
import dev.mxsdk.media.internal.flow.CreatedMedia;
import dev.mxsdk.media.internal.flow.DownloadFlow;
import dev.mxsdk.media.internal.flow.MediaConfigCall;
import dev.mxsdk.media.internal.flow.Negotiation;
import dev.mxsdk.media.internal.flow.PreviewUrlCall;
import dev.mxsdk.media.internal.flow.UploadFlow;
import java.io.File;
import java.io.IOException;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * Downloads and uploads Matrix media for one {@link MatrixClient}: downloads authenticated,
 * following CDN redirects without leaking credentials, decrypting the MSC4097 CDN layer and the
 * E2EE layer; uploads streamed, optionally end-to-end encrypted on the way, optionally into an
 * MSC2246 reservation.
 *
 * <pre>{@code
 * MediaClient media = MediaClient.create(matrixClient);
 * try (MediaResponse response = media.newCall(MediaRequest.download(mxc)).execute()) {
 *   response.downloadTo(new File(dir, "photo.jpg"));
 * }
 * UploadResult sent = media.newUpload(UploadRequest.file(photo).encrypt(true).build()).execute();
 * }</pre>
 *
 * <p>It shares the {@code MatrixClient}'s {@code OkHttpClient} connection pool, dispatcher,
 * access token, cached {@code /versions}, retry policy, clock and its
 * {@link MatrixClient#homeserverPath() homeserver path}, through which every request goes. Create one per {@code MatrixClient} and share it: it
 * is immutable and thread-safe.
 *
 * <h2>Security</h2>
 * The SDK follows redirects itself, hop by hop, on call paths derived from the caller's client with
 * the HTTP cache, the {@code Authenticator} and automatic redirects turned off. {@code
 * Authorization} and cookies go only to the homeserver's origin (scheme, host, port) and never
 * again once the chain has left it; hops to other origins run without the app's interceptors and
 * cookie jar. Redirects go to https only (plain http only to loopback when the
 * {@code MatrixClient} allows it with {@code allowInsecureLoopback}), never from https to http, at
 * most 5. The
 * CDN key ({@code X-Matrix-Media-Encryption}) is taken off the homeserver's 302/303/307 by the
 * SDK's innermost network interceptor before any app interceptor or logger sees it, held in memory
 * for that one download, and never logged. A key on a 301/308, a key but an unencrypted body, or
 * an encrypted body without a key fails the download.
 */
public final class MediaClient {
  private final MatrixClient matrixClient;
  private final MediaOptions defaultOptions;
  private final @Nullable File spoolDirectory;
  private final @Nullable MediaCache cache;
  private final DownloadFlow downloads;
  private final MediaConfigCall config;
  private final PreviewUrlCall previews;
  private final UploadFlow uploads;
  private final Negotiation negotiation;

  private MediaClient(Builder b) {
    this.matrixClient = b.matrixClient;
    this.defaultOptions = b.defaultOptions;
    this.spoolDirectory = b.spoolDirectory;
    this.cache = b.cache;
    this.negotiation = new Negotiation(matrixClient);
    this.downloads = new DownloadFlow(matrixClient, negotiation);
    this.config = new MediaConfigCall(matrixClient, negotiation);
    this.previews = new PreviewUrlCall(matrixClient, negotiation);
    this.uploads = new UploadFlow(matrixClient, negotiation, config);
  }

  /**
   * Returns a media client for {@code matrixClient} with the default options.
   *
   * @param matrixClient the client whose homeserver, session and call path media requests use
   * @return a new media client
   */
  public static MediaClient create(MatrixClient matrixClient) {
    return builder(matrixClient).build();
  }

  /**
   * Returns a builder for a media client of {@code matrixClient}.
   *
   * @param matrixClient the client whose homeserver, session and call path media requests use
   * @return a new builder
   */
  public static Builder builder(MatrixClient matrixClient) {
    if (matrixClient == null) throw new NullPointerException("matrixClient == null");
    return new Builder(matrixClient);
  }

  /** {@return a builder holding this client's settings} */
  public Builder newBuilder() {
    return new Builder(this);
  }

  /** {@return the {@code MatrixClient} this client downloads and uploads for} */
  public MatrixClient matrixClient() {
    return matrixClient;
  }

  /** {@return the options used by requests that carry none} */
  public MediaOptions defaultOptions() {
    return defaultOptions;
  }

  /**
   * Prepares {@code request} to run; see {@link MediaCall}.
   *
   * @param request what to download, and how
   * @return a call that runs once, with {@link MediaCall#execute()} or
   *     {@link MediaCall#enqueue(MediaCall.Callback)}
   * @throws IllegalArgumentException if {@code request} asks for a {@linkplain MediaRange range}
   *     of E2EE media without {@link MediaOptions.Builder#unverifiedStreaming(boolean)}: the
   *     attachment's SHA-256 covers the whole ciphertext, so a range cannot be verified
   */
  public MediaCall newCall(MediaRequest request) {
    if (request == null) throw new NullPointerException("request == null");
    MediaOptions options = request.options();
    MediaOptions effective = options != null ? options : defaultOptions;
    if (request.range() != null && request.encryptedFile() != null
        && !effective.unverifiedStreaming()) {
      throw new IllegalArgumentException("a range of E2EE media cannot be verified (its SHA-256"
          + " covers the whole file): enable MediaOptions.unverifiedStreaming(true) to read it"
          + " unverified, or download the whole file");
    }
    return new RealMediaCall(downloads, request, effective, spoolDirectory, cache,
        matrixClient.homeserverPath().clock());
  }

  /**
   * Prepares the upload {@code request} to run; see {@link UploadCall}. The server's upload limit
   * ({@code m.upload.size}) is fetched with the first upload and cached as long as
   * {@code /versions}.
   *
   * @param request what to upload, and how
   * @return a call that runs once, with {@link UploadCall#execute()} or
   *     {@link UploadCall#enqueue(UploadCall.Callback)}
   */
  public UploadCall newUpload(UploadRequest request) {
    if (request == null) throw new NullPointerException("request == null");
    return new RealUploadCall(uploads, request, cache);
  }

  /**
   * Reserves a media ID to upload into later ({@code POST /_matrix/media/v1/create}, MSC2246,
   * spec v1.7), so that the event naming it can be sent before its content: pass the reservation
   * to {@link UploadRequest.Builder#reservation(MediaReservation)}. Rate limits are retried.
   *
   * <pre>{@code
   * MediaReservation reservation = media.createMedia();
   * sendEvent(reservation.mxcUri());
   * media.newUpload(UploadRequest.file(video).contentType("video/mp4")
   *     .reservation(reservation).build()).execute();
   * }</pre>
   *
   * @return the reserved {@code mxc://} URI, the time the reservation expires unused, and where to
   *     upload into it
   * @throws dev.mxsdk.core.MatrixApiException {@code 403 M_FORBIDDEN} if the user may not upload,
   *     {@code 429 M_LIMIT_EXCEEDED} if the retries are spent (too many pending reservations), or
   *     another error the server answered (a server before spec v1.7 answers {@code 404})
   * @throws MediaProtocolException if the answer is malformed
   * @throws IOException on network failure
   */
  public MediaReservation createMedia() throws IOException {
    CreatedMedia created = uploads.create(new CallHandle());
    return new MediaReservation(created.mxcUri, created.unusedExpiresAtMillis, created.uploadUrl,
        created.uploadMethod);
  }

  /**
   * Makes a new copy of the media at {@code source} (MSC3911's {@code POST
   * /_matrix/client/unstable/org.matrix.msc3911/media/copy/{serverName}/{mediaId}}) and returns
   * its new mxc URI: restricted media unattached, to attach to a new event, as when forwarding a
   * message with media. Calling it is what turns MSC3911 on for this request: it is sent whatever
   * {@code /versions} says (see {@link #supportsLinkedMedia()}). The request is not idempotent, so
   * a network failure is not retried; a rate limit or a 503/504 is, under the client's
   * {@code RetryPolicy} (a duplicate copy is an unattached orphan the server removes). Blocks;
   * call it off the main thread.
   *
   * <pre>{@code
   * MxcUri forwarded = media.copy(original);
   * sendEvent(room, forwarded); // with attach_media=forwarded, the app's part of MSC3911
   * }</pre>
   *
   * @param source the media to copy
   * @return the new media's mxc URI
   * @throws MediaNotViewableException if the user may not see {@code source}
   *     ({@link MediaNotAttachedException} if it is restricted media not attached yet)
   * @throws dev.mxsdk.core.MatrixApiException another error the server answered; a server without
   *     MSC3911 answers {@code 404 M_UNRECOGNIZED}
   * @throws MediaProtocolException if the answer has no usable {@code content_uri}
   * @throws IOException on network failure
   */
  public dev.mxsdk.core.MxcUri copy(dev.mxsdk.core.MxcUri source) throws IOException {
    if (source == null) throw new NullPointerException("source == null");
    return uploads.copy(source, new CallHandle());
  }

  /**
   * Whether the homeserver advertises MSC3911 (linking media to events: restricted uploads and
   * {@link #copy}) in {@code /versions} {@code unstable_features} as {@code org.matrix.msc3911},
   * from the cached {@code /versions}.
   *
   * @return true if the server advertises it
   * @throws IOException if {@code /versions} could not be fetched
   */
  public boolean supportsLinkedMedia() throws IOException {
    return negotiation.linkedMedia();
  }

  /**
   * Fetches the homeserver's media configuration ({@code m.upload.size}), authenticated.
   *
   * @return the media configuration the homeserver announced
   * @throws dev.mxsdk.core.MatrixApiException if the server answered with an error
   * @throws IOException on network failure or a malformed answer
   */
  public MediaConfig config() throws IOException {
    return new MediaConfig(config.uploadSize());
  }

  /**
   * Asks the homeserver for a preview of {@code url} ({@code GET .../media/preview_url},
   * authenticated, with the same endpoint negotiation, token refresh and retries as downloads):
   * its OpenGraph properties, with the page's image copied into the homeserver's media
   * repository ({@link UrlPreview#ogImage()}).
   *
   * <pre>{@code
   * UrlPreview preview = media.previewUrl("https://matrix.org/blog/");
   * showCard(preview.title(), preview.description(), preview.ogImage());
   * }</pre>
   *
   * <p>Privacy: the homeserver fetches the URL, so it learns it. The spec suggests not
   * previewing URLs from end-to-end encrypted rooms; that is the caller's decision. The URL never
   * appears in an exception message, even if the server echoes it. Blocks; call it off the main
   * thread. Thread-safe.
   *
   * @param url an absolute http or https URL, sent as given
   * @return the preview's OpenGraph properties
   * @throws IllegalArgumentException if {@code url} is not an absolute http or https URL
   * @throws dev.mxsdk.core.MatrixApiException if the server answered with an error (e.g. {@code
   *     403} for a URL it will not fetch, {@code 502} when fetching it failed)
   * @throws dev.mxsdk.core.MalformedResponseException if the answer is not a JSON object, or
   *     {@code og:image} is not a string or {@code matrix:image:size} not a whole number
   * @throws dev.mxsdk.core.UnexpectedRedirectException if the server redirected (never followed)
   * @throws IOException on network failure
   */
  public UrlPreview previewUrl(String url) throws IOException {
    return preview(url, -1);
  }

  /**
   * Like {@link #previewUrl(String)}, asking for the preview as it was at {@code tsMillis} (the
   * spec's {@code ts}: the server may answer with a newer one).
   *
   * @param url an absolute http or https URL, sent as given
   * @param tsMillis the time the preview should be from, in milliseconds since the epoch
   * @return the preview's OpenGraph properties
   * @throws IllegalArgumentException if {@code url} is not an absolute http or https URL, or
   *     {@code tsMillis} is negative
   * @throws IOException as {@link #previewUrl(String)} throws it: a server's error, a malformed
   *     answer, a redirect, a network failure
   */
  public UrlPreview previewUrl(String url, long tsMillis) throws IOException {
    if (tsMillis < 0) throw new IllegalArgumentException("tsMillis < 0: " + tsMillis);
    return preview(url, tsMillis);
  }

  private UrlPreview preview(String url, long ts) throws IOException {
    if (url == null) throw new NullPointerException("url == null");
    // HttpUrl accepts exactly the absolute http and https URLs.
    if (HttpUrl.parse(url) == null) {
      throw new IllegalArgumentException("not an absolute http or https URL");
    }
    return new UrlPreview(previews.preview(url, ts));
  }

  /** Builds a {@link MediaClient}. Not thread-safe. */
  public static final class Builder {
    private final MatrixClient matrixClient;
    private MediaOptions defaultOptions = MediaOptions.defaults();
    private @Nullable File spoolDirectory;
    private @Nullable MediaCache cache;

    Builder(MatrixClient matrixClient) {
      this.matrixClient = matrixClient;
    }

    Builder(MediaClient client) {
      this.matrixClient = client.matrixClient;
      this.defaultOptions = client.defaultOptions;
      this.spoolDirectory = client.spoolDirectory;
      this.cache = client.cache;
    }

    /**
     * The options for requests that carry none.
     *
     * @param defaultOptions the options of a request built without any
     * @return this builder
     */
    public Builder defaultOptions(MediaOptions defaultOptions) {
      if (defaultOptions == null) throw new NullPointerException("defaultOptions == null");
      this.defaultOptions = defaultOptions;
      return this;
    }

    /**
     * Where verified E2EE streams and {@link MediaResponse#downloadTo(java.io.OutputStream)}
     * spool ciphertext before releasing plaintext (default: the system's temporary folder; on
     * Android pass {@code context.getCacheDir()}). Temporary files are deleted when the response
     * closes.
     *
     * @param spoolDirectory the directory for temporary ciphertext files, or null for the system's
     * @return this builder
     */
    public Builder spoolDirectory(@Nullable File spoolDirectory) {
      this.spoolDirectory = spoolDirectory;
      return this;
    }

    /**
     * Serves downloads and ranged reads from {@code cache} when it holds them (no request at all)
     * and stores what whole downloads deliver and what uploads send (default: no cache). Several clients may share one cache. Closing the cache
     * makes this client's downloads fail with {@link IllegalStateException}.
     *
     * <pre>{@code
     * MediaCache cache = MediaCache.open(new File(context.getCacheDir(), "mxsdk-media"));
     * MediaClient media = MediaClient.builder(matrixClient).cache(cache).build();
     * }</pre>
     *
     * @param cache the cache to read from and store into, or null for none
     * @return this builder
     */
    public Builder cache(@Nullable MediaCache cache) {
      this.cache = cache;
      return this;
    }

    /**
     * {@return the media client; its call paths are derived from the MatrixClient's OkHttpClient}
     */
    public MediaClient build() {
      return new MediaClient(this);
    }
  }
}
