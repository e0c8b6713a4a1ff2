package dev.mxsdk.media.internal.flow;

import dev.mxsdk.core.CallHandle;
import dev.mxsdk.core.HomeserverPath;
import dev.mxsdk.core.MatrixApiException;
import dev.mxsdk.core.MatrixClient;
import dev.mxsdk.core.RetryPolicy;
import dev.mxsdk.media.MediaOptions;
import dev.mxsdk.media.MediaProtocolException;
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
  }

  /** The executor of the app's dispatcher, for enqueued calls. */
  public java.util.concurrent.ExecutorService executor() {
    return chain.executor();
  }

  /** Runs {@code request} up to the response headers of its final hop. */
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
        long timeout = Math.max(1, budgetEnd - path.clock().nowMillis());
        return attempt(request, options, handle, attempt, timeout);
      }
    }, policy, true, handle);
  }

  private Download attempt(MediaRequest request, MediaOptions options, CallHandle handle,
      int attempt, long timeoutMillis) throws IOException {
    Negotiation.Route route = negotiation.route();
    boolean offer = options.cdnEncryption();
    while (true) {
      HttpUrl url = negotiation.media(route, request, offer, timeoutMillis);
      RedirectChain.Result result = chain.follow(url, options, handle, offer, null);
      Response response = result.response;
      if (!response.isSuccessful()) {
        MatrixApiException error;
        try {
          error = path.error(response, secrets(result.state.key()));
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
      return open(request, options, handle, result, route, attempt);
    }
  }

  /** Applies the CDN layer's rules to the final response and layers its body. */
  private Download open(MediaRequest request, MediaOptions options, CallHandle handle,
      RedirectChain.Result result, Negotiation.Route route, int attempt) throws IOException {
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
      if (key != null) bytes = CdnLayer.decoding(bytes, key, options.maxRecordSize());
      if (maxSize > 0) bytes = new LimitSource(bytes, maxSize);
      MediaType contentType = body.contentType();
      return new Download(response, bytes, request.encryptedFile(),
          contentType != null ? contentType.toString() : response.header("Content-Type"),
          key != null ? -1 : declared,
          ContentDispositions.fileName(response.header("Content-Disposition")),
          request.cacheKey(), route, result.state, attempt);
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
