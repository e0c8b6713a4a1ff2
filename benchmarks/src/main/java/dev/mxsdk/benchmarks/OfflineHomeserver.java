package dev.mxsdk.benchmarks;

import dev.mxsdk.core.MatrixClient;
import dev.mxsdk.media.MediaCache;
import dev.mxsdk.media.MediaClient;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * A homeserver inside the client: an OkHttp application interceptor that answers {@code /versions}
 * and {@code /_matrix/client/v1/media/download/...} from memory without a socket, so that filling a
 * cache with 100,000 entries measures the cache, not HTTP. Media not registered with
 * {@link #put} is generated from its media ID ({@link #generated}). Counts the requests it answers.
 */
final class OfflineHomeserver implements Interceptor {
  static final String BASE_URL = "https://offline.invalid";
  private static final String DOWNLOAD = "/_matrix/client/v1/media/download/";
  private static final MediaType OCTET_STREAM = MediaType.get("application/octet-stream");

  private final Map<String, byte[]> media = new ConcurrentHashMap<>();
  private final int generatedSize;
  final AtomicLong requests = new AtomicLong();

  OfflineHomeserver(int generatedSize) {
    this.generatedSize = generatedSize;
  }

  void put(String mediaId, byte[] bytes) {
    media.put(mediaId, bytes);
  }

  static byte[] generated(String mediaId, int size) {
    return Payloads.bytes(size, mediaId.hashCode());
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    requests.incrementAndGet();
    String path = chain.request().url().encodedPath();
    Response.Builder response = new Response.Builder()
        .request(chain.request())
        .protocol(Protocol.HTTP_1_1)
        .code(200)
        .message("OK");
    if (path.equals("/_matrix/client/versions")) {
      return response.body(ResponseBody.create("{\"versions\":[\"v1.11\"]}",
          MediaType.get("application/json"))).build();
    }
    if (path.startsWith(DOWNLOAD)) {
      String mediaId = path.substring(path.lastIndexOf('/') + 1);
      byte[] bytes = media.get(mediaId);
      if (bytes == null) bytes = generated(mediaId, generatedSize);
      return response.body(ResponseBody.create(bytes, OCTET_STREAM)).build();
    }
    return response.code(404).message("Not Found")
        .body(ResponseBody.create("{\"errcode\":\"M_NOT_FOUND\"}", MediaType.get("application/json")))
        .build();
  }

  /** A media client of this homeserver with {@code cache}. */
  MediaClient mediaClient(MediaCache cache) {
    MatrixClient matrix = MatrixClient.builder()
        .homeserver(BASE_URL)
        .accessTokenProvider(() -> "benchmark-token")
        .okHttpClient(new OkHttpClient.Builder().addInterceptor(this).build())
        .build();
    return MediaClient.builder(matrix).cache(cache).build();
  }
}
