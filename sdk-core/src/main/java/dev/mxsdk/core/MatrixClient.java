package dev.mxsdk.core;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.jspecify.annotations.Nullable;

/**
 * A client of one homeserver for one user: the base URL, the caller's {@link OkHttpClient} (so an
 * app keeps one connection pool), the access token, and the cached {@code /versions}.
 *
 * <pre>{@code
 * MatrixClient matrix = MatrixClient.builder()
 *     .homeserver(HttpUrl.get("https://matrix.example.org"))
 *     .accessTokenProvider(() -> session.accessToken())
 *     .okHttpClient(appOkHttpClient)
 *     .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe; share one instance. {@link #serverVersions()} is fetched once and
 * cached for {@link Builder#versionsCacheMillis(long)}; concurrent callers share one request.
 */
public final class MatrixClient {
  /** How long {@code /versions} is cached by default: 1 hour. */
  public static final long DEFAULT_VERSIONS_CACHE_MILLIS = TimeUnit.HOURS.toMillis(1);

  private final HttpUrl homeserver;
  private final OkHttpClient okHttpClient;
  private final AccessTokenProvider accessTokenProvider;
  private final @Nullable String userAgent;
  private final long versionsCacheMillis;
  private final Object versionsLock = new Object();
  private @Nullable ServerVersions versions;
  private long versionsFetchedAtNanos;

  private MatrixClient(Builder b) {
    this.homeserver = b.homeserver;
    this.okHttpClient = b.okHttpClient != null ? b.okHttpClient : new OkHttpClient();
    this.accessTokenProvider = b.accessTokenProvider;
    this.userAgent = b.userAgent;
    this.versionsCacheMillis = b.versionsCacheMillis;
  }

  /** Returns a builder; {@link Builder#homeserver(HttpUrl)} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The homeserver's base URL. */
  public HttpUrl homeserver() {
    return homeserver;
  }

  /** The caller's client (or a default one); requests derive their call paths from it. */
  public OkHttpClient okHttpClient() {
    return okHttpClient;
  }

  /** Supplies the access token for homeserver requests. */
  public AccessTokenProvider accessTokenProvider() {
    return accessTokenProvider;
  }

  /** The User-Agent sent with requests, or null for OkHttp's. */
  public @Nullable String userAgent() {
    return userAgent;
  }

  /**
   * Returns the server's versions, fetched once ({@code GET /_matrix/client/versions},
   * unauthenticated) and cached; concurrent callers wait for one request.
   *
   * @throws MatrixApiException if the server answered with an error
   * @throws IOException on network failure or a malformed answer
   */
  public ServerVersions serverVersions() throws IOException {
    synchronized (versionsLock) {
      ServerVersions cached = versions;
      if (cached != null
          && System.nanoTime() - versionsFetchedAtNanos < versionsCacheMillis * 1_000_000L) {
        return cached;
      }
      ServerVersions fetched = fetchVersions();
      versions = fetched;
      versionsFetchedAtNanos = System.nanoTime();
      return fetched;
    }
  }

  private ServerVersions fetchVersions() throws IOException {
    HttpUrl url = homeserver.newBuilder().addPathSegments("_matrix/client/versions").build();
    Request.Builder request = new Request.Builder().url(url);
    if (userAgent != null) request.header("User-Agent", userAgent);
    Response response = okHttpClient.newCall(request.build()).execute();
    try {
      if (!response.isSuccessful()) throw MatrixApiException.from(response);
      ResponseBody body = response.body();
      if (body == null) throw new IOException("/versions answered without a body");
      List<String> versionList = new ArrayList<String>();
      Map<String, Boolean> features = new LinkedHashMap<String, Boolean>();
      JsonReader reader = JsonReader.of(body.source());
      try {
        reader.beginObject();
        while (reader.hasNext()) {
          String name = reader.nextName();
          if (name.equals("versions") && reader.peek() == JsonReader.Token.BEGIN_ARRAY) {
            reader.beginArray();
            while (reader.hasNext()) {
              if (reader.peek() == JsonReader.Token.STRING) {
                versionList.add(reader.nextString());
              } else {
                reader.skipValue();
              }
            }
            reader.endArray();
          } else if (name.equals("unstable_features")
              && reader.peek() == JsonReader.Token.BEGIN_OBJECT) {
            reader.beginObject();
            while (reader.hasNext()) {
              String feature = reader.nextName();
              if (reader.peek() == JsonReader.Token.BOOLEAN) {
                features.put(feature, reader.nextBoolean());
              } else {
                reader.skipValue();
              }
            }
            reader.endObject();
          } else {
            reader.skipValue();
          }
        }
        reader.endObject();
      } catch (JsonDataException e) {
        throw new IOException("/versions is not valid JSON: " + e.getMessage(), e);
      }
      return new ServerVersions(versionList, features);
    } finally {
      response.close();
    }
  }

  /** Builds a {@link MatrixClient}. Not thread-safe. */
  public static final class Builder {
    private @Nullable HttpUrl homeserver;
    private @Nullable OkHttpClient okHttpClient;
    private AccessTokenProvider accessTokenProvider = new AccessTokenProvider() {
      @Override
      public @Nullable String accessToken() {
        return null;
      }
    };
    private @Nullable String userAgent;
    private long versionsCacheMillis = DEFAULT_VERSIONS_CACHE_MILLIS;

    Builder() {}

    /** The homeserver's base URL, e.g. {@code https://matrix.example.org}. Required. */
    public Builder homeserver(HttpUrl homeserver) {
      if (homeserver == null) throw new NullPointerException("homeserver == null");
      this.homeserver = homeserver;
      return this;
    }

    /** The caller's OkHttp client, whose connection pool and dispatcher are shared. */
    public Builder okHttpClient(OkHttpClient okHttpClient) {
      if (okHttpClient == null) throw new NullPointerException("okHttpClient == null");
      this.okHttpClient = okHttpClient;
      return this;
    }

    /** Supplies the access token for each request (default: none). */
    public Builder accessTokenProvider(AccessTokenProvider accessTokenProvider) {
      if (accessTokenProvider == null) {
        throw new NullPointerException("accessTokenProvider == null");
      }
      this.accessTokenProvider = accessTokenProvider;
      return this;
    }

    /** The User-Agent header value; null for OkHttp's default. */
    public Builder userAgent(@Nullable String userAgent) {
      this.userAgent = userAgent;
      return this;
    }

    /** How long {@code /versions} stays cached (default 1 hour). */
    public Builder versionsCacheMillis(long versionsCacheMillis) {
      if (versionsCacheMillis < 0) {
        throw new IllegalArgumentException("versionsCacheMillis < 0: " + versionsCacheMillis);
      }
      this.versionsCacheMillis = versionsCacheMillis;
      return this;
    }

    /** @throws IllegalStateException if no homeserver was set */
    public MatrixClient build() {
      if (homeserver == null) throw new IllegalStateException("homeserver == null");
      return new MatrixClient(this);
    }
  }
}
