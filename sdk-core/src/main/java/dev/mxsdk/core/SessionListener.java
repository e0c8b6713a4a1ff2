package dev.mxsdk.core;

/**
 * Told when a {@link MatrixClient} refreshed its session, so the app can persist the new tokens.
 * Refresh tokens rotate: the previous refresh token stops working once the new tokens are used,
 * so an app that does not persist the new session is logged out on its next start.
 *
 * <pre>{@code
 * SessionListener persist = session -> store.save(session);
 * MatrixClient matrix = MatrixClient.builder()
 *     .homeserver(homeserver)
 *     .session(restoredSession, persist)
 *     .build();
 * }</pre>
 *
 * <p>Called on the thread that performed the refresh, before any request uses the new access
 * token; other requests waiting for the refresh wait for this call too, so keep it short (a
 * database write, not a network call). An exception thrown here reaches the request that triggered
 * the refresh; the client keeps using the new session.
 */
public interface SessionListener {
  /**
   * The session was refreshed; {@code session} holds the new access and refresh tokens.
   *
   * @param session the new session, which replaces the one the app stored
   */
  void onSessionRefreshed(Session session);
}
