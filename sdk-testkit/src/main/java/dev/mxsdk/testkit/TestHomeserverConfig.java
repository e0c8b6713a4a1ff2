package dev.mxsdk.testkit;

import dev.mxsdk.core.Clock;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okio.ByteString;
import org.jspecify.annotations.Nullable;

/**
 * The settings of one {@link TestHomeserver}, fixed when it starts: what a {@link
 * TestHomeserverBuilder} was told, with the defaults filled in (a random CDN secret, one random
 * access token) and the behaviour the advertised spec versions imply worked out once.
 *
 * <p>Security: holds the CDN secret and the access tokens; {@link #toString()} shows neither.
 * Immutable and thread-safe.
 */
final class TestHomeserverConfig {
  /** The bytes of the homeserver-CDN secret that seals CDN tokens. */
  static final int CDN_SECRET_BYTES = 32;

  /** The smallest RFC 8188 record: a 16-byte tag, the delimiter and one byte of content. */
  static final int MIN_RECORD_SIZE = 18;

  /** The largest record size the CDN uses: the decoders' default cap (1 MiB). */
  static final int MAX_RECORD_SIZE = 1 << 20;

  /** The spec's {@code timeout_ms} default, which is also the default cap: 20 seconds. */
  static final long DEFAULT_MAX_UPLOAD_WAIT_MILLIS = 20_000L;

  /** Random bytes in a generated access token: 192 bits, so that no test can guess one. */
  private static final int GENERATED_TOKEN_BYTES = 24;

  private static final Pattern SPEC_VERSION = Pattern.compile("v(\\d{1,4})\\.(\\d{1,4})");

  private final List<String> versions;
  private final Map<String, Boolean> unstableFeatures;
  private final List<String> accessTokens;
  private final String serverName;
  private final boolean tls;
  private final boolean cdn;
  private final boolean authenticatedMedia;
  private final boolean legacyMedia;
  private final boolean stableAllowRedirect;
  private final long maxUploadSize;
  private final int recordSize;
  private final long tokenLifetimeMillis;
  private final Clock clock;
  private final byte[] cdnSecret;
  private final int port;
  private final boolean preEncoded;
  private final boolean keyHeaderRecordLayout;
  private final Map<String, String> users;
  private final long accessTokenLifetimeMillis;
  private final boolean cdnEncryption;
  private final long maxUploadWaitMillis;
  private final @Nullable OutputStream accessLog;
  private final long unusedMediaLifetimeMillis;
  private final int maxPendingUploads;
  private final boolean mediaAuthCookies;
  private final long mediaAuthCookieLifetimeMillis;
  private final boolean contentTokens;
  private final boolean linkedMedia;

  private TestHomeserverConfig(TestHomeserverBuilder b, byte[] cdnSecret,
      List<String> accessTokens) {
    this.versions = Collections.unmodifiableList(new ArrayList<>(b.versions));
    Map<String, Boolean> features = new LinkedHashMap<>(b.unstableFeatures);
    // MSC4250 is advertised while it is on, unless a test set the flag itself (false: a server
    // that implements it without saying so).
    if (b.mediaAuthCookies) features.putIfAbsent(MediaCookies.FEATURE, true);
    this.unstableFeatures = Collections.unmodifiableMap(features);
    this.accessTokens = Collections.unmodifiableList(new ArrayList<>(accessTokens));
    this.serverName = b.serverName;
    this.tls = b.tls;
    this.cdn = b.cdn;
    this.authenticatedMedia = b.authenticatedMedia != null
        ? b.authenticatedMedia
        : advertises(versions, 11)
            || Boolean.TRUE.equals(unstableFeatures.get("org.matrix.msc3916.stable"))
            || Boolean.TRUE.equals(unstableFeatures.get("org.matrix.msc3916"));
    this.legacyMedia = b.legacyMedia;
    this.stableAllowRedirect = advertises(versions, 7);
    this.maxUploadSize = b.maxUploadSize;
    this.recordSize = b.recordSize;
    this.tokenLifetimeMillis = b.tokenLifetimeMillis;
    this.clock = b.clock;
    this.cdnSecret = cdnSecret.clone();
    this.port = b.port;
    this.preEncoded = b.preEncoded;
    this.keyHeaderRecordLayout = b.keyHeaderRecordLayout;
    this.users = Collections.unmodifiableMap(new LinkedHashMap<>(b.users));
    this.accessTokenLifetimeMillis = b.accessTokenLifetimeMillis;
    this.cdnEncryption = b.cdnEncryption;
    this.maxUploadWaitMillis = b.maxUploadWaitMillis;
    this.accessLog = b.accessLog;
    this.unusedMediaLifetimeMillis = b.unusedMediaLifetimeMillis;
    this.maxPendingUploads = b.maxPendingUploads;
    this.mediaAuthCookies = b.mediaAuthCookies;
    this.mediaAuthCookieLifetimeMillis = b.mediaAuthCookieLifetimeMillis;
    this.contentTokens = b.contentTokens;
    this.linkedMedia = b.linkedMedia;
  }

  /** MSC3910: uploads issue a {@code content_token} and downloads of such media require it. */
  boolean contentTokens() {
    return contentTokens;
  }

  /** MSC3911: the restricted upload and copy endpoints, and the uploader-only rule. */
  boolean linkedMedia() {
    return linkedMedia;
  }

  /** Returns the settings of {@code builder}, drawing what it left unset from {@code random}. */
  static TestHomeserverConfig of(TestHomeserverBuilder builder, SecureRandom random) {
    byte[] secret = builder.cdnSecret;
    if (secret == null) {
      secret = new byte[CDN_SECRET_BYTES];
      random.nextBytes(secret);
    }
    List<String> tokens = new ArrayList<>(builder.accessTokens);
    if (tokens.isEmpty()) {
      byte[] raw = new byte[GENERATED_TOKEN_BYTES];
      random.nextBytes(raw);
      tokens.add("syt_testkit_" + ByteString.of(raw).base64Url().replace("=", ""));
    }
    return new TestHomeserverConfig(builder, secret, tokens);
  }

  /** Returns true if {@code versions} holds {@code v1.<minor>} or later. */
  static boolean advertises(List<String> versions, int minor) {
    for (String v : versions) {
      Matcher m = SPEC_VERSION.matcher(v);
      if (!m.matches()) continue;
      int major = Integer.parseInt(m.group(1));
      if (major > 1 || (major == 1 && Integer.parseInt(m.group(2)) >= minor)) return true;
    }
    return false;
  }

  /** The spec versions {@code /versions} advertises, in order. */
  List<String> versions() {
    return versions;
  }

  /** The {@code unstable_features} of {@code /versions}, in insertion order. */
  Map<String, Boolean> unstableFeatures() {
    return unstableFeatures;
  }

  /** The configured access tokens, at least one; the first is {@link TestHomeserver#accessToken()}. */
  List<String> accessTokens() {
    return accessTokens;
  }

  String serverName() {
    return serverName;
  }

  boolean tls() {
    return tls;
  }

  /** Whether the CDN origin runs and downloads may be redirected to it. */
  boolean cdn() {
    return cdn;
  }

  /** Whether the authenticated {@code /_matrix/client/v1/media/...} endpoints exist. */
  boolean authenticatedMedia() {
    return authenticatedMedia;
  }

  /** Whether the legacy {@code /_matrix/media/v3/{download,thumbnail}} endpoints serve media. */
  boolean legacyMedia() {
    return legacyMedia;
  }

  /** Whether {@code allow_redirect} (spec v1.7) is understood; the MSC3860 name always is. */
  boolean stableAllowRedirect() {
    return stableAllowRedirect;
  }

  /** The {@code m.upload.size} limit in bytes. */
  long maxUploadSize() {
    return maxUploadSize;
  }

  /** The RFC 8188 record size of the CDN's encoding. */
  int recordSize() {
    return recordSize;
  }

  /** How long a sealed CDN URL stays valid. */
  long tokenLifetimeMillis() {
    return tokenLifetimeMillis;
  }

  Clock clock() {
    return clock;
  }

  /** A copy of the 32-byte homeserver-CDN secret. */
  byte[] cdnSecret() {
    return cdnSecret.clone();
  }

  /** The homeserver's port, 0 for a random free one. */
  int port() {
    return port;
  }

  /** Whether the CDN encodes each rendition once and serves repeats from disk (benchmarks). */
  boolean preEncoded() {
    return preEncoded;
  }

  /** Whether keyed redirects name the CDN's {@code rs} and {@code salt} in the key header. */
  boolean keyHeaderRecordLayout() {
    return keyHeaderRecordLayout;
  }

  /** Password by localpart of the users who can log in. */
  Map<String, String> users() {
    return users;
  }

  /** Lifetime of access tokens issued with a refresh token; 0 for no expiry. */
  long accessTokenLifetimeMillis() {
    return accessTokenLifetimeMillis;
  }

  /** Whether MSC4097 opt-ins get a key. */
  boolean cdnEncryption() {
    return cdnEncryption;
  }

  /** The cap on how long a download waits for media created but not yet uploaded. */
  long maxUploadWaitMillis() {
    return maxUploadWaitMillis;
  }

  /** Where the access log goes, or null for none. */
  @Nullable OutputStream accessLog() {
    return accessLog;
  }

  /** How long a reservation from {@code /create} may wait for its content. */
  long unusedMediaLifetimeMillis() {
    return unusedMediaLifetimeMillis;
  }

  /** How many pending reservations one access token may hold. */
  int maxPendingUploads() {
    return maxPendingUploads;
  }

  /** Whether MSC4250 media cookies are issued and accepted. */
  boolean mediaAuthCookies() {
    return mediaAuthCookies;
  }

  /** How long an MSC4250 media cookie is valid. */
  long mediaAuthCookieLifetimeMillis() {
    return mediaAuthCookieLifetimeMillis;
  }

  @Override
  public String toString() {
    return "TestHomeserverConfig[" + serverName + ", versions " + versions
        + (cdn ? ", cdn" : ", no cdn") + (tls ? ", tls" : "") + "]";
  }
}
