package dev.mxsdk.core;

import java.io.IOException;

/**
 * A server answered a request that the SDK does not let follow redirects with a 3xx. Requests
 * that carry a credential (access token, refresh token, password) or a body never follow a
 * redirect, since OkHttp would re-send the body, password included, to wherever {@code Location}
 * points; credential-less calls such as {@code /versions} follow none either, so a redirect cannot
 * switch the client to another server. Only {@code /.well-known/matrix/client} (no credentials)
 * follows https redirects, and media downloads follow theirs hop by hop under their own rules.
 *
 * <p>The message names the call, the status and the target's origin, never its path or query.
 */
public final class UnexpectedRedirectException extends IOException {
  private static final long serialVersionUID = 1L;

  /** The 3xx status. */
  private final int status;

  /**
   * {@code message} names the call, the status and the target origin.
   *
   * @param message the call, the status and the target origin (never a path or query)
   * @param status the 3xx status
   */
  public UnexpectedRedirectException(String message, int status) {
    super(message);
    this.status = status;
  }

  /** {@return the 3xx status the server answered with} */
  public int status() {
    return status;
  }
}
