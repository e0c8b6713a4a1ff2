package dev.mxsdk.testkit;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends a {@link Representation} whole ({@code 200}), as the one byte range the request asks for
 * ({@code 206} with {@code Content-Range}), or refuses the range ({@code 416} with
 * {@code Content-Range: bytes *}{@code /<length>} and none of the representation's content
 * headers, since its body is an error, not the media); {@link ByteRange} says which. A range is a
 * slice of the one representation, so every request under one token sees the same bytes. The
 * body goes through the CDN body fault switches ({@link FaultyOutputStream}) and is counted.
 */
final class PartialContent {
  /** Headers that describe the representation, wrong on a 416's error body. */
  private static final String[] CONTENT_HEADERS = {"Content-Encoding", "Content-Disposition",
      "Content-Security-Policy", "Content-Type"};

  private final Faults faults;
  private final AtomicLong bodyBytes;

  PartialContent(Faults faults, AtomicLong bodyBytes) {
    this.faults = faults;
    this.bodyBytes = bodyBytes;
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
        Headers headers = exchange.getResponseHeaders();
        for (String name : CONTENT_HEADERS) headers.remove(name);
        headers.set("Content-Range", "bytes */" + total);
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
    OutputStream counted = new FilterOutputStream(exchange.getResponseBody()) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        // Counted before they go out, so a client that has read them always sees them counted.
        bodyBytes.addAndGet(len);
        out.write(b, off, len);
      }
    };
    OutputStream out = FaultyOutputStream.wrap(counted, faults, from, to);
    representation.write(out, from, to);
    out.close();
  }
}
