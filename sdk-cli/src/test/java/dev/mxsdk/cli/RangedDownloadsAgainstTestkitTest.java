package dev.mxsdk.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mxsdk.core.MatrixClient;
import dev.mxsdk.core.MxcUri;
import dev.mxsdk.media.EncryptedFile;
import dev.mxsdk.media.MediaClient;
import dev.mxsdk.media.MediaOptions;
import dev.mxsdk.media.MediaRange;
import dev.mxsdk.media.MediaRequest;
import dev.mxsdk.media.MediaResponse;
import dev.mxsdk.testkit.RecordedRequest;
import dev.mxsdk.testkit.TestHomeserver;
import dev.mxsdk.testkit.TestHomeserverBuilder;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential tests of ranged downloads against the testkit: every range (boundaries of records
 * and AES blocks, first and last record, empty and 1-byte objects, random offsets and lengths from
 * a fixed seed) equals the same slice of the whole media, for each layer combination, and the CDN
 * sent only the records the range needed; resuming after a dropped connection at many offsets
 * yields the verified whole.
 */
final class RangedDownloadsAgainstTestkitTest {
  /** Small records, so that a few KiB span dozens of them. */
  private static final int RS = 100;
  private static final int CHUNK = RS - 17;
  private static final int[] SIZES = {0, 1, CHUNK, CHUNK + 1, 50 * CHUNK + 37};

  private final Random random = new Random(0x5ca1ab1eL);
  private TestHomeserver server;
  private MatrixClient matrix;

  @TempDir Path dir;

  @AfterEach
  void tearDown() {
    if (matrix != null) Cli.shutdown(matrix);
    if (server != null) server.close();
  }

  private MediaClient start(TestHomeserverBuilder builder, MediaOptions options)
      throws IOException {
    server = builder.recordSize(RS).start();
    matrix = Cli.matrixClient(HttpUrl.get(server.baseUrl()), server.accessToken(),
        Cli.okHttpClient().build(), true);
    return MediaClient.builder(matrix).defaultOptions(options).build();
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  /** The ranges to try on an object of {@code size} bytes. */
  private List<MediaRange> ranges(int size) {
    Set<MediaRange> ranges = new LinkedHashSet<>();
    long[] offsets = {0, 1, 15, 16, 17, CHUNK - 1, CHUNK, CHUNK + 1, 2L * CHUNK,
        size - 1, size, size + 1, (size / CHUNK) * CHUNK, Math.max(0, size - CHUNK)};
    for (long offset : offsets) {
      if (offset < 0) continue;
      ranges.add(MediaRange.of(offset, 1));
      ranges.add(MediaRange.of(offset, CHUNK + 2));
    }
    ranges.add(MediaRange.from(0));
    ranges.add(MediaRange.from(Math.max(0, size - 3)));
    ranges.add(MediaRange.suffix(1));
    ranges.add(MediaRange.suffix(CHUNK + 5));
    ranges.add(MediaRange.of(0, 0));
    for (int i = 0; i < 6 && size > 0; i++) {
      long offset = random.nextInt(size);
      ranges.add(MediaRange.of(offset, 1 + random.nextInt(Math.max(1, size / 3))));
    }
    return new ArrayList<>(ranges);
  }

  private static byte[] slice(byte[] whole, long offset, long length) {
    int from = (int) Math.min(offset, whole.length);
    int to = length < 0 ? whole.length : (int) Math.min(whole.length, offset + length);
    return Arrays.copyOfRange(whole, from, Math.max(from, to));
  }

  /** Reads every range of every size and checks it; returns the number of cases. */
  private int checkAll(MediaClient client, boolean e2ee, boolean keyed, boolean recordLayout)
      throws IOException {
    int cases = 0;
    for (int size : SIZES) {
      byte[] plaintext = bytes(size);
      MediaRequest base;
      if (e2ee) {
        EncryptedFile file = server.seedEncrypted(plaintext);
        base = MediaRequest.download(file);
      } else {
        base = MediaRequest.download(server.seed(plaintext, "video/mp4", "v.mp4"));
      }
      for (MediaRange range : ranges(size)) {
        check(client, base, range, plaintext, keyed, recordLayout);
        cases++;
      }
    }
    return cases;
  }

  private void check(MediaClient client, MediaRequest base, MediaRange range, byte[] plaintext,
      boolean keyed, boolean recordLayout) throws IOException {
    server.clearRecordedRequests();
    String what = range + " of " + plaintext.length;
    long offset = range.isSuffix() ? Math.max(0, plaintext.length - range.length())
        : range.offset();
    byte[] expected = slice(plaintext, offset, range.length());
    try (MediaResponse response =
        client.newCall(base.newBuilder().range(range).build()).execute()) {
      assertEquals(plaintext.length, response.totalLength(), what);
      assertEquals(expected.length, response.contentLength(), what);
      if (range.isSuffix()) assertEquals(offset, response.offset(), what);
      assertArrayEquals(expected, response.source().readByteArray(), what);
    }
    long sent = server.cdnBodyBytes();
    List<RecordedRequest> cdn = server.cdnRequests();
    boolean probe = !range.isSuffix() && range.length() == 0;
    if (!keyed) {
      // Plain positions: the CDN sent the range itself (1 byte for a length probe), at most.
      assertTrue(sent <= Math.max(expected.length, 1), what + ": the CDN sent " + sent);
      assertEquals(1, cdn.size(), what);
      return;
    }
    // A range that starts past the end but inside the last record's span costs that record.
    int records = expected.length == 0 ? (probe ? 0 : 1)
        : (int) ((offset + expected.length - 1) / CHUNK - offset / CHUNK + 1);
    long bound = 21 + (long) records * RS;
    assertTrue(sent <= bound, what + ": the CDN sent " + sent + ", the records need " + bound);
    // With rs and salt the records are asked for at once; a suffix or an unknown layout needs the
    // header first, unless the header shows the range starts past the end.
    int expectedRequests = 1;
    if (!probe && (range.isSuffix() || !recordLayout) && offset < plaintext.length) {
      expectedRequests = 2;
    }
    assertEquals(expectedRequests, cdn.size(), what);
  }

  @Test
  void plainMediaThroughAPlainCdn() throws IOException {
    MediaClient client = start(TestHomeserver.newBuilder(),
        MediaOptions.builder().cdnEncryption(false).build());
    assertTrue(checkAll(client, false, false, true) > 100);
  }

  @Test
  void plainMediaThroughTheCdnLayer() throws IOException {
    MediaClient client = start(TestHomeserver.newBuilder(), MediaOptions.defaults());
    assertTrue(checkAll(client, false, true, true) > 100);
  }

  @Test
  void e2eeMediaThroughAPlainCdn() throws IOException {
    MediaClient client = start(TestHomeserver.newBuilder(),
        MediaOptions.builder().cdnEncryption(false).unverifiedStreaming(true).build());
    assertTrue(checkAll(client, true, false, true) > 100);
  }

  @Test
  void e2eeMediaThroughTheCdnLayer() throws IOException {
    MediaClient client = start(TestHomeserver.newBuilder(),
        MediaOptions.builder().unverifiedStreaming(true).build());
    assertTrue(checkAll(client, true, true, true) > 100);
  }

  @Test
  void aKeyHeaderWithoutRsAndSaltCostsOneMoreCdnRequestAndTheSameBytes() throws IOException {
    MediaClient client = start(TestHomeserver.newBuilder().keyHeaderRecordLayout(false),
        MediaOptions.builder().unverifiedStreaming(true).build());
    byte[] plaintext = bytes(9001);
    EncryptedFile file = server.seedEncrypted(plaintext);
    MediaRequest base = MediaRequest.download(file);
    for (MediaRange range : Arrays.asList(MediaRange.of(5000, 300), MediaRange.of(3, 10),
        MediaRange.from(8999), MediaRange.suffix(200), MediaRange.of(20_000, 5))) {
      check(client, base, range, plaintext, true, false);
    }
    server.clearRecordedRequests();
    try (MediaResponse response =
        client.newCall(base.newBuilder().range(MediaRange.of(5000, 300)).build()).execute()) {
      response.source().readByteArray();
    }
    List<RecordedRequest> cdn = server.cdnRequests();
    assertEquals(Arrays.asList("bytes=0-20", "bytes=" + (21 + (5000 / CHUNK) * RS) + "-"
        + (21 + (5299 / CHUNK + 1) * RS - 1)),
        Arrays.asList(cdn.get(0).header("Range"), cdn.get(1).header("Range")));
    assertEquals(cdn.get(0).path(), cdn.get(1).path());
  }

  @Test
  void aHomeserverThatServesMediaItselfAndIgnoresRangesIsReadUpToTheOffset()
      throws IOException {
    MediaClient client = start(TestHomeserver.newBuilder().cdn(false),
        MediaOptions.builder().unverifiedStreaming(true).build());
    byte[] plaintext = bytes(9001);
    MxcUri uri = server.seed(plaintext, "video/mp4", "v.mp4");
    EncryptedFile file = server.seedEncrypted(plaintext);
    for (MediaRequest base : Arrays.asList(MediaRequest.download(uri),
        MediaRequest.download(file))) {
      for (MediaRange range : Arrays.asList(MediaRange.of(4444, 1000), MediaRange.suffix(17),
          MediaRange.of(0, 0), MediaRange.from(9001))) {
        try (MediaResponse response =
            client.newCall(base.newBuilder().range(range).build()).execute()) {
          long offset = range.isSuffix() ? plaintext.length - range.length() : range.offset();
          assertEquals(plaintext.length, response.totalLength(), range.toString());
          assertArrayEquals(slice(plaintext, offset, range.length()),
              response.source().readByteArray(), range.toString());
        }
      }
    }
  }

  @Test
  void resumeAfterADropAtManyOffsetsYieldsTheVerifiedWhole() throws IOException {
    MediaClient client = start(TestHomeserver.newBuilder(),
        MediaOptions.builder().resume(true).build());
    byte[] plaintext = bytes(20_000);
    EncryptedFile file = server.seedEncrypted(plaintext);
    MxcUri plain = server.seed(plaintext, "video/mp4", "v.mp4");
    long encoded = 21 + 20_000 + 17L * ((20_000 + CHUNK - 1) / CHUNK);
    long[] drops = {0, 1, 20, 21, 22, 21 + RS - 1, 21 + RS, 21 + 5L * RS + 7, encoded / 2,
        encoded - RS, encoded - 1};
    int n = 0;
    for (MediaRequest request : Arrays.asList(MediaRequest.download(file),
        MediaRequest.download(plain))) {
      for (long drop : drops) {
        File target = dir.resolve("resumed-" + n++ + ".bin").toFile();
        server.faults().dropConnectionAt(drop, 1);
        assertThrows(IOException.class, () -> downloadTo(client, request, target), "drop " + drop);
        assertFalse(target.exists(), "drop " + drop);
        // A second drop further on, inside the resumed request.
        long again = Math.min(encoded - 1, drop + 3L * RS + 11);
        server.faults().dropConnectionAt(again, 1);
        try {
          downloadTo(client, request, target);
        } catch (IOException expected) {
          // Dropped again: the partial grew, and the next resume finishes it.
        }
        server.faults().clear();
        assertEquals(plaintext.length, downloadTo(client, request, target), "drop " + drop);
        assertArrayEquals(plaintext, Files.readAllBytes(target.toPath()), "drop " + drop);
        String[] left = dir.toFile().list((d, name) -> name.contains(".mxsdk-"));
        assertEquals(0, left.length, Arrays.toString(left));
      }
    }
  }

  private static long downloadTo(MediaClient client, MediaRequest request, File target)
      throws IOException {
    try (MediaResponse response = client.newCall(request).execute()) {
      return response.downloadTo(target);
    }
  }
}
