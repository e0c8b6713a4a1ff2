package dev.mxsdk.media.server.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads request heads from one connection, strictly and within bounds: the request line, the
 * whole head and the number of fields are limited, lines end with CRLF only, and the head must
 * arrive before a deadline, however slowly its bytes trickle in.
 *
 * <p>Bytes after a head stay buffered for the next one (pipelining). Not thread-safe: one reader
 * per connection, used by the connection's thread.
 */
public final class HeadReader {
  /** Sets how long the next blocking read of the stream may wait. */
  public interface ReadTimeout {
    void set(int millis) throws IOException;
  }

  // RFC 9112 section 2.2: a server SHOULD ignore at least one empty line before a request line.
  private static final int MAX_LEADING_EMPTY_LINES = 4;

  private final InputStream in;
  private final ReadTimeout readTimeout;
  private final Limits limits;
  private final byte[] buffer = new byte[4096];
  private int pos;
  private int end;
  private final byte[] line;

  private long deadlineNanos;
  private int headBytes;
  private boolean started;

  public HeadReader(InputStream in, ReadTimeout readTimeout, Limits limits) {
    this.in = in;
    this.readTimeout = readTimeout;
    this.limits = limits;
    this.line = new byte[limits.maxHeadBytes];
  }

  /**
   * Reads the next request head.
   *
   * @param firstByteDeadlineNanos when, on {@link System#nanoTime()}, the first byte must have
   *     come; silence until then returns null
   * @param headTimeoutNanos how long the whole head may take from its first byte, or -1 if the
   *     whole head must be complete by {@code firstByteDeadlineNanos} (a new connection)
   * @return the head, or null if the stream ended or stayed silent before a request began
   * @throws HttpRefusal for a request that is malformed or cut short (400), too long (414, 431),
   *     of an unsupported HTTP version (505), or not complete before its deadline (408)
   * @throws IOException if reading fails
   */
  public @Nullable RequestHead next(long firstByteDeadlineNanos, long headTimeoutNanos)
      throws IOException, HttpRefusal {
    started = false;
    headBytes = 0;
    deadlineNanos = firstByteDeadlineNanos;
    if (!await(headTimeoutNanos)) return null;

    int length;
    int emptyLines = 0;
    while (true) {
      length = readLine(limits.maxRequestLineBytes, 414);
      if (length > 0) break;
      if (++emptyLines > MAX_LEADING_EMPTY_LINES) throw new HttpRefusal(400);
    }
    RequestLine requestLine = HttpSyntax.parseRequestLine(line, length);

    List<String> names = new ArrayList<>();
    List<String> values = new ArrayList<>();
    while (true) {
      length = readLine(limits.maxHeadBytes, 431);
      if (length == 0) break;
      if (names.size() == limits.maxHeaderCount) throw new HttpRefusal(431);
      HttpSyntax.parseHeaderLine(line, length, names, values);
    }
    return new RequestHead(requestLine.method, requestLine.target, requestLine.minorVersion,
        names, values);
  }

  /**
   * Waits for the first byte of a request; false if the stream ends or times out first. Once it
   * has come, the deadline becomes that of the whole head.
   */
  private boolean await(long headTimeoutNanos) throws IOException, HttpRefusal {
    if (pos == end && !fill()) return false;
    started = true;
    if (headTimeoutNanos >= 0) deadlineNanos = System.nanoTime() + headTimeoutNanos;
    return true;
  }

  /** Reads one line into {@link #line} and returns its length without the CRLF. */
  private int readLine(int maxLength, int tooLongStatus) throws IOException, HttpRefusal {
    int length = 0;
    while (true) {
      int b = readByte();
      if (b == '\r') {
        if (readByte() != '\n') throw new HttpRefusal(400);
        return length;
      }
      // RFC 9112 section 2.2 lets a recipient accept a bare LF; a strict one need not, and a
      // lone CR or LF is how request smuggling through lenient parsers begins.
      if (b == '\n') throw new HttpRefusal(400);
      if (length == maxLength) throw new HttpRefusal(tooLongStatus);
      line[length++] = (byte) b;
    }
  }

  private int readByte() throws IOException, HttpRefusal {
    if (pos == end && !fill()) {
      // The peer closed in the middle of a head.
      throw new HttpRefusal(400);
    }
    if (++headBytes > limits.maxHeadBytes) throw new HttpRefusal(431);
    return buffer[pos++] & 0xff;
  }

  /** Refills the buffer before the deadline; false at the end of the stream or an idle timeout. */
  private boolean fill() throws IOException, HttpRefusal {
    long remainingNanos = deadlineNanos - System.nanoTime();
    if (remainingNanos <= 0) return timedOut();
    long millis = (remainingNanos + 999_999L) / 1_000_000L;
    readTimeout.set((int) Math.min(Integer.MAX_VALUE, Math.max(1L, millis)));
    int n;
    try {
      n = in.read(buffer, 0, buffer.length);
    } catch (SocketTimeoutException e) {
      return timedOut();
    }
    if (n <= 0) return false;
    pos = 0;
    end = n;
    return true;
  }

  private boolean timedOut() throws HttpRefusal {
    if (started) throw new HttpRefusal(408);
    return false;
  }
}
