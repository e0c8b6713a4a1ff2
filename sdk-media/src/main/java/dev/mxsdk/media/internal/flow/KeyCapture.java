package dev.mxsdk.media.internal.flow;

import dev.mxsdk.core.UrlRules;
import dev.mxsdk.media.MediaProtocolException;
import dev.mxsdk.media.codec.MediaEncryptionHeader;
import dev.mxsdk.media.codec.Msc4097;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The network interceptor of the redirect chain, installed innermost (last) on both call paths so
 * it sees each exchange before any app interceptor or logger. On the way out it removes
 * {@code Authorization} and {@code Cookie} from a hop that is not a homeserver hop (the chain left
 * the homeserver's origin, even if it comes back), whoever added them. On the way in it takes the
 * {@value Msc4097#KEY_HEADER} header off every response: captured into the chain's state only from
 * a homeserver hop's 302/303/307, a protocol violation on its 301/308, dropped anywhere else. No
 * code outside this class ever sees the header. Violations are recorded in the chain's state (not
 * thrown here, so OkHttp never mistakes them for a connection failure to retry); the
 * {@link RedirectChain} fails the download on them.
 */
final class KeyCapture implements Interceptor {
  private static final List<String> OFFERED = Collections.singletonList(Msc4097.ALG_AES128GCM);

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
    List<String> keyHeaders = response.headers(Msc4097.KEY_HEADER);
    if (keyHeaders.isEmpty()) return response;
    Response stripped = response.newBuilder().removeHeader(Msc4097.KEY_HEADER).build();
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
      List<String> offered = state.offerCdnEncryption ? OFFERED : Collections.<String>emptyList();
      state.key(MediaEncryptionHeader.parse(keyHeaders, offered, state.maxRecordSize));
    } catch (IOException e) {
      state.violation(e);
    }
    return stripped;
  }
}
