package dev.mxsdk.media.internal.flow;

import dev.mxsdk.core.MatrixApiException;
import dev.mxsdk.core.MatrixClient;
import dev.mxsdk.core.ServerVersions;
import java.io.IOException;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/** Adapts a {@link MatrixClient} to what the flow needs. */
public final class MatrixHost implements Host {
  private final MatrixClient client;

  public MatrixHost(MatrixClient client) {
    this.client = client;
  }

  @Override
  public HttpUrl homeserver() {
    return client.homeserver();
  }

  @Override
  public OkHttpClient okHttpClient() {
    return client.okHttpClient();
  }

  @Override
  public @Nullable String accessToken() throws IOException {
    return client.accessTokenProvider().accessToken();
  }

  @Override
  public boolean recoverFromUnknownToken(String rejectedToken, MatrixApiException error)
      throws IOException {
    return client.recoverFromUnknownToken(rejectedToken, error);
  }

  @Override
  public ServerInfo serverInfo() throws IOException {
    ServerVersions versions = client.serverVersions();
    boolean authenticated = versions.supports("v1.11")
        || versions.isUnstableFeatureEnabled("org.matrix.msc3916.stable")
        || versions.isUnstableFeatureEnabled("org.matrix.msc3916");
    return new ServerInfo(versions, authenticated, versions.supports("v1.7"));
  }

  @Override
  public @Nullable String userAgent() {
    return client.userAgent();
  }
}
