package dev.mxsdk.media.server.internal;

import dev.mxsdk.core.CallHandle;
import dev.mxsdk.media.MediaCall;
import dev.mxsdk.media.MediaProtocolException;
import dev.mxsdk.media.MediaResponse;
import java.io.IOException;
import java.net.ProtocolException;
import okio.Buffer;
import okio.BufferedSource;
import okio.Source;
import okio.Timeout;
import org.jspecify.annotations.Nullable;

/**
 * The body of one response of the server, fetched through the SDK: bytes {@code [offset, offset +
 * count)} of the media as ranged downloads of growing size ("windows": {@value #FIRST_WINDOW}
 * bytes, then {@value #GROWTH} times as many each time, up to {@value #MAX_WINDOW}), each started
 * only when the player has read the previous one. A player that reads a little and goes away (to
 * seek, or because it only wanted the header) so leaves at most one small window unread upstream,
 * whatever the socket buffers between here and the CDN hold, while a player that reads on soon
 * asks for large windows. A count of -1 (unknown length) is one download of the whole media.
 *
 * <p>The first window's call runs on the first {@link #read} (so that {@code MediaContent.open}
 * returns at once), and {@link #close()}, from any thread, cancels the running call and closes its
 * response, which releases the upstream connection.
 *
 * <p>It yields exactly {@code count} bytes, and holds back the bytes that complete a window until
 * that download has ended: the end is where the SDK checks what covers the whole download (the
 * CDN layer's records up to the final one; for an E2EE download of the whole media, the SHA-256 of
 * the ciphertext). With a {@link CiphertextHash} (an E2EE response of the whole media fetched in
 * windows) the response's last bytes are also held back until the recomputed SHA-256 matched. A
 * failed check, or a download that ends early or runs long, makes the read throw, and the server
 * then breaks the connection before the client has seen the last byte: never a clean end after
 * wrong bytes.
 *
 * <p>Before the first byte of each window it checks that the response covers it: its {@code
 * offset()}, {@code contentLength()} and {@code totalLength()} against the window and the length
 * the link learned.
 *
 * <p>One thread reads; {@link #close()} may come from any thread.
 */
final class DownloadSource implements Source {
  /**
   * The first window: a few CDN records, about what a player reads of a video's start (the index,
   * and the first frames it decodes to learn the codec) before it seeks.
   */
  static final long FIRST_WINDOW = 512 * 1024;
  /** Each window is this many times the one before. */
  static final int GROWTH = 4;
  /**
   * The largest window: 9 downloads for a 1 GiB file read to its end. Unread bytes of a large
   * window cost no more than those of a small one: what the CDN sends ahead of the player is
   * bounded by the socket buffers, and closing the response stops it.
   */
  static final long MAX_WINDOW = 256L * 1024 * 1024;

  /** Makes the call that downloads {@code [offset, offset + count)}, or everything for -1. */
  interface Calls {
    MediaCall newCall(long offset, long count);
  }

  private final Calls calls;
  private final long offset;
  private final long count;
  private final long totalLength;
  private final long firstWindow;
  private final @Nullable CiphertextHash hash;
  private final Buffer pending = new Buffer();

  private @Nullable MediaCall call; // guarded by this
  private @Nullable MediaResponse response; // guarded by this
  private boolean closed; // guarded by this

  // Reading thread only.
  private @Nullable BufferedSource body;
  private long position;
  private long windowEnd;
  private long window;

  /**
   * @param count the bytes to deliver, or -1 for all the one download of the whole media yields
   * @param totalLength the media's length as the link knows it, or -1
   * @param firstWindow the first window's size, {@link Long#MAX_VALUE} for one download
   * @param hash the E2EE hash to verify at the end, for a response of the whole media, or null
   */
  DownloadSource(Calls calls, long offset, long count, long totalLength, long firstWindow,
      @Nullable CiphertextHash hash) {
    this.calls = calls;
    this.offset = offset;
    this.count = count;
    this.totalLength = totalLength;
    this.firstWindow = firstWindow;
    this.hash = hash;
    this.position = offset;
    this.windowEnd = offset;
  }

  @Override
  public long read(Buffer sink, long byteCount) throws IOException {
    if (byteCount < 0) throw new IllegalArgumentException("byteCount < 0: " + byteCount);
    if (count < 0) return readUnknownLength(sink, byteCount);
    long end = offset + count;
    if (position == end) return -1;
    if (body == null || position == windowEnd) nextWindow(end);
    BufferedSource source = body;
    if (byteCount == 0) return 0;
    long n = source.read(pending, Math.min(byteCount, windowEnd - position));
    if (n == -1) {
      throw new ProtocolException("the download ended " + (windowEnd - position) + " bytes early");
    }
    if (position + n == windowEnd) {
      // Reading on to the end runs the checks the SDK makes there; only then go the last bytes.
      if (!source.exhausted()) {
        throw new ProtocolException("the download is longer than " + (windowEnd - offset));
      }
      endWindow();
    }
    if (hash != null) {
      hash.update(pending, n);
      if (position + n == end) hash.verify();
    }
    sink.write(pending, n);
    position += n;
    return n;
  }

  private long readUnknownLength(Buffer sink, long byteCount) throws IOException {
    if (body == null) {
      windowEnd = Long.MAX_VALUE;
      open(-1);
    }
    long n = body.read(sink, byteCount);
    if (n == -1) endWindow();
    return n;
  }

  /** Closes the download read to its end, which keeps its connection for the next one. */
  private void endWindow() {
    MediaResponse done;
    synchronized (this) {
      done = response;
      response = null;
      call = null;
    }
    if (done != null) done.close();
  }

  /** Opens the next window. */
  private void nextWindow(long end) throws IOException {
    window = window == 0 ? firstWindow : Math.min(MAX_WINDOW, window * GROWTH);
    long size = Math.min(end - position, window);
    windowEnd = position + size;
    // One window that covers the whole media is the whole download, not a range of it.
    boolean whole = position == 0 && size == totalLength;
    open(whole ? -1 : size);
  }

  private void open(long size) throws IOException {
    MediaCall c = calls.newCall(position, size);
    synchronized (this) {
      if (closed) throw CallHandle.canceledException();
      call = c;
    }
    MediaResponse r = c.execute();
    synchronized (this) {
      if (closed) {
        r.close();
        throw CallHandle.canceledException();
      }
      response = r;
    }
    check(r, size);
    body = r.source();
  }

  /** The response must cover exactly the window; anything else is refused. */
  private void check(MediaResponse r, long size) throws MediaProtocolException {
    long total = r.totalLength();
    long length = r.contentLength();
    long expected = size >= 0 ? size : totalLength;
    if (r.offset() != position
        || (expected >= 0 && length >= 0 && length != expected)
        || (totalLength >= 0 && total >= 0 && total != totalLength)) {
      throw new MediaProtocolException("the download covers " + r.offset() + "+" + length + " of "
          + total + " bytes, not " + position + "+" + expected + " of " + totalLength
          + " (did the media change?)");
    }
  }

  @Override
  public Timeout timeout() {
    return Timeout.NONE;
  }

  /**
   * Cancels the running call and closes its response (a window read to its end was closed
   * already, which kept its connection). Idempotent; any thread.
   */
  @Override
  public void close() {
    MediaCall c;
    MediaResponse r;
    synchronized (this) {
      if (closed) return;
      closed = true;
      c = call;
      r = response;
      call = null;
      response = null;
    }
    if (c != null) c.cancel();
    if (r != null) r.close();
  }

  @Override
  public String toString() {
    return "DownloadSource{" + offset + "+" + count + "}";
  }
}
