package dev.mxsdk.testkit;

import dev.mxsdk.testkit.internal.TokenSealer;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * The route tables of the two origins: which {@link Route} answers which method and path, and
 * what each route is built from.
 *
 * <p>To add an endpoint, write one {@link Route} class that takes what it reads in its
 * constructor, and add one line here; put {@link AccessTokens#required(Route)} around it if the
 * endpoint needs an access token. Checks shared by several routes live in collaborators the table
 * hands them: {@link MediaLookup} (media requests and their faults), {@link MediaDelivery}
 * (redirect or serve), {@link CdnRedirects} (the keyed redirect), {@link UploadBody} (upload
 * limits), {@link CdnTokenCheck}, {@link CdnRepresentations} and {@link PartialContent} (the CDN).
 *
 * <p>Every media endpoint family ends with a catch-all ({@code ANY_REST}) so that a malformed
 * path under it is answered only after that family's own checks, authentication first, as the
 * rest of the family is.
 */
final class RouteTable {
  private static final String V1_MEDIA = "/_matrix/client/v1/media";
  private static final String LEGACY_MEDIA = "/_matrix/media/{version:v3|r0}";
  private static final String LOGIN = "/_matrix/client/v3/login";
  /** MSC3911's endpoints, under the unstable prefix its implementations use. */
  private static final String MSC3911_MEDIA = "/_matrix/client/unstable/org.matrix.msc3911/media";
  /** Matches the end of a path: nothing, or {@code /} and anything. */
  private static final String ANY_REST = "{rest:(/.*)?}";
  /** Matches {@code /} and anything, but not nothing. */
  private static final String ANY_SUBPATH = "{rest:/.*}";

  private static final Route UNRECOGNIZED =
      FixedRoute.error(404, "M_UNRECOGNIZED", "Unrecognized request");

  private RouteTable() {}

  /**
   * The homeserver origin.
   *
   * @param redirects the redirects to the CDN, or null when there is no CDN
   */
  static Router homeserver(TestHomeserverConfig config, String authority, MediaStore store,
      Accounts accounts, AccessTokens auth, Faults faults,
      AtomicReference<@Nullable String> wellKnown, @Nullable CdnRedirects redirects,
      UploadLog uploads) {
    String serverName = config.serverName();
    MediaAccess access = new MediaAccess(config.contentTokens(), config.linkedMedia());
    MediaLookup lookup = new MediaLookup(store, serverName, faults, config.maxUploadWaitMillis(),
        access);
    UploadBody upload = new UploadBody(store, config.maxUploadSize(), uploads);
    Route mediaConfig = auth.required(new MediaConfigRoute(config.maxUploadSize()));
    Route previewUrl = auth.required(
        new PreviewUrlRoute(store, serverName, config.maxUploadSize(), new LoopbackFetch()));
    Route unrecognizedAfterAuth = auth.required(UNRECOGNIZED);
    MediaCookies cookies = config.mediaAuthCookies()
        ? new MediaCookies(accounts, auth, serverName, config.clock(),
            config.mediaAuthCookieLifetimeMillis(), config.tls())
        : null;

    Router.Builder routes = Router.newBuilder()
        .get("/.well-known/matrix/client", new WellKnownRoute(wellKnown))
        .get("/_matrix/client/versions",
            new VersionsRoute(config.versions(), config.unstableFeatures()))
        .get(LOGIN, FixedRoute.json(200, LoginRoute.FLOWS))
        .post(LOGIN, new LoginRoute(accounts, serverName, authority))
        .post("/_matrix/client/v3/refresh", new RefreshRoute(accounts))
        .post("/_matrix/client/v3/logout", new LogoutRoute(accounts))
        .get("/_matrix/client/v3/account/whoami",
            auth.required(new WhoamiRoute(accounts, serverName, cookies)))

        .post("/_matrix/media/v1/create",
            auth.required(new CreateMediaRoute(store, serverName, config.clock(),
                config.unusedMediaLifetimeMillis(), config.maxPendingUploads())))
        .post(LEGACY_MEDIA + "/upload", auth.required(
            new UploadRoute(store, upload, serverName, config.contentTokens(), false)))
        .put(LEGACY_MEDIA + "/upload/{serverName}/{mediaId}", auth.required(new AsyncUploadRoute(
            store, upload, serverName, config.clock(), config.contentTokens())))
        // Not ANY_REST: a PUT to the bare upload path is the wrong method for the POST above.
        .put(LEGACY_MEDIA + "/upload" + ANY_SUBPATH, unrecognizedAfterAuth)
        // legacyMedia(false) freezes downloads and thumbnails only, as its Javadoc says.
        .get(LEGACY_MEDIA + "/config", mediaConfig)
        .get(LEGACY_MEDIA + "/config" + ANY_REST, unrecognizedAfterAuth)
        .get(LEGACY_MEDIA + "/preview_url", previewUrl);

    if (config.linkedMedia()) {
      routes.post(MSC3911_MEDIA + "/upload", auth.required(
              new UploadRoute(store, upload, serverName, config.contentTokens(), true)))
          .post(MSC3911_MEDIA + "/copy/{serverName}/{mediaId}",
              auth.required(new CopyRoute(store, serverName, access)))
          .post(MSC3911_MEDIA + ANY_REST, unrecognizedAfterAuth);
    }

    if (config.authenticatedMedia()) {
      MediaDelivery v1 = new MediaDelivery(redirects, true, config.stableAllowRedirect());
      // MSC4250: these three accept a media cookie in place of (or beside) the token.
      Route download = mediaAuth(auth, cookies, new DownloadRoute(lookup, v1));
      routes.get(V1_MEDIA + "/download/{serverName}/{mediaId}", download)
          .get(V1_MEDIA + "/download/{serverName}/{mediaId}/{fileName:[^/]*}", download)
          .get(V1_MEDIA + "/download" + ANY_REST, unrecognizedAfterAuth)
          .get(V1_MEDIA + "/thumbnail/{serverName}/{mediaId}",
              mediaAuth(auth, cookies, new ThumbnailRoute(lookup, store, v1)))
          .get(V1_MEDIA + "/thumbnail" + ANY_REST, unrecognizedAfterAuth)
          .get(V1_MEDIA + "/config", mediaConfig)
          .get(V1_MEDIA + "/config" + ANY_REST, unrecognizedAfterAuth)
          .get(V1_MEDIA + "/preview_url", previewUrl);
    }
    // Otherwise the v1 paths are unknown, as on a server without authenticated media.

    if (config.legacyMedia()) {
      MediaDelivery legacy = new MediaDelivery(redirects, false, config.stableAllowRedirect());
      Route download = new DownloadRoute(lookup, legacy);
      routes.get(LEGACY_MEDIA + "/download/{serverName}/{mediaId}", download)
          .get(LEGACY_MEDIA + "/download/{serverName}/{mediaId}/{fileName:[^/]*}", download)
          .get(LEGACY_MEDIA + "/download" + ANY_REST, UNRECOGNIZED)
          .get(LEGACY_MEDIA + "/thumbnail/{serverName}/{mediaId}",
              new ThumbnailRoute(lookup, store, legacy))
          .get(LEGACY_MEDIA + "/thumbnail" + ANY_REST, UNRECOGNIZED);
    } else {
      // A server that froze the legacy endpoints answers them as gone.
      Route frozen = FixedRoute.error(404, "M_NOT_FOUND", "Not found");
      routes.get(LEGACY_MEDIA + "/download" + ANY_REST, frozen)
          .get(LEGACY_MEDIA + "/thumbnail" + ANY_REST, frozen);
    }
    return routes.build(UNRECOGNIZED);
  }

  /** {@code route} behind a token, or behind a token or an MSC4250 cookie when they are on. */
  private static Route mediaAuth(AccessTokens auth, @Nullable MediaCookies cookies, Route route) {
    return cookies != null ? cookies.required(route) : auth.required(route);
  }

  /** The CDN origin. */
  static Router cdn(TestHomeserverConfig config, String homeserverUrl, String cdnUrl,
      MediaStore store, TokenSealer sealer, Faults faults, SecureRandom random,
      AtomicLong bodyBytes) {
    CdnTokenCheck tokens = new CdnTokenCheck(sealer, config.clock(), store, config.serverName());
    CdnRepresentations representations = new CdnRepresentations(faults, random,
        config.preEncoded() ? new PreEncodedCache(store) : null);
    return Router.newBuilder()
        .get(CdnProtocol.CDN_PATH_PREFIX + "{token:.*}", new CdnRoute(tokens, representations,
            new PartialContent(faults, bodyBytes), faults, homeserverUrl, cdnUrl))
        .build(FixedRoute.error(404, "M_NOT_FOUND", "Not found"));
  }
}
