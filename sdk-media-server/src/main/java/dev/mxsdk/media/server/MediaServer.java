package dev.mxsdk.media.server;

import dev.mxsdk.core.Clock;
import dev.mxsdk.media.MediaClient;
import dev.mxsdk.media.MediaRequest;
import dev.mxsdk.media.server.internal.Capabilities;
import dev.mxsdk.media.server.internal.Limits;
import dev.mxsdk.media.server.internal.RemoteContent;
import dev.mxsdk.media.server.internal.ServerConfig;
import dev.mxsdk.media.server.internal.ServerCore;
import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A loopback HTTP server that serves Matrix media (through a {@link MediaClient}) or any
 * {@link MediaContent} under short-lived capability URLs, for consumers that take a URL and cannot
 * send an {@code Authorization} header or decrypt: {@code MediaPlayer}, ExoPlayer, {@code <video>}
 * and {@code <img>} in a WebView, JavaFX {@code Media}, image loaders, {@code ffplay} or
 * {@code curl}.
 *
 * <pre>{@code
 * MediaServer server = MediaServer.builder().build();
 * server.start();
 * MediaLink photo = server.url(mediaClient, MediaRequest.download(mxc));
 * MediaLink clip = server.url(mediaClient, MediaRequest.download(encryptedFile),
 *     LinkOptions.builder().contentType("video/mp4").fileName("clip.mp4")
 *         .unverifiedStreaming(true).build());
 * player.setDataSource(clip.url()); // http://127.0.0.1:41234/3f9c.../clip.mp4
 * // ...
 * server.close(); // every link dies, every connection and upstream is released
 * }</pre>
 *
 * <h2>Matrix media</h2>
 * A link of {@link #url(MediaClient, MediaRequest, LinkOptions)} serves one {@link MediaRequest}:
 * the full file or a thumbnail of an mxc URI, or E2EE media with its {@code EncryptedFile}. The
 * first request to the link learns the media's length and type with a download of no bytes
 * ({@code MediaRange.of(0, 0)}), once per link; each request, and each seek of a player, is then
 * fetched through the client as ranged downloads of exactly the bytes asked for (a seek in a 1 GiB
 * video fetches the few CDN records that hold the range, not the file): in windows of growing
 * size, 512 KiB first, each asked for once the player has taken the one before, so that a player
 * that reads a little and seeks leaves little unread upstream. Closing the player's connection,
 * revoking the link and closing the server cancel its downloads and release their connections.
 *
 * <p>E2EE media is served in one of two ways:
 * <ul>
 *   <li><b>Verified</b> (the default; images and files): the first request downloads the whole
 *       media once, into a private file in the {@linkplain Builder#spoolDirectory spool folder},
 *       and verifies its SHA-256 before anything is sent; every request of the link is then
 *       answered from that file, which is deleted when the link is revoked, expires or the server
 *       closes (and, after a crash, by the next server on that folder). A failed verification is a
 *       bare 502 for this and every later request of the link.
 *   <li><b>Unverified streaming</b> ({@link LinkOptions.Builder#unverifiedStreaming}; video and
 *       audio): each request is a ranged download whose plaintext is released as it arrives.
 *       <em>What is verified:</em> every record of the MSC4097 CDN layer, when there is one (its
 *       GCM tag, and truncation by the final record), before its bytes are sent; and the SHA-256
 *       of the whole ciphertext for a response that covers the media from its first byte to its
 *       last, whose last bytes are held back until the hash matched: a mismatch breaks the
 *       connection (TCP reset) before the client has received all the bytes it was told of, so it
 *       never sees a clean end after wrong bytes. <em>What is not:</em> the E2EE layer of any
 *       response that does not cover the whole media (a seek, a {@code Range} from the middle):
 *       AES-CTR is malleable and the hash covers the whole file, so a hostile homeserver or CDN
 *       can change such bytes undetected, and the player decodes them; nor the bytes a whole
 *       response has released before its end. A player parses that untrusted input.
 * </ul>
 *
 * <p>It speaks a strict subset of HTTP/1.1: GET and HEAD, one {@code Range} ({@code bytes=N-M},
 * {@code N-}, {@code -N}; 206 with {@code Content-Range}, 416 with {@code bytes *}{@code /LEN};
 * several ranges, or an {@code If-Range}, get the whole content with 200), persistent connections
 * and pipelining, HTTP/1.0 (one request per connection). Every response carries
 * {@code Cache-Control: no-store} and {@code X-Content-Type-Options: nosniff}.
 *
 * <h2>Security</h2>
 * Any app on an Android device can connect to a loopback port, and any web page can try DNS
 * rebinding against one; the capability is what stands between them and the user's media.
 * <ul>
 *   <li>The server binds 127.0.0.1 only, on an ephemeral port.
 *   <li>A capability is 128 bits from {@link SecureRandom}, names exactly one content, expires
 *       (default {@value #DEFAULT_LINK_LIFETIME_HOURS} hours) and can be revoked. It is never
 *       logged, never in an exception message and never in a {@code toString()}; lookups compare
 *       digests, not capabilities, so timing reveals nothing about them.
 *   <li>{@code Host} must be {@code 127.0.0.1:PORT} or {@code localhost:PORT} (else 421), so a
 *       page on a rebound DNS name cannot read responses.
 *   <li>No CORS headers unless origins are configured ({@link Builder#allowedOrigins}).
 *   <li>Anything but GET and HEAD is refused (405, or 501 for unknown methods), as is a request
 *       with a body or {@code Transfer-Encoding} (413, 501); request line, head and number of
 *       fields are bounded (414, 431); a head must arrive within the header timeout however
 *       slowly it trickles (408), idle connections close, a write that makes no progress cuts
 *       the connection, and connections beyond the limit get 503.
 *   <li>Every refusal is a bare status code without a body, and unknown, expired and revoked
 *       capabilities all look the same: 404.
 *   <li>A body that cannot be completed (the upstream failed) ends with a TCP reset, never with
 *       a clean end that would make a short body look complete.
 * </ul>
 *
 * <p>Thread-safe. The server's threads are daemon threads; {@link #close()} releases them.
 */
public final class MediaServer implements Closeable {
  /** The default lifetime of a link, in hours. */
  public static final int DEFAULT_LINK_LIFETIME_HOURS = 3;

  private final ServerCore core;
  private final Capabilities capabilities;
  private final long linkLifetimeMillis;
  private final File spoolDirectory;

  private MediaServer(Builder b) {
    this.linkLifetimeMillis = b.linkLifetimeMillis;
    this.spoolDirectory = b.spoolDirectory != null ? b.spoolDirectory
        : new File(System.getProperty("java.io.tmpdir"));
    this.capabilities = new Capabilities(b.clock, new SecureRandom());
    ServerConfig config = new ServerConfig(
        new Limits(b.maxRequestLineBytes, b.maxHeaderBytes, b.maxHeaderCount),
        b.maxConnections, b.headerTimeoutMillis, b.idleTimeoutMillis, b.writeTimeoutMillis,
        b.allowedOrigins, spoolDirectory);
    this.core = new ServerCore(config, capabilities, b.clock);
  }

  /** {@return a builder with the defaults (see {@link Builder})} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Binds 127.0.0.1 on an ephemeral port and starts serving.
   *
   * @throws IOException if the port cannot be bound (on Android: without the
   *     {@code INTERNET} permission)
   * @throws IllegalStateException if started before or closed
   */
  public void start() throws IOException {
    core.start();
  }

  /**
   * The port the server listens on.
   *
   * @return the bound port on {@code 127.0.0.1}
   * @throws IllegalStateException if not started
   */
  public int port() {
    return core.port();
  }

  /**
   * Issues a link to {@code content} that lives for the server's link lifetime.
   *
   * @param content what the link serves
   * @return the new link
   * @throws IllegalStateException if the server is not started or closed
   */
  public MediaLink url(MediaContent content) {
    return url(content, linkLifetimeMillis, TimeUnit.MILLISECONDS);
  }

  /**
   * Issues a link to {@code content} that lives for {@code lifetime}: requests that start later
   * get 404 (a response already in flight is finished).
   *
   * @param content what the link serves
   * @param lifetime how long the link lives, in {@code unit}
   * @param unit the unit of {@code lifetime}
   * @return the new link
   * @throws IllegalArgumentException if {@code lifetime} is not positive
   * @throws IllegalStateException if the server is not started or closed
   */
  public MediaLink url(MediaContent content, long lifetime, TimeUnit unit) {
    if (content == null) throw new NullPointerException("content == null");
    if (unit == null) throw new NullPointerException("unit == null");
    if (lifetime <= 0) throw new IllegalArgumentException("lifetime <= 0: " + lifetime);
    int port = core.port();
    if (core.isClosed()) throw new IllegalStateException("closed");
    Capabilities.Issued issued = capabilities.issue(content, unit.toMillis(lifetime));
    String name = urlFileName(content.fileName());
    String origin = "http://127.0.0.1:" + port + "/";
    MediaLink link = new MediaLink(origin + issued.capability + "/" + name,
        origin + "\u2026/" + name, issued.entry);
    // A link issued while close() ran must not outlive it.
    if (core.isClosed()) link.revoke();
    return link;
  }

  /**
   * Issues a link that serves {@code request} through {@code media}, with
   * {@link LinkOptions#defaults()}: E2EE media only after the whole file verified.
   *
   * @param media the client that downloads the media
   * @param request what to download, without a range
   * @return the new link
   * @throws IllegalArgumentException if {@code request} has a {@linkplain MediaRequest#range()
   *     range}: a link serves the whole media, and players ask for the ranges
   * @throws IllegalStateException if the server is not started or closed
   */
  public MediaLink url(MediaClient media, MediaRequest request) {
    return url(media, request, LinkOptions.defaults());
  }

  /**
   * Issues a link that serves {@code request} (plain media, a thumbnail, or E2EE media with its
   * {@code EncryptedFile}) through {@code media}, as {@code options} say; see the class
   * description for how requests become downloads and what is verified. Returns at once: nothing
   * is fetched before the first request to the link. The request's own options (or the client's
   * defaults) apply to every download, except that the link decides about unverified streaming
   * and no progress listener is called.
   *
   * <pre>{@code
   * MediaLink image = server.url(media, MediaRequest.download(encryptedFile),
   *     LinkOptions.builder().contentType("image/jpeg").build());
   * webView.loadData("<img src=\"" + image.url() + "\">", "text/html", "utf-8");
   * }</pre>
   *
   * @param media the client that downloads the media
   * @param request what to download, without a range
   * @param options the content type, file name, verification mode and lifetime of the link
   * @return the new link
   * @throws IllegalArgumentException if {@code request} has a {@linkplain MediaRequest#range()
   *     range}: a link serves the whole media, and players ask for the ranges
   * @throws IllegalStateException if the server is not started or closed
   */
  public MediaLink url(MediaClient media, MediaRequest request, LinkOptions options) {
    if (media == null) throw new NullPointerException("media == null");
    if (request == null) throw new NullPointerException("request == null");
    if (options == null) throw new NullPointerException("options == null");
    if (request.range() != null) {
      throw new IllegalArgumentException("a link serves the whole media; players ask for ranges:"
          + " pass the request without range()");
    }
    RemoteContent content = new RemoteContent(media, request, options.unverifiedStreaming(),
        options.contentType(), options.fileName(), spoolDirectory);
    long lifetime = options.lifetimeMillis() > 0 ? options.lifetimeMillis() : linkLifetimeMillis;
    MediaLink link;
    try {
      link = url(content, lifetime, TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      content.release();
      throw e;
    }
    return link;
  }

  /**
   * Stops accepting, makes every link unknown, breaks off every connection, cancels every
   * download and closes every upstream source (releasing its HTTP connection), deletes every spool
   * file, and waits up to two seconds for the connection threads to end. Idempotent.
   */
  @Override
  public void close() {
    core.close();
  }

  /**
   * The last path segment of a link: the content's file name reduced to {@code [A-Za-z0-9._-]}
   * (anything else becomes {@code _}), without leading dots, at most 64 characters keeping the
   * extension, or {@code media} if nothing is left. Players look at the extension; nothing else
   * about the name matters to the server, which ignores this segment.
   */
  static String urlFileName(@Nullable String fileName) {
    if (fileName == null) return "media";
    StringBuilder b = new StringBuilder(fileName.length());
    for (int i = 0; i < fileName.length(); ) {
      int c = fileName.codePointAt(i);
      i += Character.charCount(c);
      boolean safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '.' || c == '_' || c == '-';
      b.append(safe ? (char) c : '_');
    }
    int start = 0;
    while (start < b.length() && b.charAt(start) == '.') start++;
    String name = b.substring(start);
    if (name.length() > 64) {
      int dot = name.lastIndexOf('.');
      String extension = dot > 0 && name.length() - dot <= 16 ? name.substring(dot) : "";
      name = name.substring(0, 64 - extension.length()) + extension;
    }
    return name.isEmpty() ? "media" : name;
  }

  /** Connections open right now (tests). */
  int connectionCount() {
    return core.connectionCount();
  }

  @Override
  public String toString() {
    return "MediaServer{" + (core.isClosed() ? "closed" : "127.0.0.1") + "}";
  }

  /**
   * Builds a {@link MediaServer}. Every setting has a default suited to a phone.
   *
   * <pre>{@code
   * MediaServer server = MediaServer.builder()
   *     .linkLifetime(1, TimeUnit.HOURS)
   *     .maxConnections(8)
   *     .allowedOrigins(Collections.singletonList("https://appassets.androidplatform.net"))
   *     .build();
   * }</pre>
   */
  public static final class Builder {
    private Clock clock = Clock.SYSTEM;
    private long linkLifetimeMillis = TimeUnit.HOURS.toMillis(DEFAULT_LINK_LIFETIME_HOURS);
    private int maxConnections = 16;
    private long headerTimeoutMillis = 10_000;
    private long idleTimeoutMillis = 30_000;
    private long writeTimeoutMillis = 60_000;
    private int maxRequestLineBytes = 8 * 1024;
    private int maxHeaderBytes = 16 * 1024;
    private int maxHeaderCount = 100;
    private List<String> allowedOrigins = Collections.emptyList();
    private @Nullable File spoolDirectory;

    Builder() {
    }

    /**
     * The clock for link expiry ({@link Clock#nowMillis()}). Default {@link Clock#SYSTEM}.
     *
     * @param clock the time source for link expiry
     * @return this builder
     */
    public Builder clock(Clock clock) {
      if (clock == null) throw new NullPointerException("clock == null");
      this.clock = clock;
      return this;
    }

    /**
     * How long a link lives after {@link MediaServer#url(MediaContent)}. Default 3 hours.
     *
     * @param lifetime the default link lifetime, in {@code unit}
     * @param unit the unit of {@code lifetime}
     * @return this builder
     */
    public Builder linkLifetime(long lifetime, TimeUnit unit) {
      this.linkLifetimeMillis = positiveMillis("linkLifetime", lifetime, unit, Long.MAX_VALUE);
      return this;
    }

    /**
     * The most connections open at once; one more is answered 503 and closed. Each connection has
     * one thread of a pool of this size. Default 16 (a WebView opens at most 6 to one origin).
     *
     * @param maxConnections the connection limit, at least 1
     * @return this builder
     */
    public Builder maxConnections(int maxConnections) {
      if (maxConnections < 1) {
        throw new IllegalArgumentException("maxConnections < 1: " + maxConnections);
      }
      this.maxConnections = maxConnections;
      return this;
    }

    /**
     * How long a request head may take: for a new connection from when it is accepted, later
     * from the request's first byte. A head not complete by then is answered 408 and the
     * connection closed, however slowly its bytes kept coming (slowloris). Default 10 seconds.
     *
     * @param timeout the time limit of a request head, in {@code unit}
     * @param unit the unit of {@code timeout}
     * @return this builder
     */
    public Builder headerTimeout(long timeout, TimeUnit unit) {
      this.headerTimeoutMillis = positiveMillis("headerTimeout", timeout, unit, Integer.MAX_VALUE);
      return this;
    }

    /**
     * How long a kept-alive connection may wait for its next request. Default 30 seconds.
     *
     * @param timeout the idle limit of a kept-alive connection, in {@code unit}
     * @param unit the unit of {@code timeout}
     * @return this builder
     */
    public Builder idleTimeout(long timeout, TimeUnit unit) {
      this.idleTimeoutMillis = positiveMillis("idleTimeout", timeout, unit, Integer.MAX_VALUE);
      return this;
    }

    /**
     * How long one write to a client may make no progress before the connection is cut. A
     * paused player that stops reading is cut after this and reconnects with a {@code Range}
     * when it resumes. Default 60 seconds.
     *
     * @param timeout the time limit of one stalled write, in {@code unit}
     * @param unit the unit of {@code timeout}
     * @return this builder
     */
    public Builder writeTimeout(long timeout, TimeUnit unit) {
      this.writeTimeoutMillis = positiveMillis("writeTimeout", timeout, unit, Long.MAX_VALUE);
      return this;
    }

    /**
     * The longest request line without its CRLF; longer is 414. Default 8 KiB.
     *
     * @param bytes the request line limit, at least 64
     * @return this builder
     */
    public Builder maxRequestLineBytes(int bytes) {
      if (bytes < 64) throw new IllegalArgumentException("maxRequestLineBytes < 64: " + bytes);
      this.maxRequestLineBytes = bytes;
      return this;
    }

    /**
     * The longest request head, request line and CRLFs included; longer is 431. Must leave room
     * for the request line. Default 16 KiB.
     *
     * @param bytes the request head limit, at least 66
     * @return this builder
     */
    public Builder maxHeaderBytes(int bytes) {
      if (bytes < 66) throw new IllegalArgumentException("maxHeaderBytes < 66: " + bytes);
      this.maxHeaderBytes = bytes;
      return this;
    }

    /**
     * The most header fields in one request; more is 431. Default 100.
     *
     * @param count the header field limit, at least 1
     * @return this builder
     */
    public Builder maxHeaderCount(int count) {
      if (count < 1) throw new IllegalArgumentException("maxHeaderCount < 1: " + count);
      this.maxHeaderCount = count;
      return this;
    }

    /**
     * Origins, such as {@code https://appassets.androidplatform.net}, whose pages may read
     * responses with {@code fetch} or canvas (CORS): a request whose {@code Origin} is exactly one
     * of them gets {@code Access-Control-Allow-Origin}. Default none, which is all that
     * {@code <video src>} and {@code <img src>} need. {@code *} is refused: a page of any origin
     * could then read whatever link it got hold of. Preflighted requests are not supported
     * ({@code OPTIONS} is 405); a single-range {@code Range} is a safelisted request header and
     * needs none.
     *
     * @param origins the exact origins allowed to read responses, e.g.
     *     {@code "https://appassets.androidplatform.net"}
     * @return this builder
     * @throws IllegalArgumentException for {@code *}, an empty origin, or one with whitespace or
     *     control characters
     */
    public Builder allowedOrigins(List<String> origins) {
      if (origins == null) throw new NullPointerException("origins == null");
      List<String> copy = new ArrayList<>(origins);
      for (String origin : copy) {
        if (origin == null) throw new NullPointerException("origin == null");
        if (origin.isEmpty() || origin.equals("*")) {
          throw new IllegalArgumentException("not an origin: \"" + origin + "\"");
        }
        for (int i = 0; i < origin.length(); i++) {
          char c = origin.charAt(i);
          if (c <= 0x20 || c >= 0x7f) {
            throw new IllegalArgumentException("origin has whitespace or a control character");
          }
        }
      }
      this.allowedOrigins = Collections.unmodifiableList(copy);
      return this;
    }

    /**
     * The folder for the private files that hold verified E2EE media while its link lives
     * (default: {@code java.io.tmpdir}, which on Android is the app's cache folder; created when
     * first needed). Each file is readable by this user only, locked while in use, and deleted
     * when its link is revoked, expires, or the server closes; files left by a process that was
     * killed are deleted when a server next starts on the folder.
     *
     * @param spoolDirectory the folder for verified E2EE media, or null for {@code java.io.tmpdir}
     * @return this builder
     */
    public Builder spoolDirectory(@Nullable File spoolDirectory) {
      this.spoolDirectory = spoolDirectory;
      return this;
    }

    /**
     * Builds the server; {@link MediaServer#start()} binds it.
     *
     * @return a new server, not yet started
     * @throws IllegalArgumentException if {@code maxHeaderBytes} leaves no room for a request
     *     line of {@code maxRequestLineBytes}
     */
    public MediaServer build() {
      if (maxHeaderBytes < maxRequestLineBytes + 2) {
        throw new IllegalArgumentException("maxHeaderBytes (" + maxHeaderBytes
            + ") < maxRequestLineBytes + 2 (" + (maxRequestLineBytes + 2) + ")");
      }
      return new MediaServer(this);
    }

    private static long positiveMillis(String name, long value, TimeUnit unit, long max) {
      if (unit == null) throw new NullPointerException("unit == null");
      if (value <= 0) throw new IllegalArgumentException(name + " <= 0: " + value);
      long millis = unit.toMillis(value);
      if (millis < 1) throw new IllegalArgumentException(name + " < 1 ms");
      if (millis > max) throw new IllegalArgumentException(name + " too large: " + millis + " ms");
      return millis;
    }
  }
}
