package dev.mxsdk.core;

import java.io.IOException;

/**
 * The homeserver gives no MSC4250 media cookie: it does not advertise the proposal, or it answered
 * the request for one without setting a cookie (the proposal lets a server decline for any
 * reason). Thrown by {@link MatrixClient#mediaAuthCookie()}; the app then loads media with
 * {@code Authorization} instead (sdk-media's downloads), as it does on any server without MSC4250.
 * A cookie that was set but is unusable (malformed, already expired, scoped wider than the
 * homeserver's host) is a {@link MalformedResponseException} instead.
 *
 * <p>The message never contains a token or a cookie value.
 */
public final class MediaAuthCookieUnavailableException extends IOException {
  private static final long serialVersionUID = 1L;

  /** Why there is no cookie. */
  public enum Reason {
    /**
     * {@code /versions} does not list {@link MediaAuthCookie#UNSTABLE_FEATURE} as {@code true},
     * and the client was not built with
     * {@link MatrixClient.Builder#forceMediaAuthCookie(boolean)}. No request for a cookie was sent.
     */
    NOT_ADVERTISED,
    /** The server answered {@code whoami} successfully but sent no {@code Set-Cookie}. */
    NOT_SET
  }

  /** Why there is no cookie (part of the serialized form). */
  private final Reason reason;

  /**
   * Creates the exception.
   *
   * @param reason why there is no cookie
   * @param message what was expected and what came
   */
  public MediaAuthCookieUnavailableException(Reason reason, String message) {
    super(message);
    if (reason == null) throw new NullPointerException("reason == null");
    this.reason = reason;
  }

  /**
   * Why there is no cookie.
   *
   * @return the reason
   */
  public Reason reason() {
    return reason;
  }
}
