package dev.mxsdk.media;

import java.io.IOException;

/**
 * A server broke the media protocol: a malformed or repeated {@code X-Matrix-Media-Encryption}
 * header, a key on a cacheable redirect, an algorithm the client did not offer, a CDN body that is
 * not encrypted although a key was issued (or encrypted although none was), or malformed RFC 8188
 * framing (record size out of bounds, bad delimiter, bytes after the final record).
 *
 * <p>The SDK fails closed on every such case. The message names the violation; it never contains
 * a key, a token, or a URL that carries a credential.
 */
public class MediaProtocolException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception; {@code message} says what was expected and what came.
   *
   * @param message what was expected and what came
   */
  public MediaProtocolException(String message) {
    super(message);
  }

  /**
   * Creates the exception with the failure that revealed it.
   *
   * @param message what was expected and what came
   * @param cause the failure that revealed the violation, e.g. a parse error
   */
  public MediaProtocolException(String message, Throwable cause) {
    super(message, cause);
  }
}
