package dev.mxsdk.testkit;

import dev.mxsdk.core.Clock;
import dev.mxsdk.core.MxcUri;
import dev.mxsdk.media.Attachments;
import dev.mxsdk.media.EncryptedFile;
import dev.mxsdk.media.EncryptingSource;
import dev.mxsdk.testkit.internal.Json;
import dev.mxsdk.testkit.internal.SelfSignedCertificate;
import dev.mxsdk.testkit.internal.TokenSealer;
import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;
import okio.BufferedSource;
import okio.Okio;
import org.jspecify.annotations.Nullable;

/**
 * A reference Matrix homeserver media repository with an MSC4097 CDN on a second origin, on the
 * JDK's own HTTP server, for testing Matrix clients.
 *
 * <pre>{@code
 * try (TestHomeserver server = TestHomeserver.newBuilder().start()) {
 *   MxcUri uri = server.seed("hello".getBytes(UTF_8), "text/plain", "hello.txt");
 *   // point the client under test at server.baseUrl() with server.accessToken()
 *   RecordedRequest hop = server.cdnRequests().get(0);
 * }
 * }</pre>
 *
 * <p>The homeserver (at {@link #baseUrl()}) serves {@code /_matrix/client/versions}, uploads
 * ({@code POST /_matrix/media/v3/upload}, {@code POST /_matrix/media/v1/create} + {@code PUT
 * /_matrix/media/v3/upload/{server}/{id}}, checked as a real server checks them and recorded, see
 * {@link #uploads()}), downloads and thumbnails on the authenticated
 * {@code /_matrix/client/v1/media/...} endpoints and on the legacy {@code /_matrix/media/v3/...}
 * ones (unauthenticated, as the spec has them), and {@code config}. Download and thumbnail
 * requests are redirected to the CDN (at {@link #cdnBaseUrl()}): v1 requests always, legacy ones
 * with {@code allow_redirect=true} or {@code com.beeper.msc3860.allow_redirect=true}. A request
 * carrying {@code org.matrix.msc4097.encryption=aes128gcm} gets a 307 with a fresh key in
 * {@code X-Matrix-Media-Encryption} and a sealed CDN URL; the CDN then serves the RFC 8188
 * {@code aes128gcm} encoding under that key, streaming, with {@code Range} support (every form of
 * RFC 9110: {@code a-b}, {@code a-}, {@code -n}; 416 past the end; see {@link ByteRange}). The key
 * header also names the encoding's {@code rs} and {@code salt} unless
 * {@link Builder#keyHeaderRecordLayout(boolean)} turns that off. Without the opt-in the CDN URL
 * serves the bytes as stored. {@code org.matrix.msc4097.redirect=json} asks for
 * the JSON variant.
 *
 * <p>As a real homeserver, it also: answers {@code HEAD} wherever it answers {@code GET}, with the
 * same status and headers and no body (MSC4120 on downloads; on the CDN for the whole
 * representation); serves the file name of the {@code .../download/{serverName}/{mediaId}/{fileName}}
 * form, also from the CDN (the redirect's token carries it); never makes a thumbnail larger than
 * the original and answers a request at or above the original's size with the original's bytes;
 * lets a download of media created but not yet uploaded wait for the upload up to its {@code
 * timeout_ms} ({@link Builder#maxUploadWaitMillis}); and previews URLs ({@code
 * .../media/preview_url}) of pages on loopback hosts only, never fetching from another host.
 * {@link Builder#accessLog} writes a redacted JSON line per request.
 *
 * <p>Both servers bind to {@code 127.0.0.1} on random ports. {@link #close()} stops them and
 * deletes the stored objects. Thread-safe: requests are served concurrently, and seeding, fault
 * switches and recorded requests may be used from any thread.
 *
 * <p>Accounts: users added with {@link Builder#user(String, String)} log in with {@code POST
 * /_matrix/client/v3/login} ({@code m.login.password}, identifier {@code m.id.user} with the
 * localpart or the full user ID), refresh with {@code POST /_matrix/client/v3/refresh} (a refresh
 * token works exactly once: a second use answers {@code 401 M_UNKNOWN_TOKEN}), and log out with
 * {@code POST /_matrix/client/v3/logout}; {@code GET /_matrix/client/v3/account/whoami} names the
 * token's user. Access tokens of logins that asked for a refresh token expire after
 * {@link Builder#accessTokenLifetimeMillis(long)} (or at once with {@link #expireAccessTokens()}),
 * and are then answered {@code 401 M_UNKNOWN_TOKEN} with {@code soft_logout: true}. The
 * homeserver also serves {@code /.well-known/matrix/client} naming {@link #baseUrl()} (see
 * {@link #wellKnown(String)}); user IDs on the server's own address ({@code @alice:127.0.0.1:port})
 * are accepted besides the configured server name, so discovery can start from them.
 *
 * <p>Security: this is a test server. It logs nothing; {@link #toString()} shows the URLs only.
 * The access token is returned by {@link #accessToken()} for tests to use.
 */
public final class TestHomeserver implements Closeable {
  private final TestHomeserverConfig config;
  private final @Nullable SelfSignedCertificate certificate;
  private final MediaStore store;
  private final Accounts accounts;
  private final Faults faults = new Faults();
  private final AtomicReference<@Nullable String> wellKnown = new AtomicReference<>();
  private final RequestLog homeserverRequests = new RequestLog();
  private final RequestLog cdnRequests = new RequestLog();
  private final AtomicLong cdnBodyBytes = new AtomicLong();
  private final UploadLog uploads = new UploadLog();
  private final Origins origins;

  private TestHomeserver(TestHomeserverConfig config, SecureRandom random) throws IOException {
    this.config = config;
    this.certificate = config.tls() ? SelfSignedCertificate.get() : null;
    this.store = new MediaStore(random);
    this.accounts = new Accounts(config.users(), config.accessTokenLifetimeMillis(),
        config.clock(), random);
    Origins bound = null;
    try {
      bound = Origins.bind(config.port(), config.cdn(), certificate);
      start(bound, random);
    } catch (IOException | RuntimeException e) {
      if (bound != null) bound.stop();
      store.close();
      throw e;
    }
    this.origins = bound;
  }

  /** Builds both route tables from their collaborators and starts serving them. */
  private void start(Origins origins, SecureRandom random) {
    String baseUrl = origins.homeserverUrl();
    String cdnUrl = origins.cdnUrl();
    wellKnown.set("{\"m.homeserver\":{\"base_url\":" + Json.quote(baseUrl) + "}}");
    TokenSealer sealer = new TokenSealer(config.cdnSecret(), random);
    CdnRedirects redirects = cdnUrl == null ? null : new CdnRedirects(cdnUrl, sealer,
        new RedirectKeys(random, config.preEncoded() ? config.cdnSecret() : null),
        config.clock(), config.tokenLifetimeMillis(), config.recordSize(),
        config.keyHeaderRecordLayout(), faults, config.cdnEncryption());
    Router homeserver = RouteTable.homeserver(config, authority(baseUrl), store, accounts,
        new AccessTokens(config.accessTokens(), accounts), faults, wellKnown, redirects, uploads);
    Router cdn = cdnUrl == null ? null
        : RouteTable.cdn(config, baseUrl, cdnUrl, store, sealer, faults, random, cdnBodyBytes);
    OutputStream logStream = config.accessLog();
    AccessLog accessLog = logStream == null ? null : new AccessLog(logStream, config.clock());
    origins.start(
        new OriginHandler(homeserverRequests, Cors.HOMESERVER, homeserver, accessLog, "homeserver"),
        cdn == null ? null : new OriginHandler(cdnRequests, Cors.CDN, cdn, accessLog, "cdn"));
  }

  /** {@return a builder with the defaults: spec v1.11, CDN on, TLS off, one random token} */
  public static Builder newBuilder() {
    return new Builder();
  }

  /**
   * {@return the homeserver's base URL, e.g. {@code http://127.0.0.1:41235} (no trailing slash)}
   */
  public String baseUrl() {
    return origins.homeserverUrl();
  }

  /**
   * The CDN's base URL, a different origin than {@link #baseUrl()}.
   *
   * @return the CDN origin's URL, e.g. {@code http://127.0.0.1:PORT} (https with TLS)
   * @throws IllegalStateException if this server was built with {@code cdn(false)}
   */
  public String cdnBaseUrl() {
    String url = origins.cdnUrl();
    if (url == null) throw new IllegalStateException("this server has no CDN");
    return url;
  }

  /** {@return the server name used in mxc URIs, {@code localhost} unless configured} */
  public String serverName() {
    return config.serverName();
  }

  /**
   * {@return the homeserver's {@code host:port}, which also serves as a server name in user IDs}
   */
  public String authority() {
    return authority(origins.homeserverUrl());
  }

  private static String authority(String url) {
    URI uri = URI.create(url);
    return uri.getHost() + ":" + uri.getPort();
  }

  /**
   * The user ID of {@code localpart} on the configured server name.
   *
   * @param localpart the localpart, e.g. {@code "alice"}
   * @return the user ID, e.g. {@code "@alice:localhost"}
   */
  public String userId(String localpart) {
    if (localpart == null) throw new NullPointerException("localpart == null");
    return "@" + localpart + ":" + config.serverName();
  }

  /**
   * Replaces the body of {@code /.well-known/matrix/client} (served as is, so it may be broken on
   * purpose); null answers 404. Default: {@code {"m.homeserver":{"base_url":"<baseUrl>"}}}.
   *
   * @param json the body to serve, or null to answer 404
   */
  public void wellKnown(@Nullable String json) {
    wellKnown.set(json);
  }

  /** Makes every access token issued by a login or refresh expire now (soft logout). */
  public void expireAccessTokens() {
    accounts.expireAll();
  }

  /**
   * The IDs of the devices {@code userId} is logged in on, in login order.
   *
   * @param userId the full user ID
   * @return the device IDs, empty if the user has none
   */
  public List<String> devices(String userId) {
    if (userId == null) throw new NullPointerException("userId == null");
    return accounts.deviceIds(userId);
  }

  /**
   * {@return the first accepted access token (the one to send as {@code Authorization: Bearer})}
   */
  public String accessToken() {
    return config.accessTokens().get(0);
  }

  /** {@return the fault switches; see {@link Faults}} */
  public Faults faults() {
    return faults;
  }

  /** {@return a snapshot of the requests the homeserver origin received, in arrival order} */
  public List<RecordedRequest> homeserverRequests() {
    return homeserverRequests.snapshot();
  }

  /** {@return a snapshot of the requests the CDN origin received, in arrival order} */
  public List<RecordedRequest> cdnRequests() {
    return cdnRequests.snapshot();
  }

  /**
   * The bytes of response bodies the CDN origin has sent since it started (or since
   * {@link #clearRecordedRequests()}): what a client that asks for ranges saves can be measured.
   *
   * @return the number of body bytes the CDN sent
   */
  public long cdnBodyBytes() {
    return cdnBodyBytes.get();
  }

  /**
   * How many download and thumbnail requests are waiting right now for media created with {@code
   * /_matrix/media/v1/create} to be uploaded (see {@link Builder#maxUploadWaitMillis}), so that a
   * test can upload once its client is waiting:
   *
   * <pre>{@code
   * Future<byte[]> download = executor.submit(() -> client.download(uri));
   * while (server.downloadsAwaitingUpload() == 0) Thread.sleep(1);
   * client.upload(uri, bytes);   // the waiting download now answers with these bytes
   * }</pre>
   *
   * @return the number of requests waiting for an upload
   */
  public int downloadsAwaitingUpload() {
    return store.awaitingUpload();
  }

  /**
   * A snapshot of the uploads the homeserver judged (stored, refused as too large, cut off, ...),
   * in arrival order: what each declared and sent, and the outcome. See {@link RecordedUpload}.
   *
   * @return the recorded uploads, oldest first
   */
  public List<RecordedUpload> uploads() {
    return uploads.snapshot();
  }

  /**
   * Forgets the recorded requests of both origins and the recorded uploads, and resets
   * {@link #cdnBodyBytes()}.
   */
  public void clearRecordedRequests() {
    homeserverRequests.clear();
    cdnRequests.clear();
    uploads.clear();
    cdnBodyBytes.set(0);
  }

  /**
   * Stores {@code content} as new media and returns its mxc URI.
   *
   * @param content the media's bytes
   * @param contentType the {@code Content-Type} the media is served with
   * @param fileName the name served in {@code Content-Disposition}, or null for none
   * @return the new media's {@code mxc://} URI
   * @throws IOException if the media cannot be written to the server's store
   */
  public MxcUri seed(byte[] content, String contentType, @Nullable String fileName)
      throws IOException {
    if (content == null) throw new NullPointerException("content == null");
    return seed(new ByteArrayInputStream(content), contentType, fileName);
  }

  /**
   * Stores the file's bytes as new media named after the file and returns its mxc URI.
   *
   * @param file the file whose bytes to store; its name is served in {@code Content-Disposition}
   * @param contentType the {@code Content-Type} the media is served with
   * @return the new media's {@code mxc://} URI
   * @throws IOException if the file cannot be read or the media cannot be written to the server's
   *     store
   */
  public MxcUri seed(File file, String contentType) throws IOException {
    if (file == null) throw new NullPointerException("file == null");
    try (InputStream in = new FileInputStream(file)) {
      return seed(in, contentType, file.getName());
    }
  }

  private MxcUri seed(InputStream in, String contentType, @Nullable String fileName)
      throws IOException {
    if (contentType == null) throw new NullPointerException("contentType == null");
    MediaStore.Media media = store.create(null, 0);
    if (config.contentTokens()) media.contentToken = store.newContentToken();
    media.object = store.store(in, contentType, fileName, Long.MAX_VALUE);
    return MxcUri.of(config.serverName(), media.mediaId);
  }

  /**
   * The MSC3910 content token of {@code mxc} (issued by its upload or seed when
   * {@link Builder#contentTokens(boolean)} is on), or null if it has none. Secret: tests pass it
   * to the client, never to a log.
   *
   * @param mxc media of this server
   * @return the token, or null
   * @throws IllegalArgumentException if this server has no such media
   */
  public @Nullable String contentToken(MxcUri mxc) {
    return media(mxc).contentToken;
  }

  /**
   * Attaches the MSC3911 restricted media {@code mxc} as if an event had been sent with
   * {@code attach_media}: from now on everyone may see it. The testkit has no rooms, so this
   * stands for the proposal's {@code /send} parameter.
   *
   * @param mxc media of this server
   * @throws IllegalArgumentException if this server has no such media
   * @throws IllegalStateException if it is not restricted, or already attached (the proposal's
   *     {@code 400 M_INVALID_PARAM})
   */
  public void attach(MxcUri mxc) {
    MediaStore.Media m = media(mxc);
    synchronized (m) {
      if (!m.restricted) throw new IllegalStateException(mxc + " is not restricted media");
      if (m.attached) throw new IllegalStateException(mxc + " is already attached");
      m.attached = true;
    }
  }

  /**
   * Whether {@code mxc} is MSC3911 restricted media (uploaded through the restricted endpoint, or
   * copied).
   *
   * @param mxc media of this server
   * @return true if restricted
   * @throws IllegalArgumentException if this server has no such media
   */
  public boolean isRestricted(MxcUri mxc) {
    return media(mxc).restricted;
  }

  private MediaStore.Media media(MxcUri mxc) {
    if (mxc == null) throw new NullPointerException("mxc == null");
    MediaStore.Media m = mxc.serverName().equals(config.serverName())
        ? store.get(mxc.mediaId()) : null;
    if (m == null) throw new IllegalArgumentException("no media " + mxc + " on this server");
    return m;
  }

  /**
   * Encrypts {@code plaintext} as an E2EE attachment (v2, fresh key and IV), stores the
   * ciphertext as {@code application/octet-stream}, and returns the {@link EncryptedFile} whose
   * {@code url} is the new mxc URI: what a sender would put in the event.
   *
   * @param plaintext the attachment's plaintext
   * @return the attachment's {@code EncryptedFile}, with {@code url} set
   * @throws IOException if the ciphertext cannot be written to the server's store
   */
  public EncryptedFile seedEncrypted(byte[] plaintext) throws IOException {
    if (plaintext == null) throw new NullPointerException("plaintext == null");
    return seedEncrypted(new ByteArrayInputStream(plaintext));
  }

  /**
   * Like {@link #seedEncrypted(byte[])} for the content of {@code file}, streamed.
   *
   * @param file the file whose content is the attachment's plaintext
   * @return the attachment's {@code EncryptedFile}, with {@code url} set
   * @throws IOException if the file cannot be read or the ciphertext cannot be written to the
   *     server's store
   */
  public EncryptedFile seedEncrypted(File file) throws IOException {
    if (file == null) throw new NullPointerException("file == null");
    try (InputStream in = new FileInputStream(file)) {
      return seedEncrypted(in);
    }
  }

  private EncryptedFile seedEncrypted(InputStream plaintext) throws IOException {
    EncryptingSource ciphertext = Attachments.encrypt(Okio.source(plaintext));
    MxcUri uri;
    try (BufferedSource buffered = Okio.buffer(ciphertext)) {
      uri = seed(buffered.inputStream(), "application/octet-stream", null);
    }
    return ciphertext.encryptedFile().newBuilder().url(uri).build();
  }

  /**
   * The trust manager that trusts this server's generated certificate (and nothing else).
   *
   * @return a trust manager for clients of this server
   * @throws IllegalStateException if TLS is off
   */
  public X509TrustManager trustManager() {
    return requireTls().trustManager();
  }

  /**
   * A client {@link SSLContext} that trusts this server's generated certificate.
   *
   * @return an SSL context for clients of this server
   * @throws IllegalStateException if TLS is off
   */
  public SSLContext sslContext() {
    return requireTls().clientContext();
  }

  /**
   * The generated self-signed certificate (for {@code 127.0.0.1}, {@code ::1} and
   * {@code localhost}), shared by both origins and by every TLS server in this JVM.
   *
   * @return the server's certificate
   * @throws IllegalStateException if TLS is off
   */
  public X509Certificate certificate() {
    return requireTls().certificate();
  }

  private SelfSignedCertificate requireTls() {
    if (certificate == null) throw new IllegalStateException("TLS is off for this server");
    return certificate;
  }

  /** Stops both servers at once and deletes the stored objects. */
  @Override
  public void close() {
    origins.stop();
    store.close();
  }

  @Override
  public String toString() {
    String cdnUrl = origins.cdnUrl();
    return "TestHomeserver[" + baseUrl() + (cdnUrl != null ? ", cdn " + cdnUrl : "") + "]";
  }

  /**
   * Configures and starts a {@link TestHomeserver}. Not thread-safe; each {@link #start()} starts
   * a new, independent server.
   */
  public static final class Builder {
    // Read by TestHomeserverConfig when the server starts.
    List<String> versions = Collections.singletonList("v1.11");
    final Map<String, Boolean> unstableFeatures = new LinkedHashMap<>();

    {
      // HEAD on downloads and thumbnails (MSC4120). The MSC names no feature flag; this is the
      // name mxsdk's client looks for, by the usual convention.
      unstableFeatures.put("org.matrix.msc4120", true);
    }
    final List<String> accessTokens = new ArrayList<>();
    String serverName = "localhost";
    boolean tls;
    boolean cdn = true;
    @Nullable Boolean authenticatedMedia;
    boolean legacyMedia = true;
    long maxUploadSize = 50L * 1024 * 1024;
    int recordSize = 65536;
    long tokenLifetimeMillis = 5 * 60 * 1000L;
    Clock clock = Clock.SYSTEM;
    byte @Nullable [] cdnSecret;
    int port;
    boolean preEncoded;
    boolean keyHeaderRecordLayout = true;
    final Map<String, String> users = new LinkedHashMap<>();
    long accessTokenLifetimeMillis;
    boolean cdnEncryption = true;
    @Nullable OutputStream accessLog;
    long maxUploadWaitMillis = TestHomeserverConfig.DEFAULT_MAX_UPLOAD_WAIT_MILLIS;
    long unusedMediaLifetimeMillis = CreateMediaRoute.DEFAULT_UNUSED_LIFETIME_MILLIS;
    int maxPendingUploads = Integer.MAX_VALUE;
    boolean mediaAuthCookies;
    long mediaAuthCookieLifetimeMillis = 5 * 60 * 1000L;
    boolean contentTokens;
    boolean linkedMedia;

    /** Use {@link TestHomeserver#newBuilder()}. */
    public Builder() {}

    /**
     * The spec versions {@code /versions} advertises, e.g. {@code "v1.11"} (default), {@code "v1.7"}
     * or {@code "v1.5"}. The server then acts as one: the authenticated v1 media endpoints exist
     * only from v1.11 (or with unstable feature {@code org.matrix.msc3916.stable} or
     * {@code org.matrix.msc3916}; override with {@link #authenticatedMedia(boolean)}), and legacy
     * requests honour {@code allow_redirect=true} only from v1.7 ({@code
     * com.beeper.msc3860.allow_redirect=true} always).
     *
     * @param versions the versions to list, e.g. {@code "v1.11"}
     * @return this builder
     */
    public Builder specVersions(String... versions) {
      if (versions.length == 0) throw new IllegalArgumentException("no spec versions");
      this.versions = Arrays.asList(versions.clone());
      return this;
    }

    /**
     * Adds {@code name} to {@code unstable_features} in {@code /versions}.
     *
     * @param name the feature's name, e.g. {@code "org.matrix.msc3916.stable"}
     * @param enabled the value listed for it
     * @return this builder
     */
    public Builder unstableFeature(String name, boolean enabled) {
      if (name == null) throw new NullPointerException("name == null");
      unstableFeatures.put(name, enabled);
      return this;
    }

    /**
     * Accepts {@code token} as an access token (call again to accept several). The first one is
     * {@link TestHomeserver#accessToken()}. Default: one random token.
     *
     * @param token an access token to accept
     * @return this builder
     */
    public Builder accessToken(String token) {
      if (token == null) throw new NullPointerException("token == null");
      if (token.isEmpty()) throw new IllegalArgumentException("token is empty");
      accessTokens.add(token);
      return this;
    }

    /**
     * Adds a user who can log in with {@code password} (see the class documentation). Default:
     * no users.
     *
     * @param localpart the user's localpart, from {@code [a-z0-9._=/+-]}
     * @param password the user's password
     * @return this builder
     */
    public Builder user(String localpart, String password) {
      if (localpart == null) throw new NullPointerException("localpart == null");
      if (password == null) throw new NullPointerException("password == null");
      if (!localpart.matches("[a-z0-9._=/+-]+")) {
        throw new IllegalArgumentException("not a valid localpart: " + localpart);
      }
      users.put(localpart, password);
      return this;
    }

    /**
     * How long access tokens issued with a refresh token live, in milliseconds (announced as
     * {@code expires_in_ms}); default 0, meaning they never expire.
     *
     * @param millis the lifetime in milliseconds, or 0 for tokens that never expire
     * @return this builder
     */
    public Builder accessTokenLifetimeMillis(long millis) {
      if (millis < 0) throw new IllegalArgumentException("millis < 0");
      this.accessTokenLifetimeMillis = millis;
      return this;
    }

    /**
     * The server name in mxc URIs; default {@code localhost}.
     *
     * @param serverName the server name, {@code hostname[:port]}
     * @return this builder
     */
    public Builder serverName(String serverName) {
      MxcUri.of(serverName, "x");
      this.serverName = serverName;
      return this;
    }

    /**
     * Serves both origins over HTTPS with a generated self-signed certificate; default off.
     *
     * @param tls true to serve HTTPS
     * @return this builder
     */
    public Builder tls(boolean tls) {
      this.tls = tls;
      return this;
    }

    /**
     * Runs the CDN origin and redirects to it (default); false serves every download directly.
     *
     * @param cdn false to serve downloads from the homeserver origin
     * @return this builder
     */
    public Builder cdn(boolean cdn) {
      this.cdn = cdn;
      return this;
    }

    /**
     * Writes one JSON line per request of either origin to {@code out} once it is answered (UTF-8,
     * flushed per line; {@code out} is not closed): time, origin ({@code homeserver} or {@code
     * cdn}), method, target, status, response body bytes, milliseconds and the request and
     * response headers, with every credential redacted (the values of {@code Authorization},
     * {@code Cookie}, {@code Set-Cookie} and {@code X-Matrix-Media-Encryption}, the sealed CDN
     * token in paths and {@code Location}, an {@code access_token} query value) and no bodies.
     * Default: none. {@code mxmedia serve --log FILE} writes it to a file.
     *
     * @param out the stream for the access log, or null for none
     * @return this builder
     */
    public Builder accessLog(@Nullable OutputStream out) {
      this.accessLog = out;
      return this;
    }

    /**
     * Hands out MSC4097 keys to requests that opt in (default); false makes the homeserver ignore
     * {@code org.matrix.msc4097.encryption}, as a server with a CDN but without MSC4097 does: every
     * redirect is a plain one and the CDN serves the stored bytes.
     *
     * @param cdnEncryption false to ignore MSC4097 requests
     * @return this builder
     */
    public Builder cdnEncryption(boolean cdnEncryption) {
      this.cdnEncryption = cdnEncryption;
      return this;
    }

    /**
     * The most a download or thumbnail request waits for media created with {@code
     * /_matrix/media/v1/create} but not yet uploaded, whatever its {@code timeout_ms} asks (the
     * spec's default for an absent {@code timeout_ms} is 20 seconds, and it asks servers to cap
     * it); then it is answered {@code 504 M_NOT_YET_UPLOADED}. Default 20 seconds, as Synapse.
     *
     * @param millis the longest wait for an upload, in milliseconds
     * @return this builder
     */
    public Builder maxUploadWaitMillis(long millis) {
      if (millis < 0) throw new IllegalArgumentException("millis < 0");
      this.maxUploadWaitMillis = millis;
      return this;
    }

    /**
     * Serves the authenticated {@code /_matrix/client/v1/media/...} endpoints or not, whatever the
     * advertised versions say (by default they follow the versions); false answers them
     * {@code 404 M_UNRECOGNIZED}, as a server without authenticated media does (with
     * {@code specVersions("v1.11")} this is a "legacy only" server a client must fall back from).
     *
     * @param enabled true to serve the authenticated endpoints, false to answer them 404
     * @return this builder
     */
    public Builder authenticatedMedia(boolean enabled) {
      this.authenticatedMedia = enabled;
      return this;
    }

    /**
     * Serves the legacy {@code /_matrix/media/v3/{download,thumbnail}} endpoints (default); false
     * answers them {@code 404 M_NOT_FOUND}, as a server that froze them does.
     *
     * @param enabled false to answer the legacy endpoints 404
     * @return this builder
     */
    public Builder legacyMedia(boolean enabled) {
      this.legacyMedia = enabled;
      return this;
    }

    /**
     * The {@code m.upload.size} limit, in bytes; default 50 MiB.
     *
     * @param bytes the upload size limit, in bytes
     * @return this builder
     */
    public Builder maxUploadSize(long bytes) {
      if (bytes < 0) throw new IllegalArgumentException("bytes < 0");
      this.maxUploadSize = bytes;
      return this;
    }

    /**
     * How long a media ID reserved with {@code POST /_matrix/media/v1/create} waits for its
     * content ({@code unused_expires_at} is then plus this, on the {@link #clock(Clock)}); a PUT
     * after it answers {@code 404 M_NOT_FOUND} and the ID is gone. Default 24 hours, the spec's
     * recommendation.
     *
     * @param millis the lifetime of an unfilled reservation, in milliseconds
     * @return this builder
     */
    public Builder unusedMediaLifetimeMillis(long millis) {
      if (millis < 0) throw new IllegalArgumentException("millis < 0");
      this.unusedMediaLifetimeMillis = millis;
      return this;
    }

    /**
     * How many pending reservations (created, neither filled nor expired) one access token may
     * hold; {@code /create} beyond it answers {@code 429 M_LIMIT_EXCEEDED}, as the spec asks.
     * Default: no limit.
     *
     * @param max the limit of pending reservations per access token
     * @return this builder
     */
    public Builder maxPendingUploads(int max) {
      if (max < 0) throw new IllegalArgumentException("max < 0");
      this.maxPendingUploads = max;
      return this;
    }

    /**
     * Implements MSC4250 ("Authenticated media v2", cookie authentication) when true (default
     * false): {@code /versions} lists unstable feature {@code org.matrix.msc4250} (unless set with
     * {@link #unstableFeature(String, boolean)}), {@code GET /_matrix/client/v3/account/whoami?
     * org.matrix.msc4250.set_auth_cookie=true} sets a host-only cookie {@code
     * mxsdk_testkit_media} ({@code Path=/_matrix/client/v1/media/}, {@code Max-Age} and {@code
     * Expires} from {@link #mediaAuthCookieLifetimeMillis(long)} on the {@link #clock(Clock)},
     * {@code HttpOnly}, {@code SameSite=Strict}, {@code Secure} with TLS), and the v1 download and
     * thumbnail endpoints accept it in place of {@code Authorization}. An expired or unknown media
     * cookie, or one sent with an access token of another user or device, is answered {@code 401
     * M_UNKNOWN_TOKEN}; every other endpoint ignores the cookie.
     *
     * @param enabled whether to implement MSC4250
     * @return this builder
     */
    public Builder mediaAuthCookies(boolean enabled) {
      this.mediaAuthCookies = enabled;
      return this;
    }

    /**
     * How long an MSC4250 media cookie is valid, on the {@link #clock(Clock)}; default 5 minutes.
     *
     * @param millis the lifetime in milliseconds, at least 1000 ({@code Max-Age} counts seconds)
     * @return this builder
     * @throws IllegalArgumentException if less than 1000
     */
    public Builder mediaAuthCookieLifetimeMillis(long millis) {
      if (millis < 1000) throw new IllegalArgumentException("millis < 1000: " + millis);
      this.mediaAuthCookieLifetimeMillis = millis;
      return this;
    }

    /**
     * The RFC 8188 record size the CDN uses, 18 to 1048576; default 65536.
     *
     * @param rs the record size, in bytes
     * @return this builder
     */
    public Builder recordSize(int rs) {
      if (rs < TestHomeserverConfig.MIN_RECORD_SIZE || rs > TestHomeserverConfig.MAX_RECORD_SIZE) {
        throw new IllegalArgumentException("rs not in 18..1048576: " + rs);
      }
      this.recordSize = rs;
      return this;
    }

    /**
     * How long a sealed CDN URL stays valid; default 5 minutes.
     *
     * @param millis the lifetime of a sealed CDN URL, in milliseconds
     * @return this builder
     */
    public Builder tokenLifetimeMillis(long millis) {
      if (millis < 0) throw new IllegalArgumentException("millis < 0");
      this.tokenLifetimeMillis = millis;
      return this;
    }

    /**
     * The clock both origins read for token expiry and the expiry of reservations; default the
     * system clock.
     *
     * @param clock the clock for token and reservation expiry
     * @return this builder
     */
    public Builder clock(Clock clock) {
      if (clock == null) throw new NullPointerException("clock == null");
      this.clock = clock;
      return this;
    }

    /**
     * The 32-byte homeserver-CDN secret that seals CDN tokens; default random.
     *
     * @param secret the 32-byte secret, copied
     * @return this builder
     */
    public Builder cdnSecret(byte[] secret) {
      if (secret == null) throw new NullPointerException("secret == null");
      if (secret.length != TestHomeserverConfig.CDN_SECRET_BYTES) {
        throw new IllegalArgumentException("secret must be 32 bytes");
      }
      this.cdnSecret = secret.clone();
      return this;
    }

    /**
     * The homeserver's port; default 0 (a random free port). The CDN always takes a random port.
     *
     * @param port the homeserver's port, or 0 for a random free one
     * @return this builder
     */
    public Builder port(int port) {
      if (port < 0 || port > 65535) throw new IllegalArgumentException("port: " + port);
      this.port = port;
      return this;
    }

    /**
     * Makes the CDN encode each object's rendition once, into a file, and serve later requests
     * from that file, so benchmarks of a client measure the client, not the CDN's encryption. For
     * that the homeserver issues the same key for an object's rendition on every redirect (derived
     * from the CDN secret; still unknown to clients without a redirect). Default off: a fresh key
     * per redirect, every response encrypted as it is sent. For benchmarks only.
     *
     * @param preEncoded true to encode each rendition once and serve it from a file
     * @return this builder
     */
    public Builder preEncoded(boolean preEncoded) {
      this.preEncoded = preEncoded;
      return this;
    }

    /**
     * Whether keyed redirects name the CDN's record size and salt in the key header, {@code
     * alg=aes128gcm, key=..., rs=65536, salt=...} (default true), so that a client can ask the CDN
     * for just the records of a range; false sends {@code alg} and {@code key} only, as a
     * homeserver that does not know how its CDN encodes does (docs/msc4097.md section 3.1).
     *
     * @param enabled false to send only {@code alg} and {@code key}
     * @return this builder
     */
    public Builder keyHeaderRecordLayout(boolean enabled) {
      this.keyHeaderRecordLayout = enabled;
      return this;
    }

    /**
     * Turns on MSC3910 content tokens (default off): {@code /versions} advertises
     * {@code org.matrix.msc3910}; {@code POST /upload} and the reservation's {@code PUT} answer a
     * fresh {@code content_token} (as do {@link TestHomeserver#seed seeded} media, see
     * {@link TestHomeserver#contentToken(MxcUri)}); downloads and thumbnails of such media need it
     * in {@code X-Matrix-Content-Token}: without it {@code 401 M_MISSING_CONTENT_TOKEN}, with a
     * wrong one {@code 403 M_UNAUTHORIZED}, as the proposal says. A token sent for media that has
     * none is {@code 403 M_UNAUTHORIZED} too. The MSC defines no unstable flag; the name is the
     * usual convention.
     *
     * @param enabled true to turn it on
     * @return this builder
     */
    public Builder contentTokens(boolean enabled) {
      this.contentTokens = enabled;
      feature("org.matrix.msc3910", enabled);
      return this;
    }

    /**
     * Turns on MSC3911 linked media (default off): {@code /versions} advertises
     * {@code org.matrix.msc3911}; {@code POST
     * /_matrix/client/unstable/org.matrix.msc3911/media/upload} stores restricted media and {@code
     * POST .../org.matrix.msc3911/media/copy/{serverName}/{mediaId}} copies media (restricted,
     * unattached, owned by the caller). Restricted media not yet attached is visible only to the
     * access token that uploaded it; others get {@code 403 M_UNAUTHORIZED} with
     * {@code "org.matrix.msc3911.attached": false}. The testkit has no rooms: attach with
     * {@link TestHomeserver#attach(MxcUri)}.
     *
     * @param enabled true to turn it on
     * @return this builder
     */
    public Builder linkedMedia(boolean enabled) {
      this.linkedMedia = enabled;
      feature("org.matrix.msc3911", enabled);
      return this;
    }

    private void feature(String name, boolean enabled) {
      if (enabled) {
        unstableFeatures.put(name, true);
      } else {
        unstableFeatures.remove(name);
      }
    }

    /**
     * Starts the servers.
     *
     * @return the running server; close it when done
     * @throws IOException if a port cannot be bound, or a certificate cannot be generated
     */
    public TestHomeserver start() throws IOException {
      SecureRandom random = new SecureRandom();
      return new TestHomeserver(TestHomeserverConfig.of(this, random), random);
    }
  }
}
