package dev.mxsdk.media.server;

import dev.mxsdk.media.server.internal.Capabilities;

/**
 * A capability URL issued by {@link MediaServer#url(MediaContent)}: hand {@link #url()} to a
 * player, a WebView or an image loader, and {@link #revoke()} it when the media leaves the screen.
 *
 * <pre>{@code
 * MediaLink link = server.url(content);
 * videoView.setVideoURI(Uri.parse(link.url()));
 * // ... when the message is deleted or the screen closes:
 * link.revoke();
 * }</pre>
 *
 * <h2>Security</h2>
 * The URL is a bearer secret: whoever has it can read the media until it expires or is revoked,
 * from any app on the device. Keep it out of logs and analytics; {@link #toString()} leaves the
 * capability out.
 *
 * <p>Thread-safe.
 */
public final class MediaLink {
  private final String url;
  private final String redacted;
  private final Capabilities.Entry entry;

  MediaLink(String url, String redacted, Capabilities.Entry entry) {
    this.url = url;
    this.redacted = redacted;
    this.entry = entry;
  }

  /**
   * The URL, {@code http://127.0.0.1:PORT/<capability>/<file name>}, that serves the content with
   * GET and HEAD (and {@code Range}) until it expires or is revoked.
   *
   * @return the link's URL, a capability: whoever has it can read the content
   */
  public String url() {
    return url;
  }

  /**
   * {@return when the link stops working for new requests, in {@link dev.mxsdk.core.Clock} millis}
   */
  public long expiresAtMillis() {
    return entry.expiresAtMillis();
  }

  /**
   * Makes the URL unknown at once (404) and breaks off the responses in flight for it, releasing
   * their upstream connections. Idempotent.
   */
  public void revoke() {
    entry.revoke();
  }

  /**
   * {@return whether {@link #revoke()} was called or the server closed} A link that merely expired
   * is not revoked.
   */
  public boolean isRevoked() {
    return entry.isRevoked();
  }

  /** The URL with the capability left out, and the expiry. */
  @Override
  public String toString() {
    return "MediaLink{" + redacted + ", expiresAtMillis=" + entry.expiresAtMillis()
        + (entry.isRevoked() ? ", revoked" : "") + "}";
  }
}
