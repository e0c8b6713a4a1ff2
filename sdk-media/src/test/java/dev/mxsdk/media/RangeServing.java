package dev.mxsdk.media;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import okio.Buffer;

/**
 * A MockWebServer dispatcher that serves one representation and answers {@code Range: bytes=a-b},
 * {@code a-} and {@code -n} as RFC 9110 says (206 with Content-Range, 416 past the end), unless
 * told to misbehave. Counts the body bytes it sent. Thread-safe.
 */
final class RangeServing extends Dispatcher {
  /** How the server answers a ranged request. */
  enum Behaviour {
    HONEST,
    /** 200 with the whole representation. */
    IGNORE_RANGE,
    /** A 206 that starts {@code shift} bytes later than asked. */
    START_LATE,
    /** A 206 that ends {@code shift} bytes earlier than asked. */
    END_EARLY,
    /** A 206 from {@code shift} bytes earlier than asked (still covering it). */
    START_EARLY,
    /** A 206 whose Content-Length is one more than its Content-Range. */
    WRONG_LENGTH,
    /** A 206 without Content-Range. */
    NO_CONTENT_RANGE,
    /** A 206 whose Content-Range names {@code fakeTotal} as the complete length. */
    FAKE_TOTAL
  }

  private final byte[] representation;
  private final String contentEncoding;
  private volatile Behaviour behaviour = Behaviour.HONEST;
  private volatile long shift;
  private volatile long fakeTotal;
  private volatile boolean allowHead = true;
  private final List<String> ranges = Collections.synchronizedList(new ArrayList<String>());
  private final List<String> methods = Collections.synchronizedList(new ArrayList<String>());
  private long bodyBytes;

  /** @param contentEncoding {@code aes128gcm}, or null for a plain representation */
  RangeServing(byte[] representation, String contentEncoding) {
    this.representation = representation.clone();
    this.contentEncoding = contentEncoding;
  }

  RangeServing behave(Behaviour behaviour, long shift) {
    this.behaviour = behaviour;
    this.shift = shift;
    return this;
  }

  RangeServing fakeTotal(long total) {
    this.behaviour = Behaviour.FAKE_TOTAL;
    this.fakeTotal = total;
    return this;
  }

  RangeServing refuseHead() {
    this.allowHead = false;
    return this;
  }

  /** The Range header of each request, "-" where there was none. */
  List<String> ranges() {
    synchronized (ranges) {
      return new ArrayList<String>(ranges);
    }
  }

  List<String> methods() {
    synchronized (methods) {
      return new ArrayList<String>(methods);
    }
  }

  synchronized long bodyBytes() {
    return bodyBytes;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    String range = request.getHeader("Range");
    ranges.add(range != null ? range : "-");
    methods.add(request.getMethod());
    long total = representation.length;
    boolean head = "HEAD".equals(request.getMethod());
    if (head && !allowHead) {
      return new MockResponse().setResponseCode(405);
    }
    MockResponse response = new MockResponse().setHeader("Content-Type", "video/mp4");
    if (contentEncoding != null) response.setHeader("Content-Encoding", contentEncoding);
    if (head) {
      return response.setHeader("Content-Length", Long.toString(total))
          .setHeader("Accept-Ranges", "bytes");
    }
    long[] r = range == null || behaviour == Behaviour.IGNORE_RANGE ? null : parse(range, total);
    if (r == null) return send(response.setResponseCode(200), 0, total - 1);
    if (r[0] < 0) {
      return new MockResponse().setResponseCode(416).setHeader("Content-Range", "bytes */" + total);
    }
    long first = r[0];
    long last = r[1];
    switch (behaviour) {
      case START_LATE:
        first = Math.min(last, first + shift);
        break;
      case END_EARLY:
        last = Math.max(first, last - shift);
        break;
      case START_EARLY:
        first = Math.max(0, first - shift);
        break;
      default:
        break;
    }
    response.setResponseCode(206);
    long named = behaviour == Behaviour.FAKE_TOTAL ? fakeTotal : total;
    if (behaviour != Behaviour.NO_CONTENT_RANGE) {
      response.setHeader("Content-Range", "bytes " + first + "-" + last + "/" + named);
    }
    send(response, first, last);
    if (behaviour == Behaviour.WRONG_LENGTH) {
      response.setHeader("Content-Length", Long.toString(last - first + 2));
    }
    return response;
  }

  private MockResponse send(MockResponse response, long first, long last) {
    Buffer body = new Buffer();
    if (last >= first) body.write(representation, (int) first, (int) (last - first + 1));
    synchronized (this) {
      bodyBytes += body.size();
    }
    return response.setBody(body);
  }

  /** {first, last} of a single range, {-1} if unsatisfiable, null to ignore it. */
  static long[] parse(String header, long total) {
    if (!header.startsWith("bytes=") || header.indexOf(',') >= 0) return null;
    String spec = header.substring(6);
    int dash = spec.indexOf('-');
    if (dash < 0) return null;
    String a = spec.substring(0, dash);
    String b = spec.substring(dash + 1);
    if (a.isEmpty()) {
      long n = Long.parseLong(b);
      if (n == 0 || total == 0) return new long[] {-1};
      return new long[] {Math.max(0, total - n), total - 1};
    }
    long first = Long.parseLong(a);
    if (first >= total) return new long[] {-1};
    long last = b.isEmpty() ? total - 1 : Math.min(total - 1, Long.parseLong(b));
    return new long[] {first, last};
  }
}
