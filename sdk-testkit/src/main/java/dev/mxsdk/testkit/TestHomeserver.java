package dev.mxsdk.testkit;

import dev.mxsdk.core.MxcUri;
import dev.mxsdk.media.EncryptedFile;
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
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;
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
 * <p>What each origin serves, and how it behaves as a real homeserver and CDN, is in the
 * {@linkplain dev.mxsdk.testkit package documentation}.
 *
 * <p>Both servers bind to {@code 127.0.0.1} on random ports. {@link #close()} stops them and
 * deletes the stored objects. Thread-safe: requests are served concurrently, and seeding, fault
 * switches and recorded requests may be used from any thread.
 *
 * <p>Security: this is a test server. It logs nothing; {@link #toString()} shows the URLs only.
 * The access token is returned by {@link #accessToken()} for tests to use.
 */
public final class TestHomeserver implements Closeable {
  private final TestHomeserverConfig config;
  private final @Nullable SelfSignedCertificate certificate;
  private final MediaStore store;
  private final MediaSeeder seeder;
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
    this.seeder = new MediaSeeder(store, config.serverName(), config.contentTokens());
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

  /** Starts the servers {@link TestHomeserverBuilder#start()} configured. */
  static TestHomeserver start(TestHomeserverConfig config, SecureRandom random)
      throws IOException {
    return new TestHomeserver(config, random);
  }

  /** {@return a builder with the defaults: spec v1.11, CDN on, TLS off, one random token} */
  public static TestHomeserverBuilder newBuilder() {
    return new TestHomeserverBuilder();
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
   * /_matrix/media/v1/create} to be uploaded (see {@link
   * TestHomeserverBuilder#maxUploadWaitMillis}), so that a test can upload once its client is
   * waiting:
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
    return seeder.seed(new ByteArrayInputStream(content), contentType, fileName);
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
      return seeder.seed(in, contentType, file.getName());
    }
  }

  /**
   * The MSC3910 content token of {@code mxc} (issued by its upload or seed when
   * {@link TestHomeserverBuilder#contentTokens(boolean)} is on), or null if it has none. Secret:
   * tests pass it to the client, never to a log.
   *
   * @param mxc media of this server
   * @return the token, or null
   * @throws IllegalArgumentException if this server has no such media
   */
  public @Nullable String contentToken(MxcUri mxc) {
    return seeder.media(mxc).contentToken;
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
    seeder.attach(mxc);
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
    return seeder.media(mxc).restricted;
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
    return seeder.seedEncrypted(new ByteArrayInputStream(plaintext));
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
      return seeder.seedEncrypted(in);
    }
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

}
