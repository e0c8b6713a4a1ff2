package dev.mxsdk.core;

import org.jspecify.annotations.Nullable;

/**
 * The answer of {@code GET /_matrix/client/v3/account/whoami}: whose access token the client
 * holds. Returned by {@link MatrixClient#whoami()}.
 *
 * <p>Immutable and thread-safe.
 */
public final class Whoami {
  private final String userId;
  private final @Nullable String deviceId;
  private final boolean guest;

  Whoami(String userId, @Nullable String deviceId, boolean guest) {
    this.userId = userId;
    this.deviceId = deviceId;
    this.guest = guest;
  }

  /** {@return the user ID, e.g. {@code @alice:example.org}} */
  public String userId() {
    return userId;
  }

  /** {@return the device ID, or null when the token belongs to no device (an appservice's)} */
  public @Nullable String deviceId() {
    return deviceId;
  }

  /** {@return whether the account is a guest account} */
  public boolean isGuest() {
    return guest;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof Whoami)) return false;
    Whoami that = (Whoami) o;
    return userId.equals(that.userId)
        && (deviceId == null ? that.deviceId == null : deviceId.equals(that.deviceId))
        && guest == that.guest;
  }

  @Override
  public int hashCode() {
    return (userId.hashCode() * 31 + (deviceId != null ? deviceId.hashCode() : 0)) * 31
        + (guest ? 1 : 0);
  }

  @Override
  public String toString() {
    return "Whoami{userId=" + userId + ", deviceId=" + deviceId + ", guest=" + guest + "}";
  }
}
