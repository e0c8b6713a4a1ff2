package dev.mxsdk.testkit;

import dev.mxsdk.core.Clock;
import dev.mxsdk.core.MxcUri;
import java.io.IOException;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Configures and starts a {@link TestHomeserver}. Not thread-safe; each {@link #start()} starts
 * a new, independent server.
 */
public final class TestHomeserverBuilder {
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
  public TestHomeserverBuilder() {}

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
  public TestHomeserverBuilder specVersions(String... versions) {
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
  public TestHomeserverBuilder unstableFeature(String name, boolean enabled) {
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
  public TestHomeserverBuilder accessToken(String token) {
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
  public TestHomeserverBuilder user(String localpart, String password) {
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
  public TestHomeserverBuilder accessTokenLifetimeMillis(long millis) {
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
  public TestHomeserverBuilder serverName(String serverName) {
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
  public TestHomeserverBuilder tls(boolean tls) {
    this.tls = tls;
    return this;
  }

  /**
   * Runs the CDN origin and redirects to it (default); false serves every download directly.
   *
   * @param cdn false to serve downloads from the homeserver origin
   * @return this builder
   */
  public TestHomeserverBuilder cdn(boolean cdn) {
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
  public TestHomeserverBuilder accessLog(@Nullable OutputStream out) {
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
  public TestHomeserverBuilder cdnEncryption(boolean cdnEncryption) {
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
  public TestHomeserverBuilder maxUploadWaitMillis(long millis) {
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
  public TestHomeserverBuilder authenticatedMedia(boolean enabled) {
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
  public TestHomeserverBuilder legacyMedia(boolean enabled) {
    this.legacyMedia = enabled;
    return this;
  }

  /**
   * The {@code m.upload.size} limit, in bytes; default 50 MiB.
   *
   * @param bytes the upload size limit, in bytes
   * @return this builder
   */
  public TestHomeserverBuilder maxUploadSize(long bytes) {
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
  public TestHomeserverBuilder unusedMediaLifetimeMillis(long millis) {
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
  public TestHomeserverBuilder maxPendingUploads(int max) {
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
  public TestHomeserverBuilder mediaAuthCookies(boolean enabled) {
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
  public TestHomeserverBuilder mediaAuthCookieLifetimeMillis(long millis) {
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
  public TestHomeserverBuilder recordSize(int rs) {
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
  public TestHomeserverBuilder tokenLifetimeMillis(long millis) {
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
  public TestHomeserverBuilder clock(Clock clock) {
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
  public TestHomeserverBuilder cdnSecret(byte[] secret) {
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
  public TestHomeserverBuilder port(int port) {
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
  public TestHomeserverBuilder preEncoded(boolean preEncoded) {
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
  public TestHomeserverBuilder keyHeaderRecordLayout(boolean enabled) {
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
  public TestHomeserverBuilder contentTokens(boolean enabled) {
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
  public TestHomeserverBuilder linkedMedia(boolean enabled) {
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
    return TestHomeserver.start(TestHomeserverConfig.of(this, random), random);
  }
}
