package dev.mxsdk.media.internal.cache;

import dev.mxsdk.media.MediaCachePolicy;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A {@link CacheStore}'s bookkeeping: the entries in least-recently-read order, the pins, the
 * counters, and the {@link Journal} every change is written to. Each change to the index appends
 * its record here, so the two cannot drift apart. Not thread-safe: the store calls it only under
 * its monitor.
 */
final class CacheIndex {
  /** How long reads may gather in the journal's batch before it is written. */
  static final long DEFAULT_FLUSH_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(5);

  /** One entry of the index. */
  static final class Entry {
    final long length;
    final long createdMillis;
    long lastReadMillis;
    /** When the entry was added, in the index's sequence: a sweep skips newer ones. */
    final long sequence;

    Entry(long length, long createdMillis, long lastReadMillis, long sequence) {
      this.length = length;
      this.createdMillis = createdMillis;
      this.lastReadMillis = lastReadMillis;
      this.sequence = sequence;
    }
  }

  private final MediaCachePolicy policy;
  private final CacheDirectory files;
  private final Journal journal;
  /** In least-recently-read order (access order): the first entry is evicted first. */
  private final LinkedHashMap<EntryName, Entry> entries =
      new LinkedHashMap<EntryName, Entry>(64, 0.75f, true);
  private final Map<EntryName, int[]> pins = new HashMap<EntryName, int[]>();
  private long totalBytes;
  private long hits;
  private long misses;
  private long evictions;
  private boolean statsDirty;
  private long lastCleanupMillis;
  private long sequence;
  private long lastFlushNanos = System.nanoTime();
  private long lastStatsNanos = System.nanoTime();
  long flushIntervalNanos = DEFAULT_FLUSH_INTERVAL_NANOS;

  CacheIndex(MediaCachePolicy policy, CacheDirectory files, Journal journal) {
    this.policy = policy;
    this.files = files;
    this.journal = journal;
  }

  // ---------------------------------------------------------------------------------------------
  // Loading.

  /** Applies one journal record read on open. */
  void replay(byte type, @Nullable EntryName name, long a, long b, long c) {
    if (type == Journal.PUT && name != null) {
      put(name, a, b, c, false);
    } else if (type == Journal.ACCESS && name != null) {
      // get() moves the entry to the end of the access order, as the read did.
      Entry e = entries.get(name);
      if (e != null) e.lastReadMillis = Math.max(e.lastReadMillis, c);
    } else if (type == Journal.REMOVE && name != null) {
      Entry old = entries.remove(name);
      if (old != null) totalBytes -= old.length;
    } else if (type == Journal.STATS) {
      hits = a;
      misses = b;
      evictions = c;
    } else if (type == Journal.CLEANUP) {
      lastCleanupMillis = a;
    }
  }

  /** Forgets every entry and counter (and the last cleanup) before a rebuild from the files. */
  void forgetAll() {
    clearEntries();
    lastCleanupMillis = 0;
  }

  /** Indexes entry files found by a scan, in the order given, without journal records. */
  void adopt(List<CacheDirectory.Found> found) {
    for (CacheDirectory.Found f : found) {
      put(f.name, f.trailer.length, f.trailer.createdMillis, f.trailer.createdMillis, false);
    }
  }

  void openJournalForAppend(long records) throws IOException {
    journal.openForAppend(records);
  }

  // ---------------------------------------------------------------------------------------------
  // Entries.

  /** The entry of {@code name}, counted as a use in the access order; null if none. */
  @Nullable Entry get(EntryName name) {
    return entries.get(name);
  }

  boolean contains(EntryName name) {
    return entries.containsKey(name);
  }

  boolean isEmpty() {
    return entries.isEmpty();
  }

  long sequence() {
    return sequence;
  }

  /**
   * Indexes {@code name} as the most recently read entry, replacing any entry of that name, and
   * writes its record when {@code journaled}. Returns the new entry.
   */
  Entry put(EntryName name, long length, long createdMillis, long lastReadMillis,
      boolean journaled) {
    Entry old = entries.remove(name);
    if (old != null) totalBytes -= old.length;
    Entry entry = new Entry(length, createdMillis, lastReadMillis, ++sequence);
    entries.put(name, entry);
    totalBytes += length;
    if (journaled) journal.append(Journal.PUT, name, length, createdMillis, lastReadMillis);
    return entry;
  }

  /** Records a read of {@code entry} at {@code now}. */
  void recordRead(EntryName name, Entry entry, long now) {
    entry.lastReadMillis = now;
    journal.append(Journal.ACCESS, name, 0, 0, now);
  }

  void countHit() {
    hits++;
    statsDirty = true;
  }

  void countMiss() {
    misses++;
    statsDirty = true;
  }

  /**
   * Removes {@code entry} if it is still the entry of {@code name}, and deletes its file; {@code
   * eviction} counts it as one.
   */
  void remove(EntryName name, Entry entry, boolean eviction) {
    if (entries.get(name) != entry) return;
    entries.remove(name);
    totalBytes -= entry.length;
    if (eviction) {
      evictions++;
      statsDirty = true;
    }
    journal.append(Journal.REMOVE, name, 0, 0, 0);
    files.entryFile(name).delete();
  }

  boolean isExpired(Entry entry, long now) {
    long expiry = policy.expireAfterAccessMillis();
    return now - entry.lastReadMillis >= expiry && expiry != Long.MAX_VALUE;
  }

  /** Whether {@code name}'s entry exists, is expired at {@code now} and not pinned. */
  boolean isExpiredUnpinned(EntryName name, long now) {
    Entry e = entries.get(name);
    return e != null && isExpired(e, now) && !isPinned(name);
  }

  /**
   * Removes expired entries that are not pinned from the index, counting them as evictions, and
   * returns their names: the caller deletes their files outside its lock.
   */
  List<EntryName> removeExpired(long now) {
    List<EntryName> removed = new ArrayList<EntryName>();
    Iterator<Map.Entry<EntryName, Entry>> it = entries.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<EntryName, Entry> e = it.next();
      if (isExpired(e.getValue(), now) && !isPinned(e.getKey())) {
        it.remove();
        totalBytes -= e.getValue().length;
        evictions++;
        journal.append(Journal.REMOVE, e.getKey(), 0, 0, 0);
        removed.add(e.getKey());
      }
    }
    return removed;
  }

  /** Forgets entries indexed at or before {@code sweepStart} whose file a sweep did not see. */
  void forgetUnseen(long sweepStart, Set<EntryName> seen) {
    List<EntryName> gone = new ArrayList<EntryName>();
    for (Map.Entry<EntryName, Entry> e : entries.entrySet()) {
      if (e.getValue().sequence <= sweepStart && !seen.contains(e.getKey())) gone.add(e.getKey());
    }
    for (EntryName name : gone) {
      Entry e = entries.remove(name);
      totalBytes -= e.length;
      journal.append(Journal.REMOVE, name, 0, 0, 0);
    }
  }

  /**
   * Evicts least recently read entries, never pinned ones, down to the limit. A new entry is the
   * most recently read, so it goes last: only when pinned entries fill the cache by themselves.
   */
  void evictToSize() {
    if (totalBytes <= policy.maxTotalBytes()) return;
    Iterator<Map.Entry<EntryName, Entry>> it = entries.entrySet().iterator();
    while (totalBytes > policy.maxTotalBytes() && it.hasNext()) {
      Map.Entry<EntryName, Entry> e = it.next();
      EntryName name = e.getKey();
      if (isPinned(name)) continue;
      it.remove();
      totalBytes -= e.getValue().length;
      evictions++;
      statsDirty = true;
      journal.append(Journal.REMOVE, name, 0, 0, 0);
      files.entryFile(name).delete();
    }
  }

  /** Forgets every entry and resets the counters; pins stay registered. */
  void clearEntries() {
    entries.clear();
    totalBytes = 0;
    hits = 0;
    misses = 0;
    evictions = 0;
  }

  // ---------------------------------------------------------------------------------------------
  // Pins, counters, cleanup time.

  void pin(EntryName name) {
    int[] count = pins.get(name);
    if (count == null) {
      pins.put(name, new int[] {1});
    } else {
      count[0]++;
    }
  }

  void unpin(EntryName name) {
    int[] count = pins.get(name);
    if (count != null && --count[0] <= 0) pins.remove(name);
  }

  boolean isPinned(EntryName name) {
    return pins.containsKey(name);
  }

  /** Entries, bytes, hits, misses, evictions. */
  long[] stats() {
    return new long[] {entries.size(), totalBytes, hits, misses, evictions};
  }

  long lastCleanupMillis() {
    return lastCleanupMillis;
  }

  /** Sets when the last cleanup ran without a record (0: run one at the next chance). */
  void lastCleanupMillis(long millis) {
    lastCleanupMillis = millis;
  }

  /** Records a finished cleanup at {@code now} and writes the journal with the counters. */
  void cleanedUp(long now) {
    lastCleanupMillis = now;
    statsDirty = true;
    journal.append(Journal.CLEANUP, null, now, 0, 0);
    flush(true);
  }

  // ---------------------------------------------------------------------------------------------
  // The journal.

  /** Writes the batched records if the batch is full or the interval has passed. */
  void maybeFlush() {
    if (journal.pendingRecords() >= Journal.BATCH_RECORDS
        || System.nanoTime() - lastFlushNanos >= flushIntervalNanos) {
      flush();
    }
  }

  void flush() {
    flush(false);
  }

  private void flush(boolean withCounters) {
    long now = System.nanoTime();
    // Counters change with every call: they are written at most once per interval, and by
    // cleanup and close.
    if (statsDirty && (withCounters || now - lastStatsNanos >= flushIntervalNanos)) {
      journal.append(Journal.STATS, null, hits, misses, evictions);
      statsDirty = false;
      lastStatsNanos = now;
    }
    journal.flush();
    lastFlushNanos = now;
  }

  /** Whether the journal has grown enough beyond the index to be rewritten as a snapshot. */
  boolean journalNeedsCompaction() {
    return journal.records() > compactionThreshold();
  }

  /** Whether {@code records} read on open are enough to rewrite the journal at once. */
  boolean needsCompaction(long records) {
    return records > compactionThreshold();
  }

  private long compactionThreshold() {
    return 2L * entries.size() + 1000;
  }

  /** Replaces the journal with a snapshot of the index, in least-recently-read order. */
  void rewriteJournal() throws IOException {
    File tmp = files.tmpDirectory();
    journal.rewrite(tmp, new IndexSnapshot());
    statsDirty = false;
    lastFlushNanos = System.nanoTime();
  }

  /** Writes the counters if they changed, and closes the journal. */
  void closeJournal() {
    if (statsDirty) journal.append(Journal.STATS, null, hits, misses, evictions);
    journal.close();
  }

  int size() {
    return entries.size();
  }

  long totalBytes() {
    return totalBytes;
  }

  /** The index as journal records: one per entry in read order, then counters and cleanup. */
  private final class IndexSnapshot implements Journal.Snapshot {
    private @Nullable Iterator<Map.Entry<EntryName, Entry>> it;
    private int tail;

    @Override
    public void start() {
      it = entries.entrySet().iterator();
      tail = 0;
    }

    @Override
    public boolean next(byte[] record) {
      Iterator<Map.Entry<EntryName, Entry>> i = it;
      if (i != null && i.hasNext()) {
        Map.Entry<EntryName, Entry> e = i.next();
        Entry entry = e.getValue();
        Journal.encode(record, 0, Journal.PUT, e.getKey(), entry.length, entry.createdMillis,
            entry.lastReadMillis);
        return true;
      }
      switch (tail++) {
        case 0:
          Journal.encode(record, 0, Journal.STATS, null, hits, misses, evictions);
          return true;
        case 1:
          Journal.encode(record, 0, Journal.CLEANUP, null, lastCleanupMillis, 0, 0);
          return true;
        default:
          return false;
      }
    }
  }
}
