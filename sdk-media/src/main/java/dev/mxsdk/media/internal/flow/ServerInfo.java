package dev.mxsdk.media.internal.flow;

/**
 * What the flow needs from the server's {@code /versions}: whether it serves authenticated media
 * (v1.11, or MSC3916 unstable), and whether it knows the stable {@code allow_redirect} (v1.7).
 * {@code identity} is the cached versions object: a v1 fallback is remembered while it stays the
 * same.
 */
public final class ServerInfo {
  final Object identity;
  final boolean authenticatedMedia;
  final boolean stableAllowRedirect;

  public ServerInfo(Object identity, boolean authenticatedMedia, boolean stableAllowRedirect) {
    this.identity = identity;
    this.authenticatedMedia = authenticatedMedia;
    this.stableAllowRedirect = stableAllowRedirect;
  }
}
