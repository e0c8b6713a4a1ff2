package dev.mxsdk.core;

import org.jspecify.annotations.Nullable;

/**
 * The result of {@link ServerDiscovery#discover(String)}: the homeserver's base URL (checked with
 * {@code /versions}), the identity server's when one was advertised (checked too), and whether
 * they came from {@code .well-known} or from the server name itself (no {@code .well-known}).
 *
 * <p>Immutable and thread-safe.
 */
public final class DiscoveredServer {
  private final String serverName;
  private final okhttp3.HttpUrl homeserver;
  private final okhttp3.@Nullable HttpUrl identityServer;
  private final boolean fromWellKnown;
  private final ServerVersions versions;

  DiscoveredServer(String serverName, okhttp3.HttpUrl homeserver,
      okhttp3.@Nullable HttpUrl identityServer, boolean fromWellKnown, ServerVersions versions) {
    this.serverName = serverName;
    this.homeserver = homeserver;
    this.identityServer = identityServer;
    this.fromWellKnown = fromWellKnown;
    this.versions = versions;
  }

  /** {@return the server name discovery started from, e.g. {@code example.org}} */
  public String serverName() {
    return serverName;
  }

  /**
   * {@return the homeserver's base URL (https), for
   * {@link MatrixClient.Builder#homeserver(okhttp3.HttpUrl)}}
   */
  public okhttp3.HttpUrl homeserver() {
    return homeserver;
  }

  /** {@return the identity server's base URL, or null when none was advertised} */
  public okhttp3.@Nullable HttpUrl identityServer() {
    return identityServer;
  }

  /**
   * True when {@code .well-known} named the homeserver; false when there was none (404) and the
   * server name itself answered {@code /versions}.
   *
   * @return true if {@code .well-known} named the homeserver, false if the server name was used
   *     itself
   */
  public boolean fromWellKnown() {
    return fromWellKnown;
  }

  /** {@return the homeserver's {@code /versions}, fetched while checking it} */
  public ServerVersions versions() {
    return versions;
  }

  @Override
  public String toString() {
    return "DiscoveredServer{serverName=" + serverName + ", homeserver=" + homeserver
        + (identityServer != null ? ", identityServer=" + identityServer : "")
        + ", fromWellKnown=" + fromWellKnown + "}";
  }
}
