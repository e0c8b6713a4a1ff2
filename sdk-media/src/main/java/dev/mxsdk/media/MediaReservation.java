package dev.mxsdk.media;

import dev.mxsdk.core.MxcUri;
import dev.mxsdk.core.UrlRules;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * A media ID reserved with MSC2246's {@code POST /_matrix/media/v1/create} (spec v1.7) before its
 * content exists: the {@link #mxcUri()} can go into an event at once, and the content is uploaded
 * later with {@link UploadRequest.Builder#reservation(MediaReservation)}, until
 * {@link #unusedExpiresAtMillis()}. Downloads of it wait for the upload (or answer
 * {@code 504 M_NOT_YET_UPLOADED}) until then.
 *
 * <pre>{@code
 * MediaReservation reservation = mediaClient.createMedia();
 * sendImageEvent(room, reservation.mxcUri());              // the event first
 * mediaClient.newUpload(UploadRequest.file(photo).contentType("image/jpeg")
 *     .reservation(reservation).build()).execute();         // then the bytes
 * }</pre>
 *
 * <p>An app that persists a reservation (to finish the upload after a restart) stores the URI and
 * the expiry and rebuilds it with {@link #of(MxcUri, long)}. The SDK checks the expiry against the
 * {@code MatrixClient}'s {@link dev.mxsdk.core.Clock} before it sends a byte, and fails with
 * {@link MediaReservationExpiredException} once it has passed, whatever the server would say.
 *
 * <h2>Security</h2>
 * An MSC3870 {@link #uploadUrl()} lets anyone holding it upload into the reservation: it is never
 * shown by {@link #toString()} (only its origin), and the SDK sends it neither the access token
 * nor cookies.
 *
 * <p>Immutable and thread-safe.
 */
public final class MediaReservation {
  private final MxcUri mxcUri;
  private final long unusedExpiresAtMillis;
  private final @Nullable HttpUrl uploadUrl;
  private final @Nullable String uploadMethod;

  MediaReservation(MxcUri mxcUri, long unusedExpiresAtMillis, @Nullable HttpUrl uploadUrl,
      @Nullable String uploadMethod) {
    this.mxcUri = mxcUri;
    this.unusedExpiresAtMillis = unusedExpiresAtMillis;
    this.uploadUrl = uploadUrl;
    this.uploadMethod = uploadUrl != null ? uploadMethod : null;
  }

  /**
   * A reservation of {@code mxcUri} usable until {@code unusedExpiresAtMillis} (milliseconds since
   * the epoch), or without a known expiry when it is -1; uploads go to the homeserver.
   *
   * @param mxcUri the reserved URI
   * @param unusedExpiresAtMillis the expiry, or -1 if unknown
   * @return the reservation, to upload into with {@link UploadRequest.Builder#reservation}
   * @throws IllegalArgumentException if {@code unusedExpiresAtMillis < -1}
   */
  public static MediaReservation of(MxcUri mxcUri, long unusedExpiresAtMillis) {
    if (mxcUri == null) throw new NullPointerException("mxcUri == null");
    if (unusedExpiresAtMillis < -1) {
      throw new IllegalArgumentException("unusedExpiresAtMillis < -1: " + unusedExpiresAtMillis);
    }
    return new MediaReservation(mxcUri, unusedExpiresAtMillis, null, null);
  }

  /** {@return the reserved media's URI, to put into events} */
  public MxcUri mxcUri() {
    return mxcUri;
  }

  /**
   * The server's {@code unused_expires_at}: until when (milliseconds since the epoch) the content
   * may be uploaded, or -1 if the server did not say.
   *
   * @return the expiry in milliseconds since the epoch, or -1
   */
  public long unusedExpiresAtMillis() {
    return unusedExpiresAtMillis;
  }

  /**
   * Whether the reservation has expired at {@code nowMillis} (never, without an expiry).
   *
   * @param nowMillis the current time, in milliseconds since the epoch
   * @return true if the expiry is known and not after {@code nowMillis}
   */
  public boolean isExpired(long nowMillis) {
    return unusedExpiresAtMillis >= 0 && nowMillis >= unusedExpiresAtMillis;
  }

  /**
   * MSC3870's {@code upload_url}, where the content is uploaded instead of the homeserver (no
   * credentials are sent there), or null. A capability: do not log it.
   *
   * @return the upload URL, or null to upload to the homeserver
   */
  public @Nullable HttpUrl uploadUrl() {
    return uploadUrl;
  }

  /**
   * {@return the HTTP method for {@link #uploadUrl()} (default {@code PUT}), or null without one}
   */
  public @Nullable String uploadMethod() {
    return uploadMethod;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) return true;
    if (!(o instanceof MediaReservation)) return false;
    MediaReservation that = (MediaReservation) o;
    return mxcUri.equals(that.mxcUri)
        && unusedExpiresAtMillis == that.unusedExpiresAtMillis
        && (uploadUrl == null ? that.uploadUrl == null : uploadUrl.equals(that.uploadUrl))
        && (uploadMethod == null ? that.uploadMethod == null
            : uploadMethod.equals(that.uploadMethod));
  }

  @Override
  public int hashCode() {
    int h = mxcUri.hashCode();
    h = 31 * h + (int) (unusedExpiresAtMillis ^ (unusedExpiresAtMillis >>> 32));
    return 31 * h + (uploadUrl != null ? uploadUrl.hashCode() : 0);
  }

  /** Shows the URI and expiry; of an upload URL only its origin. */
  @Override
  public String toString() {
    return "MediaReservation{" + mxcUri
        + ", unusedExpiresAt=" + unusedExpiresAtMillis
        + (uploadUrl != null ? ", uploadUrl=" + UrlRules.origin(uploadUrl) + "/[redacted]" : "")
        + "}";
  }
}
