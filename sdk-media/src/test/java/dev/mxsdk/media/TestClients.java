package dev.mxsdk.media;

import dev.mxsdk.core.MatrixClient;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/** Builds the MatrixClient the tests' MediaClients run on. */
final class TestClients {
  private TestClients() {}

  static MatrixClient matrixClient(HttpUrl homeserver, OkHttpClient okHttpClient, String token) {
    return matrixClientBuilder(homeserver, okHttpClient, token).build();
  }

  static MatrixClient.Builder matrixClientBuilder(HttpUrl homeserver, OkHttpClient okHttpClient,
      String token) {
    return MatrixClient.builder()
        .homeserver(homeserver)
        .allowInsecureLoopback(true)
        .okHttpClient(okHttpClient)
        .accessTokenProvider(() -> token);
  }
}
