package dev.mxsdk.testkit;

import com.sun.net.httpserver.HttpExchange;
import dev.mxsdk.core.Clock;
import dev.mxsdk.testkit.internal.TokenSealer;
import java.io.IOException;
import java.security.MessageDigest;
import org.jspecify.annotations.Nullable;

/**
 * The CDN's checks of a sealed token: it opens under the homeserver-CDN secret, has not expired,
 * names a stored rendition, and that rendition still has the digest the homeserver sealed (so the
 * CDN never serves, under one key, bytes other than those the key was issued for).
 */
final class CdnTokenCheck {
  private final TokenSealer sealer;
  private final Clock clock;
  private final MediaStore store;
  private final String serverName;

  CdnTokenCheck(TokenSealer sealer, Clock clock, MediaStore store, String serverName) {
    this.sealer = sealer;
    this.clock = clock;
    this.store = store;
    this.serverName = serverName;
  }

  /** Returns the token's claims, or answers {@code 403 M_FORBIDDEN} and returns null. */
  TokenSealer.@Nullable Claims open(HttpExchange exchange, String token) throws IOException {
    TokenSealer.Claims claims = sealer.open(token);
    if (claims == null) {
      Exchanges.error(exchange, 403, "M_FORBIDDEN", "Invalid CDN token");
      return null;
    }
    if (claims.exp <= clock.nowMillis()) {
      Exchanges.error(exchange, 403, "M_FORBIDDEN", "CDN token expired");
      return null;
    }
    return claims;
  }

  /**
   * Returns the stored rendition the claims name, or answers {@code 404} (gone, or a thumbnail
   * never made) or {@code 409} (digest differs) and returns null.
   */
  MediaStore.@Nullable StoredObject object(HttpExchange exchange, TokenSealer.Claims claims)
      throws IOException {
    int slash = claims.media.lastIndexOf('/');
    MediaStore.Media media = claims.media.substring(0, slash).equals(serverName)
        ? store.get(claims.media.substring(slash + 1)) : null;
    MediaStore.StoredObject object = media == null ? null : store.existing(media, claims.rendition);
    if (object == null) {
      Exchanges.error(exchange, 404, "M_NOT_FOUND", "Not found");
      return null;
    }
    if (!MessageDigest.isEqual(object.sha256, claims.sha256)) {
      Exchanges.error(exchange, 409, "M_UNKNOWN", "The stored object differs from the sealed digest");
      return null;
    }
    return object;
  }
}
