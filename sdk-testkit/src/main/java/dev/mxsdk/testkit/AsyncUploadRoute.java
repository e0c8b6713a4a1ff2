package dev.mxsdk.testkit;

import com.sun.net.httpserver.HttpExchange;
import dev.mxsdk.core.Clock;
import dev.mxsdk.core.MxcUri;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * {@code PUT /_matrix/media/v3/upload/{serverName}/{mediaId}}: fills a media ID reserved by {@link
 * CreateMediaRoute}, as the spec has it: only for the token that reserved it ({@code 403
 * M_FORBIDDEN}, compared in constant time), only before its {@code unused_expires_at} on the
 * server's clock (after it the ID is gone: {@code 404 M_NOT_FOUND}), and only once ({@code 409
 * M_CANNOT_OVERWRITE_MEDIA}, also for a second PUT while the first is still receiving).
 */
final class AsyncUploadRoute implements Route {
  private final MediaStore store;
  private final UploadBody body;
  private final String serverName;
  private final Clock clock;

  private final boolean contentTokens;

  AsyncUploadRoute(MediaStore store, UploadBody body, String serverName, Clock clock) {
    this(store, body, serverName, clock, false);
  }

  /** With {@code contentTokens}, the answer carries an MSC3910 {@code content_token}. */
  AsyncUploadRoute(MediaStore store, UploadBody body, String serverName, Clock clock,
      boolean contentTokens) {
    this.store = store;
    this.body = body;
    this.serverName = serverName;
    this.clock = clock;
    this.contentTokens = contentTokens;
  }

  @Override
  public void handle(HttpExchange exchange, RouteRequest request) throws IOException {
    // Decoded like every download path, so that an escaped character names the same media.
    String mediaServer = request.path("serverName");
    String mediaId = request.path("mediaId");
    MediaStore.Media media = mediaServer.equals(serverName) ? store.get(mediaId) : null;
    if (media == null) {
      Exchanges.error(exchange, 404, "M_NOT_FOUND", "Unknown media ID");
      return;
    }
    if (!isCreator(media, request.accessToken())) {
      Exchanges.error(exchange, 403, "M_FORBIDDEN", "This media ID was created by another user");
      return;
    }
    if (media.pending() && media.unusedExpiresAt <= clock.nowMillis()) {
      store.remove(media);
      Exchanges.error(exchange, 404, "M_NOT_FOUND", "Media ID expired");
      return;
    }
    if (!media.claim()) {
      Exchanges.error(exchange, 409, "M_CANNOT_OVERWRITE_MEDIA", "Media already uploaded");
      return;
    }
    MxcUri uri = MxcUri.of(serverName, media.mediaId);
    boolean filled = false;
    try {
      UploadBody.Received received = body.receive(exchange, uri);
      MediaStore.StoredObject object = received.object;
      if (object == null) return;
      String token = contentTokens ? store.newContentToken() : null;
      media.contentToken = token;
      store.fill(media, object);
      filled = true;
      body.record(received, uri, 200);
      Exchanges.json(exchange, 200, token != null
          ? "{\"content_token\":" + dev.mxsdk.testkit.internal.Json.quote(token) + "}" : "{}");
    } finally {
      if (!filled) media.abandon();
    }
  }

  private static boolean isCreator(MediaStore.Media media, String token) {
    String creator = media.creatorToken;
    return creator != null && MessageDigest.isEqual(creator.getBytes(StandardCharsets.UTF_8),
        token.getBytes(StandardCharsets.UTF_8));
  }
}
