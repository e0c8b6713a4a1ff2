package dev.mxsdk.media.server.internal;

import java.io.File;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The server's settings, validated by the public builder. Immutable. */
public final class ServerConfig {
  public final Limits limits;
  public final int maxConnections;
  public final long headerTimeoutMillis;
  public final long idleTimeoutMillis;
  public final long writeTimeoutMillis;
  public final List<String> allowedOrigins;
  /** Where verified E2EE media is spooled for its link. */
  public final File spoolDirectory;

  public ServerConfig(Limits limits, int maxConnections, long headerTimeoutMillis,
      long idleTimeoutMillis, long writeTimeoutMillis, List<String> allowedOrigins,
      File spoolDirectory) {
    this.limits = limits;
    this.maxConnections = maxConnections;
    this.headerTimeoutMillis = headerTimeoutMillis;
    this.idleTimeoutMillis = idleTimeoutMillis;
    this.writeTimeoutMillis = writeTimeoutMillis;
    this.allowedOrigins = Collections.unmodifiableList(new ArrayList<>(allowedOrigins));
    this.spoolDirectory = spoolDirectory;
  }
}
