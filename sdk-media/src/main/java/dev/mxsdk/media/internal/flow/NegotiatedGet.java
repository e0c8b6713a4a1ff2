package dev.mxsdk.media.internal.flow;

import dev.mxsdk.core.CallHandle;
import dev.mxsdk.core.HomeserverPath;
import dev.mxsdk.core.MatrixApiException;
import java.io.IOException;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;
import okio.BufferedSource;

/**
 * An authenticated JSON {@code GET} of the media API on the negotiated route (config, URL
 * previews): no redirect followed, retried as an idempotent request, and a v1 endpoint answering
 * {@code 404 M_UNRECOGNIZED} switches the client to legacy and is asked again there, as downloads
 * do.
 */
final class NegotiatedGet {
  /** The endpoint of the call on one route. */
  interface Endpoint {
    HttpUrl on(Negotiation.Route route);
  }

  /** Reads a {@code 200} body. */
  interface BodyReader<T> {
    T read(BufferedSource body) throws IOException;
  }

  private NegotiatedGet() {}

  /**
   * Runs the call as part of the operation {@code handle} cancels. {@code what} names it in
   * errors; {@code secrets} are redacted from a server's error text.
   */
  static <T> T run(final HomeserverPath path, final Negotiation negotiation,
      final Endpoint endpoint, final BodyReader<T> reader, final String what,
      final CallHandle handle, final String... secrets) throws IOException {
    return path.retrying(new HomeserverPath.Attempt<T>() {
      @Override
      public T run(int attempt) throws IOException {
        Negotiation.Route route = negotiation.route();
        while (true) {
          Request request = path.newRequest(endpoint.on(route)).build();
          Response response = path.execute(request, true, handle);
          try {
            return reader.read(path.successBody(response, what, secrets).source());
          } catch (MatrixApiException e) {
            if (route.family == Negotiation.Family.V1 && e.status() == 404
                && "M_UNRECOGNIZED".equals(e.errcode())) {
              route = negotiation.fallBack(route);
              continue;
            }
            throw e;
          } finally {
            response.close();
          }
        }
      }
    }, true, handle);
  }
}
