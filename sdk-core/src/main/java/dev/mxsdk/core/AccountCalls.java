package dev.mxsdk.core;

import dev.mxsdk.core.internal.AccountJson;
import java.io.IOException;
import java.util.Arrays;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * The account endpoints of the client-server API (login, refresh, logout, whoami), each one
 * request on the {@link HomeserverPath}: no redirect is followed (the bodies carry a password or
 * a refresh token), errors are redacted of those secrets, and rate limits are retried under the
 * client's policy.
 */
final class AccountCalls {
  private static final MediaType JSON = MediaType.get("application/json");
  static final String LOGIN = "_matrix/client/v3/login";
  static final String REFRESH = "_matrix/client/v3/refresh";
  static final String LOGOUT = "_matrix/client/v3/logout";
  static final String WHOAMI = "_matrix/client/v3/account/whoami";

  private final HomeserverPath path;

  AccountCalls(HomeserverPath path) {
    this.path = path;
  }

  /** {@code POST /login} with a password; retried on rate limits (the body is replayable). */
  AccountJson.Tokens login(PasswordLogin login) throws IOException {
    final byte[] body = AccountJson.passwordLogin(login.user(), login.passwordUnsafe(),
        login.deviceId(), login.initialDeviceDisplayName(), login.requestRefreshToken());
    final char[] password = login.passwordUnsafe();
    try {
      final Request request = path.newRequest(LOGIN).post(RequestBody.create(body, JSON)).build();
      final CallHandle handle = new CallHandle();
      return path.retrying(new HomeserverPath.Attempt<AccountJson.Tokens>() {
        @Override
        public AccountJson.Tokens run(int attempt) throws IOException {
          Response response = path.execute(request, false, handle);
          try {
            return AccountJson.readTokens(
                path.successBody(response, "POST /login").source(), true, "/login: ");
          } catch (MatrixApiException e) {
            throw withoutPassword(e, password);
          } finally {
            response.close();
          }
        }
      }, false, handle);
    } finally {
      Arrays.fill(body, (byte) 0);
    }
  }

  /** {@code POST /refresh}; retried on rate limits. */
  AccountJson.Tokens refresh(final String refreshToken) throws IOException {
    final Request request = path.newRequest(REFRESH)
        .post(RequestBody.create(AccountJson.refresh(refreshToken), JSON))
        .build();
    final CallHandle handle = new CallHandle();
    return path.retrying(new HomeserverPath.Attempt<AccountJson.Tokens>() {
      @Override
      public AccountJson.Tokens run(int attempt) throws IOException {
        Response response = path.execute(request, false, handle);
        try {
          return AccountJson.readTokens(
              path.successBody(response, "POST /refresh", refreshToken).source(), false,
              "/refresh: ");
        } finally {
          response.close();
        }
      }
    }, false, handle);
  }

  /**
   * {@code POST /logout} with the access token (refreshed once if it had expired). Returns
   * normally when the server ended the session, also when it had already ended it.
   *
   * @param sessionClient whether the client owns a session, whose rejection means it is over
   */
  void logout(boolean sessionClient) throws IOException {
    Request request = path.newRequest(LOGOUT)
        .post(RequestBody.create(new byte[] {'{', '}'}, JSON))
        .build();
    Response response;
    try {
      response = path.execute(request, true, new CallHandle());
    } catch (LoggedOutException alreadyOut) {
      return; // the server ended the session before we did: it is logged out either way
    } catch (MatrixApiException e) {
      if (e.status() == 401 && sessionClient) return; // the token is gone already
      throw e;
    }
    try {
      path.successBody(response, "POST /logout");
    } finally {
      response.close();
    }
  }

  /** {@code GET /account/whoami}; idempotent, so network failures are retried too. */
  Whoami whoami() throws IOException {
    final Request request = path.newRequest(WHOAMI).build();
    final CallHandle handle = new CallHandle();
    return path.retrying(new HomeserverPath.Attempt<Whoami>() {
      @Override
      public Whoami run(int attempt) throws IOException {
        Response response = path.execute(request, true, handle);
        try {
          AccountJson.WhoamiFields w = AccountJson.readWhoami(
              path.successBody(response, "GET /account/whoami").source());
          return new Whoami(userIdOf(w.userId, "/account/whoami"), w.deviceId, w.isGuest);
        } finally {
          response.close();
        }
      }
    }, true, handle);
  }

  /**
   * Returns {@code e}, or a copy without {@code password} if the server quoted it. The password is
   * matched as characters, so that it never becomes a {@code String} that cannot be wiped.
   */
  static MatrixApiException withoutPassword(MatrixApiException e, char[] password) {
    String errcode = ServerText.redact(e.errcode(), password);
    String error = ServerText.redact(e.error(), password);
    if (errcode == e.errcode() && error == e.error()) return e;
    MatrixApiException copy = new MatrixApiException(e.status(), errcode, error,
        e.retryAfterMillis(), e.softLogout());
    copy.setStackTrace(e.getStackTrace());
    return copy;
  }

  static String userIdOf(@Nullable String userId, String where)
      throws MalformedResponseException {
    try {
      UserIds.serverNameOf(userId == null ? "" : userId);
    } catch (IllegalArgumentException e) {
      throw new MalformedResponseException(where + ": user_id is not a user ID: " + e.getMessage());
    }
    return userId;
  }
}
