package dev.mxsdk.core;

import java.io.IOException;

/**
 * A server answered successfully, but its body was not what the specification defines: not JSON,
 * a missing required field, or a field of the wrong type. The message names the endpoint and the
 * field, e.g. {@code "/versions: versions[1] expected a string but was NUMBER"}.
 *
 * <p>The message never contains an access token or a request URL's query.
 */
public final class MalformedResponseException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception with {@code message}, which must name what was expected and what came.
   *
   * @param message what was expected and what came
   */
  public MalformedResponseException(String message) {
    super(message);
  }

  /**
   * Creates the exception with {@code message} and the underlying parse failure.
   *
   * @param message what was expected and what came
   * @param cause the parse failure
   */
  public MalformedResponseException(String message, Throwable cause) {
    super(message, cause);
  }
}
