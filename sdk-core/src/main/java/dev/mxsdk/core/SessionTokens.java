package dev.mxsdk.core;

import dev.mxsdk.core.internal.AccountJson;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * The token state of a {@link MatrixClient} built with a {@link Session}: hands out the current
 * access token, refreshes it once when it has expired or was rejected (single-flight: concurrent
 * callers share one {@code POST /refresh}), tells the {@link SessionListener}, and turns a failed
 * refresh into a {@link LoggedOutException}. Thread-safe.
 */
final class SessionTokens implements AccessTokenProvider {
  /** Posts the refresh request; the client supplies it so that this class owns no HTTP setup. */
  interface Refresher {
    AccountJson.Tokens refresh(String refreshToken) throws IOException;
  }

  private final Object lock = new Object();
  private final SessionListener listener;
  private Clock clock = Clock.SYSTEM;
  private @Nullable Refresher refresher;
  private Session session;
  private @Nullable LoggedOutException loggedOut;
  private @Nullable Flight<Session> flight;

  SessionTokens(Session session, SessionListener listener) {
    this.session = session;
    this.listener = listener;
  }

  /**
   * Connects the client that performs refreshes and whose clock times expiry; the first client
   * built from the builder wins, later ones (from {@code newBuilder()}) share it.
   */
  void attach(Refresher refresher, Clock clock) {
    synchronized (lock) {
      if (this.refresher == null) {
        this.refresher = refresher;
        this.clock = clock;
      }
    }
  }

  Session session() {
    synchronized (lock) {
      return session;
    }
  }

  /**
   * Returns the access token to send, refreshing first when the known expiry has passed.
   *
   * @throws LoggedOutException if the session is over
   */
  @Override
  public String accessToken() throws IOException {
    Session s;
    Clock c;
    synchronized (lock) {
      throwIfLoggedOut();
      s = session;
      c = clock;
    }
    long expiresAt = s.accessTokenExpiresAtMillis();
    if (s.refreshToken() != null && expiresAt >= 0 && c.nowMillis() >= expiresAt) {
      s = refresh(s.accessToken());
    }
    return s.accessToken();
  }

  /**
   * Handles the server's rejection of {@code rejectedToken}: returns true when a retry with
   * {@link #accessToken()} may succeed (another thread already refreshed, or this refresh
   * succeeded).
   *
   * @throws LoggedOutException if there is no refresh token or the refresh was rejected
   */
  boolean recover(String rejectedToken, MatrixApiException rejection) throws IOException {
    Session s;
    synchronized (lock) {
      throwIfLoggedOut();
      s = session;
      if (!Tokens.equal(s.accessToken(), rejectedToken)) return true;
      if (s.refreshToken() == null) {
        loggedOut = LoggedOutException.from(rejection,
            "the access token was rejected and the session has no refresh token");
        throw copy(loggedOut);
      }
    }
    refresh(rejectedToken);
    return true;
  }

  /** Marks the session as logged out by the app. */
  void loggedOut() {
    synchronized (lock) {
      if (loggedOut == null) {
        loggedOut = new LoggedOutException(401, "M_UNKNOWN_TOKEN",
            "the session was logged out with MatrixClient.logout()", false);
      }
    }
  }

  /** Refreshes unless {@code staleAccessToken} was already replaced; returns the current session. */
  private Session refresh(String staleAccessToken) throws IOException {
    Flight<Session> current;
    boolean leader = false;
    String refreshToken;
    Refresher r;
    synchronized (lock) {
      throwIfLoggedOut();
      if (!Tokens.equal(session.accessToken(), staleAccessToken)) return session;
      current = flight;
      refreshToken = session.refreshToken();
      r = refresher;
      if (current == null) {
        if (refreshToken == null || r == null) throw new IllegalStateException("cannot refresh");
        current = new Flight<Session>("the token refresh");
        flight = current;
        leader = true;
      }
    }
    if (!leader) return current.await();
    Session fresh;
    Clock c;
    synchronized (lock) {
      c = clock;
    }
    try {
      AccountJson.Tokens t = r.refresh(refreshToken);
      Session.Builder b = session().newBuilder()
          .accessToken(t.accessToken)
          .accessTokenExpiresAtMillis(
              t.expiresInMillis >= 0 ? saturatedAdd(c.nowMillis(), t.expiresInMillis) : -1);
      if (t.refreshToken != null) b.refreshToken(t.refreshToken);
      fresh = b.build();
    } catch (MatrixApiException e) {
      IOException failure = e;
      if (e.status() == 401 || e.status() == 403) {
        LoggedOutException out = LoggedOutException.from(e, "the refresh token was rejected");
        synchronized (lock) {
          loggedOut = out;
        }
        failure = copy(out);
      }
      fail(current, failure);
      throw failure;
    } catch (IOException | RuntimeException | Error e) {
      fail(current, e);
      throw e;
    }
    try {
      listener.onSessionRefreshed(fresh);
    } finally {
      synchronized (lock) {
        session = fresh;
        flight = null;
      }
      current.complete(fresh, null);
    }
    return fresh;
  }

  private void fail(Flight<Session> current, Throwable e) {
    synchronized (lock) {
      flight = null;
    }
    current.complete(null, e);
  }

  private void throwIfLoggedOut() throws LoggedOutException {
    LoggedOutException out = loggedOut;
    if (out != null) throw copy(out);
  }

  /** A fresh exception per throw, so that each thread gets its own stack trace. */
  private static LoggedOutException copy(LoggedOutException e) {
    LoggedOutException copy = new LoggedOutException(
        e.status(), e.errcode() != null ? e.errcode() : "M_UNKNOWN_TOKEN",
        e.error() != null ? e.error() : "logged out", e.softLogout());
    copy.initCause(e);
    return copy;
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }

  @Override
  public String toString() {
    return "SessionTokens{" + session() + "}";
  }
}
