package dev.mxsdk.testkit;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;

/**
 * Answers one kind of request, once the {@link Router} has matched its method and path.
 *
 * <p>A route gets everything it reads besides the request (the media store, the accounts, the
 * fault switches, the clock, configured values) through its constructor, so that its behaviour is
 * decided by what the route table hands it and nothing else. Routes are shared by every request of
 * their origin: thread-safe.
 */
interface Route {
  /**
   * Answers {@code exchange}: sends the status, headers and body, or throws to abandon it (the
   * origin then closes the connection).
   */
  void handle(HttpExchange exchange, RouteRequest request) throws IOException;
}
