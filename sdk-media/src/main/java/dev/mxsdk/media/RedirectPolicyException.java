package dev.mxsdk.media;

import java.io.IOException;

/**
 * A redirect was refused: it pointed to plain http (outside the loopback opt-in), went from https
 * to http, exceeded the redirect limit, or was refused by the caller's {@link RedirectPolicy}.
 *
 * <p>The message names the rule and the target's origin (scheme, host, port) only, never its path
 * or query, which may carry a credential.
 */
public class RedirectPolicyException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception; {@code message} must not contain a URL path or query.
   *
   * @param message why the redirect was refused, with at most the target's origin
   */
  public RedirectPolicyException(String message) {
    super(message);
  }
}
