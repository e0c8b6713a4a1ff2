package dev.mxsdk.media.internal.flow;

import dev.mxsdk.media.MediaRequest;
import okhttp3.HttpUrl;

/** Builds the download, thumbnail and config URLs of both endpoint families. */
final class Endpoints {
  static final String OPT_IN_PARAMETER = "org.matrix.msc4097.encryption";
  static final String OFFERED_ALGORITHMS = "aes128gcm";

  private Endpoints() {}

  enum Family {
    V1("v1"),
    LEGACY("legacy");

    final String label;

    Family(String label) {
      this.label = label;
    }
  }

  private static HttpUrl.Builder base(HttpUrl homeserver, Family family) {
    HttpUrl.Builder b = homeserver.newBuilder();
    if (family == Family.V1) {
      b.addPathSegments("_matrix/client/v1/media");
    } else {
      b.addPathSegments("_matrix/media/v3");
    }
    return b;
  }

  static HttpUrl media(HttpUrl homeserver, Family family, ServerInfo info, MediaRequest request,
      boolean offerCdnEncryption, long timeoutMillis) {
    HttpUrl.Builder b = base(homeserver, family)
        .addPathSegment(request.isThumbnail() ? "thumbnail" : "download")
        .addPathSegment(request.mxcUri().serverName())
        .addPathSegment(request.mxcUri().mediaId());
    if (request.isThumbnail()) {
      b.addQueryParameter("width", Integer.toString(request.width()));
      b.addQueryParameter("height", Integer.toString(request.height()));
      b.addQueryParameter("method", request.method().wireName());
      b.addQueryParameter("animated", Boolean.toString(request.animated()));
    }
    b.addQueryParameter("timeout_ms", Long.toString(timeoutMillis));
    if (family == Family.LEGACY) {
      b.addQueryParameter(
          info.stableAllowRedirect ? "allow_redirect" : "com.beeper.msc3860.allow_redirect",
          "true");
    }
    if (offerCdnEncryption) {
      b.addQueryParameter(OPT_IN_PARAMETER, OFFERED_ALGORITHMS);
    }
    return b.build();
  }

  static HttpUrl config(HttpUrl homeserver, Family family) {
    return base(homeserver, family).addPathSegment("config").build();
  }
}
