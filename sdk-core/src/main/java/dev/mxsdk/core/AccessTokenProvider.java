package dev.mxsdk.core;

import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * Supplies the access token for each request, so that an app can refresh it without rebuilding
 * its {@link MatrixClient}. Called on the thread that sends the request; must be thread-safe.
 *
 * <pre>{@code
 * AccessTokenProvider tokens = () -> session.currentAccessToken();
 * }</pre>
 *
 * <h2>Security</h2>
 * The token is sent only as {@code Authorization: Bearer} and only to the homeserver.
 */
public interface AccessTokenProvider {
  /**
   * Returns the current access token, or null to send the request unauthenticated.
   *
   * @return the access token to send as {@code Authorization: Bearer}, or null for none
   * @throws IOException if the token cannot be obtained; the request fails with it
   */
  @Nullable String accessToken() throws IOException;
}
