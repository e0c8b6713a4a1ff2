package dev.mxsdk.testkit;

import com.sun.net.httpserver.HttpExchange;
import dev.mxsdk.core.MxcUri;
import dev.mxsdk.testkit.internal.Json;
import java.io.IOException;
import java.time.Clock;

/**
 * {@code POST /_matrix/media/v1/create}: reserves a media ID for the caller, to be filled by one
 * {@link AsyncUploadRoute} PUT; until then downloads of it answer {@code 504 M_NOT_YET_UPLOADED}.
 */
final class CreateMediaRoute implements Route {
  /** How long a reservation is announced to stay usable ({@code unused_expires_at}). */
  static final long UNUSED_LIFETIME_MILLIS = 24 * 60 * 60 * 1000L;

  private final MediaStore store;
  private final String serverName;
  private final Clock clock;

  CreateMediaRoute(MediaStore store, String serverName, Clock clock) {
    this.store = store;
    this.serverName = serverName;
    this.clock = clock;
  }

  @Override
  public void handle(HttpExchange exchange, RouteRequest request) throws IOException {
    long expires = clock.millis() + UNUSED_LIFETIME_MILLIS;
    MediaStore.Media media = store.create(request.accessToken(), expires);
    Exchanges.json(exchange, 200, "{\"content_uri\":"
        + Json.quote(MxcUri.of(serverName, media.mediaId).toString())
        + ",\"unused_expires_at\":" + expires + "}");
  }
}
