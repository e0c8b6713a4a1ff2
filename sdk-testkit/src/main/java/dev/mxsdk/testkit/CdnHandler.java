package dev.mxsdk.testkit;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.mxsdk.testkit.internal.CanonicalEncoding;
import dev.mxsdk.testkit.internal.TokenSealer;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import org.jspecify.annotations.Nullable;

/** The CDN origin: opens sealed tokens and serves objects, RFC 8188-encoded when keyed. */
final class CdnHandler implements HttpHandler {
  private final TestHomeserver server;
  private final java.util.Map<String, MediaStore.StoredObject> preEncodedFiles = new java.util.HashMap<>();

  CdnHandler(TestHomeserver server) {
    this.server = server;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    Headers headers = exchange.getResponseHeaders();
    headers.set("Access-Control-Allow-Origin", "*");
    headers.set("Access-Control-Expose-Headers", "Content-Encoding, Content-Length, Content-Range");
    String method = exchange.getRequestMethod();
    if (method.equals("OPTIONS")) {
      headers.set("Access-Control-Allow-Methods", "GET, OPTIONS");
      headers.set("Access-Control-Allow-Headers", "Range");
      headers.set("Access-Control-Max-Age", "600");
      Exchanges.empty(exchange, 204);
      return;
    }
    String path = exchange.getRequestURI().getRawPath();
    if (!path.startsWith(TestHomeserver.CDN_PATH_PREFIX)) {
      Exchanges.error(exchange, 404, "M_NOT_FOUND", "Not found");
      return;
    }
    if (!method.equals("GET")) {
      Exchanges.error(exchange, 405, "M_UNRECOGNIZED", "Unrecognized request method");
      return;
    }
    TokenSealer.Claims claims =
        server.sealer.open(path.substring(TestHomeserver.CDN_PATH_PREFIX.length()));
    if (claims == null) {
      Exchanges.error(exchange, 403, "M_FORBIDDEN", "Invalid CDN token");
      return;
    }
    if (claims.exp <= server.config.clock.millis()) {
      Exchanges.error(exchange, 403, "M_FORBIDDEN", "CDN token expired");
      return;
    }
    if (server.faults.take(Faults.Kind.REDIRECT_LOOP)) {
      headers.set("Cache-Control", "no-store");
      headers.set("Location", server.cdnBaseUrl() + path);
      Exchanges.empty(exchange, 307);
      return;
    }
    if (server.faults.take(Faults.Kind.BOUNCE_TO_HOMESERVER)) {
      headers.set("Cache-Control", "no-store");
      headers.set("Location", server.baseUrl() + "/_matrix/client/v1/media/download/" + claims.media);
      Exchanges.empty(exchange, 307);
      return;
    }
    int slash = claims.media.lastIndexOf('/');
    MediaStore.Media media = claims.media.substring(0, slash).equals(server.config.serverName)
        ? server.store.get(claims.media.substring(slash + 1)) : null;
    MediaStore.StoredObject object = media == null ? null : server.store.existing(media, claims.rendition);
    if (object == null) {
      Exchanges.error(exchange, 404, "M_NOT_FOUND", "Not found");
      return;
    }
    if (!MessageDigest.isEqual(object.sha256, claims.sha256)) {
      Exchanges.error(exchange, 409, "M_UNKNOWN", "The stored object differs from the sealed digest");
      return;
    }
    HomeserverHandler.contentHeaders(headers, object, null);
    headers.set("Accept-Ranges", "bytes");
    byte[] key = claims.key;
    if (key == null || server.faults.take(Faults.Kind.PLAINTEXT_DESPITE_KEY)) {
      headers.set("Cache-Control", key == null ? "private, max-age=300" : "private, no-store");
      send(exchange, object.length, new PlainBody(object));
      return;
    }
    if (server.faults.take(Faults.Kind.WRONG_KEY_STREAM)) {
      key = new byte[16];
      server.random.nextBytes(key);
    }
    CanonicalEncoding encoding = CanonicalEncoding.of(
        object.file, object.length, key, claims.sha256, claims.rs, claims.rendition);
    headers.set("Cache-Control", "private, no-store");
    headers.set("Content-Encoding", "aes128gcm");
    if (server.config.preEncoded) {
      // The key is stable per object and rendition in this mode (see HomeserverHandler), so the
      // cache is keyed by what determines the encoding, not by the (expiring) token.
      String cacheKey = java.util.Base64.getEncoder().encodeToString(key) + "/" + claims.rendition
          + "/" + java.util.Base64.getEncoder().encodeToString(claims.sha256) + "/" + claims.rs;
      send(exchange, encoding.encodedLength(), preEncoded(cacheKey, encoding));
    } else {
      send(exchange, encoding.encodedLength(), encoding::write);
    }
  }

  /** Returns the encoding for {@code cacheKey} from the on-disk cache, encoding it once. */
  private Body preEncoded(String cacheKey, CanonicalEncoding encoding) throws IOException {
    synchronized (preEncodedFiles) {
      MediaStore.StoredObject cached = preEncodedFiles.get(cacheKey);
      if (cached == null) {
        java.io.File file = server.store.newFile("encoded");
        try (OutputStream out = new java.io.BufferedOutputStream(new java.io.FileOutputStream(file), 65536)) {
          encoding.write(out, 0, encoding.encodedLength() - 1);
        }
        cached = new MediaStore.StoredObject(file, encoding.encodedLength(), new byte[0],
            "application/octet-stream", null);
        preEncodedFiles.put(cacheKey, cached);
      }
      return new PlainBody(cached);
    }
  }

  /** Writes a slice of a representation. */
  interface Body {
    void write(OutputStream out, long from, long toInclusive) throws IOException;
  }

  /** The stored bytes as they are. */
  static final class PlainBody implements Body {
    private final MediaStore.StoredObject object;

    PlainBody(MediaStore.StoredObject object) {
      this.object = object;
    }

    @Override
    public void write(OutputStream out, long from, long toInclusive) throws IOException {
      try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(object.file, "r")) {
        file.seek(from);
        InputStream in = java.nio.channels.Channels.newInputStream(file.getChannel());
        byte[] buffer = new byte[65536];
        long left = toInclusive - from + 1;
        while (left > 0) {
          int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
          if (n == -1) throw new IOException("stored object shorter than recorded");
          out.write(buffer, 0, n);
          left -= n;
        }
      }
    }
  }

  /** Sends the whole representation ({@code 200}) or the requested range ({@code 206}). */
  private void send(HttpExchange exchange, long total, Body body) throws IOException {
    long from = 0;
    long to = total - 1;
    int status = 200;
    String range = exchange.getRequestHeaders().getFirst("Range");
    if (range != null) {
      long[] parsed = parseRange(range, total);
      if (parsed == null) {
        exchange.getResponseHeaders().set("Content-Range", "bytes */" + total);
        Exchanges.error(exchange, 416, "M_UNKNOWN", "Range not satisfiable");
        return;
      }
      if (parsed.length == 2) {
        from = parsed[0];
        to = parsed[1];
        status = 206;
        exchange.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + to + "/" + total);
      }
    }
    long length = to - from + 1;
    exchange.sendResponseHeaders(status, length == 0 ? -1 : length);
    if (length == 0) {
      exchange.close();
      return;
    }
    OutputStream out = faulty(exchange.getResponseBody());
    body.write(out, from, to);
    out.close();
  }

  /**
   * Parses a single {@code bytes=} range against {@code total}: returns {@code {from, to}}, an
   * empty array to ignore the header (multiple or foreign ranges), or null if unsatisfiable.
   */
  static long @Nullable [] parseRange(String header, long total) {
    String h = header.trim();
    if (!h.startsWith("bytes=") || h.indexOf(',') >= 0) return new long[0];
    String spec = h.substring(6).trim();
    int dash = spec.indexOf('-');
    if (dash < 0) return new long[0];
    String a = spec.substring(0, dash).trim();
    String b = spec.substring(dash + 1).trim();
    if (!a.matches("[0-9]{0,18}") || !b.matches("[0-9]{0,18}") || (a.isEmpty() && b.isEmpty())) {
      return new long[0];
    }
    if (a.isEmpty()) {
      long suffix = Long.parseLong(b);
      if (suffix == 0 || total == 0) return null;
      return new long[] {Math.max(0, total - suffix), total - 1};
    }
    long from = Long.parseLong(a);
    long to = b.isEmpty() ? total - 1 : Math.min(Long.parseLong(b), total - 1);
    if (from >= total || (!b.isEmpty() && Long.parseLong(b) < from)) return null;
    return new long[] {from, to};
  }

  private OutputStream faulty(OutputStream out) {
    Faults faults = server.faults;
    long truncate = faults.take(Faults.Kind.TRUNCATE_CDN_BODY) ? faults.truncateAfterBytes() : -1;
    long corrupt = faults.take(Faults.Kind.CORRUPT_CDN_BODY) ? faults.corruptOffset() : -1;
    boolean slow = faults.take(Faults.Kind.SLOW_CDN_BODY);
    if (truncate < 0 && corrupt < 0 && !slow) return out;
    return new FaultyOutputStream(out, truncate, corrupt,
        slow ? faults.slowChunkBytes() : 0, slow ? faults.slowDelayMillis() : 0);
  }

  /** Truncates, corrupts or slows a body, counting body bytes from 0. */
  static final class FaultyOutputStream extends FilterOutputStream {
    private final long truncateAt;
    private final long corruptAt;
    private final int chunk;
    private final long delayMillis;
    private long written;

    FaultyOutputStream(OutputStream out, long truncateAt, long corruptAt, int chunk, long delayMillis) {
      super(out);
      this.truncateAt = truncateAt;
      this.corruptAt = corruptAt;
      this.chunk = chunk;
      this.delayMillis = delayMillis;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      while (len > 0) {
        if (truncateAt >= 0 && written >= truncateAt) {
          throw new TruncatedOnPurpose();
        }
        int n = len;
        if (chunk > 0) n = Math.min(n, chunk);
        if (truncateAt >= 0) n = (int) Math.min(n, truncateAt - written);
        if (corruptAt >= written && corruptAt < written + n) {
          byte[] copy = new byte[n];
          System.arraycopy(b, off, copy, 0, n);
          copy[(int) (corruptAt - written)] ^= 1;
          out.write(copy, 0, n);
        } else {
          out.write(b, off, n);
        }
        out.flush();
        written += n;
        off += n;
        len -= n;
        if (chunk > 0 && delayMillis > 0) {
          try {
            Thread.sleep(delayMillis);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("slow body interrupted");
          }
        }
      }
    }

    @Override
    public void close() throws IOException {
      if (truncateAt >= 0 && written >= truncateAt) throw new TruncatedOnPurpose();
      super.close();
    }
  }

  /** Thrown to abandon a response on purpose; the connection is then closed. */
  static final class TruncatedOnPurpose extends IOException {
    TruncatedOnPurpose() {
      super("body truncated by a fault switch");
    }
  }
}
