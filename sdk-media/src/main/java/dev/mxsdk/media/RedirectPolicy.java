package dev.mxsdk.media;

import okhttp3.HttpUrl;

/**
 * Decides whether the SDK may follow a redirect to a URL, on top of the built-in rules.
 *
 * <p>The built-in rules always apply first and cannot be relaxed here: https only (plain http only
 * with {@code MatrixClient.Builder.allowInsecureLoopback(true)} and only to loopback
 * addresses), never from https to http, at most 5 redirects. A policy can only refuse more, for
 * example private network addresses in a bot or bridge that must not be steered into an internal
 * network by a hostile server:
 *
 * <pre>{@code
 * RedirectPolicy noPrivateHosts = url -> !url.host().endsWith(".internal");
 * }</pre>
 *
 * <p>It is called once per redirect target (never for the homeserver URL the download starts at),
 * on the thread that runs the download; implementations must be thread-safe. A refusal fails the
 * download with {@link RedirectPolicyException}.
 *
 * <h2>Security</h2>
 * The URL may carry a one-time credential in its path (a CDN token); do not log it.
 */
public interface RedirectPolicy {
  /**
   * Returns true to follow a redirect to {@code url}, false to fail the download.
   *
   * @param url the redirect target, after the built-in rules allowed it
   * @return true to follow the redirect
   */
  boolean allow(HttpUrl url);
}
