package dev.mxsdk.core;

import dev.mxsdk.core.internal.VersionsJson;
import java.io.IOException;
import okhttp3.Request;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * The cached {@code GET /_matrix/client/versions} of one client: fetched on the
 * {@link HomeserverPath} without credentials and without following redirects (a redirect could
 * switch the client to another server's versions), retried as an idempotent request, cached for
 * the configured time, and shared by concurrent callers (one request for N of them). A failure is
 * not cached.
 */
final class VersionsCache {
  static final String VERSIONS = "_matrix/client/versions";

  private final HomeserverPath path;
  private final long cacheMillis;
  private final Object lock = new Object();
  private @Nullable ServerVersions versions;
  private long fetchedAtMillis;
  private @Nullable Flight<ServerVersions> flight;

  VersionsCache(HomeserverPath path, long cacheMillis) {
    this.path = path;
    this.cacheMillis = cacheMillis;
  }

  ServerVersions get() throws IOException {
    Flight<ServerVersions> current;
    boolean leader = false;
    synchronized (lock) {
      ServerVersions cached = versions;
      long now = path.clock().nowMillis();
      if (cached != null && now >= fetchedAtMillis && now - fetchedAtMillis < cacheMillis) {
        return cached;
      }
      current = flight;
      if (current == null) {
        current = new Flight<ServerVersions>("/versions");
        flight = current;
        leader = true;
      }
    }
    if (!leader) return current.await();
    try {
      ServerVersions fetched = fetch();
      synchronized (lock) {
        versions = fetched;
        fetchedAtMillis = path.clock().nowMillis();
        flight = null;
      }
      current.complete(fetched, null);
      return fetched;
    } catch (IOException | RuntimeException | Error e) {
      synchronized (lock) {
        flight = null;
      }
      current.complete(null, e);
      throw e;
    }
  }

  void invalidate() {
    synchronized (lock) {
      versions = null;
    }
  }

  private ServerVersions fetch() throws IOException {
    final Request request = path.newRequest(VERSIONS).build();
    final CallHandle handle = new CallHandle();
    return path.retrying(new HomeserverPath.Attempt<ServerVersions>() {
      @Override
      public ServerVersions run(int attempt) throws IOException {
        Response response = path.execute(request, false, handle);
        try {
          return VersionsJson.read(path.successBody(response, "GET /versions").source());
        } finally {
          response.close();
        }
      }
    }, true, handle);
  }
}
