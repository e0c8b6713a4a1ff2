package dev.mxsdk.media.internal.flow;

import dev.mxsdk.core.CallHandle;
import dev.mxsdk.core.Clock;
import dev.mxsdk.core.MatrixApiException;
import java.io.IOException;

/**
 * The server's upload limit ({@code m.upload.size} from {@link MediaConfigCall}), cached for as
 * long as the client caches {@code /versions}, so that an upload is checked before a byte of it
 * is sent without a config request per upload. A server that answers the config request with an
 * error (no config endpoint, say) has no known limit, which is cached too; a network failure is
 * not cached and fails the upload that needed the limit. One per {@code MediaClient}; thread-safe.
 */
final class UploadLimit {
  /** No limit is known. */
  static final long UNKNOWN = -1;

  private final MediaConfigCall config;
  private final Clock clock;
  private final long cacheMillis;
  private final Object lock = new Object();
  private boolean cached;
  private long limit;
  private long fetchedAtMillis;

  UploadLimit(MediaConfigCall config, Clock clock, long cacheMillis) {
    this.config = config;
    this.clock = clock;
    this.cacheMillis = cacheMillis;
  }

  /** The limit in bytes, or {@link #UNKNOWN}. */
  long get(CallHandle handle) throws IOException {
    synchronized (lock) {
      long now = clock.nowMillis();
      if (cached && now >= fetchedAtMillis && now - fetchedAtMillis < cacheMillis) return limit;
    }
    long fetched;
    try {
      fetched = config.uploadSize(handle);
    } catch (MatrixApiException e) {
      fetched = UNKNOWN;
    }
    if (fetched < 0) fetched = UNKNOWN;
    synchronized (lock) {
      limit = fetched;
      fetchedAtMillis = clock.nowMillis();
      cached = true;
    }
    return fetched;
  }
}
