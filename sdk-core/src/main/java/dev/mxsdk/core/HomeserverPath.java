package dev.mxsdk.core;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import okhttp3.Authenticator;
import okhttp3.Call;
import okhttp3.CookieJar;
import okhttp3.EventListener;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * The one path by which every request of the SDK reaches a server: the call paths derived from
 * the app's {@link OkHttpClient}, the User-Agent, {@code Authorization: Bearer} to the homeserver's
 * origin only, one token refresh on {@code 401 M_UNKNOWN_TOKEN}, retries under the client's
 * {@link RetryPolicy} and {@link Clock}, and cancellation through a {@link CallHandle}. sdk-core's
 * own calls (login, refresh, logout, whoami, {@code /versions}) and every call of sdk-media
 * (downloads, thumbnails, config, uploads) go through it; a new call is a request built with
 * {@link #newRequest(String)} and sent with {@link #execute} inside {@link #retrying}.
 *
 * <pre>{@code
 * HomeserverPath path = matrixClient.homeserverPath();
 * CallHandle handle = new CallHandle();
 * String body = path.retrying(new HomeserverPath.Attempt<String>() {
 *   @Override public String run(int attempt) throws IOException {
 *     Request request = path.newRequest("_matrix/client/v3/account/whoami").build();
 *     try (Response response = path.execute(request, true, handle)) {
 *       return path.successBody(response, "GET /account/whoami").string();
 *     }
 *   }
 * }, true, handle);
 * }</pre>
 *
 * <h2>Security</h2>
 * Both call paths have the HTTP cache, the {@link Authenticator}, redirect following and the app's
 * {@link EventListener} (which would see raw headers) turned off: a redirect is never followed with
 * a body or a credential, and the callers that may follow one (media downloads) do so hop by hop.
 * An SDK network interceptor removes {@code Authorization}, {@code Cookie} and MSC3910's
 * {@code X-Matrix-Content-Token} from any request that is not for the homeserver's origin, whoever
 * added them. The {@linkplain #foreignClient foreign
 * path}, for hops to other origins such as a CDN, also drops the app's interceptors and cookie
 * jar, since an app interceptor that adds a token would send it there. Errors built here are
 * redacted: the access token never appears in an exception message.
 *
 * <p>Immutable and thread-safe; one per {@link MatrixClient}.
 */
public final class HomeserverPath {
  /**
   * One attempt of a retried operation. Throwing a {@link MatrixApiException} (or, for an
   * idempotent operation, a network failure) lets {@link #retrying} decide whether to run it again.
   */
  public interface Attempt<T> {
    /**
     * Runs attempt number {@code attempt} (starting at 1).
     *
     * @param attempt the number of this attempt: 1 for the first, 2 for the first retry, and so on
     * @return the result of the call, which ends the retries
     * @throws IOException if the attempt failed; {@link #retrying} decides whether to run another
     */
    T run(int attempt) throws IOException;
  }

  private final HttpUrl homeserver;
  private final OkHttpClient appClient;
  private final AccessTokenProvider tokens;
  private final @Nullable SessionTokens session;
  private final @Nullable String userAgent;
  private final Clock clock;
  private final RetryPolicy retryPolicy;
  private final boolean allowInsecureLoopback;
  private final Random random;
  private final OkHttpClient homeserverClient;

  /** The path of one {@link MatrixClient}, from its settings ({@code session} null without one). */
  HomeserverPath(HttpUrl homeserver, OkHttpClient appClient, AccessTokenProvider tokens,
      @Nullable SessionTokens session, @Nullable String userAgent, Clock clock,
      RetryPolicy retryPolicy, boolean allowInsecureLoopback, Random random) {
    this.homeserver = homeserver;
    this.appClient = appClient;
    this.tokens = tokens;
    this.session = session;
    this.userAgent = userAgent;
    this.clock = clock;
    this.retryPolicy = retryPolicy;
    this.allowInsecureLoopback = allowInsecureLoopback;
    this.random = random;
    this.homeserverClient = homeserverClient(null);
  }

  /** {@return the homeserver's base URL: the only origin that receives credentials} */
  public HttpUrl homeserver() {
    return homeserver;
  }

  /** {@return the clock for deadlines, {@code Retry-After} dates, expiries and retry waits} */
  public Clock clock() {
    return clock;
  }

  /** {@return the client's retry policy} */
  public RetryPolicy retryPolicy() {
    return retryPolicy;
  }

  /** {@return whether plain http to loopback hosts is allowed (see {@link UrlRules#problem})} */
  public boolean allowInsecureLoopback() {
    return allowInsecureLoopback;
  }

  /**
   * Returns the homeserver URL with {@code pathSegments} (e.g. {@code _matrix/client/versions}).
   *
   * @param pathSegments slash-separated segments appended to the base URL, e.g.
   *     {@code _matrix/client/versions}
   * @return the endpoint's URL on the homeserver
   */
  public HttpUrl endpoint(String pathSegments) {
    return homeserver.newBuilder().addPathSegments(pathSegments).build();
  }

  /**
   * {@link #newRequest(HttpUrl)} for {@link #endpoint(String)}.
   *
   * @param pathSegments slash-separated segments appended to the base URL, as for
   *     {@link #endpoint(String)}
   * @return a request builder for the endpoint, with the User-Agent
   */
  public Request.Builder newRequest(String pathSegments) {
    return newRequest(endpoint(pathSegments));
  }

  /**
   * Returns a request builder for {@code url} with the User-Agent; {@link #execute} adds the
   * access token when the request is authenticated.
   *
   * @param url the URL to request, on the homeserver's origin
   * @return a request builder for {@code url}, with the User-Agent set if the client has one
   * @throws IllegalArgumentException if {@code url} is not on the homeserver's origin
   */
  public Request.Builder newRequest(HttpUrl url) {
    if (url == null) throw new NullPointerException("url == null");
    if (!UrlRules.sameOrigin(url, homeserver)) {
      throw new IllegalArgumentException("expected a URL on the homeserver's origin "
          + UrlRules.origin(homeserver) + ", was " + UrlRules.origin(url));
    }
    return withUserAgent(new Request.Builder().url(url));
  }

  /**
   * Sets the client's User-Agent on {@code request}, if it has one.
   *
   * @param request the request builder to set the header on
   * @return {@code request}, for chaining
   */
  public Request.Builder withUserAgent(Request.Builder request) {
    if (userAgent != null) request.header("User-Agent", userAgent);
    return request;
  }

  /**
   * A call path to the homeserver derived from the app's client (sharing its connection pool and
   * dispatcher; the app's interceptors kept) with the cache, the authenticator, redirects and the
   * event listener off, ending in the SDK's origin guard and then {@code innermost}, if given,
   * which sees each exchange before any app interceptor.
   *
   * @param innermost a network interceptor to run last, closest to the wire, or null for none
   * @return a new client on the homeserver call path
   */
  public OkHttpClient homeserverClient(@Nullable Interceptor innermost) {
    OkHttpClient.Builder b = sdkOwned(appClient.newBuilder());
    b.addNetworkInterceptor(new OriginGuard(homeserver));
    if (innermost != null) b.addNetworkInterceptor(innermost);
    return b.build();
  }

  /**
   * A call path for hops to origins other than the homeserver's (a CDN, an upload URL): as
   * {@link #homeserverClient} but without the app's interceptors and cookie jar, and the origin
   * guard removes every {@code Authorization} and {@code Cookie}.
   *
   * @param innermost a network interceptor to run last, closest to the wire, or null for none
   * @return a new client for hops off the homeserver's origin
   */
  public OkHttpClient foreignClient(@Nullable Interceptor innermost) {
    OkHttpClient.Builder b = sdkOwned(appClient.newBuilder())
        .cookieJar(CookieJar.NO_COOKIES);
    b.interceptors().clear();
    b.networkInterceptors().clear();
    b.addNetworkInterceptor(new OriginGuard(null));
    if (innermost != null) b.addNetworkInterceptor(innermost);
    return b.build();
  }

  private static OkHttpClient.Builder sdkOwned(OkHttpClient.Builder b) {
    return b.cache(null)
        .authenticator(Authenticator.NONE)
        .followRedirects(false)
        .followSslRedirects(false)
        .eventListener(EventListener.NONE);
  }

  /**
   * {@link #execute(OkHttpClient, Request, boolean, CallHandle)} on the homeserver path.
   *
   * @param request the request, on the homeserver's origin
   * @param authenticated whether to add the access token (and refresh it on a 401)
   * @param handle the operation's cancellation state and deadline
   * @return the response, whatever its status other than 401; the caller closes it
   * @throws LoggedOutException if the session is over
   * @throws IOException on network failure, or {@link CallHandle#canceledException()} once canceled
   */
  public Response execute(Request request, boolean authenticated, CallHandle handle)
      throws IOException {
    return execute(homeserverClient, request, authenticated, handle);
  }

  /**
   * Sends {@code request} once on {@code callPath} (a client from {@link #homeserverClient}) and
   * returns the response, whatever its status, except for a {@code 401}: when
   * {@code authenticated}, the access token is added; a {@code 401 M_UNKNOWN_TOKEN} refreshes the
   * session once (shared with concurrent callers) and sends the request once more with the new
   * token, if its body can be sent again. Any other 401 is thrown as a redacted
   * {@link MatrixApiException}.
   *
   * @param callPath the client to send on, from {@link #homeserverClient}
   * @param request the request, on the homeserver's origin
   * @param authenticated whether to add the access token (and refresh it on a 401)
   * @param handle the operation's cancellation state and deadline
   * @return the response, whatever its status other than 401; the caller closes it
   * @throws LoggedOutException if the session is over
   * @throws IOException on network failure, or {@link CallHandle#canceledException()} once canceled
   */
  public Response execute(OkHttpClient callPath, Request request, boolean authenticated,
      CallHandle handle) throws IOException {
    String token = authenticated ? tokens.accessToken() : null;
    for (boolean refreshed = false; ; refreshed = true) {
      handle.throwIfCanceled();
      Request sent = token != null
          ? request.newBuilder().header("Authorization", "Bearer " + token).build()
          : request;
      Call call = callPath.newCall(sent);
      applyDeadline(call, handle, clock);
      handle.running(call);
      Response response;
      try {
        response = call.execute();
      } catch (IOException e) {
        throw handle.failure(e);
      }
      if (token == null || response.code() != 401) return response;
      MatrixApiException rejected;
      try {
        rejected = error(response, Collections.singletonList(token));
      } finally {
        response.close();
      }
      RequestBody body = request.body();
      if (!refreshed && "M_UNKNOWN_TOKEN".equals(rejected.errcode())
          && (body == null || !body.isOneShot())
          && session != null && session.recover(token, rejected)) {
        token = tokens.accessToken();
        if (token == null) throw rejected;
        continue;
      }
      throw rejected;
    }
  }

  /**
   * Limits {@code call}, its whole exchange with the body included, to the time left before
   * {@code handle}'s deadline (nothing when it has none). Every request the SDK sends is limited
   * so, which is what makes a deadline hold against a server that sends one byte at a time.
   *
   * @param call the call to limit, not yet executed
   * @param handle the operation whose deadline applies
   * @param clock the clock the deadline is measured on
   */
  public static void applyDeadline(Call call, CallHandle handle, Clock clock) {
    long deadline = handle.deadlineMillis();
    if (deadline == Long.MAX_VALUE) return;
    long remaining = deadline - clock.nowMillis();
    call.timeout().timeout(Math.max(1, remaining), TimeUnit.MILLISECONDS);
  }

  /**
   * Runs {@code attempt} until it succeeds or fails in a way the {@link RetryPolicy} does not
   * retry: a {@link MatrixApiException} it retries (429, 503, 504, {@code M_LIMIT_EXCEEDED},
   * {@code M_NOT_YET_UPLOADED}), and, when {@code idempotent}, a network failure it retries. Waits
   * honour the server's delay (capped), end early on cancellation, and never run past
   * {@code handle}'s deadline. The last error is thrown.
   *
   * @param <T> the type of the attempt's result
   * @param attempt the call to run, given its attempt number
   * @param idempotent whether a network failure may be retried (the request can safely be sent
   *     again)
   * @param handle the operation's cancellation state and deadline
   * @return the result of the first attempt that succeeded
   * @throws IOException the last attempt's failure, or {@link CallHandle#canceledException()} once
   *     canceled
   */
  public <T> T retrying(Attempt<T> attempt, boolean idempotent, CallHandle handle)
      throws IOException {
    return retrying(attempt, retryPolicy, idempotent, handle);
  }

  /**
   * As {@link #retrying(Attempt, boolean, CallHandle)} under {@code policy} instead of the
   * client's, for a call with a tighter budget of its own (a download's {@code timeout_ms}).
   *
   * @param <T> the type of the attempt's result
   * @param attempt the call to run, given its attempt number
   * @param policy the retry policy to use instead of the client's
   * @param idempotent whether a network failure may be retried (the request can safely be sent
   *     again)
   * @param handle the operation's cancellation state and deadline
   * @return the result of the first attempt that succeeded
   * @throws IOException the last attempt's failure, or {@link CallHandle#canceledException()} once
   *     canceled
   */
  public <T> T retrying(Attempt<T> attempt, RetryPolicy policy, boolean idempotent,
      CallHandle handle) throws IOException {
    if (attempt == null) throw new NullPointerException("attempt == null");
    if (policy == null) throw new NullPointerException("policy == null");
    if (handle == null) throw new NullPointerException("handle == null");
    long waited = 0;
    for (int n = 1; ; n++) {
      handle.throwIfCanceled();
      try {
        return attempt.run(n);
      } catch (IOException e) {
        if (handle.isCanceled()) throw CallHandle.canceledException();
        long delay;
        if (e instanceof MatrixApiException) {
          delay = policy.delayMillis(n, (MatrixApiException) e, waited, random);
        } else if (idempotent) {
          delay = policy.delayMillis(n, e, waited, random);
        } else {
          throw e;
        }
        long remaining = handle.deadlineMillis() == Long.MAX_VALUE
            ? Long.MAX_VALUE : handle.deadlineMillis() - clock.nowMillis();
        if (delay < 0 || delay >= remaining) throw e;
        handle.await(delay, clock);
        waited += delay;
      }
    }
  }

  /**
   * Returns the body of a 2xx {@code response}, or throws: a 3xx is an
   * {@link UnexpectedRedirectException} naming {@code what}, the status and the target origin
   * (the SDK follows no redirect on these calls), anything else a redacted
   * {@link MatrixApiException}. Does not close {@code response} on success.
   *
   * @param response the response to check
   * @param what the call, for messages, e.g. {@code "POST /login"}
   * @param secrets strings the request carried (a password, a refresh token) that must not reach a
   *     message even if the server echoes them; the access token is always redacted
   * @return the body of {@code response}, not yet read
   * @throws UnexpectedRedirectException if the status is 3xx
   * @throws MalformedResponseException if a 2xx response has no body
   * @throws IOException a {@link MatrixApiException} for any other status, or a failure reading the
   *     error body
   */
  public okhttp3.ResponseBody successBody(Response response, String what, String... secrets)
      throws IOException {
    int code = response.code();
    if (code >= 200 && code < 300) {
      okhttp3.ResponseBody body = response.body();
      if (body == null) throw new MalformedResponseException(what + ": no body");
      return body;
    }
    try {
      if (code >= 300 && code < 400) throw unexpectedRedirect(response, what);
      List<String> redact = new ArrayList<String>();
      Collections.addAll(redact, secrets);
      throw error(response, redact);
    } finally {
      response.close();
    }
  }

  /**
   * The {@link UnexpectedRedirectException} for a 3xx answer to {@code what}.
   *
   * @param response the 3xx response
   * @param what the call, for the message, e.g. {@code "POST /login"}
   * @return the exception, naming the status and the redirect target's origin (never its path)
   */
  public static UnexpectedRedirectException unexpectedRedirect(Response response, String what) {
    String location = response.header("Location");
    HttpUrl target = location != null ? response.request().url().resolve(location) : null;
    return new UnexpectedRedirectException(what + " answered HTTP " + response.code()
        + (target != null ? " (a redirect to " + UrlRules.origin(target) + ")" : "")
        + ", which is not followed: requests with a credential or a body, and the SDK's"
        + " credential-less calls, never follow redirects", response.code());
  }

  /**
   * Reads the error of {@code response} (a bounded read of its body) with the access token and
   * {@code secrets} redacted from the server's text. Does not close {@code response}.
   *
   * @param response the error response
   * @param secrets strings the request carried that must not appear in the exception's text
   * @return the exception for the status, {@code errcode}, {@code error} and retry delay
   * @throws IOException if reading the body fails
   */
  public MatrixApiException error(Response response, List<String> secrets) throws IOException {
    List<String> redact = new ArrayList<String>(secrets);
    String sent = response.request().header("Authorization");
    if (sent != null && sent.startsWith("Bearer ")) redact.add(sent.substring(7));
    String contentToken = response.request().header(CONTENT_TOKEN_HEADER);
    if (contentToken != null && !contentToken.isEmpty()) redact.add(contentToken);
    return MatrixApiException.from(response, clock.nowMillis(), redact);
  }

  @Override
  public String toString() {
    return "HomeserverPath{" + UrlRules.origin(homeserver) + "}";
  }

  /** MSC3910's content token header: a credential, under the same origin rule as the token. */
  private static final String CONTENT_TOKEN_HEADER = "X-Matrix-Content-Token";

  /**
   * Removes {@code Authorization}, {@code Cookie} and {@code X-Matrix-Content-Token} from requests
   * that are not for the homeserver origin (all requests, on the foreign path), whoever added them.
   */
  private static final class OriginGuard implements Interceptor {
    private final @Nullable HttpUrl homeserver;

    OriginGuard(@Nullable HttpUrl homeserver) {
      this.homeserver = homeserver;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
      Request request = chain.request();
      HttpUrl home = homeserver;
      boolean credentialsAllowed = home != null && UrlRules.sameOrigin(request.url(), home);
      if (!credentialsAllowed && (request.header("Authorization") != null
          || request.header("Cookie") != null || request.header(CONTENT_TOKEN_HEADER) != null)) {
        request = request.newBuilder().removeHeader("Authorization").removeHeader("Cookie")
            .removeHeader(CONTENT_TOKEN_HEADER).build();
      }
      return chain.proceed(request);
    }
  }
}
