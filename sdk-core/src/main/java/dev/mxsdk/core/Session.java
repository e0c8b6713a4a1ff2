package dev.mxsdk.core;

import org.jspecify.annotations.Nullable;

/**
 * A logged-in device: the user ID, the device ID, the access token and, when the server issued
 * them, a refresh token and the time the access token expires. Returned by
 * {@link MatrixClient#login(PasswordLogin)} and by each refresh (through
 * {@link SessionListener#onSessionRefreshed(Session)}); an app persists it and restores it with
 * {@link #builder()}.
 *
 * <pre>{@code
 * Session restored = Session.builder()
 *     .userId(store.userId())
 *     .deviceId(store.deviceId())
 *     .accessToken(store.accessToken())
 *     .refreshToken(store.refreshToken())          // may be null
 *     .accessTokenExpiresAtMillis(store.expiresAt()) // -1 when unknown
 *     .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * <h2>Security</h2>
 * {@link #toString()} names the user and device and says whether a refresh token is present; it
 * never contains a token. {@link #equals(Object)} compares the tokens in constant time.
 */
public final class Session {
  private final String userId;
  private final String deviceId;
  private final String accessToken;
  private final @Nullable String refreshToken;
  private final long accessTokenExpiresAtMillis;

  private Session(Builder b, String userId, String deviceId, String accessToken) {
    this.userId = userId;
    this.deviceId = deviceId;
    this.accessToken = accessToken;
    this.refreshToken = b.refreshToken;
    this.accessTokenExpiresAtMillis = b.accessTokenExpiresAtMillis;
  }

  /** {@return a builder; user ID, device ID and access token are required} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return a builder holding this session's values} */
  public Builder newBuilder() {
    return new Builder(this);
  }

  /** {@return the fully qualified user ID, e.g. {@code @alice:example.org}} */
  public String userId() {
    return userId;
  }

  /** {@return the device this session belongs to} */
  public String deviceId() {
    return deviceId;
  }

  /** {@return the access token, sent as {@code Authorization: Bearer}} */
  public String accessToken() {
    return accessToken;
  }

  /**
   * {@return the refresh token, or null when the server issued none (the access token does not
   * expire)}
   */
  public @Nullable String refreshToken() {
    return refreshToken;
  }

  /**
   * When the access token expires, in milliseconds since the epoch on the client's
   * {@link Clock}, or -1 when the server gave no lifetime.
   *
   * @return the expiry time in milliseconds, or -1 if unknown
   */
  public long accessTokenExpiresAtMillis() {
    return accessTokenExpiresAtMillis;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (this == o) return true;
    if (!(o instanceof Session)) return false;
    Session that = (Session) o;
    return userId.equals(that.userId)
        && deviceId.equals(that.deviceId)
        && accessTokenExpiresAtMillis == that.accessTokenExpiresAtMillis
        & Tokens.equal(accessToken, that.accessToken)
        & Tokens.equal(refreshToken, that.refreshToken);
  }

  @Override
  public int hashCode() {
    // Tokens are left out: a hash of a secret is a needless oracle.
    return 31 * userId.hashCode() + deviceId.hashCode();
  }

  @Override
  public String toString() {
    return "Session{userId=" + userId + ", deviceId=" + deviceId
        + ", refreshToken=" + (refreshToken != null ? "present" : "none")
        + (accessTokenExpiresAtMillis >= 0 ? ", expiresAtMillis=" + accessTokenExpiresAtMillis : "")
        + "}";
  }

  /** Builds a {@link Session}. Not thread-safe. */
  public static final class Builder {
    private @Nullable String userId;
    private @Nullable String deviceId;
    private @Nullable String accessToken;
    private @Nullable String refreshToken;
    private long accessTokenExpiresAtMillis = -1;

    Builder() {}

    Builder(Session s) {
      this.userId = s.userId;
      this.deviceId = s.deviceId;
      this.accessToken = s.accessToken;
      this.refreshToken = s.refreshToken;
      this.accessTokenExpiresAtMillis = s.accessTokenExpiresAtMillis;
    }

    /**
     * The user ID; required.
     *
     * @param userId the full user ID, e.g. {@code @alice:example.org}
     * @return this builder
     * @throws IllegalArgumentException if it is not {@code @localpart:server}
     */
    public Builder userId(String userId) {
      if (userId == null) throw new NullPointerException("userId == null");
      UserIds.serverNameOf(userId); // validates
      this.userId = userId;
      return this;
    }

    /**
     * The device ID; required, not empty.
     *
     * @param deviceId the device ID the server gave at login
     * @return this builder
     */
    public Builder deviceId(String deviceId) {
      if (deviceId == null) throw new NullPointerException("deviceId == null");
      if (deviceId.isEmpty()) throw new IllegalArgumentException("deviceId is empty");
      this.deviceId = deviceId;
      return this;
    }

    /**
     * The access token; required, not empty.
     *
     * @param accessToken the access token
     * @return this builder
     */
    public Builder accessToken(String accessToken) {
      this.accessToken = Tokens.require(accessToken, "accessToken");
      return this;
    }

    /**
     * The refresh token, or null for none.
     *
     * @param refreshToken the refresh token, or null
     * @return this builder
     */
    public Builder refreshToken(@Nullable String refreshToken) {
      this.refreshToken = refreshToken == null ? null : Tokens.require(refreshToken, "refreshToken");
      return this;
    }

    /**
     * When the access token expires (milliseconds since the epoch), or -1 when unknown (default).
     *
     * @param accessTokenExpiresAtMillis the expiry time in milliseconds, or -1
     * @return this builder
     * @throws IllegalArgumentException if below -1
     */
    public Builder accessTokenExpiresAtMillis(long accessTokenExpiresAtMillis) {
      if (accessTokenExpiresAtMillis < -1) {
        throw new IllegalArgumentException(
            "accessTokenExpiresAtMillis < -1: " + accessTokenExpiresAtMillis);
      }
      this.accessTokenExpiresAtMillis = accessTokenExpiresAtMillis;
      return this;
    }

    /**
     * Returns the session.
     *
     * @return a new session with this builder's values
     * @throws IllegalStateException if the user ID, device ID or access token is missing
     */
    public Session build() {
      String u = userId;
      String d = deviceId;
      String a = accessToken;
      if (u == null) throw new IllegalStateException("userId == null");
      if (d == null) throw new IllegalStateException("deviceId == null");
      if (a == null) throw new IllegalStateException("accessToken == null");
      return new Session(this, u, d, a);
    }
  }
}
