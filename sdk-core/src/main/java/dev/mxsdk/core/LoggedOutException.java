package dev.mxsdk.core;

/**
 * The session is over: the server rejected its access token and it could not be refreshed (no
 * refresh token, or the refresh itself was rejected), or the app called
 * {@link MatrixClient#logout()}. The user must log in again.
 *
 * <p>{@link #softLogout()} carries the server's {@code soft_logout}: when true the app may keep
 * its persisted state (encryption keys, device) and log in again with the same device ID; when
 * false that state must be discarded.
 *
 * <pre>{@code
 * try {
 *   media.newCall(request).execute();
 * } catch (LoggedOutException e) {
 *   showLogin(e.softLogout() ? session.deviceId() : null);
 * }
 * }</pre>
 */
public final class LoggedOutException extends MatrixApiException {
  private static final long serialVersionUID = 1L;

  /**
   * From the server's rejection: {@code status}, {@code errcode}, {@code error},
   * {@code softLogout}.
   *
   * @param status the HTTP status, usually 401
   * @param errcode the Matrix {@code errcode}, e.g. {@code M_UNKNOWN_TOKEN}
   * @param error the server's {@code error} text
   * @param softLogout the {@code soft_logout} flag: true if the user may log in again on the same
   *     device
   */
  public LoggedOutException(int status, String errcode, String error, boolean softLogout) {
    super(status, errcode, error, -1, softLogout);
  }

  static LoggedOutException from(MatrixApiException e, String what) {
    String errcode = e.errcode() != null ? e.errcode() : "M_UNKNOWN_TOKEN";
    LoggedOutException out = new LoggedOutException(e.status(), errcode, what, e.softLogout());
    out.initCause(e);
    return out;
  }
}
