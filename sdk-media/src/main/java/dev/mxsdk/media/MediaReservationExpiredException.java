package dev.mxsdk.media;

import dev.mxsdk.core.MxcUri;
import java.io.IOException;

/**
 * An upload into a {@link MediaReservation} was refused before a byte was sent, because the
 * reservation's {@code unused_expires_at} has passed on the {@code MatrixClient}'s clock: the
 * server would have dropped the media ID. Create a new reservation (and send a new event) instead.
 */
public class MediaReservationExpiredException extends IOException {
  private static final long serialVersionUID = 1L;

  /** The reserved media's URI. */
  private final MxcUri mxcUri;
  /** The reservation's {@code unused_expires_at}, in milliseconds since the epoch. */
  private final long unusedExpiresAtMillis;

  /**
   * Creates the exception for the reservation of {@code mxcUri} that expired at the time given.
   *
   * @param message what was refused, and when the reservation expired
   * @param mxcUri the reserved media's URI
   * @param unusedExpiresAtMillis the reservation's expiry, in milliseconds since the epoch
   */
  public MediaReservationExpiredException(String message, MxcUri mxcUri,
      long unusedExpiresAtMillis) {
    super(message);
    if (mxcUri == null) throw new NullPointerException("mxcUri == null");
    this.mxcUri = mxcUri;
    this.unusedExpiresAtMillis = unusedExpiresAtMillis;
  }

  /** {@return the reserved media's URI} */
  public MxcUri mxcUri() {
    return mxcUri;
  }

  /** {@return when the reservation expired, in milliseconds since the epoch} */
  public long unusedExpiresAtMillis() {
    return unusedExpiresAtMillis;
  }
}
