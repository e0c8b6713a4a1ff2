/**
 * A reference Matrix homeserver media repository and MSC4097 CDN for tests, built on the JDK's own
 * HTTP server.
 *
 * <p>The API is {@link dev.mxsdk.testkit.TestHomeserver} with its builder, {@link
 * dev.mxsdk.testkit.Faults}, {@link dev.mxsdk.testkit.RecordedRequest} and {@link
 * dev.mxsdk.testkit.RecordedUpload}; every other class here is package-private.
 *
 * <p>Inside, for contributors: {@code TestHomeserver} is a facade over the parts. Its settings are
 * a {@code TestHomeserverConfig}; the state is a {@code MediaStore} and {@code Accounts}; each
 * origin is an {@code OriginHandler} (request log, CORS, preflight) in front of a {@code Router}.
 * {@code RouteTable} holds both route tables, method and path template to {@code Route}, and builds
 * each route from the collaborators it reads (store, accounts, token sealer, faults, clock,
 * configured values). A new endpoint is one {@code Route} class plus one line in {@code
 * RouteTable}; checks shared by several endpoints go into the collaborator that owns them
 * ({@code AccessTokens}, {@code MediaLookup}, {@code MediaDelivery}, {@code CdnRedirects}, {@code
 * UploadBody}, {@code CdnTokenCheck}, {@code CdnRepresentations}, {@code PartialContent} with
 * {@code ByteRange}, {@code FaultyOutputStream}).
 */
@NullMarked
package dev.mxsdk.testkit;

import org.jspecify.annotations.NullMarked;
