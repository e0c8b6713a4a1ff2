package dev.mxsdk.testkit;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.mxsdk.core.MxcUri;
import dev.mxsdk.testkit.internal.ContentHeaders;
import dev.mxsdk.testkit.internal.Json;
import dev.mxsdk.testkit.internal.TokenSealer;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** The homeserver origin: versions, upload, download, thumbnail, config. */
final class HomeserverHandler implements HttpHandler {
  private static final Pattern V1_MEDIA =
      Pattern.compile("/_matrix/client/v1/media/(download|thumbnail|config)(/.*)?");
  private static final Pattern LEGACY_MEDIA =
      Pattern.compile("/_matrix/media/(?:v3|r0)/(download|thumbnail|config|upload)(/.*)?");
  private static final Pattern MEDIA_PATH = Pattern.compile("/([^/]+)/([^/]+)(?:/([^/]*))?");
  private static final String OPT_IN = "org.matrix.msc4097.encryption";
  static final String KEY_HEADER = "X-Matrix-Media-Encryption";
  private static final long MAX_THUMBNAIL_PIXELS = 4096L * 4096;

  private final TestHomeserver server;
  private final TestHomeserver.Config config;
  private final AccountHandler accounts;

  HomeserverHandler(TestHomeserver server) {
    this.server = server;
    this.config = server.config;
    this.accounts = new AccountHandler(server, server.accounts);
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    Exchanges.cors(exchange.getResponseHeaders());
    String method = exchange.getRequestMethod();
    if (method.equals("OPTIONS")) {
      Exchanges.empty(exchange, 204);
      return;
    }
    String path = exchange.getRequestURI().getRawPath();
    if (accounts.handle(exchange, path)) return;
    if (path.equals("/_matrix/client/v3/account/whoami")) {
      if (!requireMethod(exchange, "GET")) return;
      String token = authenticate(exchange);
      if (token == null) return;
      Accounts.Device device = server.accounts.device(token);
      Exchanges.json(exchange, 200, device != null
          ? "{\"user_id\":" + Json.quote(device.userId) + ",\"device_id\":"
              + Json.quote(device.deviceId) + "}"
          : "{\"user_id\":" + Json.quote("@testkit:" + config.serverName) + "}");
      return;
    }
    if (path.equals("/_matrix/client/versions")) {
      if (!requireMethod(exchange, "GET")) return;
      versions(exchange);
      return;
    }
    if (path.equals("/_matrix/media/v1/create")) {
      if (!requireMethod(exchange, "POST")) return;
      String token = authenticate(exchange);
      if (token == null) return;
      create(exchange, token);
      return;
    }
    Matcher v1 = V1_MEDIA.matcher(path);
    if (v1.matches()) {
      if (!config.authenticatedMedia) {
        Exchanges.error(exchange, 404, "M_UNRECOGNIZED", "Unrecognized request");
        return;
      }
      if (!requireMethod(exchange, "GET") || authenticate(exchange) == null) return;
      media(exchange, v1.group(1), v1.group(2), true);
      return;
    }
    Matcher legacy = LEGACY_MEDIA.matcher(path);
    if (legacy.matches()) {
      String what = legacy.group(1);
      String rest = legacy.group(2);
      if (what.equals("upload")) {
        if (rest == null) {
          if (!requireMethod(exchange, "POST")) return;
          String token = authenticate(exchange);
          if (token == null) return;
          upload(exchange, null, token);
        } else {
          if (!requireMethod(exchange, "PUT")) return;
          String token = authenticate(exchange);
          if (token == null) return;
          upload(exchange, rest, token);
        }
        return;
      }
      if (!requireMethod(exchange, "GET")) return;
      if (what.equals("config")) {
        if (authenticate(exchange) == null) return;
        media(exchange, what, rest, false);
        return;
      }
      if (!config.legacyMedia) {
        Exchanges.error(exchange, 404, "M_NOT_FOUND", "Not found");
        return;
      }
      media(exchange, what, rest, false);
      return;
    }
    Exchanges.error(exchange, 404, "M_UNRECOGNIZED", "Unrecognized request");
  }

  private static boolean requireMethod(HttpExchange exchange, String method) throws IOException {
    if (exchange.getRequestMethod().equals(method)) return true;
    Exchanges.error(exchange, 405, "M_UNRECOGNIZED", "Unrecognized request method");
    return false;
  }

  /** Returns the caller's token, or answers 401 and returns null. */
  private @Nullable String authenticate(HttpExchange exchange) throws IOException {
    String token = bearer(exchange);
    if (token == null) {
      Exchanges.error(exchange, 401, "M_MISSING_TOKEN", "Missing access token");
      return null;
    }
    for (String accepted : config.accessTokens) {
      if (MessageDigest.isEqual(accepted.getBytes(java.nio.charset.StandardCharsets.UTF_8),
          token.getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
        return accepted;
      }
    }
    switch (server.accounts.check(token)) {
      case VALID:
        return token;
      case EXPIRED:
        Exchanges.json(exchange, 401, "{\"errcode\":\"M_UNKNOWN_TOKEN\","
            + "\"error\":\"Access token has expired\",\"soft_logout\":true}");
        return null;
      default:
        Exchanges.error(exchange, 401, "M_UNKNOWN_TOKEN", "Unrecognised access token");
        return null;
    }
  }

  /**
   * The key a pre-encoding server issues for an object's rendition: the same on every redirect, so
   * that the CDN encodes each object once and benchmarks measure the client. Derived from the
   * homeserver-CDN secret, so it is still unpredictable to clients.
   */
  private byte[] stableKey(byte[] sha256, String rendition) {
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(new javax.crypto.spec.SecretKeySpec(config.cdnSecret, "HmacSHA256"));
      mac.update("mxsdk.testkit.pre-encoded-key\0".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      mac.update(sha256);
      return java.util.Arrays.copyOf(
          mac.doFinal(rendition.getBytes(java.nio.charset.StandardCharsets.UTF_8)), 16);
    } catch (java.security.GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  /** The request's access token (header, or the deprecated query parameter), or null. */
  static @Nullable String bearer(HttpExchange exchange) {
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return authorization.substring(7).trim();
    }
    return authorization == null ? Exchanges.query(exchange).get("access_token") : null;
  }

  private void versions(HttpExchange exchange) throws IOException {
    StringBuilder body = new StringBuilder("{\"versions\":[");
    for (int i = 0; i < config.versions.size(); i++) {
      if (i > 0) body.append(',');
      body.append(Json.quote(config.versions.get(i)));
    }
    body.append("],\"unstable_features\":{");
    boolean first = true;
    for (Map.Entry<String, Boolean> e : config.unstableFeatures.entrySet()) {
      if (!first) body.append(',');
      first = false;
      body.append(Json.quote(e.getKey())).append(':').append(e.getValue());
    }
    body.append("}}");
    Exchanges.json(exchange, 200, body.toString());
  }

  private void create(HttpExchange exchange, String token) throws IOException {
    long expires = config.clock.millis() + 24 * 60 * 60 * 1000L;
    MediaStore.Media media = server.store.create(token, expires);
    Exchanges.json(exchange, 200, "{\"content_uri\":"
        + Json.quote(MxcUri.of(config.serverName, media.mediaId).toString())
        + ",\"unused_expires_at\":" + expires + "}");
  }

  private void upload(HttpExchange exchange, @Nullable String target, String token)
      throws IOException {
    Map<String, String> query = Exchanges.query(exchange);
    String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
    if (contentType == null) contentType = "application/octet-stream";
    String fileName = query.get("filename");
    MediaStore.Media media;
    if (target == null) {
      media = server.store.create(token, 0);
    } else {
      Matcher m = MEDIA_PATH.matcher(target);
      if (!m.matches() || m.group(3) != null) {
        Exchanges.error(exchange, 404, "M_UNRECOGNIZED", "Unrecognized request");
        return;
      }
      media = m.group(1).equals(config.serverName) ? server.store.get(m.group(2)) : null;
      if (media == null) {
        Exchanges.error(exchange, 404, "M_NOT_FOUND", "Unknown media ID");
        return;
      }
      if (media.creatorToken == null || !media.creatorToken.equals(token)) {
        Exchanges.error(exchange, 403, "M_FORBIDDEN", "This media ID was created by another user");
        return;
      }
      if (media.object != null) {
        Exchanges.error(exchange, 409, "M_CANNOT_OVERWRITE_MEDIA", "Media already uploaded");
        return;
      }
    }
    String length = exchange.getRequestHeaders().getFirst("Content-Length");
    if (length != null && length.matches("[0-9]{1,18}") && Long.parseLong(length) > config.maxUploadSize) {
      Exchanges.error(exchange, 413, "M_TOO_LARGE", "Upload larger than m.upload.size");
      return;
    }
    try (InputStream in = exchange.getRequestBody()) {
      media.object = server.store.store(in, contentType, fileName, config.maxUploadSize);
    } catch (MediaStore.TooLargeException e) {
      Exchanges.error(exchange, 413, "M_TOO_LARGE", "Upload larger than m.upload.size");
      return;
    }
    if (target != null) {
      Exchanges.json(exchange, 200, "{}");
    } else {
      Exchanges.json(exchange, 200, "{\"content_uri\":"
          + Json.quote(MxcUri.of(config.serverName, media.mediaId).toString()) + "}");
    }
  }

  private void media(HttpExchange exchange, String what, @Nullable String rest, boolean v1)
      throws IOException {
    if (what.equals("config")) {
      if (rest != null) {
        Exchanges.error(exchange, 404, "M_UNRECOGNIZED", "Unrecognized request");
        return;
      }
      Exchanges.json(exchange, 200, "{\"m.upload.size\":" + config.maxUploadSize + "}");
      return;
    }
    Matcher m = rest == null ? null : MEDIA_PATH.matcher(rest);
    if (m == null || !m.matches() || (what.equals("thumbnail") && m.group(3) != null)) {
      Exchanges.error(exchange, 404, "M_UNRECOGNIZED", "Unrecognized request");
      return;
    }
    String serverName = Exchanges.decode(m.group(1));
    String mediaId = Exchanges.decode(m.group(2));
    String fileName = m.group(3) != null ? Exchanges.decode(m.group(3)) : null;
    Map<String, String> query = Exchanges.query(exchange);

    if (server.faults.take(Faults.Kind.RATE_LIMIT)) {
      long retryAfter = server.faults.retryAfterMillis();
      exchange.getResponseHeaders().set("Retry-After", Long.toString((retryAfter + 999) / 1000));
      Exchanges.json(exchange, 429, "{\"errcode\":\"M_LIMIT_EXCEEDED\",\"error\":\"Too many requests\","
          + "\"retry_after_ms\":" + retryAfter + "}");
      return;
    }
    MediaStore.Media media = serverName.equals(config.serverName) ? server.store.get(mediaId) : null;
    if (media == null) {
      Exchanges.error(exchange, 404, "M_NOT_FOUND", "Not found");
      return;
    }
    if (server.faults.take(Faults.Kind.NOT_YET_UPLOADED) || media.object == null) {
      Exchanges.error(exchange, 504, "M_NOT_YET_UPLOADED", "Media has not been uploaded yet");
      return;
    }

    String rendition = "download";
    int width = 0;
    int height = 0;
    boolean crop = false;
    if (what.equals("thumbnail")) {
      width = positiveInt(query.get("width"));
      height = positiveInt(query.get("height"));
      String method = query.getOrDefault("method", "scale");
      String animated = query.getOrDefault("animated", "false");
      if (width < 1 || height < 1 || (long) width * height > MAX_THUMBNAIL_PIXELS || !(method.equals("crop") || method.equals("scale"))
          || !(animated.equals("true") || animated.equals("false"))) {
        Exchanges.error(exchange, 400, "M_INVALID_PARAM",
            "width and height must be positive integers (at most " + MAX_THUMBNAIL_PIXELS
                + " pixels), method crop or scale, animated true or false");
        return;
      }
      crop = method.equals("crop");
      rendition = "thumbnail/" + width + "x" + height + "/" + method + "/" + animated;
    }
    MediaStore.StoredObject object = server.store.rendition(media, rendition, width, height, crop);
    if (object == null) {
      Exchanges.error(exchange, 400, "M_UNKNOWN", "Cannot generate a thumbnail for this content");
      return;
    }

    boolean redirect = config.cdn
        && (v1 || (config.stableAllowRedirect && "true".equals(query.get("allow_redirect")))
        || "true".equals(query.get("com.beeper.msc3860.allow_redirect")));
    if (!redirect) {
      serve(exchange, object, fileName);
      return;
    }
    redirect(exchange, serverName + "/" + mediaId, rendition, object, query);
  }

  private static int positiveInt(@Nullable String s) {
    if (s == null || !s.matches("[0-9]{1,9}")) return -1;
    return Integer.parseInt(s);
  }

  private void redirect(HttpExchange exchange, String media, String rendition,
      MediaStore.StoredObject object, Map<String, String> query) throws IOException {
    boolean optedIn = false;
    String offered = query.get(OPT_IN);
    if (offered != null) {
      for (String alg : offered.split(",")) {
        if (alg.trim().equals("aes128gcm")) optedIn = true;
      }
    }
    byte[] key = null;
    if (optedIn) {
      key = config.preEncoded ? stableKey(object.sha256, rendition) : new byte[16];
      if (!config.preEncoded) server.random.nextBytes(key);
    }
    long exp = config.clock.millis() + config.tokenLifetimeMillis;
    String token = server.sealer.seal(
        new TokenSealer.Claims(media, rendition, object.sha256, config.recordSize, key, exp));
    String location = server.cdnBaseUrl() + TestHomeserver.CDN_PATH_PREFIX + token;
    String encodedKey = key == null ? null : Base64.getUrlEncoder().withoutPadding().encodeToString(key);
    Headers headers = exchange.getResponseHeaders();
    headers.set("Cache-Control", "no-store");

    if ("json".equals(query.get("org.matrix.msc4097.redirect"))) {
      String body = "{\"location\":" + Json.quote(location)
          + (encodedKey != null ? ",\"alg\":\"aes128gcm\",\"key\":\"" + encodedKey + "\"" : "") + "}";
      Exchanges.json(exchange, 200, body);
      return;
    }
    headers.set("Location", location);
    int status = 307;
    if (encodedKey != null) {
      if (server.faults.take(Faults.Kind.KEY_ON_308)) status = 308;
      if (server.faults.take(Faults.Kind.MALFORMED_KEY_HEADER)) {
        headers.add(KEY_HEADER, "alg=aes128gcm, key=" + encodedKey.substring(0, 10) + "*+/="
            + encodedKey.substring(10));
      } else if (!server.faults.take(Faults.Kind.OMIT_KEY_HEADER)) {
        headers.add(KEY_HEADER, "alg=aes128gcm, key=" + encodedKey);
        if (server.faults.take(Faults.Kind.DUPLICATE_KEY_HEADER)) {
          headers.add(KEY_HEADER, "alg=aes128gcm, key=" + encodedKey);
        }
      }
    }
    Exchanges.empty(exchange, status);
  }

  /** Serves {@code object} from the homeserver itself, with the content repository's headers. */
  private static void serve(HttpExchange exchange, MediaStore.StoredObject object,
      @Nullable String fileNameOverride) throws IOException {
    Headers headers = exchange.getResponseHeaders();
    contentHeaders(headers, object, fileNameOverride);
    exchange.sendResponseHeaders(200, object.length == 0 ? -1 : object.length);
    if (object.length == 0) {
      exchange.close();
      return;
    }
    try (InputStream in = new FileInputStream(object.file);
        OutputStream out = exchange.getResponseBody()) {
      in.transferTo(out);
    }
  }

  /** Sets Content-Type, Content-Disposition, Content-Security-Policy and Cross-Origin-Resource-Policy. */
  static void contentHeaders(Headers headers, MediaStore.StoredObject object,
      @Nullable String fileNameOverride) {
    headers.set("Content-Type", object.contentType);
    headers.set("Content-Disposition", ContentHeaders.contentDisposition(object.contentType,
        fileNameOverride != null ? fileNameOverride : object.fileName));
    headers.set("Content-Security-Policy", ContentHeaders.CONTENT_SECURITY_POLICY);
    headers.set("Cross-Origin-Resource-Policy", "cross-origin");
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("Cache-Control", "private, max-age=3600");
  }
}
