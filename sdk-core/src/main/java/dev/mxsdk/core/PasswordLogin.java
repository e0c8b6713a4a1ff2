package dev.mxsdk.core;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The parameters of a password login ({@code m.login.password} with an {@code m.id.user}
 * identifier) for {@link MatrixClient#login(PasswordLogin)}.
 *
 * <pre>{@code
 * char[] password = passwordField.getText();
 * PasswordLogin login = PasswordLogin.builder()
 *     .user("@alice:example.org")        // or just "alice"
 *     .password(password)                 // copied; wipe yours after build()
 *     .initialDeviceDisplayName("My App on Pixel 8")
 *     .build();
 * Arrays.fill(password, '\0');
 * }</pre>
 *
 * <p>Immutable apart from {@link #clear()}, which wipes the copied password.
 *
 * <h2>Security</h2>
 * The password is kept as a {@code char[]} (never a {@code String}, which cannot be wiped), is
 * copied in and out, and never appears in {@link #toString()}. It is sent only in the body of
 * {@code POST /_matrix/client/v3/login} to the homeserver, whose https URL {@link MatrixClient}
 * enforces.
 */
public final class PasswordLogin {
  private final String user;
  private final char[] password;
  private final @Nullable String deviceId;
  private final @Nullable String initialDeviceDisplayName;
  private final boolean requestRefreshToken;

  private PasswordLogin(Builder b, String user, char[] password) {
    this.user = user;
    this.password = password;
    this.deviceId = b.deviceId;
    this.initialDeviceDisplayName = b.initialDeviceDisplayName;
    this.requestRefreshToken = b.requestRefreshToken;
  }

  /** {@return a builder; user and password are required} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * {@return the user: a full user ID ({@code @alice:example.org}) or a localpart ({@code alice})}
   */
  public String user() {
    return user;
  }

  /** {@return a copy of the password; the caller should wipe it after use} */
  public char[] password() {
    return password.clone();
  }

  char[] passwordUnsafe() {
    return password;
  }

  /**
   * {@return the device ID to log in as (to keep a device after a soft logout), or null for a new
   * one}
   */
  public @Nullable String deviceId() {
    return deviceId;
  }

  /** {@return the display name of a new device, or null} */
  public @Nullable String initialDeviceDisplayName() {
    return initialDeviceDisplayName;
  }

  /**
   * {@return whether the login asks for a refresh token ({@code "refresh_token": true}); true
   * unless the builder turned it off}
   */
  public boolean requestRefreshToken() {
    return requestRefreshToken;
  }

  /** Overwrites this object's copy of the password with zeros. */
  public void clear() {
    Arrays.fill(password, '\0');
  }

  @Override
  public String toString() {
    return "PasswordLogin{user=" + user + (deviceId != null ? ", deviceId=" + deviceId : "")
        + ", requestRefreshToken=" + requestRefreshToken + "}";
  }

  /** Builds a {@link PasswordLogin}. Not thread-safe. */
  public static final class Builder {
    private @Nullable String user;
    private char @Nullable [] password;
    private @Nullable String deviceId;
    private @Nullable String initialDeviceDisplayName;
    private boolean requestRefreshToken = true;

    Builder() {}

    /**
     * The user: a full user ID or a localpart; required.
     *
     * @param user a user ID such as {@code @alice:example.org}, or a localpart such as
     *     {@code alice}
     * @return this builder
     * @throws IllegalArgumentException if empty, or if it starts with {@code @} but is not a
     *     user ID
     */
    public Builder user(String user) {
      if (user == null) throw new NullPointerException("user == null");
      if (user.isEmpty()) throw new IllegalArgumentException("user is empty");
      if (user.startsWith("@")) UserIds.serverNameOf(user);
      this.user = user;
      return this;
    }

    /**
     * The password; required. The array is copied.
     *
     * @param password the password; the caller may wipe its array after this call
     * @return this builder
     */
    public Builder password(char[] password) {
      if (password == null) throw new NullPointerException("password == null");
      if (this.password != null) Arrays.fill(this.password, '\0');
      this.password = password.clone();
      return this;
    }

    /**
     * Logs in as an existing device (e.g. after a soft logout); default null, a new device.
     *
     * @param deviceId the device ID to log in as, or null for a new device
     * @return this builder
     */
    public Builder deviceId(@Nullable String deviceId) {
      if (deviceId != null && deviceId.isEmpty()) {
        throw new IllegalArgumentException("deviceId is empty");
      }
      this.deviceId = deviceId;
      return this;
    }

    /**
     * The display name of a new device; default null.
     *
     * @param name the display name the server gives a new device, or null for none
     * @return this builder
     */
    public Builder initialDeviceDisplayName(@Nullable String name) {
      this.initialDeviceDisplayName = name;
      return this;
    }

    /**
     * Whether to ask for a refresh token (spec v1.3); default true. The client refreshes expiring
     * access tokens itself (see {@link MatrixClient.Builder#session(Session, SessionListener)}).
     *
     * @param requestRefreshToken true to ask for a refresh token
     * @return this builder
     */
    public Builder requestRefreshToken(boolean requestRefreshToken) {
      this.requestRefreshToken = requestRefreshToken;
      return this;
    }

    /**
     * Returns the login parameters, with their own copy of the password.
     *
     * @return the login parameters
     * @throws IllegalStateException if user or password is missing
     */
    public PasswordLogin build() {
      String u = user;
      char[] p = password;
      if (u == null) throw new IllegalStateException("user == null");
      if (p == null) throw new IllegalStateException("password == null");
      return new PasswordLogin(this, u, p.clone());
    }
  }
}
