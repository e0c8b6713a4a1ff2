package dev.mxsdk.media;

import dev.mxsdk.core.MatrixApiException;
import org.jspecify.annotations.Nullable;

/**
 * The homeserver refuses to show this media to this user: {@code 403 M_UNAUTHORIZED} (or
 * {@code 403 M_FORBIDDEN}) on a download, thumbnail or {@linkplain MediaClient#copy copy}, or
 * MSC3910's {@code 401 M_MISSING_CONTENT_TOKEN}. Under MSC3911 (linking media to events) it means
 * the user cannot see the event the media is attached to; under MSC3910 (content tokens) that the
 * request carried no content token, a wrong one, or one for media that has none. Retrying the same
 * request does not help; {@link #errcode()} tells the cases apart, and the subclass
 * {@link MediaNotAttachedException} marks restricted media not yet attached to anything.
 *
 * <pre>{@code
 * try (MediaResponse response = media.newCall(request).execute()) {
 *   response.downloadTo(file);
 * } catch (MediaNotAttachedException e) {
 *   showPlaceholder("not sent yet");
 * } catch (MediaNotViewableException e) {
 *   showPlaceholder("not visible to you");
 * }
 * }</pre>
 *
 * <p>Like every {@link MatrixApiException}, its message never contains the access token or the
 * content token, even if the server quotes them.
 */
public class MediaNotViewableException extends MatrixApiException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception from the server's answer.
   *
   * @param status the HTTP status (401 or 403)
   * @param errcode the Matrix {@code errcode}, or null
   * @param error the server's {@code error} text, or null
   */
  public MediaNotViewableException(int status, @Nullable String errcode, @Nullable String error) {
    super(status, errcode, error, -1, false);
  }

  /**
   * Whether the server said the request lacked MSC3910's content token
   * ({@code M_MISSING_CONTENT_TOKEN}).
   *
   * @return true for a missing content token
   */
  public boolean contentTokenMissing() {
    return "M_MISSING_CONTENT_TOKEN".equals(errcode());
  }
}
