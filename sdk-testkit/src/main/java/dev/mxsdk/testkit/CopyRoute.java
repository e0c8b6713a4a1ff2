package dev.mxsdk.testkit;

import com.sun.net.httpserver.HttpExchange;
import dev.mxsdk.core.MxcUri;
import dev.mxsdk.testkit.internal.Json;
import java.io.IOException;

/**
 * MSC3911's {@code POST /_matrix/client/unstable/org.matrix.msc3911/media/copy/{serverName}/{mediaId}}:
 * a new media ID for the same content, restricted and unattached, uploaded (for the visibility
 * rule) by the caller. The source must be uploaded and visible to the caller by
 * {@link MediaAccess}'s MSC3911 rule ({@code 403} otherwise, {@code 404 M_NOT_FOUND} for unknown
 * media); the body must be a JSON object ({@code 400 M_NOT_JSON} otherwise). The answer is
 * {@code {"content_uri": ...}}; with content tokens on, it also carries a fresh
 * {@code content_token} (the MSCs do not say; the copy is new media like an upload's).
 */
final class CopyRoute implements Route {
  private final MediaStore store;
  private final String serverName;
  private final MediaAccess access;

  CopyRoute(MediaStore store, String serverName, MediaAccess access) {
    this.store = store;
    this.serverName = serverName;
    this.access = access;
  }

  @Override
  public void handle(HttpExchange exchange, RouteRequest request) throws IOException {
    if (Exchanges.readJsonObject(exchange, LoginRoute.MAX_BODY_BYTES) == null) return;
    String mediaServer = request.path("serverName");
    MediaStore.Media source = mediaServer.equals(serverName)
        ? store.get(request.path("mediaId")) : null;
    MediaStore.StoredObject object = source != null ? source.object : null;
    if (source == null || object == null) {
      Exchanges.error(exchange, 404, "M_NOT_FOUND", "Not found");
      return;
    }
    if (!access.allows(exchange, source, false)) return;
    MediaStore.Media copy = store.create(request.accessToken(), 0);
    copy.restricted = true;
    String token = access.contentTokens() ? store.newContentToken() : null;
    copy.contentToken = token;
    copy.object = object;
    MxcUri uri = MxcUri.of(serverName, copy.mediaId);
    Exchanges.json(exchange, 200, "{\"content_uri\":" + Json.quote(uri.toString())
        + (token != null ? ",\"content_token\":" + Json.quote(token) : "") + "}");
  }
}
