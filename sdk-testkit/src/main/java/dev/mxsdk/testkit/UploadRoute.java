package dev.mxsdk.testkit;

import com.sun.net.httpserver.HttpExchange;
import dev.mxsdk.core.MxcUri;
import dev.mxsdk.testkit.internal.Json;
import java.io.IOException;

/**
 * {@code POST /_matrix/media/v3/upload} (or, {@code restricted}, MSC3911's {@code POST
 * /_matrix/client/unstable/org.matrix.msc3911/media/upload}): stores the body as new media and
 * returns its mxc URI, with an MSC3910 {@code content_token} when content tokens are on.
 */
final class UploadRoute implements Route {
  private final MediaStore store;
  private final UploadBody body;
  private final String serverName;
  private final boolean contentTokens;
  private final boolean restricted;

  UploadRoute(MediaStore store, UploadBody body, String serverName) {
    this(store, body, serverName, false, false);
  }

  UploadRoute(MediaStore store, UploadBody body, String serverName, boolean contentTokens,
      boolean restricted) {
    this.store = store;
    this.body = body;
    this.serverName = serverName;
    this.contentTokens = contentTokens;
    this.restricted = restricted;
  }

  @Override
  public void handle(HttpExchange exchange, RouteRequest request) throws IOException {
    UploadBody.Received received = body.receive(exchange, null);
    MediaStore.StoredObject object = received.object;
    if (object == null) return;
    MediaStore.Media media = store.create(request.accessToken(), 0);
    media.restricted = restricted;
    String token = contentTokens ? store.newContentToken() : null;
    media.contentToken = token;
    media.object = object;
    MxcUri uri = MxcUri.of(serverName, media.mediaId);
    body.record(received, uri, 200);
    Exchanges.json(exchange, 200, "{\"content_uri\":" + Json.quote(uri.toString())
        + (token != null ? ",\"content_token\":" + Json.quote(token) : "") + "}");
  }
}
