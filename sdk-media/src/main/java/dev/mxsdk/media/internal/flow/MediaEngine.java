package dev.mxsdk.media.internal.flow;

import dev.mxsdk.core.MatrixApiException;
import dev.mxsdk.media.EncryptedFile;
import dev.mxsdk.media.MediaOptions;
import dev.mxsdk.media.MediaProtocolException;
import dev.mxsdk.media.MediaRequest;
import dev.mxsdk.media.RedirectPolicyException;
import dev.mxsdk.media.internal.crypto.SecretBytes;
import dev.mxsdk.media.internal.flow.Endpoints.Family;
import com.squareup.moshi.JsonReader;
import java.io.File;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import okhttp3.Authenticator;
import okhttp3.Call;
import okhttp3.CookieJar;
import okhttp3.EventListener;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Source;
import org.jspecify.annotations.Nullable;

/**
 * Runs downloads: BRIEF.md steps 1 to 8. One engine per {@code MediaClient}; thread-safe.
 *
 * <p>Two call paths are derived from the caller's {@link OkHttpClient} (sharing its connection
 * pool and dispatcher): one for homeserver hops (the app's interceptors and cookie jar kept) and
 * one for every other hop (the app's interceptors and cookie jar removed). Both have the HTTP
 * cache, the {@link Authenticator}, redirect following and the app's {@link EventListener} (which
 * would see raw response headers, the key among them) turned off, and end in the SDK's {@link
 * FlowInterceptor}.
 */
public final class MediaEngine {
  /** Redirects followed per attempt. */
  static final int MAX_REDIRECTS = 5;
  /** Attempts per download (the first one and the retries). */
  static final int MAX_ATTEMPTS = 6;
  /** The longest server-requested rate-limit delay honoured. */
  static final long MAX_RATE_LIMIT_DELAY_MILLIS = 30_000L;
  static final long INITIAL_BACKOFF_MILLIS = 500L;
  static final long MAX_BACKOFF_MILLIS = 8_000L;

  private final Host host;
  private final OkHttpClient homeserverClient;
  private final OkHttpClient foreignClient;
  private final Clock clock;
  private final @Nullable File spoolDirectory;
  private volatile @Nullable Object legacyFor;

  public MediaEngine(Host host, Clock clock, @Nullable File spoolDirectory) {
    this.host = host;
    this.clock = clock;
    this.spoolDirectory = spoolDirectory;
    OkHttpClient caller = host.okHttpClient();
    this.homeserverClient = caller.newBuilder()
        .cache(null)
        .authenticator(Authenticator.NONE)
        .followRedirects(false)
        .followSslRedirects(false)
        .eventListener(EventListener.NONE)
        .addNetworkInterceptor(new FlowInterceptor())
        .build();
    OkHttpClient.Builder foreign = caller.newBuilder()
        .cache(null)
        .authenticator(Authenticator.NONE)
        .followRedirects(false)
        .followSslRedirects(false)
        .eventListener(EventListener.NONE)
        .cookieJar(CookieJar.NO_COOKIES);
    foreign.interceptors().clear();
    foreign.networkInterceptors().clear();
    foreign.addNetworkInterceptor(new FlowInterceptor());
    this.foreignClient = foreign.build();
  }

  /** The executor of the caller's dispatcher, for enqueued calls. */
  public ExecutorService executor() {
    return homeserverClient.dispatcher().executorService();
  }

  /** Runs {@code request} up to the final response's headers, retrying as the rules allow. */
  public FlowResponse execute(MediaRequest request, MediaOptions options, CallHandle handle)
      throws IOException {
    long deadline = clock.nowMillis() + options.timeoutMillis();
    for (int attempt = 1; ; attempt++) {
      handle.throwIfCanceled();
      try {
        return attempt(request, options, handle, deadline, attempt);
      } catch (MatrixApiException e) {
        long delay = retryDelay(e, attempt, deadline);
        if (delay < 0 || handle.isCanceled()) throw e;
        clock.sleep(delay, handle);
      }
    }
  }

  /**
   * Returns how long to wait before retrying after {@code e}, or -1 to give up: rate limits (the
   * server's delay, capped) and media not uploaded yet (until the deadline), bounded in attempts.
   * A 502 {@code M_TOO_LARGE} and every other error are final.
   */
  long retryDelay(MatrixApiException e, int attempt, long deadline) {
    if (attempt >= MAX_ATTEMPTS) return -1;
    long remaining = deadline - clock.nowMillis();
    if (remaining <= 0) return -1;
    long backoff = Math.min(MAX_BACKOFF_MILLIS, INITIAL_BACKOFF_MILLIS << (attempt - 1));
    String errcode = ApiErrors.errcode(e);
    if (ApiErrors.status(e) == 429 || "M_LIMIT_EXCEEDED".equals(errcode)) {
      long requested = ApiErrors.retryAfterMillis(e);
      long delay = requested >= 0 ? requested : backoff;
      if (delay > MAX_RATE_LIMIT_DELAY_MILLIS || delay > remaining) return -1;
      return delay;
    }
    if (ApiErrors.status(e) == 504 && "M_NOT_YET_UPLOADED".equals(errcode)) {
      return Math.min(backoff, remaining);
    }
    return -1;
  }

  private Family family(ServerInfo info) {
    if (info.authenticatedMedia && legacyFor != info.identity) return Family.V1;
    return Family.LEGACY;
  }

  private FlowResponse attempt(MediaRequest request, MediaOptions options, CallHandle handle,
      long deadline, int attemptNumber) throws IOException {
    UrlRules.checkScheme(host.homeserver(), null, options.allowInsecureLoopback());
    ServerInfo info = host.serverInfo();
    Family family = family(info);
    boolean fellBack = info.authenticatedMedia && family == Family.LEGACY;
    boolean offer = options.cdnEncryption();
    long timeout = Math.max(1, deadline - clock.nowMillis());
    HttpUrl homeserver = host.homeserver();

    while (true) {
      HttpUrl url = Endpoints.media(homeserver, family, info, request, offer, timeout);
      ChainState state = new ChainState(homeserver, offer);
      Response response = follow(url, state, options, handle);
      if (!response.isSuccessful()) {
        boolean unrecognized = family == Family.V1
            && response.code() == 404
            && state.hops().size() == 1;
        MatrixApiException error = ApiErrors.from(response);
        if (unrecognized && "M_UNRECOGNIZED".equals(ApiErrors.errcode(error))) {
          legacyFor = info.identity;
          family = Family.LEGACY;
          fellBack = true;
          continue;
        }
        throw error;
      }
      return deliver(request, options, handle, response, state, family, fellBack, attemptNumber);
    }
  }

  /** Follows the redirect chain from {@code url}; returns the first non-redirect response. */
  private Response follow(HttpUrl start, ChainState state, MediaOptions options,
      CallHandle handle) throws IOException {
    HttpUrl url = start;
    HttpUrl from = null;
    boolean tokenRecovered = false;
    for (int redirects = 0; ; ) {
      UrlRules.checkScheme(url, from, options.allowInsecureLoopback());
      if (from != null) UrlRules.checkPolicy(url, options.redirectPolicy());
      boolean homeserverHop = state.beginHop(url);
      Request.Builder builder = new Request.Builder().url(url).tag(ChainState.class, state);
      String userAgent = host.userAgent();
      if (userAgent != null) builder.header("User-Agent", userAgent);
      String token = homeserverHop ? host.accessToken() : null;
      if (token != null) builder.header("Authorization", "Bearer " + token);
      if (state.key() != null) builder.header("Accept-Encoding", "aes128gcm");
      OkHttpClient client = homeserverHop ? homeserverClient : foreignClient;
      Call call = client.newCall(builder.build());
      handle.running(call);
      Response response;
      try {
        response = call.execute();
      } catch (IOException e) {
        if (handle.isCanceled()) throw CallHandle.canceled();
        throw e;
      }
      if (token != null && response.code() == 401 && !tokenRecovered) {
        MatrixApiException rejected = ApiErrors.from(response);
        if ("M_UNKNOWN_TOKEN".equals(ApiErrors.errcode(rejected))
            && host.recoverFromUnknownToken(token, rejected)) {
          tokenRecovered = true; // one refresh and one retry of this hop
          continue;
        }
        throw rejected;
      }
      state.recordHop(url, response.code());
      IOException violation = state.violation();
      if (violation != null) {
        response.close();
        throw violation;
      }
      if (!isRedirect(response.code())) return response;

      String location = response.header("Location");
      response.close();
      if (location == null) {
        throw new MediaProtocolException(
            "a " + response.code() + " redirect from " + UrlRules.origin(url)
                + " has no Location header");
      }
      HttpUrl next = url.resolve(location);
      if (next == null) {
        throw new MediaProtocolException(
            "a redirect from " + UrlRules.origin(url) + " has an unusable Location header");
      }
      if (++redirects > MAX_REDIRECTS) {
        throw new RedirectPolicyException(
            "more than " + MAX_REDIRECTS + " redirects (last from " + UrlRules.origin(url) + ")");
      }
      if (options.requireCdnEncryption() && state.key() == null
          && (state.leftHomeserver() || !UrlRules.sameOrigin(next, state.homeserver))) {
        throw new MediaProtocolException("CDN encryption is required, but the redirect to "
            + UrlRules.origin(next) + " carried no key");
      }
      from = url;
      url = next;
    }
  }

  private static boolean isRedirect(int code) {
    return code == 301 || code == 302 || code == 303 || code == 307 || code == 308;
  }

  /** Applies the fail-closed CDN rules and layers the body. */
  private FlowResponse deliver(MediaRequest request, MediaOptions options, CallHandle handle,
      Response response, ChainState state, Family family, boolean fellBack, int attempts)
      throws IOException {
    SecretBytes key = state.key();
    String encoding = response.header("Content-Encoding");
    boolean aes128gcm = encoding != null && encoding.trim().equalsIgnoreCase("aes128gcm");
    if (key != null && !aes128gcm) {
      response.close();
      throw new MediaProtocolException("a key was issued, but the body is not aes128gcm-encoded"
          + " (Content-Encoding: " + (encoding == null ? "none" : encoding) + ")");
    }
    if (key == null && encoding != null && encoding.toLowerCase(java.util.Locale.ROOT)
        .contains("aes128gcm")) {
      response.close();
      throw new MediaProtocolException(
          "the body is aes128gcm-encoded, but no key was issued for it");
    }
    ResponseBody body = response.body();
    if (body == null) {
      response.close();
      throw new MediaProtocolException("the response has no body");
    }
    long wireLength = body.contentLength();
    long maxSize = options.maxSize();
    if (key == null && maxSize > 0 && wireLength > maxSize) {
      response.close();
      throw LimitSource.tooLarge(maxSize);
    }
    Source bytes = new WireSource(body.source(), handle, options.progressListener(), wireLength);
    if (key != null) bytes = CdnLayer.decoding(bytes, key, options.maxRecordSize());
    if (maxSize > 0) bytes = new LimitSource(bytes, maxSize);
    EncryptedFile file = request.encryptedFile();
    MediaType contentType = body.contentType();
    return new FlowResponse(response, bytes, file, options.unverifiedStreaming(), spoolDirectory,
        contentType != null ? contentType.toString() : response.header("Content-Type"),
        key != null ? -1 : wireLength,
        ContentDispositions.fileName(response.header("Content-Disposition")),
        request.cacheKey(), family.label, fellBack, state.offerCdnEncryption, state.hops(),
        key != null, attempts);
  }

  /** Fetches {@code m.upload.size} from the config endpoint; -1 when the server omits it. */
  public long uploadSize() throws IOException {
    ServerInfo info = host.serverInfo();
    Family family = family(info);
    boolean tokenRecovered = false;
    while (true) {
      HttpUrl url = Endpoints.config(host.homeserver(), family);
      Request.Builder builder = new Request.Builder().url(url)
          .tag(ChainState.class, new ChainState(host.homeserver(), false));
      ChainState state = builder.build().tag(ChainState.class);
      state.beginHop(url);
      UrlRules.checkScheme(url, null, true);
      String token = host.accessToken();
      if (token != null) builder.header("Authorization", "Bearer " + token);
      String userAgent = host.userAgent();
      if (userAgent != null) builder.header("User-Agent", userAgent);
      Response response = homeserverClient.newCall(builder.build()).execute();
      try {
        if (!response.isSuccessful()) {
          MatrixApiException error = ApiErrors.from(response);
          if (token != null && response.code() == 401 && !tokenRecovered
              && "M_UNKNOWN_TOKEN".equals(ApiErrors.errcode(error))
              && host.recoverFromUnknownToken(token, error)) {
            tokenRecovered = true;
            continue;
          }
          if (family == Family.V1 && response.code() == 404
              && "M_UNRECOGNIZED".equals(ApiErrors.errcode(error))) {
            legacyFor = info.identity;
            family = Family.LEGACY;
            continue;
          }
          throw error;
        }
        return parseUploadSize(response.body().source());
      } finally {
        response.close();
      }
    }
  }

  private static long parseUploadSize(okio.BufferedSource source) throws IOException {
    JsonReader reader = JsonReader.of(source);
    long size = -1;
    try {
      reader.beginObject();
      while (reader.hasNext()) {
        if (reader.nextName().equals("m.upload.size")
            && reader.peek() == JsonReader.Token.NUMBER) {
          size = reader.nextLong();
        } else {
          reader.skipValue();
        }
      }
      reader.endObject();
    } catch (com.squareup.moshi.JsonDataException | com.squareup.moshi.JsonEncodingException
        | java.io.EOFException e) {
      // Truncated or malformed JSON is the server's fault: typed, not a bare EOFException (found
      // by mutation testing).
      throw new MediaProtocolException("the media config is not valid JSON: " + e.getMessage(), e);
    }
    return size;
  }
}
