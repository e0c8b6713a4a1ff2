package dev.mxsdk.cli;

import dev.mxsdk.core.MatrixClient;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/** Shared plumbing of the subcommands that talk to a homeserver. */
final class Cli {
  private Cli() {}

  /** A Matrix client for {@code homeserver} with its own OkHttp client, authenticated by {@code token}. */
  static MatrixClient matrixClient(HttpUrl homeserver, @Nullable String token) {
    return matrixClient(homeserver, token, okHttpClient().build());
  }

  /** A builder for the OkHttp client the subcommands use. */
  static OkHttpClient.Builder okHttpClient() {
    return new OkHttpClient.Builder()
        .connectTimeout(30, TimeUnit.SECONDS)
        .readTimeout(60, TimeUnit.SECONDS);
  }

  /** A Matrix client for {@code homeserver} on {@code okHttpClient}, authenticated by {@code token}. */
  static MatrixClient matrixClient(
      HttpUrl homeserver, @Nullable String token, OkHttpClient okHttpClient) {
    return MatrixClient.builder()
        .homeserver(homeserver)
        .allowInsecureLoopback(true) // MediaOptions applies --allow-insecure-loopback
        .okHttpClient(okHttpClient)
        .accessTokenProvider(() -> token)
        .userAgent("mxmedia")
        .build();
  }

  /** Releases the client's threads and connections so the process can exit at once. */
  static void shutdown(MatrixClient client) {
    OkHttpClient okHttpClient = client.okHttpClient();
    okHttpClient.dispatcher().executorService().shutdown();
    okHttpClient.connectionPool().evictAll();
  }
}
