package dev.mxsdk.testkit;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.mxsdk.testkit.internal.SelfSignedCertificate;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * One origin: the JDK's HTTP (or HTTPS) server bound to {@code 127.0.0.1}, so that nothing beyond
 * this machine can reach a test server.
 */
final class LoopbackServer {
  /**
   * The JDK server leaves Nagle's algorithm on by default, so the body segment of a small
   * response waits for the client's delayed ACK of the header segment: about 40 ms per exchange
   * on Linux loopback (measured: sdk-cli's ranged-download tests took 35 s with it, 3 s without). The property is
   * read once, when the JDK's first HTTP server is created; a value set by the caller is kept.
   */
  private static final String NO_DELAY = "sun.net.httpserver.nodelay";

  static {
    if (System.getProperty(NO_DELAY) == null) System.setProperty(NO_DELAY, "true");
  }

  private final HttpServer server;
  private final String url;

  private LoopbackServer(HttpServer server, String url) {
    this.server = server;
    this.url = url;
  }

  /**
   * Binds {@code port} (0 for a random free one); serves HTTPS with {@code certificate} if it is
   * not null. Requests run on {@code executor} once {@link #start} is called.
   */
  static LoopbackServer bind(int port, @Nullable SelfSignedCertificate certificate,
      Executor executor) throws IOException {
    InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    HttpServer server;
    if (certificate != null) {
      HttpsServer https = HttpsServer.create(address, 0);
      https.setHttpsConfigurator(new HttpsConfigurator(certificate.serverContext()));
      server = https;
    } else {
      server = HttpServer.create(address, 0);
    }
    server.setExecutor(executor);
    String url = (certificate != null ? "https" : "http") + "://127.0.0.1:"
        + server.getAddress().getPort();
    return new LoopbackServer(server, url);
  }

  /** The origin, e.g. {@code http://127.0.0.1:41235} (no trailing slash). */
  String url() {
    return url;
  }

  /** Starts serving every path with {@code handler}. */
  void start(HttpHandler handler) {
    server.createContext("/", handler);
    server.start();
  }

  /** Stops at once, closing open connections. */
  void stop() {
    server.stop(0);
  }
}
