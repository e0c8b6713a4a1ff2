/**
 * The download flow of sdk-media, one class per step in the order a download takes them:
 * {@code Negotiation} (endpoints from {@code /versions}), {@code RedirectChain} with
 * {@code KeyCapture} (the authenticated request, the hand-followed redirects, the key),
 * {@code CdnLayer} (fail-closed rules, RFC 8188), {@code E2eeLayer}; {@code DownloadFlow} runs
 * them and hands a {@code Download} to {@code internal.delivery}. Uploads: {@code UploadFlow} runs
 * them with an {@code UploadBody} over an {@code UploadContent}, checking {@code UploadLimit}
 * first. Every request goes through sdk-core's {@code HomeserverPath}. <strong>Not API.</strong>
 */
@NullMarked
package dev.mxsdk.media.internal.flow;

import org.jspecify.annotations.NullMarked;
