package dev.mxsdk.media.internal.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mxsdk.core.CallHandle;
import dev.mxsdk.core.Clock;
import dev.mxsdk.media.MediaIntegrityException;
import dev.mxsdk.media.MediaProtocolException;
import dev.mxsdk.media.codec.MediaEncryptionHeader;
import dev.mxsdk.media.codec.SecretBytes;
import dev.mxsdk.media.internal.crypto.AesCtr;
import java.io.IOException;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okio.Buffer;
import okio.ForwardingSource;
import okio.Source;
import okio.Timeout;
import org.junit.jupiter.api.Test;

/**
 * The flow's small sources and counters on their own, at their boundaries: {@link SliceSource},
 * {@link WireSource} (progress, the low-speed rule, cancellation, HTTP framing failures),
 * {@link CtrSource}, {@link Progress}, {@link HeaderCheckingSource}, {@link ContentRange} and
 * {@link RecordRanges} saturation.
 */
final class FlowSourcesTest {
  private static final String KEY = "AAECAwQFBgcICQoLDA0ODw";

  /** A clock the test moves by hand. */
  private static final class ManualClock implements Clock {
    long now = 10_000;

    @Override
    public long nowMillis() {
      return now;
    }

    @Override
    public void sleep(long millis) {
      now += millis;
    }
  }

  /** A source that hands out at most {@code step} bytes per read and counts its reads. */
  private static final class Trickle extends ForwardingSource {
    final long step;
    int reads;
    boolean closed;

    Trickle(byte[] data, long step) {
      super(new Buffer().write(data));
      this.step = step;
    }

    @Override
    public long read(Buffer sink, long byteCount) throws IOException {
      reads++;
      return super.read(sink, Math.min(byteCount, step));
    }

    @Override
    public void close() throws IOException {
      closed = true;
      super.close();
    }
  }

  /** A source whose reads throw {@code failure}. */
  private static Source failing(IOException failure) {
    return new Source() {
      @Override
      public long read(Buffer sink, long byteCount) throws IOException {
        throw failure;
      }

      @Override
      public Timeout timeout() {
        return Timeout.NONE;
      }

      @Override
      public void close() {}
    };
  }

  private static byte[] random(int size) {
    byte[] data = new byte[size];
    new Random(size).nextBytes(data);
    return data;
  }

  // SliceSource

  @Test
  void aSliceChecksItsArgumentsAndItsCount() throws IOException {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new SliceSource(new Buffer(), 11, 10, -1, -1));
    assertEquals("upstream starts after the offset: 11 > 10", e.getMessage());
    SliceSource exact = new SliceSource(new Buffer().write(new byte[20]), 10, 10, -1, 30);
    assertEquals("byteCount < 0: -1", assertThrows(IllegalArgumentException.class,
        () -> exact.read(new Buffer(), -1)).getMessage());
    Buffer out = new Buffer();
    assertEquals(20, exact.read(out, 100));
    assertEquals(-1, exact.read(out, 100));
    assertEquals(0, exact.skipped());
  }

  @Test
  void aSliceEndsAtItsLimitWithoutReadingFurther() throws IOException {
    byte[] data = random(100);
    Trickle upstream = new Trickle(data, 100);
    SliceSource slice = new SliceSource(upstream, 0, 10, 20, -1);
    Buffer out = new Buffer();
    assertEquals(20, slice.read(out, 1000), "asks for no more than the limit");
    int reads = upstream.reads;
    assertEquals(-1, slice.read(out, 1000));
    assertEquals(-1, slice.read(out, 1000));
    assertEquals(reads, upstream.reads, "nothing read after the limit");
    assertArrayEquals(Arrays.copyOfRange(data, 10, 30), out.readByteArray());
    assertEquals(10, slice.skipped());
    SliceSource empty = new SliceSource(new Trickle(data, 100), 0, 0, 0, -1);
    assertEquals(-1, empty.read(out, 10), "a zero limit ends at once");
  }

  @Test
  void aSliceSkipsInSteps() throws IOException {
    byte[] data = random(200_000);
    Trickle upstream = new Trickle(data, Long.MAX_VALUE);
    SliceSource slice = new SliceSource(upstream, 0, 150_000, 10, 200_000);
    Buffer out = new Buffer();
    assertEquals(10, slice.read(out, 10));
    assertArrayEquals(Arrays.copyOfRange(data, 150_000, 150_010), out.readByteArray());
    assertEquals(150_000, slice.skipped());
    assertEquals(3 + 1, upstream.reads, "64 KiB, 64 KiB, 20 KiB skipped, then the range");
  }

  @Test
  void aSliceWhoseUpstreamEndsBeforeTheOffsetChecksTheEnd() throws IOException {
    SliceSource promised = new SliceSource(new Buffer().write(new byte[50]), 0, 80, 10, 100);
    MediaProtocolException e = assertThrows(MediaProtocolException.class,
        () -> promised.read(new Buffer(), 10));
    assertEquals("the media ended at byte 50, but the response's framing promised 100 bytes",
        e.getMessage());
    assertSame(e, assertThrows(MediaProtocolException.class, () -> promised.read(new Buffer(), 1)),
        "sticky");
    SliceSource atTheEnd = new SliceSource(new Buffer().write(new byte[50]), 0, 80, 10, 50);
    assertEquals(-1, atTheEnd.read(new Buffer(), 10));
    assertEquals(50, atTheEnd.skipped());
    assertEquals(-1, atTheEnd.read(new Buffer(), 10), "done stays done");
    SliceSource unknown = new SliceSource(new Buffer().write(new byte[50]), 0, 10, -1, -1);
    Buffer out = new Buffer();
    while (unknown.read(out, 7) != -1) {
      // drain
    }
    assertEquals(40, out.size());
  }

  @Test
  void aSliceFailureFromUpstreamIsSticky() {
    IOException boom = new IOException("boom");
    SliceSource slice = new SliceSource(failing(boom), 0, 0, -1, -1);
    assertSame(boom, assertThrows(IOException.class, () -> slice.read(new Buffer(), 1)));
    assertSame(boom, assertThrows(IOException.class, () -> slice.read(new Buffer(), 1)));
  }

  // WireSource and Progress

  @Test
  void theWireCountsEveryByteForTheListener() throws IOException {
    List<String> heard = new ArrayList<>();
    WireSource wire = new WireSource(new Trickle(new byte[25], 10), new CallHandle(),
        new ManualClock(), (done, total) -> heard.add(done + "/" + total), 25, 0, 0);
    Buffer out = new Buffer();
    while (wire.read(out, 100) != -1) {
      // drain
    }
    assertEquals(Arrays.asList("10/25", "20/25", "25/25"), heard);
    assertEquals(25, out.size());
    assertEquals(0, new WireSource(new Buffer().write(new byte[3]), new CallHandle(), new ManualClock(), null, -1,
        0, 0).read(new Buffer(), 0), "a zero read is not an end and needs no listener");
  }

  @Test
  void progressReportsOnlyChanges() {
    List<String> heard = new ArrayList<>();
    Progress progress = new Progress((done, total) -> heard.add(done + "/" + total), 9);
    progress.restart();
    progress.add(0);
    progress.add(-3);
    progress.to(0);
    assertEquals(Collections.emptyList(), heard, "nothing changed");
    progress.add(4);
    progress.to(4);
    progress.add(1);
    assertEquals(5, progress.done());
    progress.restart();
    assertEquals(0, progress.done());
    progress.to(9);
    assertEquals(Arrays.asList("4/9", "5/9", "0/9", "9/9"), heard);
    Progress silent = new Progress(null, -1);
    silent.add(3);
    silent.restart();
    silent.to(2);
    assertEquals(2, silent.done());
  }

  @Test
  void theLowSpeedRuleFailsOnlyBelowTheLimitForTheWholeWindow() throws IOException {
    ManualClock clock = new ManualClock();
    // 100 bytes/s for 2 s.
    WireSource wire = new WireSource(new Trickle(new byte[10_000], 100), new CallHandle(), clock,
        null, -1, 100, 2000);
    Buffer out = new Buffer();
    assertEquals(100, wire.read(out, 100));
    clock.now += 1999;
    assertEquals(100, wire.read(out, 100), "the window is not over");
    clock.now += 1;
    // 300 bytes in 2000 ms is 150 bytes/s: above the limit, and a new window starts.
    assertEquals(100, wire.read(out, 100));
    clock.now += 2000;
    // 100 bytes in 2000 ms is 50 bytes/s.
    SocketTimeoutException e =
        assertThrows(SocketTimeoutException.class, () -> wire.read(out, 100));
    assertEquals("the transfer stayed below 100 bytes/s for 2 s (the low-speed limit)",
        e.getMessage());

    ManualClock atLimit = new ManualClock();
    WireSource exact = new WireSource(new Trickle(new byte[10_000], 100), new CallHandle(),
        atLimit, null, -1, 100, 2000);
    assertEquals(100, exact.read(out, 100));
    atLimit.now += 2000;
    assertEquals(100, exact.read(out, 100), "200 bytes in 2 s is exactly 100 bytes/s");
    atLimit.now += 1999;
    assertEquals(100, exact.read(out, 100), "a new window started at the check");
    atLimit.now += 1;
    assertEquals(100, exact.read(out, 100), "200 bytes in the new window's 2 s pass again");
  }

  @Test
  void theLowSpeedRuleIsOffAtZeroAndAtTheEnd() throws IOException {
    ManualClock clock = new ManualClock();
    WireSource off = new WireSource(new Trickle(new byte[10], 1), new CallHandle(), clock, null,
        -1, 0, 1000);
    clock.now += 1_000_000;
    assertEquals(1, off.read(new Buffer(), 1));
    ManualClock late = new ManualClock();
    WireSource ending = new WireSource(new Buffer(), new CallHandle(), late, null, -1, 1000,
        1000);
    late.now += 1_000_000;
    assertEquals(-1, ending.read(new Buffer(), 1), "the end of the body is no slow transfer");
  }

  @Test
  void aCanceledWireThrowsCanceledAndAFramingFailureIsAnIntegrityFailure() throws IOException {
    CallHandle canceled = new CallHandle();
    canceled.cancel();
    WireSource before = new WireSource(new Buffer().write(new byte[10]), canceled,
        new ManualClock(), null, -1, 0, 0);
    assertEquals("Canceled",
        assertThrows(IOException.class, () -> before.read(new Buffer(), 10)).getMessage());

    ProtocolException cut = new ProtocolException("unexpected end of stream");
    WireSource framing = new WireSource(failing(cut), new CallHandle(), new ManualClock(), null,
        -1, 0, 0);
    MediaIntegrityException e =
        assertThrows(MediaIntegrityException.class, () -> framing.read(new Buffer(), 10));
    assertEquals("the body was cut short or malformed at the HTTP level (unexpected end of"
        + " stream)", e.getMessage());
    assertSame(cut, e.getCause());

    IOException reset = new IOException("connection reset");
    WireSource network = new WireSource(failing(reset), new CallHandle(), new ManualClock(), null,
        -1, 0, 0);
    assertSame(reset, assertThrows(IOException.class, () -> network.read(new Buffer(), 10)));

    // Canceled while the read was running: the failure is the cancellation, whatever it was.
    CallHandle during = new CallHandle();
    Source cancelsThenFails = new Source() {
      @Override
      public long read(Buffer sink, long byteCount) throws IOException {
        during.cancel();
        throw new ProtocolException("stream reset");
      }

      @Override
      public Timeout timeout() {
        return Timeout.NONE;
      }

      @Override
      public void close() {}
    };
    WireSource racing = new WireSource(cancelsThenFails, during, new ManualClock(), null, -1, 0,
        0);
    IOException canceledDuring =
        assertThrows(IOException.class, () -> racing.read(new Buffer(), 10));
    assertFalse(canceledDuring instanceof MediaIntegrityException);
    assertEquals("Canceled", canceledDuring.getMessage());
    CallHandle during2 = new CallHandle();
    Source cancelsThenResets = new ForwardingSource(new Buffer()) {
      @Override
      public long read(Buffer sink, long byteCount) throws IOException {
        during2.cancel();
        throw new IOException("socket closed");
      }
    };
    WireSource racing2 = new WireSource(cancelsThenResets, during2, new ManualClock(), null, -1,
        0, 0);
    assertEquals("Canceled",
        assertThrows(IOException.class, () -> racing2.read(new Buffer(), 10)).getMessage());
  }

  // CtrSource

  @Test
  void ctrSourceDecryptsFromItsOffsetAndChecksItsCount() throws IOException {
    byte[] key = new byte[32];
    byte[] iv = new byte[16];
    iv[3] = 9;
    byte[] plaintext = random(20_000);
    byte[] ciphertext = new byte[plaintext.length];
    new AesCtr(key, iv, true).update(plaintext, 0, plaintext.length, ciphertext, 0);
    int offset = 1234;
    Trickle upstream = new Trickle(Arrays.copyOfRange(ciphertext, offset, ciphertext.length),
        Long.MAX_VALUE);
    CtrSource source = new CtrSource(upstream, new AesCtr(key, iv, true, offset));
    assertEquals("byteCount < 0: -1", assertThrows(IllegalArgumentException.class,
        () -> source.read(new Buffer(), -1)).getMessage());
    assertEquals(0, source.read(new Buffer(), 0));
    assertEquals(0, upstream.reads, "a zero read reads nothing");
    Buffer out = new Buffer();
    assertEquals(8192, source.read(out, 100_000), "at most a segment per read");
    while (source.read(out, 100_000) != -1) {
      // drain
    }
    assertArrayEquals(Arrays.copyOfRange(plaintext, offset, plaintext.length), out.readByteArray());
    source.close();
    assertTrue(upstream.closed);
  }

  // HeaderCheckingSource

  private static MediaEncryptionHeader key(String extra) throws MediaProtocolException {
    return MediaEncryptionHeader.parse(
        Collections.singletonList("alg=aes128gcm, key=" + KEY + extra),
        Collections.singletonList("aes128gcm"), Integer.MAX_VALUE);
  }

  private static byte[] header(byte[] salt, int rs) {
    return dev.mxsdk.media.codec.Aes128GcmRecords.header(salt, rs);
  }

  @Test
  void theHeaderCheckComparesRsAndSaltWhenTheKeyNamesThem() throws IOException {
    byte[] salt = new byte[16];
    Arrays.fill(salt, (byte) 0x5a);
    String saltText = okio.ByteString.of(salt).base64Url().replace("=", "");
    MediaEncryptionHeader both = key(", rs=70000, salt=" + saltText);
    HeaderCheckingSource.check(header(salt, 70000), both);
    MediaProtocolException rs = assertThrows(MediaProtocolException.class,
        () -> HeaderCheckingSource.check(header(salt, 70001), both));
    assertEquals("the CDN's aes128gcm header names rs 70001, but the key header named rs 70000",
        rs.getMessage());
    byte[] high = header(salt, 0);
    high[16] = (byte) 0xff;
    high[17] = (byte) 0xff;
    high[18] = (byte) 0xff;
    high[19] = (byte) 0xff;
    assertTrue(assertThrows(MediaProtocolException.class,
        () -> HeaderCheckingSource.check(high, both)).getMessage().contains("rs 4294967295,"),
        "rs is unsigned in the message");
    byte[] otherSalt = salt.clone();
    otherSalt[15] ^= 1;
    assertEquals("the CDN's aes128gcm header carries another salt than the key header named",
        assertThrows(MediaProtocolException.class,
            () -> HeaderCheckingSource.check(header(otherSalt, 70000), both)).getMessage());
    // Every byte of rs counts, big-endian.
    MediaEncryptionHeader wide = key(", rs=" + 0x01020304);
    HeaderCheckingSource.check(header(salt, 0x01020304), wide);
    for (int bit : new int[] {24, 16, 8, 0}) {
      assertThrows(MediaProtocolException.class,
          () -> HeaderCheckingSource.check(header(salt, 0x01020304 ^ (1 << bit)), wide));
    }
    // Only rs named: any salt; only salt named: any rs.
    HeaderCheckingSource.check(header(otherSalt, 70000), key(", rs=70000"));
    HeaderCheckingSource.check(header(salt, 18), key(", salt=" + saltText));
    assertThrows(MediaProtocolException.class,
        () -> HeaderCheckingSource.check(header(otherSalt, 18), key(", salt=" + saltText)));
  }

  @Test
  void theHeaderCheckingSourceChecksBeforeTheFirstByteAndOnlyOnce() throws IOException {
    Source plain = new Buffer().write(new byte[5]);
    assertSame(plain, HeaderCheckingSource.wrap(plain, key("")), "nothing to check");
    MediaEncryptionHeader named = key(", rs=100");
    byte[] body = new byte[40];
    System.arraycopy(header(new byte[16], 100), 0, body, 0, 21);
    Source checked = HeaderCheckingSource.wrap(new Buffer().write(body), named);
    Buffer out = new Buffer();
    assertEquals(1, checked.read(out, 1));
    assertEquals(39, checked.read(out, 100));
    assertArrayEquals(body, out.readByteArray(), "the header is passed on");
    System.arraycopy(header(new byte[16], 101), 0, body, 0, 21);
    Source wrong = HeaderCheckingSource.wrap(new Buffer().write(body), named);
    assertThrows(MediaProtocolException.class, () -> wrong.read(new Buffer(), 1));
    // Too short for a header: passed on for the decoder to call truncated.
    Source shortBody = HeaderCheckingSource.wrap(new Buffer().write(new byte[20]), named);
    assertEquals(20, shortBody.read(out, 100));
  }

  @Test
  void theHeadersRecordSizeIsReadUnsignedWithinItsBounds() {
    assertEquals(18, HeaderCheckingSource.recordSize(header(new byte[16], 18), 100));
    assertEquals(-1, HeaderCheckingSource.recordSize(header(new byte[16], 17), 100));
    assertEquals(100, HeaderCheckingSource.recordSize(header(new byte[16], 100), 100));
    assertEquals(-1, HeaderCheckingSource.recordSize(header(new byte[16], 101), 100));
    assertEquals(0x01020304, HeaderCheckingSource.recordSize(header(new byte[16], 0x01020304),
        Integer.MAX_VALUE));
    assertEquals(-1, HeaderCheckingSource.recordSize(header(new byte[16], -1), Integer.MAX_VALUE));
    assertEquals(0x7f020304, HeaderCheckingSource.recordSize(header(new byte[16], 0x7f020304),
        Integer.MAX_VALUE));
    assertEquals(0x00ff0000, HeaderCheckingSource.recordSize(header(new byte[16], 0x00ff0000),
        Integer.MAX_VALUE));
  }

  // ContentRange and RecordRanges

  private static Response response(String... contentRanges) {
    Response.Builder b = new Response.Builder()
        .request(new Request.Builder().url("https://cdn.example/m").build())
        .protocol(Protocol.HTTP_1_1).code(206).message("Partial");
    for (String value : contentRanges) b.addHeader("Content-Range", value);
    return b.build();
  }

  @Test
  void contentRangeHeadersAreSingleAndWellFormed() throws MediaProtocolException {
    assertNull(ContentRange.of(response()));
    ContentRange r = ContentRange.of(response("  bytes 2-5/10 "));
    assertEquals("bytes 2-5/10", r.toString());
    assertFalse(r.unsatisfied());
    assertEquals("repeated Content-Range headers", assertThrows(MediaProtocolException.class,
        () -> ContentRange.of(response("bytes 0-1/2", "bytes 0-1/2"))).getMessage());
    MediaProtocolException e = assertThrows(MediaProtocolException.class,
        () -> ContentRange.of(response("bytes 5-1/10")));
    assertTrue(e.getMessage().startsWith("the Content-Range header is malformed: "),
        e.getMessage());
  }

  @Test
  void contentRangeEdges() {
    assertEquals("bytes */7", ContentRange.parse("bytes */7").toString());
    assertEquals("bytes 0-0/*", ContentRange.parse("bytes 0-0/*").toString());
    ContentRange spaced = ContentRange.parse("bytes  3 - 4 / 5 ");
    assertEquals(3, spaced.first);
    assertEquals(4, spaced.last);
    assertEquals(5, spaced.complete);
    ContentRange lastByte = ContentRange.parse("bytes 9-9/10");
    assertEquals(9, lastByte.last);
    assertEquals(0, ContentRange.parse("bytes */0").complete);
    ContentRange oneByte = ContentRange.parse("bytes 4-4/*");
    assertEquals(4, oneByte.first);
    assertEquals(4, oneByte.last);
    // 18 digits are a number, 19 are refused (before they could overflow).
    assertEquals(999_999_999_999_999_999L,
        ContentRange.parse("bytes 0-0/999999999999999999").complete);
    for (String bad : new String[] {"bytes 0-0/1000000000000000000", "bytes 0-/5", "bytes -/5",
        "bytes 0-1/", "bytes 01/5", "bytes 0-1/5x", "bytes 0-1/-5", "bytes 1:2/5",
        "bytes 0-1/*5", "bytes */-1", "bytes */", "Bytes 0-1/5", "bytes0-1/5", "bytes 0-0/0",
        "bytes 0-1/1/", "bytes 0-5./100", "bytes 0.-5/100"}) {
      assertNull(ContentRange.parse(bad), bad);
    }
  }

  @Test
  void recordRangesSaturateJustBeforeALongOverflows() {
    int rs = 65536;
    long limit = (Long.MAX_VALUE - RecordRanges.HEADER) / rs;
    assertEquals(RecordRanges.HEADER + limit * rs, RecordRanges.encodedStart(limit, rs));
    assertEquals(Long.MAX_VALUE, RecordRanges.encodedStart(limit + 1, rs));
    assertEquals(RecordRanges.HEADER + (limit - 1) * rs - 1,
        RecordRanges.encodedEnd(limit - 2, rs));
    assertEquals(Long.MAX_VALUE - 1, RecordRanges.encodedEnd(limit - 1, rs));
    assertEquals(Long.MAX_VALUE - 1, RecordRanges.encodedEnd(limit, rs));
    assertEquals(21 + 25 - 1, RecordRanges.encodedEnd(0, 25));
    assertEquals(8, RecordRanges.chunk(25));
    assertFalse(RecordRanges.isRecordStart(20, 25));
    assertTrue(RecordRanges.isRecordStart(21, 25));
    assertEquals(-1, RecordRanges.plaintextLength(0, 25));
    assertEquals(-1, RecordRanges.plaintextLength(22, 25), "one byte is no record");
  }

  private static Response answer(int code, String... headers) {
    Response.Builder b = new Response.Builder()
        .request(new Request.Builder().url("https://cdn.example/m").build())
        .protocol(Protocol.HTTP_1_1).code(code).message("M");
    for (int i = 0; i < headers.length; i += 2) b.addHeader(headers[i], headers[i + 1]);
    return b.build();
  }

  @Test
  void aWholeResponseMustBeAPlain200() throws MediaProtocolException {
    CdnLayer.checkWholeResponse(answer(200));
    assertEquals("the server answered 204 No Content to a download", assertThrows(
        MediaProtocolException.class, () -> CdnLayer.checkWholeResponse(answer(204)))
        .getMessage());
    assertEquals("the server answered 206 Partial Content, but no range was asked for",
        assertThrows(MediaProtocolException.class,
            () -> CdnLayer.checkWholeResponse(answer(206))).getMessage());
    assertEquals("the server answered 203 to a download; expected 200", assertThrows(
        MediaProtocolException.class, () -> CdnLayer.checkWholeResponse(answer(203)))
        .getMessage());
    assertEquals("a 200 response carries Content-Range, but no range was asked for",
        assertThrows(MediaProtocolException.class, () -> CdnLayer.checkWholeResponse(
            answer(200, "Content-Range", "bytes 0-1/2"))).getMessage());
  }

  @Test
  void theContentLengthIsOneNonNegativeDecimal() throws MediaProtocolException {
    assertEquals(-1, CdnLayer.contentLength(answer(200)));
    assertEquals(0, CdnLayer.contentLength(answer(200, "Content-Length", "0")));
    assertEquals(12, CdnLayer.contentLength(answer(200, "Content-Length", "12",
        "Content-Length", "12")));
    assertEquals(999_999_999_999_999_999L, CdnLayer.contentLength(answer(200, "Content-Length",
        "999999999999999999")));
    assertEquals("conflicting Content-Length headers", assertThrows(MediaProtocolException.class,
        () -> CdnLayer.contentLength(answer(200, "Content-Length", "12", "Content-Length", "13")))
        .getMessage());
    assertEquals("conflicting Content-Length headers", assertThrows(MediaProtocolException.class,
        () -> CdnLayer.contentLength(answer(200, "Content-Length", "0", "Content-Length", "1")))
        .getMessage());
    for (String bad : new String[] {"", "1000000000000000000", "-1", "1.5", "1 2", "0x10", "/",
        ":"}) {
      assertEquals("the Content-Length header is not a non-negative integer: " + bad,
          assertThrows(MediaProtocolException.class, () -> CdnLayer.contentLength(answer(200,
              "Content-Length", bad))).getMessage(), bad);
    }
  }

  @Test
  void headerValuesAreShownCutAndPrintable() {
    assertEquals("", CdnLayer.shown(""));
    assertEquals("abcdefghijklmnopqrstuvwx", CdnLayer.shown("abcdefghijklmnopqrstuvwx"));
    assertEquals("abcdefghijklmnopqrstuvwx...", CdnLayer.shown("abcdefghijklmnopqrstuvwxy"));
    assertEquals("a b~?c?ÿ".replace("ÿ", "?"), CdnLayer.shown("a b~cÿ"));
  }

  @Test
  void theContentCodingMustBeExactlyWhatTheKeyImplies() throws MediaProtocolException {
    MediaEncryptionHeader key = key("");
    CdnLayer.checkEncoding(answer(200), null);
    CdnLayer.checkEncoding(answer(200, "Content-Encoding", "identity, ,IDENTITY"), null);
    CdnLayer.checkEncoding(answer(200, "Content-Encoding", "AES128GCM"), key);
    CdnLayer.checkEncoding(answer(200, "Content-Encoding", "identity",
        "Content-Encoding", " aes128gcm "), key);
    assertEquals("a key was issued, but the body is not aes128gcm-encoded (Content-Encoding:"
        + " none)", assertThrows(MediaProtocolException.class,
        () -> CdnLayer.checkEncoding(answer(200), key)).getMessage());
    assertEquals("a key was issued, but the body is not aes128gcm-encoded (Content-Encoding:"
        + " gzip, br)", assertThrows(MediaProtocolException.class,
        () -> CdnLayer.checkEncoding(answer(200, "Content-Encoding", "gzip",
            "Content-Encoding", "br"), key)).getMessage());
    assertEquals("the body is aes128gcm-encoded together with another coding (Content-Encoding:"
        + " aes128gcm, gzip); only aes128gcm alone is accepted", assertThrows(
        MediaProtocolException.class, () -> CdnLayer.checkEncoding(answer(200,
            "Content-Encoding", "aes128gcm, gzip"), key)).getMessage());
    assertEquals("the body is aes128gcm-encoded, but no key was issued for it", assertThrows(
        MediaProtocolException.class, () -> CdnLayer.checkEncoding(answer(200,
            "Content-Encoding", "gzip", "Content-Encoding", "aes128gcm"), null)).getMessage());
    assertEquals("the body has a content coding that was not asked for (Content-Encoding: gzip)",
        assertThrows(MediaProtocolException.class, () -> CdnLayer.checkEncoding(answer(200,
            "Content-Encoding", "identity", "Content-Encoding", "GZIP"), null)).getMessage());
  }

  @Test
  void aSecretBytesKeyParsesFromTheHeader() throws MediaProtocolException {
    assertEquals(SecretBytes.copyOf(new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
        15}), key("").key());
  }
}
