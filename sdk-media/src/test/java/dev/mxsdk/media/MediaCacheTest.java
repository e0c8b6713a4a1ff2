package dev.mxsdk.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mxsdk.core.MxcUri;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import okhttp3.mockwebserver.MockResponse;
import okio.Buffer;
import okio.BufferedSource;
import okio.ByteString;
import okio.Okio;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The disk cache through {@link MediaClient}: a hit makes no request at all, every delivery mode
 * serves hits, E2EE entries are ciphertext only, damaged entries are never served, and the limits
 * hold. A homeserver and a CDN on MockWebServer.
 */
final class MediaCacheTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final MxcUri MXC = MxcUri.parse("mxc://media.example/cached");

  @TempDir Path dir;
  private FlowFixture f;
  private File cacheDir;
  private MediaCache cache;

  @BeforeEach
  void setUp() throws IOException {
    f = new FlowFixture();
    cacheDir = dir.resolve("cache").toFile();
    cache = MediaCache.open(cacheDir, MediaCachePolicy.defaults(), f.clock);
  }

  @AfterEach
  void tearDown() throws IOException {
    cache.close();
    f.close();
  }

  static byte[] random(int size) {
    byte[] b = new byte[size];
    RANDOM.nextBytes(b);
    return b;
  }

  /** A new MatrixClient each time: nothing cached in memory, so /versions would be fetched. */
  private MediaClient client(MediaOptions options) {
    return MediaClient.builder(f.matrixClient(f.okHttpClient()))
        .defaultOptions(options)
        .cache(cache)
        .build();
  }

  private MediaClient client() {
    return client(MediaOptions.defaults());
  }

  private void servePlain(byte[] body) {
    f.enqueue(new MockResponse().setHeader("Content-Type", "image/png")
        .setHeader("Content-Disposition", "inline; filename=\"photo.png\"")
        .setBody(new Buffer().write(body)));
  }

  private byte[] read(MediaClient client, MediaRequest request) throws IOException {
    try (MediaResponse response = client.newCall(request).execute()) {
      return response.source().readByteArray();
    }
  }

  /** Every request either server received, /versions included. */
  private int requestsSeen() throws InterruptedException {
    int n = 0;
    while (f.homeserver.takeRequest(0, java.util.concurrent.TimeUnit.MILLISECONDS) != null) n++;
    while (f.cdn.takeRequest(0, java.util.concurrent.TimeUnit.MILLISECONDS) != null) n++;
    return n;
  }

  private List<File> entryFiles() throws IOException {
    List<File> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(cacheDir.toPath().resolve("entries"))) {
      walk.filter(Files::isRegularFile).forEach(p -> files.add(p.toFile()));
    }
    return files;
  }

  private File onlyEntryFile() throws IOException {
    List<File> files = entryFiles();
    assertEquals(1, files.size(), files.toString());
    return files.get(0);
  }

  @Test
  void aSecondDownloadIsServedFromDiskWithoutAnyRequestNotEvenVersions() throws Exception {
    byte[] body = random(100_000);
    servePlain(body);
    try (MediaResponse first = client().newCall(MediaRequest.download(MXC)).execute()) {
      assertFalse(first.diagnostics().fromCache());
      assertArrayEquals(body, first.source().readByteArray());
    }
    assertEquals(2, requestsSeen(), "/versions and the download");

    try (MediaResponse second = client().newCall(MediaRequest.download(MXC)).execute()) {
      assertTrue(second.diagnostics().fromCache());
      assertEquals("cache", second.diagnostics().endpoint());
      assertEquals("image/png", second.contentType());
      assertEquals("photo.png", second.fileName());
      assertEquals(body.length, second.contentLength());
      assertArrayEquals(body, second.source().readByteArray());
    }
    assertEquals(0, requestsSeen(), "a hit makes no request at all");
    MediaCacheStats stats = cache.stats();
    assertEquals(1, stats.entryCount());
    assertEquals(body.length, stats.byteCount());
    assertEquals(1, stats.hitCount());
    assertEquals(1, stats.missCount());
  }

  @Test
  void everyPlainDeliveryModeServesAHit() throws Exception {
    byte[] body = random(70_000);
    servePlain(body);
    assertArrayEquals(body, read(client(), MediaRequest.download(MXC)));
    requestsSeen();

    File target = dir.resolve("out.bin").toFile();
    try (MediaResponse r = client().newCall(MediaRequest.download(MXC)).execute()) {
      assertEquals(body.length, r.downloadTo(target));
    }
    assertArrayEquals(body, Files.readAllBytes(target.toPath()));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (MediaResponse r = client().newCall(MediaRequest.download(MXC)).execute()) {
      assertEquals(body.length, r.downloadTo(out));
    }
    assertArrayEquals(body, out.toByteArray());
    assertEquals(0, requestsSeen());
    assertEquals(2, cache.stats().hitCount());
  }

  @Test
  void aCdnEncryptedDownloadIsStoredAsItsPlaintextWithoutTheCdnKey() throws Exception {
    byte[] body = random(90_000);
    byte[] cdnKey = random(16);
    f.enqueue(f.redirectToCdn("/object").setHeader("X-Matrix-Media-Encryption",
        "alg=aes128gcm, key=" + ByteString.of(cdnKey).base64Url().replace("=", "")));
    f.cdn.enqueue(new MockResponse().setHeader("Content-Encoding", "aes128gcm")
        .setHeader("Content-Type", "application/octet-stream")
        .setBody(new Buffer().write(Rfc8188.encode(body, cdnKey, 4096))));
    assertArrayEquals(body, read(client(), MediaRequest.download(MXC)));
    requestsSeen();

    assertArrayEquals(body, read(client(), MediaRequest.download(MXC)));
    assertEquals(0, requestsSeen());
    ByteString key = ByteString.of(cdnKey);
    for (byte[] needle : List.of(cdnKey, key.base64Url().getBytes(), key.base64().getBytes(),
        key.base64Url().replace("=", "").getBytes(), key.hex().getBytes())) {
      assertFalse(anyFileContains(needle), "the CDN key must never be stored");
    }
    assertTrue(anyFileContains(java.util.Arrays.copyOf(body, 64)), "the plaintext is stored");
  }

  private boolean anyFileContains(byte[] needle) throws IOException {
    try (Stream<Path> walk = Files.walk(cacheDir.toPath())) {
      for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
        if (new Buffer().write(Files.readAllBytes(p)).indexOf(ByteString.of(needle)) >= 0) {
          return true;
        }
      }
    }
    return false;
  }

  private EncryptedFile e2ee(byte[] plaintext, Buffer ciphertextOut) throws IOException {
    EncryptingSource encrypting = Attachments.encrypt(new Buffer().write(plaintext));
    ciphertextOut.writeAll(encrypting);
    return encrypting.encryptedFile().newBuilder().url(MXC).build();
  }

  @Test
  void anE2eeEntryHoldsOnlyCiphertextAndEveryDeliveryModeDecryptsAHit() throws Exception {
    byte[] plaintext = random(150_000);
    Buffer ciphertext = new Buffer();
    EncryptedFile file = e2ee(plaintext, ciphertext);
    f.enqueue(new MockResponse().setBody(ciphertext.clone()));
    assertArrayEquals(plaintext, read(client(), MediaRequest.download(file)));
    requestsSeen();

    assertArrayEquals(plaintext, read(client(), MediaRequest.download(file)));
    try (MediaResponse r = client(MediaOptions.builder().unverifiedStreaming(true).build())
        .newCall(MediaRequest.download(file)).execute()) {
      assertEquals("unverified", r.diagnostics().e2ee());
      assertArrayEquals(plaintext, r.source().readByteArray());
    }
    File target = dir.resolve("secret.bin").toFile();
    try (MediaResponse r = client().newCall(MediaRequest.download(file)).execute()) {
      r.downloadTo(target);
    }
    assertArrayEquals(plaintext, Files.readAllBytes(target.toPath()));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (MediaResponse r = client().newCall(MediaRequest.download(file)).execute()) {
      r.downloadTo(out);
    }
    assertArrayEquals(plaintext, out.toByteArray());
    assertEquals(0, requestsSeen());

    assertArrayEquals(ciphertext.readByteArray(), payloadOf(onlyEntryFile(), plaintext.length));
    for (int offset = 0; offset + 32 <= plaintext.length; offset += plaintext.length / 16) {
      assertFalse(anyFileContains(java.util.Arrays.copyOfRange(plaintext, offset, offset + 32)),
          "no plaintext may rest in the cache directory (offset " + offset + ")");
    }
  }

  @Test
  void nothingDecryptedRestsInTheCacheAfterAMissInAnyMode() throws Exception {
    for (int mode = 0; mode < 4; mode++) {
      byte[] plaintext = random(60_000);
      Buffer ciphertext = new Buffer();
      EncryptedFile file = e2ee(plaintext, ciphertext).newBuilder()
          .url(MxcUri.parse("mxc://media.example/mode" + mode)).build();
      f.enqueue(new MockResponse().setBody(ciphertext));
      MediaClient client = client(MediaOptions.builder().unverifiedStreaming(mode == 1).build());
      try (MediaResponse r = client.newCall(MediaRequest.download(file)).execute()) {
        if (mode <= 1) {
          assertArrayEquals(plaintext, r.source().readByteArray());
        } else if (mode == 2) {
          r.downloadTo(dir.resolve("m" + mode).toFile());
        } else {
          r.downloadTo(new ByteArrayOutputStream());
        }
      }
      assertTrue(cache.store().contains(MediaRequest.download(file).cacheKey()), "mode " + mode);
      for (int offset = 0; offset + 32 <= plaintext.length; offset += 4096) {
        assertFalse(anyFileContains(java.util.Arrays.copyOfRange(plaintext, offset, offset + 32)),
            "mode " + mode + " left plaintext at offset " + offset);
      }
    }
  }

  /** The media bytes of an entry file: the file starts with them. */
  private static byte[] payloadOf(File entry, int length) throws IOException {
    return java.util.Arrays.copyOf(Files.readAllBytes(entry.toPath()), length);
  }

  @Test
  void anE2eeDownloadWhoseHashFailsStoresNothing() throws Exception {
    byte[] plaintext = random(50_000);
    Buffer ciphertext = new Buffer();
    EncryptedFile file = e2ee(plaintext, ciphertext);
    byte[] tampered = ciphertext.readByteArray();
    tampered[1000] ^= 1;
    f.enqueue(new MockResponse().setBody(new Buffer().write(tampered)));
    try (MediaResponse r = client().newCall(MediaRequest.download(file)).execute()) {
      assertThrows(MediaIntegrityException.class, () -> r.source().readByteArray());
    }
    assertEquals(0, cache.stats().entryCount());
    assertEquals(List.of(), entryFiles());
    assertEquals(0, cacheDir.toPath().resolve("tmp").toFile().list().length);
  }

  @Test
  void anEntryWhoseHashDiffersFromTheEncryptedFileIsNotServed() throws Exception {
    byte[] plaintext = random(40_000);
    Buffer ciphertext = new Buffer();
    EncryptedFile file = e2ee(plaintext, ciphertext);
    f.enqueue(new MockResponse().setBody(ciphertext.clone()));
    read(client(), MediaRequest.download(file));
    requestsSeen();

    byte[] otherHash = file.sha256();
    otherHash[0] ^= 1;
    EncryptedFile other = file.newBuilder().sha256(otherHash).build();
    f.enqueue(new MockResponse().setBody(ciphertext.clone()));
    try (MediaResponse r = client().newCall(MediaRequest.download(other)).execute()) {
      assertFalse(r.diagnostics().fromCache());
      assertThrows(MediaIntegrityException.class, () -> r.source().readByteArray());
    }
    assertTrue(requestsSeen() > 0, "went to the network");
    // The entry that matches the first EncryptedFile is still served for it.
    assertArrayEquals(plaintext, read(client(), MediaRequest.download(file)));
    assertEquals(0, requestsSeen());
  }

  @Test
  void aTruncatedEntryIsRemovedAndFetchedAgain() throws Exception {
    byte[] body = random(20_000);
    servePlain(body);
    read(client(), MediaRequest.download(MXC));
    long fileLength = onlyEntryFile().length();
    for (long cut : new long[] {0, 1, 100, body.length - 1, body.length, body.length + 1,
        fileLength - 13, fileLength - 1}) {
      try (RandomAccessFile raf = new RandomAccessFile(onlyEntryFile(), "rw")) {
        raf.setLength(cut);
      }
      requestsSeen();
      servePlain(body);
      try (MediaResponse r = client().newCall(MediaRequest.download(MXC)).execute()) {
        assertFalse(r.diagnostics().fromCache(), "cut at " + cut);
        assertArrayEquals(body, r.source().readByteArray());
      }
      assertTrue(requestsSeen() > 0, "fetched again after a cut at " + cut);
      assertEquals(fileLength, onlyEntryFile().length(), "stored again after a cut at " + cut);
    }
  }

  @Test
  void aBitFlippedEntryIsNeverServedAndIsFetchedAgain() throws Exception {
    byte[] body = random(5_000);
    servePlain(body);
    read(client(), MediaRequest.download(MXC));
    byte[] good = Files.readAllBytes(onlyEntryFile().toPath());
    // Media bytes at both ends and the middle, and every byte of the metadata record and footer.
    List<Integer> positions = new ArrayList<>(List.of(0, body.length / 2, body.length - 1));
    for (int i = body.length; i < good.length; i++) positions.add(i);
    for (int position : positions) {
      byte[] flipped = good.clone();
      flipped[position] ^= (byte) (1 << (position % 8));
      Files.write(onlyEntryFile().toPath(), flipped);
      servePlain(body);
      try (MediaResponse r = client().newCall(MediaRequest.download(MXC)).execute()) {
        assertFalse(r.diagnostics().fromCache(), "flipped byte " + position + " was served");
        assertArrayEquals(body, r.source().readByteArray());
      }
      assertEquals(good.length, onlyEntryFile().length());
    }
    requestsSeen();
    assertArrayEquals(body, read(client(), MediaRequest.download(MXC)));
    assertEquals(0, requestsSeen());
  }

  @Test
  void mediaOverTheEntrySizeIsDeliveredButNotStored() throws Exception {
    cache.close();
    cache = MediaCache.open(cacheDir, MediaCachePolicy.builder().maxEntryBytes(10_000).build(),
        f.clock);
    byte[] big = random(10_001);
    servePlain(big);
    assertArrayEquals(big, read(client(), MediaRequest.download(MXC)));
    // Without a Content-Length (chunked), the size shows only while it streams.
    f.enqueue(new MockResponse().setChunkedBody(new Buffer().write(big), 1000));
    assertArrayEquals(big, read(client(), MediaRequest.download(MXC)));
    byte[] small = random(10_000);
    servePlain(small);
    MxcUri smallUri = MxcUri.parse("mxc://media.example/small");
    assertArrayEquals(small, read(client(), MediaRequest.download(smallUri)));
    assertEquals(1, cache.stats().entryCount());
    assertTrue(cache.store().contains(MediaRequest.download(smallUri).cacheKey()));
    assertEquals(0, cacheDir.toPath().resolve("tmp").toFile().list().length);
  }

  @Test
  void aResponseClosedBeforeItsEndStoresNothing() throws Exception {
    servePlain(random(200_000));
    try (MediaResponse r = client().newCall(MediaRequest.download(MXC)).execute()) {
      r.source().readByteArray(1000);
    }
    assertEquals(0, cache.stats().entryCount());
    assertEquals(0, cacheDir.toPath().resolve("tmp").toFile().list().length);
  }

  @Test
  void aReaderThatStopsAtTheLastByteStillFillsTheEntry() throws Exception {
    byte[] body = random(50_000);
    servePlain(body);
    try (MediaResponse r = client().newCall(MediaRequest.download(MXC)).execute()) {
      // As an image decoder that has its image: every byte, but never the end of the stream.
      org.junit.jupiter.api.Assertions.assertArrayEquals(body,
          r.source().readByteArray(body.length));
    }
    assertEquals(1, cache.stats().entryCount());
    requestsSeen();
    assertArrayEquals(body, read(client(), MediaRequest.download(MXC)));
    assertEquals(0, requestsSeen());
  }

  @Test
  void thumbnailsAreStoredUnderTheirOwnRendition() throws Exception {
    byte[] full = random(3000);
    byte[] small = random(300);
    servePlain(full);
    servePlain(small);
    MediaRequest thumbnail = MediaRequest.thumbnail(MXC, 64, 64, ThumbnailMethod.CROP);
    assertArrayEquals(full, read(client(), MediaRequest.download(MXC)));
    assertArrayEquals(small, read(client(), thumbnail));
    requestsSeen();
    assertArrayEquals(small, read(client(), thumbnail));
    assertArrayEquals(full, read(client(), MediaRequest.download(MXC)));
    assertEquals(0, requestsSeen());
    assertEquals(2, cache.stats().entryCount());
  }

  @Test
  void noServerTextReachesAPath() throws Exception {
    f.enqueue(new MockResponse().setHeader("Content-Type", "text/plain")
        .setHeader("Content-Disposition", "attachment; filename=\"../../evil name.txt\"")
        .setBody("x"));
    read(client(), MediaRequest.download(MxcUri.parse("mxc://evil.example/AbC_-123")));
    try (Stream<Path> walk = Files.walk(cacheDir.toPath())) {
      walk.forEach(p -> {
        String name = p.getFileName().toString();
        assertTrue(name.matches("[0-9a-f]{64}|[0-9a-f]{2}|entries|tmp|journal|lock|cache"),
            "unexpected name " + name);
      });
    }
    assertEquals(sha256Hex("mxc://evil.example/AbC_-123#download"), onlyEntryFile().getName());
  }

  static String sha256Hex(String text) throws Exception {
    return ByteString.of(java.security.MessageDigest.getInstance("SHA-256")
        .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8))).hex();
  }

  @Test
  void anEntryExpiresOnTheCachesClockSixtyDaysAfterItsLastRead() throws Exception {
    byte[] body = random(1000);
    servePlain(body);
    read(client(), MediaRequest.download(MXC));
    f.clock.now += 59L * 24 * 60 * 60 * 1000;
    assertArrayEquals(body, read(client(), MediaRequest.download(MXC)));
    requestsSeen();
    f.clock.now += 60L * 24 * 60 * 60 * 1000 - 1;
    assertArrayEquals(body, read(client(), MediaRequest.download(MXC)));
    assertEquals(0, requestsSeen(), "read again within 60 days");
    f.clock.now += 60L * 24 * 60 * 60 * 1000;
    servePlain(body);
    try (MediaResponse r = client().newCall(MediaRequest.download(MXC)).execute()) {
      assertFalse(r.diagnostics().fromCache(), "expired");
      assertArrayEquals(body, r.source().readByteArray());
    }
    assertEquals(1, cache.stats().evictionCount());
  }

  @Test
  void maxSizeAppliesToAHit() throws Exception {
    byte[] body = random(5000);
    servePlain(body);
    read(client(), MediaRequest.download(MXC));
    MediaClient strict = client(MediaOptions.builder().maxSize(4999).build());
    assertThrows(MediaTooLargeException.class,
        () -> strict.newCall(MediaRequest.download(MXC)).execute());
    assertEquals(1, cache.stats().entryCount());
  }

  @Test
  void aHitReportsProgressAndStopsWhenCanceled() throws Exception {
    byte[] body = random(300_000);
    servePlain(body);
    read(client(), MediaRequest.download(MXC));
    AtomicLong last = new AtomicLong();
    MediaClient client = client(MediaOptions.builder()
        .progressListener((read, total) -> {
          assertEquals(body.length, total);
          last.set(read);
        }).build());
    assertArrayEquals(body, read(client, MediaRequest.download(MXC)));
    assertEquals(body.length, last.get());

    MediaCall call = client().newCall(MediaRequest.download(MXC));
    try (MediaResponse r = call.execute()) {
      BufferedSource source = r.source();
      source.readByteArray(1000);
      call.cancel();
      IOException e = assertThrows(IOException.class, source::readByteArray);
      assertEquals("Canceled", e.getMessage());
    }
  }

  @Test
  void aCanceledCallReadsNothingFromTheCache() throws Exception {
    servePlain(random(100));
    read(client(), MediaRequest.download(MXC));
    MediaCall call = client().newCall(MediaRequest.download(MXC));
    call.cancel();
    assertEquals("Canceled", assertThrows(IOException.class, call::execute).getMessage());
  }

  @Test
  void downloadsThroughAClosedCacheFailClearly() throws Exception {
    MediaClient client = client();
    cache.close();
    assertTrue(cache.isClosed());
    assertThrows(IllegalStateException.class,
        () -> client.newCall(MediaRequest.download(MXC)).execute());
    assertThrows(IllegalStateException.class,
        () -> client.newCall(MediaRequest.download(MXC)).enqueue(new MediaCall.Callback() {
          @Override
          public void onResponse(MediaCall call, MediaResponse response) {}

          @Override
          public void onFailure(MediaCall call, IOException e) {}
        }));
    assertThrows(IllegalStateException.class, cache::stats);
    cache.close();
  }

  @Test
  void anEnqueuedCallWhoseCacheClosesBeforeItRunsFailsThroughItsCallback() throws Exception {
    java.util.concurrent.ExecutorService executor =
        java.util.concurrent.Executors.newSingleThreadExecutor();
    try {
      java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
      executor.execute(() -> {
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      okhttp3.OkHttpClient http = f.okHttpClient().newBuilder()
          .dispatcher(new okhttp3.Dispatcher(executor)).build();
      MediaClient client = MediaClient.builder(f.matrixClient(http)).cache(cache).build();
      java.util.concurrent.CompletableFuture<IOException> failure =
          new java.util.concurrent.CompletableFuture<>();
      client.newCall(MediaRequest.download(MXC)).enqueue(new MediaCall.Callback() {
        @Override
        public void onResponse(MediaCall call, MediaResponse response) {
          response.close();
          failure.complete(null);
        }

        @Override
        public void onFailure(MediaCall call, IOException e) {
          failure.complete(e);
        }
      });
      cache.close();
      release.countDown();
      IOException e = failure.get(30, java.util.concurrent.TimeUnit.SECONDS);
      assertEquals("the MediaCache was closed", e.getMessage());
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void aSecondOpenOfTheSameDirectorySharesTheCache() throws Exception {
    byte[] body = random(1000);
    servePlain(body);
    read(client(), MediaRequest.download(MXC));
    try (MediaCache second =
        MediaCache.open(new File(cacheDir, "../cache"), MediaCachePolicy.defaults(), f.clock)) {
      assertNotSame(cache, second);
      assertEquals(cache.directory(), second.directory());
      assertEquals(1, second.stats().entryCount());
      assertTrue(second.store() == cache.store(), "one store per directory");
      assertThrows(IllegalStateException.class, () -> MediaCache.open(cacheDir,
          MediaCachePolicy.builder().maxTotalBytes(1L << 30).build(), f.clock));
      assertThrows(IllegalStateException.class, () -> MediaCache.open(cacheDir));
    }
    // The first handle still works after the second is closed.
    assertEquals(1, cache.stats().entryCount());
    assertArrayEquals(body, read(client(), MediaRequest.download(MXC)));
  }

  @Test
  void clearRemovesEveryEntryAndTheCounters() throws Exception {
    servePlain(random(1000));
    read(client(), MediaRequest.download(MXC));
    cache.pin(MediaRequest.download(MXC).cacheKey());
    cache.clear();
    assertEquals(new MediaCacheStats(0, 0, 0, 0, 0), cache.stats());
    assertEquals(List.of(), entryFiles());
    byte[] again = random(500);
    servePlain(again);
    assertArrayEquals(again, read(client(), MediaRequest.download(MXC)));
    assertEquals(1, cache.stats().entryCount());
  }

  @Test
  void theCacheSurvivesAReopen() throws Exception {
    byte[] body = random(2000);
    servePlain(body);
    read(client(), MediaRequest.download(MXC));
    read(client(), MediaRequest.download(MXC));
    cache.close();
    cache = MediaCache.open(cacheDir, MediaCachePolicy.defaults(), f.clock);
    requestsSeen();
    assertArrayEquals(body, read(client(), MediaRequest.download(MXC)));
    assertEquals(0, requestsSeen());
    assertEquals(new MediaCacheStats(1, body.length, 2, 1, 0), cache.stats());
  }

  @Test
  void aDownloadThatFailsStoresNothingAndTheNextOneStores() throws Exception {
    f.enqueue(new MockResponse().setResponseCode(404)
        .setBody("{\"errcode\":\"M_NOT_FOUND\",\"error\":\"nope\"}"));
    assertThrows(dev.mxsdk.core.MatrixApiException.class,
        () -> client().newCall(MediaRequest.download(MXC)).execute());
    byte[] body = random(100);
    servePlain(body);
    assertArrayEquals(body, read(client(), MediaRequest.download(MXC)));
    assertEquals(1, cache.stats().entryCount());
    assertEquals(2, cache.stats().missCount());
  }

  @Test
  void aRangeOfACachedEntryIsServedWithoutARequest() throws Exception {
    byte[] media = random(10_000);
    servePlain(media);
    assertArrayEquals(media, read(client(), MediaRequest.download(MXC)));
    requestsSeen();

    MediaRequest ranged = MediaRequest.download(MXC).newBuilder()
        .range(MediaRange.of(1234, 100)).build();
    try (MediaResponse response = client().newCall(ranged).execute()) {
      assertEquals(1234, response.offset());
      assertEquals(100, response.contentLength());
      assertEquals(10_000, response.totalLength());
      assertArrayEquals(java.util.Arrays.copyOfRange(media, 1234, 1334),
          response.source().readByteArray());
      assertTrue(response.diagnostics().fromCache());
    }
    MediaRequest suffix = MediaRequest.download(MXC).newBuilder()
        .range(MediaRange.suffix(10)).build();
    assertArrayEquals(java.util.Arrays.copyOfRange(media, 9_990, 10_000), read(client(), suffix));
    assertEquals(0, requestsSeen(), "no request at all, not even /versions");
  }

  @Test
  void aRangedMissGoesToTheNetworkAndFillsNoEntry() throws Exception {
    byte[] media = random(1_000);
    f.enqueue(new MockResponse().setResponseCode(206)
        .setHeader("Content-Range", "bytes 100-199/1000")
        .setBody(new Buffer().write(media, 100, 100)));
    MediaRequest ranged = MediaRequest.download(MXC).newBuilder()
        .range(MediaRange.of(100, 100)).build();
    assertArrayEquals(java.util.Arrays.copyOfRange(media, 100, 200), read(client(), ranged));
    assertEquals(0, cache.stats().entryCount(), "a range is not a whole entry");
  }

  @Test
  void aRangeOfAnE2eeEntryIsDecryptedFromItsOffset() throws Exception {
    byte[] plaintext = random(5_000);
    EncryptingSource encrypting = Attachments.encrypt(new Buffer().write(plaintext));
    Buffer ciphertext = new Buffer();
    while (encrypting.read(ciphertext, 8192) != -1) {
      // encrypt it all
    }
    EncryptedFile file = encrypting.encryptedFile().newBuilder().url(MXC).build();
    servePlain(ciphertext.readByteArray());
    assertArrayEquals(plaintext, read(client(), MediaRequest.download(file)));
    requestsSeen();
    MediaRequest ranged = MediaRequest.download(file).newBuilder()
        .range(MediaRange.of(1000, 37)).build();
    MediaClient unverified = client(MediaOptions.builder().unverifiedStreaming(true).build());
    assertArrayEquals(java.util.Arrays.copyOfRange(plaintext, 1000, 1037), read(unverified, ranged));
    assertEquals(0, requestsSeen());
  }

  @Test
  void anUploadedFileShowsWithoutADownload() throws Exception {
    byte[] photo = random(30_000);
    f.enqueue(new MockResponse().setBody("{\"m.upload.size\":1000000}")); // the config
    f.enqueue(new MockResponse().setBody("{\"content_uri\":\"mxc://media.example/uploaded\"}"));
    UploadResult sent = client().newUpload(UploadRequest.bytes(photo)
        .contentType("image/png").fileName("photo.png").build()).execute();
    requestsSeen();
    try (MediaResponse response = client().newCall(MediaRequest.download(sent.mxcUri()))
        .execute()) {
      assertArrayEquals(photo, response.source().readByteArray());
      assertEquals("image/png", response.contentType());
      assertEquals("photo.png", response.fileName());
      assertTrue(response.diagnostics().fromCache());
    }
    assertEquals(0, requestsSeen(), "no request at all");
  }

  @Test
  void anEncryptedUploadIsKeptAsCiphertextAndDecryptsFromTheCache() throws Exception {
    byte[] secret = random(20_000);
    f.enqueue(new MockResponse().setBody("{\"m.upload.size\":1000000}")); // the config
    f.enqueue(new MockResponse().setBody("{\"content_uri\":\"mxc://media.example/secret\"}"));
    UploadResult sent = client().newUpload(UploadRequest.bytes(secret).encrypt(true).build())
        .execute();
    requestsSeen();
    assertArrayEquals(secret, read(client(), MediaRequest.download(sent.encryptedFile())));
    assertEquals(0, requestsSeen());
    byte[] stored = Files.readAllBytes(onlyEntryFile().toPath());
    assertFalse(indexOf(stored, java.util.Arrays.copyOf(secret, 64)) >= 0,
        "the plaintext is nowhere in the cache");
  }

  @Test
  void aFailedUploadLeavesNoEntry() throws Exception {
    f.enqueue(new MockResponse().setBody("{\"m.upload.size\":1000000}")); // the config
    f.enqueue(new MockResponse().setResponseCode(403)
        .setBody("{\"errcode\":\"M_FORBIDDEN\",\"error\":\"no\"}"));
    assertThrows(dev.mxsdk.core.MatrixApiException.class,
        () -> client().newUpload(UploadRequest.bytes(random(100)).build()).execute());
    assertEquals(0, cache.stats().entryCount());
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) continue outer;
      }
      return i;
    }
    return -1;
  }
}
