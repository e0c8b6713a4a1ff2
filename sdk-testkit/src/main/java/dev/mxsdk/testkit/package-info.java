/**
 * A reference Matrix homeserver media repository and MSC4097 CDN for tests, built on the JDK's
 * own HTTP server.
 *
 * <p>The API is {@link dev.mxsdk.testkit.TestHomeserver} with its {@link
 * dev.mxsdk.testkit.TestHomeserverBuilder}, {@link dev.mxsdk.testkit.Faults}, {@link
 * dev.mxsdk.testkit.RecordedRequest} and {@link dev.mxsdk.testkit.RecordedUpload}; every other
 * class here is package-private.
 *
 * <p>The homeserver (at {@link TestHomeserver#baseUrl()}) serves {@code
 * /_matrix/client/versions}, uploads ({@code POST /_matrix/media/v3/upload}, {@code POST
 * /_matrix/media/v1/create} + {@code PUT /_matrix/media/v3/upload/{server}/{id}}, checked as a
 * real server checks them and recorded, see {@link TestHomeserver#uploads()}), downloads and
 * thumbnails on the authenticated {@code /_matrix/client/v1/media/...} endpoints and on the
 * legacy {@code /_matrix/media/v3/...} ones (unauthenticated, as the spec has them), and {@code
 * config}. Download and thumbnail requests are redirected to the CDN (at {@link
 * TestHomeserver#cdnBaseUrl()}): v1 requests always, legacy ones with {@code
 * allow_redirect=true} or {@code com.beeper.msc3860.allow_redirect=true}. A request carrying
 * {@code org.matrix.msc4097.encryption=aes128gcm} gets a 307 with a fresh key in {@code
 * X-Matrix-Media-Encryption} and a sealed CDN URL; the CDN then serves the RFC 8188 {@code
 * aes128gcm} encoding under that key, streaming, with {@code Range} support (every form of RFC
 * 9110: {@code a-b}, {@code a-}, {@code -n}; 416 past the end; see {@link ByteRange}). The key
 * header also names the encoding's {@code rs} and {@code salt} unless {@link
 * TestHomeserverBuilder#keyHeaderRecordLayout(boolean)} turns that off. Without the opt-in the
 * CDN URL serves the bytes as stored. {@code org.matrix.msc4097.redirect=json} asks for the
 * JSON variant.
 *
 * <p>As a real homeserver, it also: answers {@code HEAD} wherever it answers {@code GET}, with
 * the same status and headers and no body (MSC4120 on downloads; on the CDN for the whole
 * representation); serves the file name of the {@code
 * .../download/{serverName}/{mediaId}/{fileName}} form, also from the CDN (the redirect's token
 * carries it); never makes a thumbnail larger than the original and answers a request at or
 * above the original's size with the original's bytes; lets a download of media created but not
 * yet uploaded wait for the upload up to its {@code timeout_ms} ({@link
 * TestHomeserverBuilder#maxUploadWaitMillis}); and previews URLs ({@code
 * .../media/preview_url}) of pages on loopback hosts only, never fetching from another host.
 * {@link TestHomeserverBuilder#accessLog} writes a redacted JSON line per request.
 *
 * <p>Accounts: users added with {@link TestHomeserverBuilder#user(String, String)} log in with
 * {@code POST /_matrix/client/v3/login} ({@code m.login.password}, identifier {@code m.id.user}
 * with the localpart or the full user ID), refresh with {@code POST /_matrix/client/v3/refresh}
 * (a refresh token works exactly once: a second use answers {@code 401 M_UNKNOWN_TOKEN}), and
 * log out with {@code POST /_matrix/client/v3/logout}; {@code GET
 * /_matrix/client/v3/account/whoami} names the token's user. Access tokens of logins that asked
 * for a refresh token expire after {@link
 * TestHomeserverBuilder#accessTokenLifetimeMillis(long)} (or at once with {@link
 * TestHomeserver#expireAccessTokens()}), and are then answered {@code 401 M_UNKNOWN_TOKEN} with
 * {@code soft_logout: true}. The homeserver also serves {@code /.well-known/matrix/client}
 * naming {@link TestHomeserver#baseUrl()} (see {@link TestHomeserver#wellKnown(String)}); user
 * IDs on the server's own address ({@code @alice:127.0.0.1:port}) are accepted besides the
 * configured server name, so discovery can start from them.
 *
 * <p>Inside, for contributors: {@code TestHomeserver} is a facade over the parts. Its settings
 * are a {@code TestHomeserverBuilder}, frozen by {@code start()} into a {@code
 * TestHomeserverConfig}; seeding goes through a {@code MediaSeeder}; the state is a {@code
 * MediaStore} and {@code Accounts}; each origin is an {@code OriginHandler} (request log, CORS,
 * preflight) in front of a {@code Router}. {@code RouteTable} holds both route tables, method
 * and path template to {@code Route}, and builds each route from the collaborators it reads
 * (store, accounts, token sealer, faults, clock, configured values). A new endpoint is one
 * {@code Route} class plus one line in {@code RouteTable}; checks shared by several endpoints
 * go into the collaborator that owns them ({@code AccessTokens}, {@code MediaLookup}, {@code
 * MediaDelivery}, {@code CdnRedirects}, {@code UploadBody}, {@code CdnTokenCheck}, {@code
 * CdnRepresentations}, {@code PartialContent} with {@code ByteRange}, {@code
 * FaultyOutputStream}).
 */
@NullMarked
package dev.mxsdk.testkit;

import org.jspecify.annotations.NullMarked;
