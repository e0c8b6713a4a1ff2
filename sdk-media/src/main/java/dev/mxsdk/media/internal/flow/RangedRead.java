package dev.mxsdk.media.internal.flow;

import dev.mxsdk.core.CallHandle;
import dev.mxsdk.core.Clock;
import dev.mxsdk.media.MediaOptions;
import dev.mxsdk.media.MediaProtocolException;
import dev.mxsdk.media.MediaRange;
import dev.mxsdk.media.codec.Aes128GcmDecodingSource;
import dev.mxsdk.media.codec.MediaEncryptionHeader;
import java.io.IOException;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import okio.Okio;
import okio.Source;
import org.jspecify.annotations.Nullable;

/**
 * One attempt at a ranged download: what each request asks for, and how each answer is turned
 * into the plaintext bytes of the range (docs/msc4097.md section 7).
 *
 * <p>Without a CDN key the range is asked for as it is ({@code Range: bytes=a-b}; E2EE ciphertext
 * has the plaintext's positions). With a key it is asked for in the positions of the RFC 8188
 * encoding: just the records that hold it ({@code [21 + i*rs, 21 + (j+1)*rs)}) when the key header
 * named {@code rs} and {@code salt}; the records from the start, header included, when the range
 * starts in record 0 and only {@code rs} is known; otherwise the 21-byte header first and then the
 * records, from the same CDN URL. A range of length 0 asks only for the total length: by
 * {@code HEAD} (MSC4120) where the server advertises it and no key was issued, else by the
 * smallest ranged GET ({@code bytes=0-0}, or the header under a key). A suffix range needs the
 * total before its records can be named, which the header or the {@code 206} supplies.
 *
 * <p>Every answer is checked before a byte is used: a {@code 206} must cover what was asked
 * (starting at or before it, record-aligned under a key) and its {@code Content-Range} must agree
 * with its {@code Content-Length}; a {@code 200} is the whole representation, read up to the
 * offset (the bytes before it dropped and counted); a {@code 416} carries the length and means
 * the range starts at or past the end (no bytes); the total under a key is derived from the
 * encoded length ({@link RecordRanges#plaintextLength}) and must be where the final record ends.
 * Anything else is a {@link MediaProtocolException}: never bytes from the wrong place.
 */
final class RangedRead implements RedirectChain.HopRequests {
  /** Requests per attempt after the chain's: the header, then the records, and no more. */
  private static final int MAX_EXCHANGES = 3;

  private enum Ask {
    /** HEAD, no Range: the total length only. */
    HEAD,
    /** Plaintext positions: {@code bytes=a-b}, {@code a-}, {@code -n} or the probe {@code 0-0}. */
    PLAIN,
    /** The encoding's 21-byte header. */
    HEADER,
    /** Records {@code [first, last]} of the encoding (from 0 with the header). */
    RECORDS
  }

  private final MediaRange range;
  private final int maxRecordSize;
  private boolean useHead;
  /** The resolved first byte (for a suffix range, once the total is known). */
  private long offset;
  /** Bytes asked for, -1 to the end; 0 for a probe. */
  private final long length;
  /** What the last request sent asked for. */
  private Ask asked = Ask.PLAIN;
  /** What the next refetch asks for. */
  private Ask next = Ask.PLAIN;
  private int rs = -1;
  private byte @Nullable [] salt;

  /**
   * @param useHead whether the total of a probe may be asked for with {@code HEAD} (the server
   *     advertises MSC4120 and the request is a full download)
   */
  RangedRead(MediaRange range, int maxRecordSize, boolean useHead) {
    this.range = range;
    this.maxRecordSize = maxRecordSize;
    this.useHead = useHead && isProbe(range);
    this.offset = range.offset();
    this.length = range.length();
  }

  private static boolean isProbe(MediaRange range) {
    return !range.isSuffix() && range.length() == 0;
  }

  private boolean probe() {
    return isProbe(range);
  }

  /** Whether the last request was a {@code HEAD}. */
  boolean askedHead() {
    return asked == Ask.HEAD;
  }

  /** Stops using {@code HEAD} (the server refused it). */
  void disableHead() {
    useHead = false;
  }

  /** Shapes the chain's hops: the range in plaintext positions, or in encoded ones under a key. */
  @Override
  public void prepare(Request.Builder request, @Nullable MediaEncryptionHeader key) {
    if (key == null) {
      if (useHead) {
        asked = Ask.HEAD;
        request.head();
        return;
      }
      asked = Ask.PLAIN;
      request.header("Range", plainRange());
      return;
    }
    rs = key.recordSize();
    salt = key.salt();
    if (probe() || range.isSuffix() || rs < 0) {
      ask(request, Ask.HEADER);
    } else if (salt != null || RecordRanges.recordOf(offset, rs) == 0) {
      ask(request, Ask.RECORDS);
    } else {
      ask(request, Ask.HEADER);
    }
  }

  private String plainRange() {
    if (probe()) return "bytes=0-0";
    if (range.isSuffix()) return "bytes=-" + range.length();
    long last = range.lastOffset();
    return "bytes=" + offset + "-" + (last < 0 ? "" : Long.toString(last));
  }

  private void ask(Request.Builder request, Ask what) {
    asked = what;
    request.get();
    if (what == Ask.HEADER) {
      request.header("Range", "bytes=0-" + (RecordRanges.HEADER - 1));
      return;
    }
    long first = RecordRanges.recordOf(offset, rs);
    // With the salt known the header is not needed; without it the records start at 0, header
    // included.
    long from = salt != null ? RecordRanges.encodedStart(first, rs) : 0;
    long last = range.lastOffset();
    String end = last < 0 ? "" : Long.toString(RecordRanges.encodedEnd(RecordRanges.recordOf(
        last, rs), rs));
    request.header("Range", "bytes=" + from + "-" + end);
  }

  /** Turns the chain's final answer, and the refetches it needs, into the range's bytes. */
  Download open(RedirectChain chain, RedirectChain.Result result, Negotiation.Route route,
      Context context) throws IOException {
    Response response = result.response;
    for (int exchange = 1; ; exchange++) {
      Answer answer;
      try {
        MediaEncryptionHeader key = result.state.key();
        answer = key == null ? plain(response, context) : encoded(response, key, context);
      } catch (IOException | RuntimeException e) {
        response.close();
        throw e;
      }
      if (answer.bytes != null) {
        // No bytes to read (a length probe, a range past the end): free the connection now.
        if (answer.bytes instanceof Buffer) response.close();
        return new Download(response, answer.bytes, context.request.encryptedFile(),
            contentType(response), answer.covered, ContentDispositions.fileName(
                response.header("Content-Disposition")), context.request.cacheKey(), route,
            result.state, context.attempt, offset, answer.total, true, context.options.maxSize(),
            context.reopener);
      }
      response.close();
      if (exchange >= MAX_EXCHANGES) {
        throw new MediaProtocolException(
            "the CDN did not answer with the records of the range after " + exchange + " requests");
      }
      response = chain.refetch(result, context.handle, new RedirectChain.HopRequests() {
        @Override
        public void prepare(Request.Builder request, @Nullable MediaEncryptionHeader key) {
          if (key == null) {
            asked = Ask.PLAIN;
            request.get().header("Range", plainRange());
          } else {
            ask(request, next);
          }
        }
      });
      if (!response.isSuccessful() && response.code() != 416) {
        return context.failed(response, result);
      }
    }
  }

  private static @Nullable String contentType(Response response) {
    ResponseBody body = response.body();
    okhttp3.MediaType type = body != null ? body.contentType() : null;
    return type != null ? type.toString() : response.header("Content-Type");
  }

  /** An answer: the bytes of the range (or null: ask again for {@link #next}). */
  private static final class Answer {
    final @Nullable Source bytes;
    final long covered;
    final long total;

    Answer(@Nullable Source bytes, long covered, long total) {
      this.bytes = bytes;
      this.covered = covered;
      this.total = total;
    }

    static Answer again() {
      return new Answer(null, -1, -1);
    }

    static Answer empty(long total) {
      return new Answer(new Buffer(), 0, total);
    }
  }

  /** What the flow hands every answer: the call's handle, limits, progress and the request. */
  static final class Context {
    final dev.mxsdk.media.MediaRequest request;
    final MediaOptions options;
    final CallHandle handle;
    final Clock clock;
    final int attempt;
    final Download.@Nullable Reopener reopener;
    final Failure failure;

    Context(dev.mxsdk.media.MediaRequest request, MediaOptions options, CallHandle handle,
        Clock clock, int attempt, Download.@Nullable Reopener reopener, Failure failure) {
      this.request = request;
      this.options = options;
      this.handle = handle;
      this.clock = clock;
      this.attempt = attempt;
      this.reopener = reopener;
      this.failure = failure;
    }

    Download failed(Response response, RedirectChain.Result result) throws IOException {
      return failure.fail(response, result);
    }

    Source wire(ResponseBody body, long declared) {
      return new WireSource(body.source(), handle, clock, options.progressListener(), declared,
          options.lowSpeedLimitBytesPerSecond(), options.lowSpeedTimeMillis());
    }

    Source limited(Source bytes) {
      long maxSize = options.maxSize();
      return maxSize > 0 ? new LimitSource(bytes, maxSize) : bytes;
    }
  }

  /** Turns an error answer into its exception (the flow's error handling). */
  interface Failure {
    Download fail(Response response, RedirectChain.Result result) throws IOException;
  }

  /** The covered length of {@code [offset, offset+length)} in an object of {@code total} bytes. */
  private long covered(long total) {
    if (total < 0) return -1;
    if (offset >= total) return 0;
    long end = length < 0 ? total : Math.min(total, saturatedEnd());
    return end - offset;
  }

  private long saturatedEnd() {
    long end = offset + length;
    return end < offset ? Long.MAX_VALUE : end;
  }

  /** Resolves a suffix range once the total is known. */
  private void resolveSuffix(long total) throws MediaProtocolException {
    if (!range.isSuffix()) return;
    if (total < 0) {
      throw new MediaProtocolException(
          "the server did not say how long the media is, which a suffix range needs");
    }
    offset = Math.max(0, total - range.length());
  }

  private Answer plain(Response response, Context context) throws IOException {
    int code = response.code();
    if (code == 416) return unsatisfied(response, -1);
    CdnLayer.checkEncoding(response, null);
    long declared = CdnLayer.contentLength(response);
    ResponseBody body = body(response);
    if (asked == Ask.HEAD) {
      // Only length probes use HEAD.
      if (code != 200) throw unexpected(code);
      return Answer.empty(declared);
    }
    if (code == 206) {
      ContentRange cr = partial(response, declared);
      long total = cr.complete;
      if (probe()) return Answer.empty(total);
      resolveSuffix(total);
      // Bytes before the offset are dropped; an answer that ends before it cannot be the range
      // (unless the media does too).
      if (cr.first > offset || (cr.last < offset && (total < 0 || offset < total))) {
        throw notCovering(cr);
      }
      long end = range.lastOffset() < 0 || range.isSuffix() ? -1 : range.lastOffset();
      if (total >= 0) end = end < 0 ? total - 1 : Math.min(end, total - 1);
      if (end >= 0 && end >= offset && cr.last < end) throw notCovering(cr);
      long covered = covered(total);
      if (covered < 0 && length >= 0 && cr.last >= range.lastOffset()) covered = length;
      Source bytes = new SliceSource(context.wire(body, declared), cr.first, offset, length,
          cr.last + 1);
      return new Answer(context.limited(bytes), covered, total);
    }
    whole(response);
    long total = declared;
    if (probe()) return Answer.empty(total);
    resolveSuffix(total);
    Source bytes = new SliceSource(context.wire(body, declared), 0, offset, length, total);
    return new Answer(context.limited(bytes), covered(total), total);
  }

  private Answer encoded(Response response, MediaEncryptionHeader key, Context context)
      throws IOException {
    int code = response.code();
    if (code == 416) {
      if (asked == Ask.HEADER) throw new MediaProtocolException("the CDN answered 416 to a"
          + " request for the 21-byte header of an aes128gcm encoding");
      return unsatisfied(response, rs);
    }
    CdnLayer.checkEncoding(response, key);
    long declared = CdnLayer.contentLength(response);
    ResponseBody body = body(response);
    if (code == 206) return encodedPartial(response, key, context, body, declared);
    whole(response);
    // The whole encoding: its own header names rs, and its decoder checks every record.
    BufferedSource wire = Okio.buffer(context.wire(body, declared));
    long total = -1;
    if (wire.request(RecordRanges.HEADER)) {
      byte[] header = wire.peek().readByteArray(RecordRanges.HEADER);
      HeaderCheckingSource.check(header, key);
      int headerRs = HeaderCheckingSource.recordSize(header, maxRecordSize);
      if (headerRs > 0 && declared >= 0) total = RecordRanges.plaintextLength(declared, headerRs);
    }
    if (probe()) return Answer.empty(total);
    resolveSuffix(total);
    Source decoded = new Aes128GcmDecodingSource(wire, key.key(), maxRecordSize);
    Source bytes = new SliceSource(decoded, 0, offset, length, total);
    return new Answer(context.limited(bytes), covered(total), total);
  }

  private Answer encodedPartial(Response response, MediaEncryptionHeader key, Context context,
      ResponseBody body, long declared) throws IOException {
    ContentRange cr = partial(response, declared);
    long encodedLength = cr.complete;
    if (encodedLength < 0) {
      throw new MediaProtocolException("the CDN's 206 does not name the encoded length"
          + " (Content-Range: " + cr + ")");
    }
    BufferedSource wire = Okio.buffer(context.wire(body, declared));
    long firstRecord;
    if (cr.first == 0) {
      if (cr.last < RecordRanges.HEADER - 1) throw notCovering(cr);
      byte[] header = wire.readByteArray(RecordRanges.HEADER);
      HeaderCheckingSource.check(header, key);
      int headerRs = HeaderCheckingSource.recordSize(header, maxRecordSize);
      if (headerRs < 0) {
        throw new MediaProtocolException("the CDN's aes128gcm record size must be "
            + Aes128GcmDecodingSource.MIN_RECORD_SIZE + ".." + maxRecordSize);
      }
      if (header[RecordRanges.HEADER - 1] != 0) {
        throw new MediaProtocolException("the CDN's aes128gcm header has a keyid, which the"
            + " canonical encoding (and so a ranged read) does not allow");
      }
      rs = headerRs;
      salt = java.util.Arrays.copyOf(header, Aes128GcmDecodingSource.SALT_LENGTH);
      firstRecord = 0;
    } else {
      byte[] knownSalt = salt;
      if (rs < 0 || knownSalt == null || !RecordRanges.isRecordStart(cr.first, rs)) {
        throw notCovering(cr);
      }
      firstRecord = (cr.first - RecordRanges.HEADER) / rs;
    }
    long total = RecordRanges.plaintextLength(encodedLength, rs);
    if (total < 0) {
      throw new MediaProtocolException("the CDN's encoded length " + encodedLength
          + " is not that of a canonical aes128gcm encoding with rs " + rs);
    }
    if (probe()) return Answer.empty(total);
    resolveSuffix(total);
    if (offset >= total) return Answer.empty(total);
    boolean toTheEnd = cr.last == encodedLength - 1;
    long chunk = RecordRanges.chunk(rs);
    // The last full record the answer holds (a cut record cannot be opened).
    long lastCovered = toTheEnd ? Long.MAX_VALUE
        : (cr.last + 1 - RecordRanges.HEADER) / rs - 1;
    long end = length < 0 ? total - 1 : Math.min(total, saturatedEnd()) - 1;
    long needFirst = RecordRanges.recordOf(offset, rs);
    long needLast = RecordRanges.recordOf(end, rs);
    if (firstRecord <= needFirst && lastCovered >= needLast) {
      byte[] knownSalt = salt;
      Source records = Aes128GcmDecodingSource.ofRecords(wire, key.key(), knownSalt, rs,
          firstRecord, toTheEnd);
      long expectedEnd = toTheEnd ? total : (lastCovered + 1) * chunk;
      Source bytes = new SliceSource(records, firstRecord * chunk, offset, length, expectedEnd);
      return new Answer(context.limited(bytes), covered(total), total);
    }
    if (asked == Ask.HEADER || asked == Ask.HEAD) {
      next = Ask.RECORDS;
      return Answer.again();
    }
    throw notCovering(cr);
  }

  private ResponseBody body(Response response) throws MediaProtocolException {
    ResponseBody body = response.body();
    if (body == null) throw new MediaProtocolException("the response has no body");
    return body;
  }

  /** A 206's Content-Range, checked against its Content-Length. */
  private static ContentRange partial(Response response, long declared)
      throws MediaProtocolException {
    ContentRange cr = ContentRange.of(response);
    if (cr == null || cr.unsatisfied()) {
      throw new MediaProtocolException("a 206 response has no usable Content-Range");
    }
    if (declared >= 0 && declared != cr.last - cr.first + 1) {
      throw new MediaProtocolException("the 206's Content-Length " + declared
          + " does not match its Content-Range " + cr);
    }
    return cr;
  }

  /** A 2xx that is not a 206: must be a plain 200 without Content-Range. */
  private static void whole(Response response) throws MediaProtocolException {
    int code = response.code();
    if (code != 200) throw unexpected(code);
    if (response.header(CdnLayer.CONTENT_RANGE) != null) {
      throw new MediaProtocolException("a 200 response carries Content-Range");
    }
  }

  private static MediaProtocolException unexpected(int code) {
    return new MediaProtocolException("the server answered " + code
        + " to a ranged download; expected 200, 206 or 416");
  }

  /** A 416: the range starts at or past the end; its Content-Range names the length. */
  private Answer unsatisfied(Response response, int recordSize) throws MediaProtocolException {
    ContentRange cr = ContentRange.of(response);
    long complete = cr != null && cr.unsatisfied() ? cr.complete : -1;
    long total = complete;
    if (complete >= 0 && recordSize > 0) {
      total = RecordRanges.plaintextLength(complete, recordSize);
      if (total < 0) {
        throw new MediaProtocolException("the CDN's encoded length " + complete
            + " is not that of a canonical aes128gcm encoding with rs " + recordSize);
      }
    } else if (recordSize > 0) {
      total = -1;
    }
    if (probe()) return Answer.empty(total);
    if (range.isSuffix()) {
      // A suffix range is unsatisfiable only for an empty representation.
      if (total > 0) throw new MediaProtocolException("the server answered 416 to a suffix range"
          + " of a " + total + "-byte media");
      offset = 0;
      return Answer.empty(total);
    }
    if (total >= 0 && offset < total) {
      throw new MediaProtocolException("the server answered 416 to a range starting at "
          + offset + " of a " + total + "-byte media");
    }
    return Answer.empty(total);
  }

  private static MediaProtocolException notCovering(ContentRange cr) {
    return new MediaProtocolException(
        "the 206 response does not cover the range asked for (Content-Range: " + cr + ")");
  }
}
