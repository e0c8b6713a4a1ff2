package dev.mxsdk.media;

import org.jspecify.annotations.Nullable;

/**
 * MSC3911 restricted media that is not attached to an event or a profile yet: only the user who
 * uploaded it may see it until it is. The server answers {@code 403 M_UNAUTHORIZED} as for any
 * media the user may not see, and marks this case with {@code "org.matrix.msc3911.attached":
 * false} in the error body (MSC3911 names no error for it; this is mxsdk's choice, and the
 * sdk-testkit server follows it). A server that does not mark it yields a plain
 * {@link MediaNotViewableException}.
 *
 * <p>Waiting may help (the uploader may still send the event that attaches it), unlike the other
 * cases of {@link MediaNotViewableException}.
 */
public final class MediaNotAttachedException extends MediaNotViewableException {
  private static final long serialVersionUID = 1L;

  /** The error body's member that marks media not yet attached. */
  public static final String ATTACHED_FIELD = "org.matrix.msc3911.attached";

  /**
   * Creates the exception from the server's answer.
   *
   * @param status the HTTP status (403)
   * @param errcode the Matrix {@code errcode}, or null
   * @param error the server's {@code error} text, or null
   */
  public MediaNotAttachedException(int status, @Nullable String errcode, @Nullable String error) {
    super(status, errcode, error);
  }
}
