package dev.mxsdk.testkit;

import com.sun.net.httpserver.HttpExchange;
import dev.mxsdk.core.MxcUri;
import dev.mxsdk.testkit.internal.Json;
import java.io.IOException;

/** {@code POST /_matrix/media/v3/upload}: stores the body as new media and returns its mxc URI. */
final class UploadRoute implements Route {
  private final MediaStore store;
  private final UploadBody body;
  private final String serverName;

  UploadRoute(MediaStore store, UploadBody body, String serverName) {
    this.store = store;
    this.body = body;
    this.serverName = serverName;
  }

  @Override
  public void handle(HttpExchange exchange, RouteRequest request) throws IOException {
    UploadBody.Received received = body.receive(exchange, null);
    MediaStore.StoredObject object = received.object;
    if (object == null) return;
    MediaStore.Media media = store.create(request.accessToken(), 0);
    media.object = object;
    MxcUri uri = MxcUri.of(serverName, media.mediaId);
    body.record(received, uri, 200);
    Exchanges.json(exchange, 200, "{\"content_uri\":" + Json.quote(uri.toString()) + "}");
  }
}
