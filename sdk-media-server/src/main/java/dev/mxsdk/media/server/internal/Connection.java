package dev.mxsdk.media.server.internal;

import dev.mxsdk.core.Clock;
import dev.mxsdk.media.server.MediaContent;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import okio.AsyncTimeout;
import okio.Buffer;
import okio.BufferedSink;
import okio.Okio;
import okio.Sink;
import okio.Source;
import okio.Timeout;
import org.jspecify.annotations.Nullable;

/**
 * One accepted connection: reads request heads, answers them in order (HTTP/1.1 persistent
 * connections and pipelining), and closes. Runs on one pool thread; {@link #cancel()} may be
 * called from any thread.
 *
 * <p>A response whose body cannot be completed (the upstream failed or ended early, the content
 * threw, the connection was cancelled) ends with a TCP reset, never with a clean end: the client
 * sees a broken transfer, not a short or wrong body that looks complete.
 */
public final class Connection implements Runnable, Capabilities.Cancellable {
  /** What the server learns when a connection has ended. */
  public interface Listener {
    void closed(Connection connection);
  }

  private static final long CHUNK = 64 * 1024;
  /**
   * What the kernel may hold of a body the client has not read yet: without a cap it grows to
   * megabytes on loopback, so a window of a Matrix download would count as sent long before the
   * player took it (see {@code DownloadSource}). Loopback runs at gigabytes per second with it.
   */
  private static final int SEND_BUFFER = 128 * 1024;
  /** Bounds on reading what a client still sends after the server decided to close. */
  private static final long LINGER_MILLIS = 1000;
  private static final int LINGER_BYTES = 64 * 1024;

  private final Socket socket;
  private final ServerConfig config;
  private final Capabilities capabilities;
  private final Clock clock;
  private final int port;
  private final long acceptedNanos;
  private final Listener listener;

  private final Object lock = new Object();
  private @Nullable Source upstream; // guarded by lock
  private boolean cancelled; // guarded by lock

  public Connection(Socket socket, ServerConfig config, Capabilities capabilities, Clock clock,
      int port, long acceptedNanos, Listener listener) {
    this.socket = socket;
    this.config = config;
    this.capabilities = capabilities;
    this.clock = clock;
    this.port = port;
    this.acceptedNanos = acceptedNanos;
    this.listener = listener;
  }

  @Override
  public void run() {
    boolean broken = true;
    try {
      broken = !serveRequests();
    } catch (IOException | RuntimeException e) {
      // Client gone, upstream failed, timeout, or a MediaContent that threw: the connection is
      // reset below. Nothing is logged: a message could carry what the client sent.
      broken = true;
    } finally {
      if (broken) reset(); else lingeringClose();
      listener.closed(this);
    }
  }

  /** Cuts the connection and its upstream from another thread (revocation, server close). */
  @Override
  public void cancel() {
    Source source;
    synchronized (lock) {
      cancelled = true;
      source = upstream;
      upstream = null;
    }
    if (source != null) closeQuietly(source);
    reset();
  }

  private boolean isCancelled() {
    synchronized (lock) {
      return cancelled;
    }
  }

  /** Answers requests until the connection should close; true for a clean close. */
  private boolean serveRequests() throws IOException {
    socket.setTcpNoDelay(true);
    socket.setSendBufferSize(SEND_BUFFER);
    final Socket s = socket;
    HeadReader reader = new HeadReader(s.getInputStream(), new HeadReader.ReadTimeout() {
      @Override
      public void set(int millis) throws IOException {
        s.setSoTimeout(millis);
      }
    }, config.limits);
    // The watchdog closes the socket when one write makes no progress for this long: a client
    // that stops reading cannot hold a thread forever.
    AsyncTimeout watchdog = new AsyncTimeout() {
      @Override
      protected void timedOut() {
        closeQuietly(s);
      }
    };
    watchdog.timeout(config.writeTimeoutMillis, TimeUnit.MILLISECONDS);
    BufferedSink sink = Okio.buffer(watchdog.sink(new ArraySink(socket.getOutputStream())));

    long headNanos = TimeUnit.MILLISECONDS.toNanos(config.headerTimeoutMillis);
    long idleNanos = TimeUnit.MILLISECONDS.toNanos(config.idleTimeoutMillis);
    boolean first = true;
    while (!isCancelled()) {
      RequestHead head;
      try {
        head = first
            ? reader.next(acceptedNanos + headNanos, -1)
            : reader.next(System.nanoTime() + idleNanos, headNanos);
      } catch (HttpRefusal refusal) {
        writePlain(sink, refusal.status(), true);
        return true;
      }
      if (head == null) return true;
      first = false;
      if (!respond(head, sink)) return true;
    }
    return false;
  }

  /** Answers one request; true to keep the connection for the next one. */
  private boolean respond(RequestHead head, BufferedSink sink) throws IOException {
    Request request;
    try {
      request = Request.interpret(head, port);
    } catch (HttpRefusal refusal) {
      writePlain(sink, refusal.status(), true);
      return false;
    }
    boolean close = request.closeRequested();
    String capability = request.capability();
    Capabilities.Entry entry = capability == null ? null : capabilities.find(capability);
    if (entry == null || !entry.attach(this)) {
      writePlain(sink, 404, close);
      return !close;
    }
    try {
      return serve(request, entry.content(), sink, close);
    } finally {
      entry.detach(this);
    }
  }

  private boolean serve(Request request, MediaContent content, BufferedSink sink, boolean close)
      throws IOException {
    if (content instanceof ManagedContent) {
      try {
        // Learns the length and type once per link (a probe, or the verified spool download);
        // a revocation or close() releases the content, which ends the wait.
        ((ManagedContent) content).prepare();
      } catch (IOException | RuntimeException e) {
        if (isCancelled()) throw new IOException("cancelled");
        writePlain(sink, 502, true);
        return false;
      }
    }
    long length = content.length();
    String range = request.range();
    ByteRange byteRange = range == null ? null : ByteRange.parse(range, length);
    if (byteRange == ByteRange.UNSATISFIABLE) {
      Buffer headers = new Buffer();
      statusLine(headers, 416);
      header(headers, "Content-Range", "bytes */" + length);
      header(headers, "Content-Length", "0");
      cors(headers, request);
      common(headers, close);
      sink.writeAll(headers);
      sink.flush();
      return !close;
    }

    boolean known = length >= 0;
    boolean chunked = !known && request.minorVersion() == 1;
    // An HTTP/1.0 client has no chunked coding: a body of unknown length ends with the
    // connection (and a failure with a reset, so it is still told apart from the end).
    if (!known && !chunked) close = true;
    long offset = byteRange == null ? 0 : byteRange.first();
    long count = byteRange == null ? length : byteRange.length();

    Buffer headers = new Buffer();
    statusLine(headers, byteRange == null ? 200 : 206);
    header(headers, "Content-Type", ContentTypes.safe(content.contentType()));
    if (known) {
      header(headers, "Content-Length", Long.toString(count));
      if (byteRange != null) {
        header(headers, "Content-Range",
            "bytes " + byteRange.first() + "-" + byteRange.last() + "/" + length);
      }
      header(headers, "Accept-Ranges", "bytes");
    } else {
      if (chunked) header(headers, "Transfer-Encoding", "chunked");
      header(headers, "Accept-Ranges", "none");
    }
    cors(headers, request);
    // A hostile file (HTML, SVG) opened as a page runs no script: nothing in it can reach an
    // app's JavaScript bridge or other loopback URLs. Media elements are unaffected.
    header(headers, "Content-Security-Policy", "sandbox");
    common(headers, close);

    if (request.isHead() || count == 0) {
      sink.writeAll(headers);
      if (chunked && !request.isHead()) sink.writeUtf8("0\r\n\r\n");
      sink.flush();
      return !close;
    }

    Source source;
    Buffer firstBytes = new Buffer();
    long firstCount;
    try {
      source = open(content, offset, known ? count : -1);
      firstCount = source.read(firstBytes, known ? Math.min(count, CHUNK) : CHUNK);
      if (firstCount == -1 && known) throw new ProtocolException("upstream body is empty");
    } catch (IOException | RuntimeException e) {
      closeUpstream();
      if (isCancelled()) throw new IOException("cancelled");
      // Nothing of the response is out yet: the upstream failure is a plain 502.
      writePlain(sink, 502, true);
      return false;
    }

    try {
      sink.writeAll(headers);
      if (known) {
        copyExactly(source, firstBytes, firstCount, count, sink);
      } else if (chunked) {
        copyChunked(source, firstBytes, firstCount, sink);
      } else {
        copyUntilEnd(source, firstBytes, firstCount, sink);
      }
      sink.flush();
    } finally {
      closeUpstream();
    }
    return !close;
  }

  private static void copyExactly(Source source, Buffer firstBytes, long firstCount, long count,
      BufferedSink sink) throws IOException {
    sink.write(firstBytes, firstCount);
    // The head and the first bytes go out at once: what a player waits for before it can start.
    sink.flush();
    long remaining = count - firstCount;
    while (remaining > 0) {
      // Upstream sources hand out a segment (8 KiB) per read; a write per CHUNK instead costs an
      // eighth of the system calls. The CDN layer releases whole records (64 KiB) at a time
      // anyway, so gathering adds no wait to it.
      do {
        long n = source.read(sink.buffer(), Math.min(remaining, CHUNK));
        if (n == -1) throw new ProtocolException("upstream ended early");
        remaining -= n;
      } while (remaining > 0 && sink.buffer().size() < CHUNK);
      sink.emit();
    }
  }

  private static void copyChunked(Source source, Buffer firstBytes, long firstCount,
      BufferedSink sink) throws IOException {
    Buffer chunk = firstBytes;
    long n = firstCount;
    while (n != -1) {
      if (n > 0) {
        sink.writeHexadecimalUnsignedLong(n).writeUtf8("\r\n");
        sink.write(chunk, n);
        sink.writeUtf8("\r\n");
        sink.emit();
      }
      n = source.read(chunk, CHUNK);
    }
    sink.writeUtf8("0\r\n\r\n");
  }

  private static void copyUntilEnd(Source source, Buffer firstBytes, long firstCount,
      BufferedSink sink) throws IOException {
    if (firstCount > 0) sink.write(firstBytes, firstCount);
    sink.flush();
    while (source.read(sink.buffer(), CHUNK) != -1) sink.emit();
  }

  /**
   * Writes to the socket's stream in arrays of up to {@link #CHUNK} bytes: Okio's own stream sink
   * makes one system call per 8 KiB segment.
   */
  private static final class ArraySink implements Sink {
    private final OutputStream out;
    private final byte[] chunk = new byte[(int) CHUNK];

    ArraySink(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(Buffer source, long byteCount) throws IOException {
      while (byteCount > 0) {
        int n = (int) Math.min(byteCount, chunk.length);
        for (int got = 0; got < n; ) got += source.read(chunk, got, n - got);
        out.write(chunk, 0, n);
        byteCount -= n;
      }
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public Timeout timeout() {
      return Timeout.NONE;
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }

  /** Opens the upstream and registers it for cancellation. */
  private Source open(MediaContent content, long offset, long count) throws IOException {
    Source source = content.open(offset, count);
    synchronized (lock) {
      if (!cancelled) {
        upstream = source;
        return source;
      }
    }
    closeQuietly(source);
    throw new IOException("cancelled");
  }

  private void closeUpstream() {
    Source source;
    synchronized (lock) {
      source = upstream;
      upstream = null;
    }
    if (source != null) closeQuietly(source);
  }

  /** A response without a body: refusals and 404. */
  private void writePlain(BufferedSink sink, int status, boolean close) throws IOException {
    Buffer headers = new Buffer();
    statusLine(headers, status);
    if (status == 405) header(headers, "Allow", "GET, HEAD");
    header(headers, "Content-Length", "0");
    common(headers, close);
    sink.writeAll(headers);
    sink.flush();
  }

  private void common(Buffer headers, boolean close) {
    header(headers, "Date", HttpDates.format(clock.nowMillis()));
    header(headers, "Cache-Control", "no-store");
    header(headers, "X-Content-Type-Options", "nosniff");
    if (close) header(headers, "Connection", "close");
    headers.writeUtf8("\r\n");
  }

  private void cors(Buffer headers, Request request) {
    if (config.allowedOrigins.isEmpty()) return;
    String origin = request.origin();
    if (origin != null && config.allowedOrigins.contains(origin)) {
      header(headers, "Access-Control-Allow-Origin", origin);
      header(headers, "Access-Control-Expose-Headers",
          "Content-Length, Content-Range, Accept-Ranges");
    }
    header(headers, "Vary", "Origin");
  }

  private static void statusLine(Buffer headers, int status) {
    headers.writeUtf8("HTTP/1.1 ").writeUtf8(Integer.toString(status)).writeByte(' ')
        .writeUtf8(reason(status)).writeUtf8("\r\n");
  }

  private static void header(Buffer headers, String name, String value) {
    headers.writeUtf8(name).writeUtf8(": ").writeUtf8(value).writeUtf8("\r\n");
  }

  static String reason(int status) {
    switch (status) {
      case 200: return "OK";
      case 206: return "Partial Content";
      case 400: return "Bad Request";
      case 404: return "Not Found";
      case 405: return "Method Not Allowed";
      case 408: return "Request Timeout";
      case 413: return "Content Too Large";
      case 414: return "URI Too Long";
      case 416: return "Range Not Satisfiable";
      case 421: return "Misdirected Request";
      case 431: return "Request Header Fields Too Large";
      case 501: return "Not Implemented";
      case 502: return "Bad Gateway";
      case 503: return "Service Unavailable";
      case 505: return "HTTP Version Not Supported";
      default: return "Error";
    }
  }

  /**
   * Closes after the last response without losing it: the write side is shut first and what the
   * client still sends (a refused body, a pipelined request) is read and dropped for a moment, as
   * closing a socket with unread input sends a reset that can destroy the response in flight.
   */
  private void lingeringClose() {
    try {
      socket.shutdownOutput();
      socket.setSoTimeout((int) Math.min(LINGER_MILLIS, config.headerTimeoutMillis));
      InputStream in = socket.getInputStream();
      byte[] discard = new byte[4096];
      int total = 0;
      int n;
      while (total < LINGER_BYTES && (n = in.read(discard)) != -1) total += n;
    } catch (IOException ignored) {
      // Timed out or reset: closing is all that is left.
    } finally {
      closeQuietly(socket);
    }
  }

  /** Closes with a TCP reset (SO_LINGER 0), so the client sees a broken transfer. */
  private void reset() {
    try {
      socket.setSoLinger(true, 0);
    } catch (IOException ignored) {
      // Already closed.
    }
    closeQuietly(socket);
  }

  private static void closeQuietly(java.io.Closeable closeable) {
    try {
      closeable.close();
    } catch (IOException | RuntimeException ignored) {
      // Nothing to do about a failed close.
    }
  }
}
