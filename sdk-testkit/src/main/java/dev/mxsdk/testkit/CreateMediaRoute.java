package dev.mxsdk.testkit;

import com.sun.net.httpserver.HttpExchange;
import dev.mxsdk.core.Clock;
import dev.mxsdk.core.MxcUri;
import dev.mxsdk.testkit.internal.Json;
import java.io.IOException;

/**
 * {@code POST /_matrix/media/v1/create}: reserves a media ID for the caller, to be filled by one
 * {@link AsyncUploadRoute} PUT before {@code unused_expires_at}; until then downloads of it answer
 * {@code 504 M_NOT_YET_UPLOADED}. A caller holding the configured number of pending reservations
 * (neither filled nor expired) is refused with {@code 429 M_LIMIT_EXCEEDED}, as the spec asks.
 */
final class CreateMediaRoute implements Route {
  /** The spec's recommended lifetime of an unused reservation. */
  static final long DEFAULT_UNUSED_LIFETIME_MILLIS = 24 * 60 * 60 * 1000L;
  /** What the client is told to wait when it has too many pending reservations. */
  static final long PENDING_RETRY_AFTER_MILLIS = 1000;

  private final MediaStore store;
  private final String serverName;
  private final Clock clock;
  private final long unusedLifetimeMillis;
  private final int maxPending;

  CreateMediaRoute(MediaStore store, String serverName, Clock clock, long unusedLifetimeMillis,
      int maxPending) {
    this.store = store;
    this.serverName = serverName;
    this.clock = clock;
    this.unusedLifetimeMillis = unusedLifetimeMillis;
    this.maxPending = maxPending;
  }

  @Override
  public void handle(HttpExchange exchange, RouteRequest request) throws IOException {
    long now = clock.nowMillis();
    String token = request.accessToken();
    MediaStore.Media media = null;
    synchronized (this) {
      // Counted and reserved in one step, so that concurrent creates cannot pass the limit.
      if (store.pendingReservations(token, now) < maxPending) {
        media = store.create(token, now + unusedLifetimeMillis);
      }
    }
    if (media == null) {
      Exchanges.json(exchange, 429, "{\"errcode\":\"M_LIMIT_EXCEEDED\",\"error\":"
          + Json.quote("Too many pending media uploads") + ",\"retry_after_ms\":"
          + PENDING_RETRY_AFTER_MILLIS + "}");
      return;
    }
    Exchanges.json(exchange, 200, "{\"content_uri\":"
        + Json.quote(MxcUri.of(serverName, media.mediaId).toString())
        + ",\"unused_expires_at\":" + media.unusedExpiresAt + "}");
  }
}
