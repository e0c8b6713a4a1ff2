package dev.mxsdk.media.internal.flow;

import dev.mxsdk.media.MediaProtocolException;
import java.io.IOException;
import java.util.List;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The SDK's network interceptor, installed innermost (last) so it sees each exchange before any
 * app interceptor or logger. It enforces the origin rule on the way out (no {@code Authorization}
 * or {@code Cookie} on a hop that is not a homeserver hop, whoever added them) and, on the way in,
 * takes the {@code X-Matrix-Media-Encryption} header off every response: captured into the chain's
 * state only from a homeserver hop's 302/303/307, a protocol violation on its 301/308, dropped
 * anywhere else. No code outside this class ever sees the header. Violations are recorded in the
 * chain's state (not thrown here, so OkHttp never mistakes them for a connection failure to
 * retry); the redirect follower fails the download on them.
 */
final class FlowInterceptor implements Interceptor {
  static final String KEY_HEADER = "X-Matrix-Media-Encryption";

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    ChainState state = request.tag(ChainState.class);
    if (state == null) return chain.proceed(request);

    boolean homeserverHop = state.isHomeserverHop()
        && UrlRules.sameOrigin(request.url(), state.homeserver);
    if (!homeserverHop
        && (request.header("Authorization") != null || request.header("Cookie") != null)) {
      request = request.newBuilder().removeHeader("Authorization").removeHeader("Cookie").build();
    }

    Response response = chain.proceed(request);
    List<String> keyHeaders = response.headers(KEY_HEADER);
    if (keyHeaders.isEmpty()) return response;
    Response stripped = response.newBuilder().removeHeader(KEY_HEADER).build();
    if (!homeserverHop) {
      state.foreignKeyIgnored();
      return stripped;
    }
    int code = response.code();
    if (code == 301 || code == 308) {
      state.violation(new MediaProtocolException("the homeserver sent a key on a cacheable " + code
          + " redirect; keys are allowed on 302, 303 and 307 only"));
      return stripped;
    }
    if (code != 302 && code != 303 && code != 307) {
      return stripped; // a key on a non-redirect means nothing; it is dropped unseen
    }
    if (state.key() != null) {
      state.violation(new MediaProtocolException("the redirect chain carried a second key"));
      return stripped;
    }
    try {
      state.key(CdnLayer.parseKeyHeader(keyHeaders, state.offerCdnEncryption));
    } catch (IOException e) {
      state.violation(e);
    }
    return stripped;
  }
}
