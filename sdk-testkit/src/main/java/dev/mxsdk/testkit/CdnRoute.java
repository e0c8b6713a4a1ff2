package dev.mxsdk.testkit;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import dev.mxsdk.testkit.internal.TokenSealer;
import java.io.IOException;

/**
 * {@code GET /_msc4097/v1/{token}} on the CDN: checks the sealed token ({@link CdnTokenCheck}),
 * picks the representation ({@link CdnRepresentations}) and sends it, ranged if asked ({@link
 * PartialContent}); {@code HEAD} gets the headers of the whole representation and no body. The
 * redirect fault switches answer before the object is looked up.
 */
final class CdnRoute implements Route {
  private final CdnTokenCheck tokens;
  private final CdnRepresentations representations;
  private final PartialContent sender;
  private final Faults faults;
  private final String homeserverUrl;
  private final String cdnUrl;

  CdnRoute(CdnTokenCheck tokens, CdnRepresentations representations, PartialContent sender,
      Faults faults, String homeserverUrl, String cdnUrl) {
    this.tokens = tokens;
    this.representations = representations;
    this.sender = sender;
    this.faults = faults;
    this.homeserverUrl = homeserverUrl;
    this.cdnUrl = cdnUrl;
  }

  @Override
  public void handle(HttpExchange exchange, RouteRequest request) throws IOException {
    TokenSealer.Claims claims = tokens.open(exchange, request.rawPath("token"));
    if (claims == null) return;
    Headers headers = exchange.getResponseHeaders();
    if (faults.take(Faults.Kind.REDIRECT_LOOP)) {
      headers.set("Cache-Control", "no-store");
      headers.set("Location", cdnUrl + exchange.getRequestURI().getRawPath());
      Exchanges.empty(exchange, 307);
      return;
    }
    if (faults.take(Faults.Kind.BOUNCE_TO_HOMESERVER)) {
      headers.set("Cache-Control", "no-store");
      headers.set("Location", homeserverUrl + "/_matrix/client/v1/media/download/" + claims.media);
      Exchanges.empty(exchange, 307);
      return;
    }
    MediaStore.StoredObject object = tokens.object(exchange, claims);
    if (object == null) return;
    MediaHeaders.set(headers, object, claims.name);
    headers.set("Accept-Ranges", "bytes");
    Representation representation = representations.choose(headers, claims, object);
    if (Exchanges.isHead(exchange)) {
      // Range handling is defined for GET only (RFC 9110 section 14.2): HEAD describes the whole.
      Exchanges.sendHeaders(exchange, 200, representation.length());
      return;
    }
    sender.send(exchange, representation);
  }
}
