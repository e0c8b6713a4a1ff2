package dev.mxsdk.testkit;

import dev.mxsdk.core.Clock;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The users, devices and tokens of a {@link TestHomeserver}: password login, rotating refresh
 * tokens, expiring access tokens and logout. Thread-safe (every method is synchronized).
 */
final class Accounts {
  /** How an access token fared. */
  enum Check { VALID, EXPIRED, UNKNOWN }

  /** One logged-in device. */
  static final class Device {
    final String userId;
    final String deviceId;
    String accessToken;
    @Nullable String refreshToken;
    long expiresAtMillis;
    /** The lifetime the token was issued with, or -1: what the answer that issued it reports. */
    long lifetimeMillis = -1;

    Device(String userId, String deviceId) {
      this.userId = userId;
      this.deviceId = deviceId;
    }
  }

  private final Map<String, String> passwords;
  private final long accessTokenLifetimeMillis;
  private final Clock clock;
  private final SecureRandom random;
  private final List<Device> devices = new ArrayList<>();

  Accounts(Map<String, String> passwords, long accessTokenLifetimeMillis, Clock clock,
      SecureRandom random) {
    this.passwords = new LinkedHashMap<>(passwords);
    this.accessTokenLifetimeMillis = accessTokenLifetimeMillis;
    this.clock = clock;
    this.random = random;
  }

  /**
   * Logs {@code localpart} in; returns the new device, or null for an unknown user or a wrong
   * password. {@code deviceId} reuses (and replaces) a device, as the spec says.
   */
  synchronized @Nullable Device login(String localpart, String userId, String password,
      @Nullable String deviceId, boolean wantsRefreshToken) {
    String expected = passwords.get(localpart);
    if (expected == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
        password.getBytes(StandardCharsets.UTF_8))) {
      return null;
    }
    String id = deviceId != null ? deviceId : "TK" + token(6).toUpperCase(java.util.Locale.ROOT)
        .replaceAll("[^A-Z0-9]", "X");
    devices.removeIf(d -> d.userId.equals(userId) && d.deviceId.equals(id));
    Device d = new Device(userId, id);
    issue(d, wantsRefreshToken);
    devices.add(d);
    return d;
  }

  /** Rotates the tokens of the device holding {@code refreshToken}; null if it is not current. */
  synchronized @Nullable Device refresh(String refreshToken) {
    Device d = byRefresh(refreshToken);
    if (d == null) return null;
    issue(d, true);
    return d;
  }

  synchronized Check check(String accessToken) {
    Device d = byAccess(accessToken);
    if (d == null) return Check.UNKNOWN;
    if (d.expiresAtMillis >= 0 && clock.nowMillis() >= d.expiresAtMillis) return Check.EXPIRED;
    return Check.VALID;
  }

  /** The device of a valid {@code accessToken}, or null (for a configured static token). */
  synchronized @Nullable Device device(String accessToken) {
    return byAccess(accessToken);
  }

  /** The current access token of {@code userId}'s device {@code deviceId}, or null if logged out. */
  synchronized @Nullable String accessToken(String userId, String deviceId) {
    for (Device d : devices) {
      if (d.userId.equals(userId) && d.deviceId.equals(deviceId)) return d.accessToken;
    }
    return null;
  }

  /** Deletes the device of {@code accessToken}; false if there is none. */
  synchronized boolean logout(String accessToken) {
    Device d = byAccess(accessToken);
    return d != null && devices.remove(d);
  }

  /** Makes every access token issued by a login or refresh expire now. */
  synchronized void expireAll() {
    long now = clock.nowMillis();
    for (Device d : devices) d.expiresAtMillis = now;
  }

  synchronized List<String> deviceIds(String userId) {
    List<String> ids = new ArrayList<>();
    for (Device d : devices) {
      if (d.userId.equals(userId)) ids.add(d.deviceId);
    }
    return ids;
  }

  boolean hasUser(String localpart) {
    return passwords.containsKey(localpart);
  }

  private void issue(Device d, boolean withRefreshToken) {
    d.accessToken = "syt_tk_" + token(24);
    d.refreshToken = withRefreshToken ? "syr_tk_" + token(24) : null;
    boolean expires = withRefreshToken && accessTokenLifetimeMillis > 0;
    d.expiresAtMillis = expires ? clock.nowMillis() + accessTokenLifetimeMillis : -1;
    d.lifetimeMillis = expires ? accessTokenLifetimeMillis : -1;
  }

  /**
   * The {@code expires_in_ms} of the answer that just issued {@code d}'s token: its whole
   * lifetime (read from the clock again, a millisecond boundary crossed in between would make it
   * one less), or -1 when it does not expire.
   */
  long expiresInMillis(Device d) {
    return d.lifetimeMillis;
  }

  private @Nullable Device byAccess(String token) {
    for (Iterator<Device> it = devices.iterator(); it.hasNext(); ) {
      Device d = it.next();
      if (equal(d.accessToken, token)) return d;
    }
    return null;
  }

  private @Nullable Device byRefresh(String token) {
    for (Device d : devices) {
      if (d.refreshToken != null && equal(d.refreshToken, token)) return d;
    }
    return null;
  }

  private static boolean equal(String a, String b) {
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8),
        b.getBytes(StandardCharsets.UTF_8));
  }

  private String token(int bytes) {
    byte[] raw = new byte[bytes];
    random.nextBytes(raw);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
  }
}
