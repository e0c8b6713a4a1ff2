package dev.mxsdk.media;

import java.io.IOException;

/**
 * Media bytes failed an integrity check: an E2EE attachment's SHA-256 did not match, an RFC 8188
 * record's GCM tag did not verify, or the stream ended before its authenticated end.
 *
 * <p>No plaintext that failed the check is ever released: a stream that throws this has handed out
 * only bytes that were verified (or, in the explicitly unverified streaming mode, fails at end of
 * stream), and a file download leaves no file behind. Streams that throw this throw it again on
 * every later read. The message says what failed; it never contains a key.
 */
public class MediaIntegrityException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception; {@code message} says what was expected and what came.
   *
   * @param message what was expected and what came
   */
  public MediaIntegrityException(String message) {
    super(message);
  }

  /**
   * Creates the exception with the failure that revealed it.
   *
   * @param message what was expected and what came
   * @param cause the failure that revealed the mismatch, e.g. a GCM tag failure
   */
  public MediaIntegrityException(String message, Throwable cause) {
    super(message, cause);
  }
}
