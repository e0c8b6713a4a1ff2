package dev.mxsdk.testkit;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * Finds the uploaded media a download or thumbnail request names, after the fault switches that
 * apply to every media request (rate limit, not yet uploaded). Media created but not yet uploaded
 * is waited for, up to the request's {@code timeout_ms} (default 20 seconds, as the spec has it)
 * capped at the configured maximum.
 */
final class MediaLookup {
  /** The query parameter of how long a client will wait for an upload (spec v1.7). */
  static final String TIMEOUT_PARAMETER = "timeout_ms";
  /** The spec's value for an absent {@code timeout_ms}. */
  static final long DEFAULT_TIMEOUT_MILLIS = 20_000L;

  private final MediaStore store;
  private final String serverName;
  private final Faults faults;
  private final long maxUploadWaitMillis;
  private final MediaAccess access;

  MediaLookup(MediaStore store, String serverName, Faults faults, long maxUploadWaitMillis,
      MediaAccess access) {
    this.store = store;
    this.serverName = serverName;
    this.faults = faults;
    this.maxUploadWaitMillis = maxUploadWaitMillis;
    this.access = access;
  }

  /**
   * Returns the media, or answers {@code 429}, {@code 404 M_NOT_FOUND} (another server's or an
   * unknown ID), {@code 400 M_INVALID_PARAM} (a {@code timeout_ms} that is not a number) or
   * {@code 504 M_NOT_YET_UPLOADED} (still not uploaded when the wait ends), or a refusal of
   * {@link MediaAccess} (MSC3910's content token, MSC3911's unattached media) and returns null.
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
    if (faults.take(Faults.Kind.NOT_YET_UPLOADED)) {
      notYetUploaded(exchange);
      return null;
    }
    if (media.object == null) {
      String timeout = Exchanges.query(exchange).get(TIMEOUT_PARAMETER);
      if (timeout != null && !timeout.matches("[0-9]{1,18}")) {
        Exchanges.error(exchange, 400, "M_INVALID_PARAM",
            "timeout_ms must be a non-negative integer");
        return null;
      }
      long wait = Math.min(maxUploadWaitMillis, timeout != null
          ? Long.parseLong(timeout) : DEFAULT_TIMEOUT_MILLIS);
      if (store.awaitUploaded(media, wait) == null) {
        notYetUploaded(exchange);
        return null;
      }
    }
    // Checked once the content is there: a reservation gets its content token with its upload.
    if (!access.allows(exchange, media, true)) return null;
    return media;
  }

  private static void notYetUploaded(HttpExchange exchange) throws IOException {
    Exchanges.error(exchange, 504, "M_NOT_YET_UPLOADED", "Media has not been uploaded yet");
  }
}
