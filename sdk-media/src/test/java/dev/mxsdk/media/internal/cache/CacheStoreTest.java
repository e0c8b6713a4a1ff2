package dev.mxsdk.media.internal.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mxsdk.core.Clock;
import dev.mxsdk.media.MediaCachePolicy;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import okio.Buffer;
import okio.Okio;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's rules without HTTP: eviction order, expiry on the injected clock, pins, the limits,
 * batched bookkeeping, counters across reopens, and recovery from a damaged, cut or missing
 * journal, stray files and vanished entries.
 */
final class CacheStoreTest {
  static final long DAY = 24L * 60 * 60 * 1000;

  @TempDir Path dir;
  private final TestClock clock = new TestClock();
  private final List<CacheStore> open = new ArrayList<>();

  /** A clock the test sets; sleeping is not used by the store. */
  static final class TestClock implements Clock {
    volatile long now = 1_700_000_000_000L;

    @Override
    public long nowMillis() {
      return now;
    }

    @Override
    public void sleep(long millis) {
      now += millis;
    }
  }

  @AfterEach
  void tearDown() {
    for (CacheStore store : open) store.release();
  }

  private CacheStore open(MediaCachePolicy policy) throws IOException {
    CacheStore store = CacheStore.acquire(dir.toFile(), policy, clock);
    open.add(store);
    return store;
  }

  private void close(CacheStore store) {
    open.remove(store);
    store.release();
  }

  static byte[] bytes(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  static void put(CacheStore store, String key, byte[] bytes) throws IOException {
    try (CacheWriter writer = store.newWriter()) {
      Buffer buffer = new Buffer().write(bytes);
      writer.sink().write(buffer, buffer.size());
      assertTrue(writer.commit(key, "application/octet-stream", null, null), key);
    }
  }

  /** The entry's bytes on a hit, or null on a miss (whose fill is abandoned). */
  static byte @Nullable [] get(CacheStore store, String key) throws IOException {
    CacheLookup lookup = store.lookup(key, null);
    if (lookup.kind == CacheLookup.LEAD) {
      store.abandon(lookup.fill);
      return null;
    }
    assertEquals(CacheLookup.HIT, lookup.kind);
    try (EntrySource source = lookup.entry.source(0, lookup.entry.length())) {
      return Okio.buffer(source).readByteArray();
    }
  }

  private static MediaCachePolicy total(long bytes) {
    return MediaCachePolicy.builder().maxTotalBytes(bytes).build();
  }

  @Test
  void theLeastRecentlyReadEntryIsEvictedFirst() throws Exception {
    CacheStore store = open(total(3000));
    put(store, "a", bytes(1000, 1));
    clock.now += 1;
    put(store, "b", bytes(1000, 2));
    clock.now += 1;
    put(store, "c", bytes(1000, 3));
    clock.now += 1;
    assertNotNull(get(store, "a"));
    put(store, "d", bytes(1000, 4));
    assertFalse(store.contains("b"), "b was read least recently");
    assertTrue(store.contains("a") && store.contains("c") && store.contains("d"));
    put(store, "e", bytes(2000, 5));
    assertFalse(store.contains("c"));
    assertFalse(store.contains("a"));
    assertEquals(3, store.stats()[4], "evictions");
    assertEquals(3000, store.stats()[1]);
  }

  @Test
  void theEvictionOrderSurvivesAReopen() throws Exception {
    CacheStore store = open(total(3000));
    put(store, "a", bytes(1000, 1));
    put(store, "b", bytes(1000, 2));
    put(store, "c", bytes(1000, 3));
    assertNotNull(get(store, "a"));
    close(store);
    store = open(total(3000));
    put(store, "d", bytes(1000, 4));
    assertFalse(store.contains("b"));
    assertTrue(store.contains("a"));
  }

  @Test
  void theTotalNeverExceedsTheLimit() throws Exception {
    CacheStore store = open(MediaCachePolicy.builder().maxTotalBytes(50_000)
        .maxEntryBytes(20_000).build());
    Random random = new Random(7);
    for (int i = 0; i < 200; i++) {
      put(store, "k" + i, bytes(1 + random.nextInt(20_000), i));
      long[] stats = store.stats();
      assertTrue(stats[1] <= 50_000, "total " + stats[1] + " after " + i);
      assertEquals(stats[1], sizeOnDiskOfMedia(), "index and folder agree");
    }
  }

  private long sizeOnDiskOfMedia() throws IOException {
    long[] total = {0};
    try (java.util.stream.Stream<Path> walk = Files.walk(dir.resolve("entries"))) {
      walk.filter(Files::isRegularFile).forEach(p -> {
        try (RandomAccessFile raf = new RandomAccessFile(p.toFile(), "r")) {
          total[0] += EntryTrailer.read(raf.getChannel(), raf.length()).length;
        } catch (IOException e) {
          throw new AssertionError(e);
        }
      });
    }
    return total[0];
  }

  @Test
  void anEntryOverTheEntryLimitIsNotStored() throws Exception {
    CacheStore store = open(MediaCachePolicy.builder().maxEntryBytes(1000).build());
    try (CacheWriter writer = store.newWriter()) {
      Buffer buffer = new Buffer().write(bytes(1001, 1));
      writer.sink().write(buffer, buffer.size());
      assertFalse(writer.commit("big", null, null, null));
    }
    put(store, "fits", bytes(1000, 2));
    assertFalse(store.contains("big"));
    assertTrue(store.contains("fits"));
    assertEquals(0, dir.resolve("tmp").toFile().list().length);
  }

  @Test
  void aWriterTeesWhatIsReadAndStoresItUnderTheKeyGivenAtTheEnd() throws Exception {
    CacheStore store = open(MediaCachePolicy.defaults());
    byte[] sent = bytes(100_000, 5);
    try (CacheWriter writer = store.newWriter()) {
      okio.BufferedSource body = Okio.buffer(writer.tee(new Buffer().write(sent)));
      assertArrayEquals(sent, body.readByteArray());
      assertTrue(writer.commit("mxc://example.org/uploaded#download", "image/png", "a.png",
          okio.ByteString.of(sent).sha256().toByteArray()));
    }
    OpenedEntry entry = store.openEntry("mxc://example.org/uploaded#download", true);
    assertNotNull(entry);
    assertEquals("image/png", entry.contentType());
    assertEquals("a.png", entry.fileName());
    try (EntrySource range = entry.source(1000, 10)) {
      assertArrayEquals(java.util.Arrays.copyOfRange(sent, 1000, 1010),
          Okio.buffer(range).readByteArray());
    }
  }

  @Test
  void aWriterWhoseHashDiffersFromTheExpectedOneStoresNothing() throws Exception {
    CacheStore store = open(MediaCachePolicy.defaults());
    try (CacheWriter writer = store.newWriter()) {
      Buffer buffer = new Buffer().write(bytes(100, 1));
      writer.sink().write(buffer, buffer.size());
      assertFalse(writer.commit("k", null, null, new byte[32]));
    }
    assertFalse(store.contains("k"));
  }

  @Test
  void entriesExpireOnTheInjectedClockAfterTheirLastRead() throws Exception {
    CacheStore store = open(MediaCachePolicy.builder().expireAfterAccessMillis(60 * DAY).build());
    put(store, "read", bytes(10, 1));
    put(store, "unread", bytes(10, 2));
    clock.now += 30 * DAY;
    assertNotNull(get(store, "read"));
    clock.now += 30 * DAY;
    assertNull(get(store, "unread"), "60 days after its last read");
    assertNotNull(get(store, "read"), "30 days after its last read");
    assertEquals(1, store.stats()[4]);
    clock.now += 60 * DAY - 1;
    assertNotNull(get(store, "read"), "just before its expiry");
  }

  @Test
  void cleanupRemovesExpiredEntriesAndKeepsPinnedOnes() throws Exception {
    CacheStore store = open(MediaCachePolicy.builder().expireAfterAccessMillis(DAY).build());
    for (int i = 0; i < 10; i++) put(store, "old" + i, bytes(10, i));
    store.pin("old3");
    clock.now += DAY / 2;
    put(store, "young", bytes(10, 99));
    clock.now += DAY / 2;
    store.cleanup();
    assertEquals(2, store.stats()[0]);
    assertTrue(store.contains("old3"));
    assertTrue(store.contains("young"));
    assertEquals(9, store.stats()[4]);
    assertEquals(2, countEntryFiles(), "expired files are deleted");
    store.unpin("old3");
    store.cleanup();
    assertFalse(store.contains("old3"));
  }

  private int countEntryFiles() throws IOException {
    try (java.util.stream.Stream<Path> walk = Files.walk(dir.resolve("entries"))) {
      return (int) walk.filter(Files::isRegularFile).count();
    }
  }

  @Test
  void pinnedEntriesAreNeverEvicted() throws Exception {
    CacheStore store = open(total(2000));
    put(store, "pinned", bytes(1000, 1));
    store.pin("pinned");
    store.pin("pinned");
    for (int i = 0; i < 5; i++) put(store, "k" + i, bytes(1000, i));
    assertTrue(store.contains("pinned"));
    store.unpin("pinned");
    put(store, "x", bytes(1000, 9));
    assertTrue(store.contains("pinned"), "pins nest: one pin is left");
    store.unpin("pinned");
    put(store, "y", bytes(1000, 10));
    assertFalse(store.contains("pinned"));
  }

  @Test
  void aKeyPinnedBeforeItIsStoredIsKept() throws Exception {
    CacheStore store = open(total(1000));
    store.pin("upload");
    put(store, "upload", bytes(1000, 1));
    try (CacheWriter writer = store.newWriter()) {
      Buffer buffer = new Buffer().write(bytes(1000, 2));
      writer.sink().write(buffer, buffer.size());
      assertFalse(writer.commit("other", null, null, null),
          "the newest entry goes when only pinned ones remain");
    }
    assertTrue(store.contains("upload"));
    assertFalse(store.contains("other"));
    assertEquals(1000, store.stats()[1]);
  }

  @Test
  void cleanupRunsByItselfOncePerInterval() throws Exception {
    MediaCachePolicy policy = MediaCachePolicy.builder().expireAfterAccessMillis(DAY)
        .cleanupIntervalMillis(DAY).build();
    CacheStore store = open(policy);
    for (int i = 0; i < 5; i++) put(store, "k" + i, bytes(10, i));
    clock.now += DAY + 1;
    // Any use after the interval starts the background cleanup; wait for its result.
    assertNull(get(store, "other"));
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (store.stats()[0] != 0) {
      assertTrue(System.nanoTime() < deadline, "the background cleanup never ran");
      Thread.sleep(10);
    }
    assertEquals(5, store.stats()[4]);
  }

  @Test
  void readsAreWrittenInBatchesNotOnePerRead() throws Exception {
    CacheStore store = open(MediaCachePolicy.defaults());
    store.flushIntervalNanos(Long.MAX_VALUE);
    put(store, "k", bytes(100, 1));
    long before = dir.resolve("journal").toFile().length();
    for (int i = 0; i < 100; i++) {
      clock.now += 1000;
      assertNotNull(get(store, "k"));
    }
    assertEquals(before, dir.resolve("journal").toFile().length(), "no write per read");
    for (int i = 0; i < Journal.BATCH_RECORDS; i++) get(store, "k");
    assertTrue(dir.resolve("journal").toFile().length() > before, "a full batch is written");
    long lastRead = clock.now;
    close(store);
    store = open(MediaCachePolicy.defaults());
    assertEquals(100 + Journal.BATCH_RECORDS, store.stats()[2], "hits survive the reopen");
    clock.now = lastRead + MediaCachePolicy.defaults().expireAfterAccessMillis() - 1;
    assertNotNull(get(store, "k"), "the last read time survived the reopen");
  }

  @Test
  void everyCutOfTheJournalStillOpensWithTheEntriesItDescribes() throws Exception {
    CacheStore store = open(MediaCachePolicy.defaults());
    put(store, "a", bytes(100, 1));
    put(store, "b", bytes(100, 2));
    close(store);
    File journal = dir.resolve("journal").toFile();
    byte[] full = Files.readAllBytes(journal.toPath());
    for (int cut = full.length; cut >= Journal.HEADER_BYTES; cut--) {
      Files.write(journal.toPath(), java.util.Arrays.copyOf(full, cut));
      store = open(MediaCachePolicy.defaults());
      // A cut journal forgets at most what its last records said; the files are adopted back.
      store.cleanup();
      assertArrayEquals(bytes(100, 1), get(store, "a"), "cut at " + cut);
      assertArrayEquals(bytes(100, 2), get(store, "b"), "cut at " + cut);
      close(store);
      Files.write(journal.toPath(), full);
    }
  }

  @Test
  void aDamagedOrMissingJournalIsRebuiltFromTheEntryFiles() throws Exception {
    CacheStore store = open(MediaCachePolicy.defaults());
    for (int i = 0; i < 20; i++) put(store, "k" + i, bytes(100 + i, i));
    close(store);
    File journal = dir.resolve("journal").toFile();
    byte[] full = Files.readAllBytes(journal.toPath());
    for (int position : new int[] {0, 9, 13, Journal.HEADER_BYTES + 3,
        Journal.HEADER_BYTES + 5 * Journal.RECORD_BYTES + 40}) {
      byte[] damaged = full.clone();
      damaged[position] ^= 0x10;
      Files.write(journal.toPath(), damaged);
      store = open(MediaCachePolicy.defaults());
      assertEquals(20, store.stats()[0], "damage at " + position);
      for (int i = 0; i < 20; i++) assertArrayEquals(bytes(100 + i, i), get(store, "k" + i));
      close(store);
    }
    assertTrue(journal.delete());
    store = open(MediaCachePolicy.defaults());
    assertEquals(20, store.stats()[0]);
  }

  @Test
  void cleanupAdoptsEntryFilesTheJournalMissedAndForgetsVanishedOnes() throws Exception {
    CacheStore store = open(MediaCachePolicy.defaults());
    put(store, "known", bytes(10, 1));
    put(store, "vanishing", bytes(10, 2));
    File vanishing = store.entryFile(EntryName.of("vanishing"));
    // An entry written by a process killed before its journal record: copied in from elsewhere.
    Path other = dir.resolveSibling(dir.getFileName() + "-other");
    CacheStore second = CacheStore.acquire(other.toFile(), MediaCachePolicy.defaults(), clock);
    put(second, "orphan", bytes(10, 3));
    File orphan = second.entryFile(EntryName.of("orphan"));
    File target = store.entryFile(EntryName.of("orphan"));
    target.getParentFile().mkdirs();
    Files.copy(orphan.toPath(), target.toPath());
    second.release();
    // A stray file under an entry name that is not an entry.
    File junk = store.entryFile(EntryName.of("junk"));
    junk.getParentFile().mkdirs();
    Files.write(junk.toPath(), new byte[] {1, 2, 3});
    assertTrue(vanishing.delete());

    store.cleanup();
    assertArrayEquals(bytes(10, 3), get(store, "orphan"));
    assertFalse(store.contains("vanishing"));
    assertFalse(junk.exists());
    assertEquals(2, store.stats()[0]);
    assertEquals(20, store.stats()[1]);
  }

  @Test
  void temporaryFilesOfAnEarlierRunAreDeletedOnOpen() throws Exception {
    CacheStore store = open(MediaCachePolicy.defaults());
    close(store);
    Files.write(dir.resolve("tmp").resolve("entry-123.mxsdk-tmp"), new byte[100]);
    Files.createDirectory(dir.resolve("trash-1"));
    Files.write(dir.resolve("trash-1").resolve("x"), new byte[1]);
    store = open(MediaCachePolicy.defaults());
    assertEquals(0, dir.resolve("tmp").toFile().list().length);
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (dir.resolve("trash-1").toFile().exists()) {
      assertTrue(System.nanoTime() < deadline, "trash left behind");
      Thread.sleep(10);
    }
  }

  @Test
  void entryFilesAreNamedBySha256OfTheKeyInTwoHexDigitFolders() throws Exception {
    CacheStore store = open(MediaCachePolicy.defaults());
    put(store, "mxc://example.org/abc#download", bytes(10, 1));
    String hex = okio.ByteString.encodeUtf8("mxc://example.org/abc#download").sha256().hex();
    assertTrue(dir.resolve("entries").resolve(hex.substring(0, 2)).resolve(hex).toFile().isFile());
  }

  @Test
  void countersAreKeptAcrossReopensAndClearedByClear() throws Exception {
    CacheStore store = open(MediaCachePolicy.defaults());
    put(store, "k", bytes(10, 1));
    get(store, "k");
    get(store, "k");
    get(store, "missing");
    close(store);
    store = open(MediaCachePolicy.defaults());
    assertArrayEquals(new long[] {1, 10, 2, 1, 0}, store.stats());
    store.clear();
    assertArrayEquals(new long[] {0, 0, 0, 0, 0}, store.stats());
    close(store);
    store = open(MediaCachePolicy.defaults());
    assertArrayEquals(new long[] {0, 0, 0, 0, 0}, store.stats());
  }

  @Test
  void theJournalIsCompactedWhenItOutgrowsTheIndex() throws Exception {
    CacheStore store = open(MediaCachePolicy.defaults());
    put(store, "k", bytes(10, 1));
    for (int i = 0; i < 3000; i++) get(store, "k");
    store.flushBookkeeping();
    long grown = dir.resolve("journal").toFile().length();
    store.cleanup();
    long compacted = dir.resolve("journal").toFile().length();
    assertTrue(compacted < grown / 10, grown + " -> " + compacted);
    close(store);
    store = open(MediaCachePolicy.defaults());
    assertArrayEquals(bytes(10, 1), get(store, "k"));
    assertEquals(3001, store.stats()[2]);
  }

  @Test
  void filesAndFoldersDeletedUnderARunningCacheAreMissesNotFailures() throws Exception {
    CacheStore store = open(MediaCachePolicy.defaults());
    put(store, "a", bytes(10, 1));
    // What Android does to getCacheDir() under storage pressure, while the app runs.
    CacheDirectory.deleteRecursively(dir.resolve("entries").toFile());
    CacheDirectory.deleteRecursively(dir.resolve("tmp").toFile());
    assertTrue(dir.resolve("journal").toFile().delete());
    assertNull(get(store, "a"));
    put(store, "b", bytes(10, 2));
    assertArrayEquals(bytes(10, 2), get(store, "b"));
    close(store);
    store = open(MediaCachePolicy.defaults());
    assertArrayEquals(bytes(10, 2), get(store, "b"), "rebuilt from the entry files");
    assertFalse(store.contains("a"));
  }

  @Test
  void aClosedStoreRefusesUse() throws Exception {
    CacheStore store = open(MediaCachePolicy.defaults());
    close(store);
    assertTrue(store.isClosed());
    assertThrows(IllegalStateException.class, () -> store.lookup("k", null));
    assertThrows(IllegalStateException.class, store::stats);
  }
}
