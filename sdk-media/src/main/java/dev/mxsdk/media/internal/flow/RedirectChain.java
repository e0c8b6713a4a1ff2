package dev.mxsdk.media.internal.flow;

import dev.mxsdk.core.CallHandle;
import dev.mxsdk.core.HomeserverPath;
import dev.mxsdk.core.UrlRules;
import dev.mxsdk.media.MediaOptions;
import dev.mxsdk.media.MediaProtocolException;
import dev.mxsdk.media.RedirectPolicy;
import dev.mxsdk.media.RedirectPolicyException;
import dev.mxsdk.media.codec.MediaEncryptionHeader;
import java.io.IOException;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * Steps 3 and 4 of the flow: sends the authenticated request and follows the redirect chain by
 * hand, hop by hop. The first hop (and any hop before the chain first leaves the homeserver's
 * origin) goes through the {@link HomeserverPath} with the access token and one refresh on
 * {@code 401 M_UNKNOWN_TOKEN}; every later hop goes on the foreign call path without credentials,
 * even one that comes back to the homeserver. Each target must pass {@link UrlRules} (https, or
 * http to loopback when allowed; never https to http; no user info) and the caller's
 * {@link RedirectPolicy}; at most {@value #MAX_REDIRECTS} redirects. The {@link KeyCapture}
 * interceptor takes the key header off the homeserver's redirect; the hop after a key asks for
 * {@code Accept-Encoding: aes128gcm}, every other hop for {@code identity}, so that OkHttp never
 * decodes a body itself. An MSC3910 content token goes as {@value ContentTokens#HEADER} on the
 * homeserver hops only, like the access token (and the core's origin guard removes it from any
 * other request). One chain per attempt; thread-safe.
 */
public final class RedirectChain {
  /** Redirects followed per attempt. */
  static final int MAX_REDIRECTS = 5;
  static final String ACCEPT_ENCODING = "Accept-Encoding";
  static final String IDENTITY = "identity";

  private final HomeserverPath path;
  private final OkHttpClient homeserverClient;
  private final OkHttpClient foreignClient;

  public RedirectChain(HomeserverPath path) {
    this.path = path;
    KeyCapture capture = new KeyCapture();
    this.homeserverClient = path.homeserverClient(capture);
    this.foreignClient = path.foreignClient(capture);
  }

  /** The executor of the app's dispatcher, for enqueued calls. */
  public java.util.concurrent.ExecutorService executor() {
    return homeserverClient.dispatcher().executorService();
  }

  /**
   * Shapes each hop's request beyond what the chain sets (URL, User-Agent, Accept-Encoding,
   * credentials): the method and a {@code Range}, which depend on whether a key was captured
   * (plaintext positions without one, positions in the RFC 8188 encoding with one).
   */
  interface HopRequests {
    void prepare(Request.Builder request, @Nullable MediaEncryptionHeader key);
  }

  /** One followed chain: its final response (not a redirect), where it came from, its state. */
  public static final class Result {
    public final Response response;
    final ChainState state;
    /** The URL that gave the final response. */
    final HttpUrl url;
    /** Whether that URL was reached as a homeserver hop (credentials allowed). */
    final boolean homeserverHop;

    Result(Response response, ChainState state, HttpUrl url, boolean homeserverHop) {
      this.response = response;
      this.state = state;
      this.url = url;
      this.homeserverHop = homeserverHop;
    }
  }

  /**
   * Follows the chain from {@code start} (a homeserver URL) to the first response that is not a
   * redirect; {@code hops} (null for a plain GET) shapes every hop's request.
   */
  Result follow(HttpUrl start, MediaOptions options, CallHandle handle,
      boolean offerCdnEncryption, @Nullable HopRequests hops) throws IOException {
    return follow(start, options, handle, offerCdnEncryption, hops, null);
  }

  /**
   * As {@link #follow(HttpUrl, MediaOptions, CallHandle, boolean, HopRequests)}, sending
   * {@code contentToken} (MSC3910; null for none) on the homeserver hops.
   */
  Result follow(HttpUrl start, MediaOptions options, CallHandle handle,
      boolean offerCdnEncryption, @Nullable HopRequests hops, @Nullable String contentToken)
      throws IOException {
    ChainState state = new ChainState(path.homeserver(), offerCdnEncryption,
        options.maxRecordSize(), contentToken);
    HttpUrl url = start;
    HttpUrl from = null;
    for (int redirects = 0; ; ) {
      String problem = UrlRules.problem(url, from, path.allowInsecureLoopback());
      if (problem != null) throw new RedirectPolicyException(problem);
      if (from != null) checkPolicy(url, options.redirectPolicy());
      boolean homeserverHop = state.beginHop(url);
      Response response = send(url, homeserverHop, state, handle, hops);
      if (!isRedirect(response.code())) return new Result(response, state, url, homeserverHop);

      String location = response.header("Location");
      response.close();
      if (location == null) {
        throw new MediaProtocolException("a " + response.code() + " redirect from "
            + UrlRules.origin(url) + " has no Location header");
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

  /**
   * Sends one more request to the URL that gave {@code chain}'s final response, on the same call
   * path and under the same key (MSC4097 CDNs answer repeated and ranged requests under one token
   * with identical bytes). A redirect in answer is a protocol error: the chain is not followed
   * twice.
   */
  Response refetch(Result chain, CallHandle handle, HopRequests hops) throws IOException {
    Response response = send(chain.url, chain.homeserverHop, chain.state, handle, hops);
    if (isRedirect(response.code())) {
      response.close();
      throw new MediaProtocolException(UrlRules.origin(chain.url) + " answered a repeated"
          + " request for the same media with a " + response.code() + " redirect");
    }
    return response;
  }

  private Response send(HttpUrl url, boolean homeserverHop, ChainState state, CallHandle handle,
      @Nullable HopRequests hops) throws IOException {
    Request.Builder builder = new Request.Builder().url(url).tag(ChainState.class, state);
    path.withUserAgent(builder);
    MediaEncryptionHeader key = state.key();
    builder.header(ACCEPT_ENCODING, key != null ? key.alg() : IDENTITY);
    if (hops != null) hops.prepare(builder, key);
    String contentToken = state.contentToken();
    if (homeserverHop && contentToken != null) {
      builder.header(ContentTokens.HEADER, contentToken);
    } else {
      builder.removeHeader(ContentTokens.HEADER);
    }
    Response response;
    if (homeserverHop) {
      response = path.execute(homeserverClient, builder.build(), true, handle);
    } else {
      response = executeForeign(builder.build(), handle);
    }
    state.recordHop(url, response.code());
    IOException violation = state.violation();
    if (violation != null) {
      response.close();
      throw violation;
    }
    return response;
  }

  private Response executeForeign(Request request, CallHandle handle) throws IOException {
    return ForeignHop.execute(foreignClient, request, handle, path.clock());
  }

  private static void checkPolicy(HttpUrl url, @Nullable RedirectPolicy policy)
      throws RedirectPolicyException {
    if (policy != null && !policy.allow(url)) {
      throw new RedirectPolicyException(
          "the redirect policy refused a redirect to " + UrlRules.origin(url));
    }
  }

  static boolean isRedirect(int code) {
    return code == 301 || code == 302 || code == 303 || code == 307 || code == 308;
  }
}
