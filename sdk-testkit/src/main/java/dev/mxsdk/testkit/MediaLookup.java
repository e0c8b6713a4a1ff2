package dev.mxsdk.testkit;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * Finds the uploaded media a download or thumbnail request names, after the fault switches that
 * apply to every media request (rate limit, not yet uploaded).
 */
final class MediaLookup {
  private final MediaStore store;
  private final String serverName;
  private final Faults faults;

  MediaLookup(MediaStore store, String serverName, Faults faults) {
    this.store = store;
    this.serverName = serverName;
    this.faults = faults;
  }

  /**
   * Returns the media, or answers {@code 429}, {@code 404 M_NOT_FOUND} (another server's or an
   * unknown ID) or {@code 504 M_NOT_YET_UPLOADED} and returns null.
   */
  MediaStore.@Nullable Media uploaded(HttpExchange exchange, String mediaServerName,
      String mediaId) throws IOException {
    if (faults.take(Faults.Kind.RATE_LIMIT)) {
      long retryAfter = faults.retryAfterMillis();
      // Retry-After counts whole seconds: rounded up, so a client that obeys it is never early.
      exchange.getResponseHeaders().set("Retry-After", Long.toString((retryAfter + 999) / 1000));
      Exchanges.json(exchange, 429, "{\"errcode\":\"M_LIMIT_EXCEEDED\","
          + "\"error\":\"Too many requests\",\"retry_after_ms\":" + retryAfter + "}");
      return null;
    }
    MediaStore.Media media = mediaServerName.equals(serverName) ? store.get(mediaId) : null;
    if (media == null) {
      Exchanges.error(exchange, 404, "M_NOT_FOUND", "Not found");
      return null;
    }
    // The switch is consulted first so that it counts this request even for reserved media.
    if (faults.take(Faults.Kind.NOT_YET_UPLOADED) || media.object == null) {
      Exchanges.error(exchange, 504, "M_NOT_YET_UPLOADED", "Media has not been uploaded yet");
      return null;
    }
    return media;
  }
}
