package dev.mxsdk.media.internal.flow;

import dev.mxsdk.core.MatrixClient;
import dev.mxsdk.core.MxcUri;
import dev.mxsdk.core.ServerVersions;
import dev.mxsdk.media.MediaRequest;
import dev.mxsdk.media.codec.Msc4097;
import java.io.IOException;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * Step 1 of the flow: what the server speaks, from its cached {@code /versions}, and the URLs that
 * follow from it. Spec v1.11 or the unstable feature {@code org.matrix.msc3916.stable} (or
 * {@code org.matrix.msc3916}) means the authenticated {@code /_matrix/client/v1/media} endpoints;
 * otherwise the legacy {@code /_matrix/media/v3} ones, which get {@code allow_redirect=true}
 * (spec v1.7+) or {@code com.beeper.msc3860.allow_redirect=true} (MSC3860, older servers). A v1
 * endpoint answering {@code 404 M_UNRECOGNIZED} switches to legacy until {@code /versions} is
 * fetched again. Downloads and thumbnails offer MSC4097 CDN encryption when asked. Uploads have
 * one URL family whatever the server speaks: {@code POST /_matrix/media/v3/upload}, and MSC2246's
 * {@code POST /_matrix/media/v1/create} then {@code PUT /_matrix/media/v3/upload/{server}/{id}}.
 * One per {@code MediaClient}; thread-safe.
 */
public final class Negotiation {
  static final String V1_PREFIX = "_matrix/client/v1/media";
  static final String LEGACY_PREFIX = "_matrix/media/v3";
  static final String STABLE_ALLOW_REDIRECT = "allow_redirect";
  static final String MSC3860_ALLOW_REDIRECT = "com.beeper.msc3860.allow_redirect";
  static final String TIMEOUT_PARAMETER = "timeout_ms";
  /**
   * The {@code unstable_features} flag under which a server says it answers {@code HEAD} on
   * downloads (MSC4120). The MSC defines no unstable prefix of its own; this is the name by the
   * usual convention, and the SDK sends {@code HEAD} only where it is advertised.
   */
  static final String MSC4120 = "org.matrix.msc4120";

  /**
   * Uploads stay on {@code /_matrix/media/v3} on every server: spec v1.11 moved downloads,
   * thumbnails, config and previews to {@code /_matrix/client/v1/media}, not uploads.
   */
  static final String UPLOAD_PREFIX = "_matrix/media/v3/upload";
  /**
   * The {@code unstable_features} flag of MSC3911 (linking media to events). The MSC's unstable
   * prefix section is a TODO; this is the name by the usual convention, the one its
   * implementations use.
   */
  public static final String MSC3911 = "org.matrix.msc3911";
  /** MSC3911's endpoints under their unstable prefix: {@code upload} and {@code copy}. */
  static final String MSC3911_PREFIX = "_matrix/client/unstable/org.matrix.msc3911/media";

  /** MSC2246's {@code /create}, stable since spec v1.7. */
  static final String CREATE_PATH = "_matrix/media/v1/create";
  static final String FILENAME_PARAMETER = "filename";

  /** The endpoint family a request uses. */
  public enum Family {
    V1("v1"),
    LEGACY("legacy");

    /** The name diagnostics show. */
    public final String label;

    Family(String label) {
      this.label = label;
    }
  }

  /** What one request uses: the family, and whether it got there by falling back. */
  public static final class Route {
    public final Family family;
    public final boolean fellBack;
    final ServerVersions versions;

    Route(Family family, boolean fellBack, ServerVersions versions) {
      this.family = family;
      this.fellBack = fellBack;
      this.versions = versions;
    }
  }

  private final MatrixClient client;
  /** The versions object for which v1 answered M_UNRECOGNIZED; cleared by a new fetch. */
  private volatile @Nullable ServerVersions legacyFor;

  public Negotiation(MatrixClient client) {
    this.client = client;
  }

  /** The route for the next request. */
  public Route route() throws IOException {
    ServerVersions versions = client.serverVersions();
    boolean authenticated = versions.supports("v1.11")
        || versions.isUnstableFeatureEnabled("org.matrix.msc3916.stable")
        || versions.isUnstableFeatureEnabled("org.matrix.msc3916");
    if (authenticated && legacyFor != versions) return new Route(Family.V1, false, versions);
    return new Route(Family.LEGACY, authenticated, versions);
  }

  /** Remembers that {@code route}'s v1 endpoint is not there, and returns the legacy route. */
  public Route fallBack(Route route) {
    legacyFor = route.versions;
    return new Route(Family.LEGACY, true, route.versions);
  }

  private HttpUrl.Builder base(Family family) {
    return client.homeserver().newBuilder()
        .addPathSegments(family == Family.V1 ? V1_PREFIX : LEGACY_PREFIX);
  }

  /**
   * The download or thumbnail URL of {@code request} on {@code route}; a download with a
   * {@linkplain MediaRequest#fileName() file name} uses the {@code .../{mediaId}/{fileName}} form,
   * which both families have.
   */
  public HttpUrl media(Route route, MediaRequest request, boolean offerCdnEncryption,
      long timeoutMillis) {
    HttpUrl.Builder b = base(route.family)
        .addPathSegment(request.isThumbnail() ? "thumbnail" : "download")
        .addPathSegment(request.mxcUri().serverName())
        .addPathSegment(request.mxcUri().mediaId());
    String fileName = request.fileName();
    if (fileName != null) b.addPathSegment(fileName);
    if (request.isThumbnail()) {
      b.addQueryParameter("width", Integer.toString(request.width()));
      b.addQueryParameter("height", Integer.toString(request.height()));
      b.addQueryParameter("method", request.method().wireName());
      b.addQueryParameter("animated", Boolean.toString(request.animated()));
    }
    b.addQueryParameter(TIMEOUT_PARAMETER, Long.toString(timeoutMillis));
    if (route.family == Family.LEGACY) {
      b.addQueryParameter(route.versions.supports("v1.7")
          ? STABLE_ALLOW_REDIRECT : MSC3860_ALLOW_REDIRECT, "true");
    }
    if (offerCdnEncryption) {
      b.addQueryParameter(Msc4097.OPT_IN_PARAMETER, Msc4097.ALG_AES128GCM);
    }
    return b.build();
  }

  /** The URL preview URL for {@code url} on {@code route}, with {@code ts} unless it is negative. */
  public HttpUrl previewUrl(Route route, String url, long ts) {
    HttpUrl.Builder b = base(route.family).addPathSegment("preview_url")
        .addQueryParameter("url", url);
    if (ts >= 0) b.addQueryParameter("ts", Long.toString(ts));
    return b.build();
  }

  /** The media config URL on {@code route}. */
  public HttpUrl config(Route route) {
    return base(route.family).addPathSegment("config").build();
  }

  /** {@code POST /_matrix/media/v3/upload}, with {@code ?filename=} when a name is given. */
  public HttpUrl upload(@Nullable String fileName) {
    HttpUrl.Builder b = client.homeserver().newBuilder().addPathSegments(UPLOAD_PREFIX);
    if (fileName != null) b.addQueryParameter(FILENAME_PARAMETER, fileName);
    return b.build();
  }

  /** {@code PUT /_matrix/media/v3/upload/{serverName}/{mediaId}} for a reserved {@code mxc}. */
  public HttpUrl upload(MxcUri mxc, @Nullable String fileName) {
    HttpUrl.Builder b = client.homeserver().newBuilder().addPathSegments(UPLOAD_PREFIX)
        .addPathSegment(mxc.serverName())
        .addPathSegment(mxc.mediaId());
    if (fileName != null) b.addQueryParameter(FILENAME_PARAMETER, fileName);
    return b.build();
  }

  /** MSC3911's restricted {@code POST .../org.matrix.msc3911/media/upload}, with a name if given. */
  public HttpUrl restrictedUpload(@Nullable String fileName) {
    HttpUrl.Builder b = client.homeserver().newBuilder().addPathSegments(MSC3911_PREFIX)
        .addPathSegment("upload");
    if (fileName != null) b.addQueryParameter(FILENAME_PARAMETER, fileName);
    return b.build();
  }

  /** MSC3911's {@code POST .../org.matrix.msc3911/media/copy/{serverName}/{mediaId}}. */
  public HttpUrl copy(MxcUri mxc) {
    return client.homeserver().newBuilder().addPathSegments(MSC3911_PREFIX)
        .addPathSegment("copy")
        .addPathSegment(mxc.serverName())
        .addPathSegment(mxc.mediaId())
        .build();
  }

  /** Whether the cached {@code /versions} advertises MSC3911. */
  public boolean linkedMedia() throws IOException {
    return client.serverVersions().isUnstableFeatureEnabled(MSC3911);
  }

  /** {@code POST /_matrix/media/v1/create}. */
  public HttpUrl create() {
    return client.homeserver().newBuilder().addPathSegments(CREATE_PATH).build();
  }
}
