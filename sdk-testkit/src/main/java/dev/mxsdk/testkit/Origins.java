package dev.mxsdk.testkit;

import com.sun.net.httpserver.HttpHandler;
import dev.mxsdk.testkit.internal.SelfSignedCertificate;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The two origins of a test server, the homeserver and the optional CDN, on two loopback ports,
 * and the threads that serve them: started together, stopped together.
 */
final class Origins {
  private final ExecutorService executor;
  private final LoopbackServer homeserver;
  private final @Nullable LoopbackServer cdn;

  private Origins(ExecutorService executor, LoopbackServer homeserver,
      @Nullable LoopbackServer cdn) {
    this.executor = executor;
    this.homeserver = homeserver;
    this.cdn = cdn;
  }

  /**
   * Binds the homeserver to {@code port} (0 for a random one) and, if {@code withCdn}, the CDN to
   * a random port; HTTPS with {@code certificate} if it is not null. Nothing is served yet.
   */
  static Origins bind(int port, boolean withCdn, @Nullable SelfSignedCertificate certificate)
      throws IOException {
    ExecutorService executor = daemonThreads();
    LoopbackServer homeserver = null;
    try {
      homeserver = LoopbackServer.bind(port, certificate, executor);
      LoopbackServer cdn = withCdn ? LoopbackServer.bind(0, certificate, executor) : null;
      return new Origins(executor, homeserver, cdn);
    } catch (IOException | RuntimeException e) {
      if (homeserver != null) homeserver.stop();
      executor.shutdownNow();
      throw e;
    }
  }

  /** Daemon threads, so that a test that forgets {@code close()} does not keep the JVM alive. */
  private static ExecutorService daemonThreads() {
    AtomicInteger threads = new AtomicInteger();
    return Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "mxsdk-testkit-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  String homeserverUrl() {
    return homeserver.url();
  }

  /** The CDN's URL, or null if there is no CDN. */
  @Nullable String cdnUrl() {
    return cdn != null ? cdn.url() : null;
  }

  /** Starts serving; {@code cdnHandler} must be given exactly when there is a CDN. */
  void start(HttpHandler homeserverHandler, @Nullable HttpHandler cdnHandler) {
    if ((cdn != null) != (cdnHandler != null)) {
      throw new IllegalArgumentException("a CDN handler is needed exactly when there is a CDN");
    }
    homeserver.start(homeserverHandler);
    if (cdn != null) cdn.start(cdnHandler);
  }

  /** Stops both origins at once, closing open connections, and their threads. */
  void stop() {
    homeserver.stop();
    if (cdn != null) cdn.stop();
    executor.shutdownNow();
  }
}
