package dev.mxsdk.media.internal.flow;

import dev.mxsdk.core.CallHandle;
import dev.mxsdk.core.HomeserverPath;
import dev.mxsdk.core.MatrixApiException;
import dev.mxsdk.core.MatrixClient;
import dev.mxsdk.core.RetryPolicy;
import dev.mxsdk.media.MediaOptions;
import dev.mxsdk.media.MediaProtocolException;
import dev.mxsdk.media.MediaRange;
import dev.mxsdk.media.MediaRequest;
import dev.mxsdk.media.codec.MediaEncryptionHeader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.ByteString;
import okio.Source;

/**
 * Runs one download up to its body, in the order of the flow: {@link Negotiation} (which
 * endpoints), {@link RedirectChain} (the authenticated request and the hand-followed redirects,
 * with {@link KeyCapture}), {@link CdnLayer} (the fail-closed rules and RFC 8188), and hands a
 * {@link Download} to delivery, which adds the {@link E2eeLayer}. Attempts are retried through the
 * client's {@link HomeserverPath#retrying} (rate limits, 503/504, {@code M_NOT_YET_UPLOADED},
 * connection failures), within the request's {@code timeoutMillis}. One per {@code MediaClient};
 * thread-safe.
 */
public final class DownloadFlow {
  private final HomeserverPath path;
  private final Negotiation negotiation;
  private final RedirectChain chain;

  public DownloadFlow(MatrixClient client, Negotiation negotiation) {
    this.path = client.homeserverPath();
    this.negotiation = negotiation;
    this.chain = new RedirectChain(path);
    this.readTimeoutMillis = client.okHttpClient().readTimeoutMillis();
  }

  /** The app client's read timeout (0 for none), which a server's wait must stay below. */
  private final long readTimeoutMillis;

  /**
   * The {@code timeout_ms} to send: what is left of the budget, but never so long that the
   * server's wait for a pending upload would outlast the client's read timeout (the request would
   * then fail and be sent again instead of getting its answer).
   */
  long serverWaitMillis(long remainingBudget) {
    long wait = Math.max(1, remainingBudget);
    if (readTimeoutMillis > 0) {
      wait = Math.min(wait, Math.max(1, readTimeoutMillis - SERVER_WAIT_MARGIN_MILLIS));
    }
    return wait;
  }

  /** Room left between the server's answer after a full wait and the client's read timeout. */
  static final long SERVER_WAIT_MARGIN_MILLIS = 2_000;

  /** The executor of the app's dispatcher, for enqueued calls. */
  public java.util.concurrent.ExecutorService executor() {
    return chain.executor();
  }

  /**
   * Runs {@code request} up to the response headers of its final hop (for a ranged request,
   * through {@link RangedRead}, which may send one or two more requests to the same CDN URL).
   */
  public Download execute(final MediaRequest request, final MediaOptions options,
      final CallHandle handle) throws IOException {
    if (options.deadlineMillis() > 0 && handle.deadlineMillis() == Long.MAX_VALUE) {
      handle.deadlineMillis(path.clock().nowMillis() + options.deadlineMillis());
    }
    RetryPolicy policy = path.retryPolicy();
    if (policy.maxTotalWaitMillis() > options.timeoutMillis()) {
      // timeout_ms is also the budget for waiting on rate limits and not-yet-uploaded media.
      policy = policy.newBuilder().maxTotalWaitMillis(options.timeoutMillis()).build();
    }
    final long budgetEnd = path.clock().nowMillis() + options.timeoutMillis();
    return path.retrying(new HomeserverPath.Attempt<Download>() {
      @Override
      public Download run(int attempt) throws IOException {
        // What is left of the budget is how long the server may wait for an upload to arrive.
        long timeout = serverWaitMillis(budgetEnd - path.clock().nowMillis());
        return attempt(request, options, handle, attempt, timeout);
      }
    }, policy, true, handle);
  }

  private Download attempt(final MediaRequest request, final MediaOptions options,
      final CallHandle handle, int attempt, long timeoutMillis) throws IOException {
    Negotiation.Route route = negotiation.route();
    boolean offer = options.cdnEncryption();
    MediaRange range = request.range();
    // MSC4120 allows HEAD on downloads, not on thumbnails (which may not exist yet).
    RangedRead read = range == null ? null : new RangedRead(range, options.maxRecordSize(),
        !request.isThumbnail() && route.versions.isUnstableFeatureEnabled(Negotiation.MSC4120));
    while (true) {
      HttpUrl url = negotiation.media(route, request, offer, timeoutMillis);
      RedirectChain.Result result;
      try {
        result = chain.follow(url, options, handle, offer, read, request.contentToken());
      } catch (MatrixApiException e) {
        // A 401 other than M_UNKNOWN_TOKEN comes from the homeserver path as an exception.
        throw MediaAccessErrors.typed(e, false);
      }
      Response response = result.response;
      if (read != null && read.askedHead() && response.code() == 405) {
        // Advertised but refused: ask for the length with a ranged GET instead.
        response.close();
        read.disableHead();
        continue;
      }
      if (!response.isSuccessful() && !(read != null && response.code() == 416)) {
        MatrixApiException error;
        try {
          // Only the homeserver decides who may see media; a CDN's refusal stays untyped.
          boolean notAttached = MediaAccessErrors.markedNotAttached(response);
          error = path.error(response, secrets(result.state.key()));
          if (result.homeserverHop) error = MediaAccessErrors.typed(error, notAttached);
        } finally {
          response.close();
        }
        if (route.family == Negotiation.Family.V1 && response.code() == 404
            && result.state.hops().size() == 1 && "M_UNRECOGNIZED".equals(error.errcode())) {
          route = negotiation.fallBack(route);
          continue;
        }
        throw error;
      }
      Download.Reopener reopener = reopener(request, options, handle);
      if (read == null) return open(request, options, handle, result, route, attempt, reopener);
      RangedRead.Context context = new RangedRead.Context(request, options, handle, path.clock(),
          attempt, reopener, new RangedRead.Failure() {
            @Override
            public Download fail(Response failed, RedirectChain.Result chainResult)
                throws IOException {
              MatrixApiException error;
              try {
                boolean notAttached = MediaAccessErrors.markedNotAttached(failed);
                error = path.error(failed, secrets(chainResult.state.key()));
                if (chainResult.homeserverHop) {
                  error = MediaAccessErrors.typed(error, notAttached);
                }
              } finally {
                failed.close();
              }
              throw error;
            }
          });
      return read.open(chain, result, route, context);
    }
  }

  /** Reopens {@code request} from an offset: the same call, as a ranged download to the end. */
  private Download.Reopener reopener(final MediaRequest request, final MediaOptions options,
      final CallHandle handle) {
    return new Download.Reopener() {
      @Override
      public Download reopen(long offset) throws IOException {
        MediaRequest ranged = request.newBuilder().range(MediaRange.from(offset)).build();
        return execute(ranged, options, handle);
      }
    };
  }

  /** Applies the CDN layer's rules to the final response and layers its body. */
  private Download open(MediaRequest request, MediaOptions options, CallHandle handle,
      RedirectChain.Result result, Negotiation.Route route, int attempt,
      Download.Reopener reopener) throws IOException {
    Response response = result.response;
    MediaEncryptionHeader key = result.state.key();
    try {
      CdnLayer.checkWholeResponse(response);
      long declared = CdnLayer.contentLength(response);
      CdnLayer.checkEncoding(response, key);
      ResponseBody body = response.body();
      if (body == null) throw new MediaProtocolException("the response has no body");
      long maxSize = options.maxSize();
      if (key == null && maxSize > 0 && declared > maxSize) throw LimitSource.tooLarge(maxSize);
      Source bytes = new WireSource(body.source(), handle, path.clock(),
          options.progressListener(), declared, options.lowSpeedLimitBytesPerSecond(),
          options.lowSpeedTimeMillis());
      long length = declared;
      if (key != null) {
        length = -1;
        bytes = CdnLayer.decoding(HeaderCheckingSource.wrap(bytes, key), key,
            options.maxRecordSize());
        if (key.recordSize() > 0 && declared >= 0) {
          // A key header that names rs promises the canonical encoding, whose length gives the
          // plaintext's; the plaintext must then end exactly there.
          length = RecordRanges.plaintextLength(declared, key.recordSize());
          if (length < 0) {
            throw new MediaProtocolException("the CDN's Content-Length " + declared + " is not"
                + " that of a canonical aes128gcm encoding with the key header's rs "
                + key.recordSize());
          }
          if (maxSize > 0 && length > maxSize) throw LimitSource.tooLarge(maxSize);
          bytes = new SliceSource(bytes, 0, 0, -1, length);
        }
      }
      if (maxSize > 0) bytes = new LimitSource(bytes, maxSize);
      MediaType contentType = body.contentType();
      return new Download(response, bytes, request.encryptedFile(),
          contentType != null ? contentType.toString() : response.header("Content-Type"),
          length, ContentDispositions.fileName(response.header("Content-Disposition")),
          request.cacheKey(), route, result.state, attempt, 0, length, false, maxSize, reopener);
    } catch (IOException | RuntimeException e) {
      // The body is never read: its framing may be what was refused (a negative Content-Length
      // makes OkHttp's own discard-on-close fail), so the connection is dropped, not drained.
      handle.abortExchange();
      closeQuietly(response);
      throw e;
    }
  }

  private static void closeQuietly(Response response) {
    try {
      response.close();
    } catch (RuntimeException ignored) {
      // The exchange was aborted; OkHttp may still fail to discard a body it cannot frame.
    }
  }

  /**
   * The forms in which a server could quote the CDN key back: base64url and standard base64,
   * padded and not, and hex.
   */
  static List<String> secrets(MediaEncryptionHeader key) {
    List<String> forms = new ArrayList<String>();
    if (key == null) return forms;
    ByteString bytes = ByteString.of(key.key().bytes());
    String url = bytes.base64Url();
    String standard = bytes.base64();
    forms.add(url);
    forms.add(stripPadding(url));
    forms.add(standard);
    forms.add(stripPadding(standard));
    forms.add(bytes.hex());
    return forms;
  }

  private static String stripPadding(String base64) {
    int end = base64.length();
    while (end > 0 && base64.charAt(end - 1) == '=') end--;
    return base64.substring(0, end);
  }
}
