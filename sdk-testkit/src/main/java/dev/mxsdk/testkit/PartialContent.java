package dev.mxsdk.testkit;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Sends a {@link Representation} whole ({@code 200}), as the one byte range the request asks for
 * ({@code 206} with {@code Content-Range}), or refuses the range ({@code 416}); a range is a slice
 * of the one representation, so every request under one token sees the same bytes. The body goes
 * through the CDN body fault switches ({@link FaultyOutputStream}).
 */
final class PartialContent {
  private final Faults faults;

  PartialContent(Faults faults) {
    this.faults = faults;
  }

  void send(HttpExchange exchange, Representation representation) throws IOException {
    long total = representation.length();
    long from = 0;
    long to = total - 1;
    int status = 200;
    String header = exchange.getRequestHeaders().getFirst("Range");
    if (header != null) {
      ByteRange range = ByteRange.parse(header, total);
      if (range == null) {
        exchange.getResponseHeaders().set("Content-Range", "bytes */" + total);
        Exchanges.error(exchange, 416, "M_UNKNOWN", "Range not satisfiable");
        return;
      }
      if (range != ByteRange.WHOLE) {
        from = range.first;
        to = range.last;
        status = 206;
        exchange.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + to + "/" + total);
      }
    }
    long length = to - from + 1;
    if (length == 0) {
      Exchanges.empty(exchange, status);
      return;
    }
    exchange.sendResponseHeaders(status, length);
    OutputStream out = FaultyOutputStream.wrap(exchange.getResponseBody(), faults);
    representation.write(out, from, to);
    out.close();
  }
}
