package dev.mxsdk.testkit;

import com.sun.net.httpserver.HttpExchange;
import dev.mxsdk.testkit.internal.Json;
import java.io.IOException;

/** A route whose answer never changes: a Matrix error or a constant JSON body. */
final class FixedRoute implements Route {
  private final int status;
  private final String json;

  private FixedRoute(int status, String json) {
    this.status = status;
    this.json = json;
  }

  /** Answers {@code status} with the Matrix error body {@code {"errcode":..,"error":..}}. */
  static FixedRoute error(int status, String errcode, String message) {
    return new FixedRoute(status, Json.error(errcode, message));
  }

  /** Answers {@code status} with {@code json} as it is. */
  static FixedRoute json(int status, String json) {
    return new FixedRoute(status, json);
  }

  @Override
  public void handle(HttpExchange exchange, RouteRequest request) throws IOException {
    Exchanges.json(exchange, status, json);
  }

  @Override
  public String toString() {
    return "FixedRoute[" + status + "]";
  }
}
