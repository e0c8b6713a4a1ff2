package dev.mxsdk.testkit;

import com.sun.net.httpserver.HttpExchange;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The requests one origin received, in arrival order. Thread-safe. */
final class RequestLog {
  private final List<RecordedRequest> requests = new ArrayList<>();

  /** Records the request line and headers of {@code exchange}; the body is left unread. */
  void record(HttpExchange exchange) {
    String query = exchange.getRequestURI().getRawQuery();
    String target = exchange.getRequestURI().getRawPath() + (query != null ? "?" + query : "");
    RecordedRequest request = RecordedRequest.of(exchange.getRequestMethod(), target,
        exchange.getRequestHeaders());
    synchronized (requests) {
      requests.add(request);
    }
  }

  /** A snapshot, unmodifiable. */
  List<RecordedRequest> snapshot() {
    synchronized (requests) {
      return Collections.unmodifiableList(new ArrayList<>(requests));
    }
  }

  void clear() {
    synchronized (requests) {
      requests.clear();
    }
  }
}
