package dev.mxsdk.media.internal.flow;

import dev.mxsdk.core.MatrixApiException;
import java.io.IOException;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/** What the flow takes from the {@code MatrixClient} it runs for. */
public interface Host {
  /** The homeserver's base URL; its origin is the only one that receives credentials. */
  HttpUrl homeserver();

  /** The caller's client, from which the flow derives its own call paths. */
  OkHttpClient okHttpClient();

  /** The access token for this request, or null for none. */
  @Nullable String accessToken() throws IOException;

  /**
   * Handles a {@code 401 M_UNKNOWN_TOKEN} for {@code rejectedToken}: true when the request should
   * be sent once more with a fresh {@link #accessToken()}.
   */
  boolean recoverFromUnknownToken(String rejectedToken, MatrixApiException error)
      throws IOException;

  /** The (cached) server versions. */
  ServerInfo serverInfo() throws IOException;

  /** The User-Agent header value, or null to leave OkHttp's. */
  @Nullable String userAgent();
}
