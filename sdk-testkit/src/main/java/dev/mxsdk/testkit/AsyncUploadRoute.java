package dev.mxsdk.testkit;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;

/**
 * {@code PUT /_matrix/media/v3/upload/{serverName}/{mediaId}}: fills a media ID reserved by {@link
 * CreateMediaRoute}, once, and only for the token that reserved it.
 */
final class AsyncUploadRoute implements Route {
  private final MediaStore store;
  private final UploadBody body;
  private final String serverName;

  AsyncUploadRoute(MediaStore store, UploadBody body, String serverName) {
    this.store = store;
    this.body = body;
    this.serverName = serverName;
  }

  @Override
  public void handle(HttpExchange exchange, RouteRequest request) throws IOException {
    // The ID is compared as sent, not percent-decoded: it is the one /create returned.
    MediaStore.Media media = request.rawPath("serverName").equals(serverName)
        ? store.get(request.rawPath("mediaId")) : null;
    if (media == null) {
      Exchanges.error(exchange, 404, "M_NOT_FOUND", "Unknown media ID");
      return;
    }
    if (media.creatorToken == null || !media.creatorToken.equals(request.accessToken())) {
      Exchanges.error(exchange, 403, "M_FORBIDDEN", "This media ID was created by another user");
      return;
    }
    if (media.object != null) {
      Exchanges.error(exchange, 409, "M_CANNOT_OVERWRITE_MEDIA", "Media already uploaded");
      return;
    }
    MediaStore.StoredObject object = body.receive(exchange);
    if (object == null) return;
    store.fill(media, object);
    Exchanges.json(exchange, 200, "{}");
  }
}
