package dev.mxsdk.media.internal.cache;

import dev.mxsdk.core.Clock;
import dev.mxsdk.media.MediaCacheLockedException;
import dev.mxsdk.media.MediaCachePolicy;
import dev.mxsdk.media.internal.delivery.PrivateFiles;
import java.io.File;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The disk cache on one directory: the lock file that keeps other processes out, the single-flight
 * fills, the retention policy and its background cleanup, over the index of entries in
 * least-recently-read order with its batched bookkeeping ({@link CacheIndex}, {@link Journal}) and
 * the files ({@link CacheDirectory}). One instance per directory per process ({@link #acquire}),
 * shared by every {@code MediaCache} handle on it and released with the last.
 *
 * <pre>
 * DIR/lock                     held with FileChannel.tryLock while open
 * DIR/journal                  the bookkeeping (Journal)
 * DIR/entries/ab/ab12...ef     one entry: media bytes + metadata record (EntryTrailer),
 *                              named by the SHA-256 of the cache key (EntryName)
 * DIR/tmp/                     entries being written; emptied on open
 * DIR/trash-N/                 what clear() moved aside; deleted in the background
 * </pre>
 *
 * <h2>What is guaranteed</h2>
 * An entry appears only complete: it is written to a temporary file and renamed into place after
 * its last byte (and, for E2EE media, after its ciphertext matched the {@code EncryptedFile}'s
 * hash). Every read checks the entry's record, length and SHA-256 first; a damaged entry is removed
 * and reported as a miss, never served. A kill at any moment leaves a directory that opens: a
 * temporary file (deleted on open), an entry file the journal does not know yet (adopted by the
 * next cleanup), or a cut-short journal record (ignored). Nothing is synced to the disk: a cache
 * may lose entries on power loss, and the checks above catch whatever the loss left behind.
 *
 * <p>Thread-safe.
 */
public final class CacheStore {
  /** Stores open in this process, by canonical directory path. Guarded by itself. */
  private static final Map<String, CacheStore> OPEN = new HashMap<String, CacheStore>();

  private final CacheDirectory files;
  private final MediaCachePolicy policy;
  private final Clock clock;
  private final DirectoryLock lock;
  private final Object monitor = new Object();
  /** Guarded by {@link #monitor}. */
  private final CacheIndex index;
  private final Map<EntryName, CacheFill> fills = new HashMap<EntryName, CacheFill>();
  private final EntryInstaller installer = new EntryInstaller() {
    @Override
    public long nowMillis() {
      return clock.nowMillis();
    }

    @Override
    public boolean install(EntryName name, EntryWriter writer, EntryTrailer trailer) {
      return CacheStore.this.install(name, writer, trailer);
    }
  };
  /** Guarded by OPEN. */
  private int references;
  private boolean cleanupScheduled;
  private @Nullable ThreadPoolExecutor background;
  private boolean closed;

  /**
   * Opens the store on {@code directory} (created if missing), or returns the one already open
   * in this process for the same canonical directory; every call must be paired with a
   * {@link #release()}.
   *
   * @throws MediaCacheLockedException if another process holds the directory
   * @throws IllegalStateException if the directory is open in this process with another policy or
   *     clock
   * @throws IOException if the directory cannot be created or read
   */
  public static CacheStore acquire(File directory, MediaCachePolicy policy, Clock clock)
      throws IOException {
    File absolute = directory.getAbsoluteFile();
    if (!absolute.isDirectory() && !absolute.mkdirs() && !absolute.isDirectory()) {
      throw new IOException("cannot create the cache directory " + absolute);
    }
    String path = absolute.getCanonicalPath();
    synchronized (OPEN) {
      CacheStore store = OPEN.get(path);
      if (store != null) {
        if (!store.policy.equals(policy)) {
          throw new IllegalStateException("the media cache in " + path
              + " is already open in this process with " + store.policy
              + "; open it with the same policy or share that MediaCache");
        }
        if (store.clock != clock) {
          throw new IllegalStateException("the media cache in " + path
              + " is already open in this process with another clock");
        }
        store.references++;
        return store;
      }
      store = new CacheStore(new File(path), policy, clock);
      store.references = 1;
      OPEN.put(path, store);
      return store;
    }
  }

  private CacheStore(File directory, MediaCachePolicy policy, Clock clock) throws IOException {
    this.files = new CacheDirectory(directory);
    this.policy = policy;
    this.clock = clock;
    this.lock = DirectoryLock.acquire(files.lockFile, directory);
    Journal journal = new Journal(files.journalFile);
    this.index = new CacheIndex(policy, files, journal);
    boolean ok = false;
    try {
      open();
      ok = true;
    } finally {
      if (!ok) {
        journal.close();
        lock.release();
      }
    }
  }

  private void open() throws IOException {
    files.prepare();
    final boolean existed = files.journalFile.exists();
    Journal.Replay replay = Journal.replay(files.journalFile, new Journal.Visitor() {
      @Override
      public void record(byte type, @Nullable EntryName name, long a, long b, long c) {
        index.replay(type, name, a, b, c);
      }
    });
    boolean rewrite = replay.tornTail || index.needsCompaction(replay.records);
    // A cut-short record means the last run was killed: clean up now, which adopts the entry
    // files it may have renamed into place without a journal record.
    if (replay.tornTail) index.lastCleanupMillis(0);
    if (!replay.usable) {
      index.forgetAll();
      index.adopt(files.scanOldestFirst());
      if (!existed && index.isEmpty()) index.lastCleanupMillis(clock.nowMillis());
      rewrite = true;
    }
    if (rewrite) {
      index.rewriteJournal();
    } else {
      index.openJournalForAppend(replay.records);
    }
    deleteTrash();
    synchronized (monitor) {
      maybeScheduleCleanup();
    }
  }

  /** The directory the store is on (canonical). */
  public File directory() {
    return files.root;
  }

  /** The retention policy the store applies. */
  public MediaCachePolicy policy() {
    return policy;
  }

  /** The clock for entry times and the cleanup interval. */
  public Clock clock() {
    return clock;
  }

  File entryFile(EntryName name) {
    return files.entryFile(name);
  }

  /** Sets how long reads may gather before the journal is written (tests). */
  void flushIntervalNanos(long nanos) {
    synchronized (monitor) {
      index.flushIntervalNanos = nanos;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Downloads: lookup, single flight, fills.

  /**
   * Looks {@code cacheKey} up for a download. A hit's entry was verified (record, length and
   * SHA-256) and, when {@code expectedSha256} is given (E2EE media: the {@code EncryptedFile}'s
   * hash), matches it too; an entry that fails a check is removed and the key looked up again. An
   * entry whose hash differs from {@code expectedSha256} is not served and not removed (it is
   * another download's verified media under the same key): the caller leads a download, whose
   * entry replaces it if it verifies.
   *
   * @throws IllegalStateException if the store is closed
   */
  public CacheLookup lookup(String cacheKey, byte @Nullable [] expectedSha256) throws IOException {
    EntryName name = EntryName.of(cacheKey);
    while (true) {
      CacheIndex.Entry candidate;
      synchronized (monitor) {
        checkOpen();
        candidate = index.get(name);
        if (candidate != null && index.isExpired(candidate, clock.nowMillis())
            && !index.isPinned(name)) {
          index.remove(name, candidate, true);
          candidate = null;
        }
        if (candidate == null) return fillOrWait(name);
      }
      OpenedEntry opened;
      try {
        opened = OpenedEntry.open(files.entryFile(name), name, true);
      } catch (IOException e) {
        synchronized (monitor) {
          index.remove(name, candidate, false);
        }
        continue;
      }
      if (expectedSha256 != null && !MessageDigest.isEqual(opened.sha256(), expectedSha256)) {
        opened.close();
        synchronized (monitor) {
          checkOpen();
          return fillOrWait(name);
        }
      }
      synchronized (monitor) {
        if (closed) {
          opened.close();
          checkOpen();
        }
        countHit(name);
        maybeScheduleCleanup();
      }
      return new CacheLookup(CacheLookup.HIT, opened, null);
    }
  }

  /** Under the monitor: waits for a running fill, or starts one. */
  private CacheLookup fillOrWait(EntryName name) {
    CacheFill fill = fills.get(name);
    if (fill != null) {
      if (fill.leader != Thread.currentThread()) {
        return new CacheLookup(CacheLookup.WAIT, null, fill);
      }
      // Waiting here would wait for this thread's own unread response: go to the network.
      index.countMiss();
      return new CacheLookup(CacheLookup.BYPASS, null, null);
    }
    fill = new CacheFill(name, Thread.currentThread());
    fills.put(name, fill);
    index.countMiss();
    maybeScheduleCleanup();
    return new CacheLookup(CacheLookup.LEAD, null, fill);
  }

  /** Starts writing the entry a fill downloads. */
  EntryWriter startFill() throws IOException {
    return EntryWriter.create(files.tmpDirectory(), policy.maxEntryBytes());
  }

  /** Ends {@code fill} without an entry; its followers look up again (and one leads). */
  public void abandon(CacheFill fill) {
    synchronized (monitor) {
      if (fills.get(fill.name) == fill) fills.remove(fill.name);
    }
    fill.finish();
  }

  /**
   * Finishes {@code writer}'s entry for {@code fill} and moves it into place, then ends the fill.
   * Returns whether the entry was stored: not when it was given up, does not hash to {@code
   * expectedSha256}, or the store closed meanwhile.
   */
  boolean complete(CacheFill fill, EntryWriter writer, String cacheKey,
      @Nullable String contentType, @Nullable String fileName, byte @Nullable [] expectedSha256) {
    try {
      EntryTrailer trailer =
          writer.finish(cacheKey, contentType, fileName, clock.nowMillis(), expectedSha256);
      return trailer != null && install(fill.name, writer, trailer);
    } finally {
      writer.abort();
      abandon(fill);
    }
  }

  /** Moves a finished entry file into place and indexes it; false if the store is closed. */
  private boolean install(EntryName name, EntryWriter writer, EntryTrailer trailer) {
    CrashPoints.reach("before-rename");
    synchronized (monitor) {
      if (closed) return false;
      File target = files.entryFile(name);
      File shard = target.getParentFile();
      if (!shard.isDirectory() && !shard.mkdirs() && !shard.isDirectory()) return false;
      try {
        PrivateFiles.move(writer.tempFile(), target);
      } catch (IOException e) {
        return false;
      }
      CrashPoints.reach("after-rename");
      index.put(name, trailer.length, trailer.createdMillis, clock.nowMillis(), true);
      index.evictToSize();
      // Written now, not batched: a kill rarely loses a whole download.
      index.flush();
      maybeScheduleCleanup();
      return index.contains(name);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // What uploads, ranged reads and the local media server use.

  /**
   * Starts an entry for bytes the caller has verified itself, such as what an upload sent (plain
   * media: the plaintext; E2EE media: the ciphertext), named when it is committed (an upload
   * learns its mxc URI at the end).
   *
   * <pre>{@code
   * CacheWriter writer = store.newWriter();
   * try {
   *   Source body = writer.tee(bytesToSend);   // what is read from it is also written to the entry
   *   ... send body ...
   *   writer.commit(MediaRequest.download(mxc).cacheKey(), contentType, fileName, null);
   * } finally {
   *   writer.close();
   * }
   * }</pre>
   */
  public CacheWriter newWriter() throws IOException {
    synchronized (monitor) {
      checkOpen();
    }
    return new CacheWriter(installer,
        EntryWriter.create(files.tmpDirectory(), policy.maxEntryBytes()));
  }

  /**
   * Opens the entry of {@code cacheKey} for a range read: its record and length are checked, and
   * its SHA-256 too when {@code verifyHash} (which reads the whole entry first). A read counts as a
   * hit and updates the entry's last read; a damaged entry is removed. Returns null when there is
   * no usable entry. The caller closes the entry (or the source made from it).
   *
   * <pre>{@code
   * OpenedEntry entry = store.openEntry(request.cacheKey(), false);
   * if (entry != null) return entry.source(offset, byteCount);   // E2EE: the ciphertext range
   * }</pre>
   */
  public @Nullable OpenedEntry openEntry(String cacheKey, boolean verifyHash) throws IOException {
    EntryName name = EntryName.of(cacheKey);
    CacheIndex.Entry candidate;
    synchronized (monitor) {
      checkOpen();
      candidate = index.get(name);
      if (candidate == null) return null;
    }
    OpenedEntry opened;
    try {
      opened = OpenedEntry.open(files.entryFile(name), name, verifyHash);
    } catch (IOException e) {
      synchronized (monitor) {
        index.remove(name, candidate, false);
      }
      return null;
    }
    synchronized (monitor) {
      countHit(name);
    }
    return opened;
  }

  // ---------------------------------------------------------------------------------------------
  // Pins, stats, clear, cleanup.

  /** Keeps the entry of {@code cacheKey} (now or once stored) from eviction; pins nest. */
  public void pin(String cacheKey) {
    EntryName name = EntryName.of(cacheKey);
    synchronized (monitor) {
      checkOpen();
      index.pin(name);
    }
  }

  /** Undoes one {@link #pin}; unpinning a key that is not pinned does nothing. */
  public void unpin(String cacheKey) {
    EntryName name = EntryName.of(cacheKey);
    synchronized (monitor) {
      checkOpen();
      index.unpin(name);
      index.evictToSize();
    }
  }

  /** Whether the store holds an entry for {@code cacheKey} (without checking or reading it). */
  public boolean contains(String cacheKey) {
    synchronized (monitor) {
      checkOpen();
      return index.contains(EntryName.of(cacheKey));
    }
  }

  /** Entries, bytes, hits, misses, evictions. */
  public long[] stats() {
    synchronized (monitor) {
      checkOpen();
      return index.stats();
    }
  }

  /**
   * Removes every entry, pinned ones too, and resets the counters; pins stay registered. Downloads
   * filling an entry at that moment may still store it afterwards.
   */
  public void clear() throws IOException {
    File trash;
    synchronized (monitor) {
      checkOpen();
      trash = files.moveEntriesAside();
      index.clearEntries();
      index.rewriteJournal();
    }
    if (trash != null) CacheDirectory.deleteRecursively(trash);
  }

  /**
   * Applies the policy now, on the calling thread: removes expired entries and, beyond the total
   * size, the least recently read ones (pinned entries stay), adopts entry files a kill left
   * unindexed, forgets entries whose files are gone, and compacts the journal. Runs by itself at
   * most once per cleanup interval, in the background.
   */
  public void cleanup() throws IOException {
    List<EntryName> removed;
    long sweepStart;
    synchronized (monitor) {
      checkOpen();
      long now = clock.nowMillis();
      removed = index.removeExpired(now);
      index.evictToSize();
      index.cleanedUp(now);
      sweepStart = index.sequence();
    }
    // Deleted outside the lock, one at a time, unless the key was stored again meanwhile (a new
    // entry file under the same name must stay).
    for (EntryName name : removed) {
      synchronized (monitor) {
        if (closed) return;
        if (!index.contains(name)) files.entryFile(name).delete();
      }
    }
    sweep(sweepStart);
    synchronized (monitor) {
      if (!closed && index.journalNeedsCompaction()) index.rewriteJournal();
    }
  }

  /**
   * Brings the index and the folder together: adopts well-formed entry files the index does not
   * know (a kill between the rename and the journal's write), deletes malformed ones, and forgets
   * entries older than {@code sweepStart} whose file is gone.
   */
  private void sweep(long sweepStart) {
    final Set<EntryName> seen = new HashSet<EntryName>();
    files.forEachEntryFile(new CacheDirectory.EntryFileVisitor() {
      @Override
      public void visit(File file, EntryName name) {
        seen.add(name);
        synchronized (monitor) {
          if (closed || index.contains(name)) return;
        }
        EntryTrailer trailer = CacheDirectory.readTrailer(file, name);
        synchronized (monitor) {
          if (closed || index.contains(name)) return;
          if (trailer == null) {
            file.delete();
            return;
          }
          CacheIndex.Entry entry = index.put(name, trailer.length, trailer.createdMillis,
              trailer.createdMillis, true);
          index.evictToSize();
          if (index.isExpiredUnpinned(name, clock.nowMillis())) index.remove(name, entry, true);
        }
      }
    });
    synchronized (monitor) {
      if (closed) return;
      index.forgetUnseen(sweepStart, seen);
      index.flush();
    }
  }

  /** Rewrites the journal as a snapshot now (tests; cleanup does it when the journal grew). */
  void compact() throws IOException {
    synchronized (monitor) {
      checkOpen();
      index.rewriteJournal();
    }
  }

  /** Flushes the bookkeeping; the store stays open. */
  public void flushBookkeeping() {
    synchronized (monitor) {
      if (!closed) index.flush();
    }
  }

  /** Drops one reference; the last one closes the store (see {@link #acquire}). */
  public void release() {
    synchronized (OPEN) {
      if (references <= 0) return;
      if (--references > 0) return;
      OPEN.remove(files.root.getPath());
      close();
    }
  }

  /** Whether the store was closed by its last {@link #release()}. */
  public boolean isClosed() {
    synchronized (monitor) {
      return closed;
    }
  }

  private void close() {
    ThreadPoolExecutor executor;
    synchronized (monitor) {
      if (closed) return;
      closed = true;
      executor = background;
    }
    if (executor != null) {
      executor.shutdown();
      try {
        // A running cleanup stops at its next step once it sees the store closed.
        executor.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    synchronized (monitor) {
      index.closeJournal();
    }
    lock.release();
  }

  // ---------------------------------------------------------------------------------------------
  // Under the monitor.

  private void checkOpen() {
    if (closed) throw new IllegalStateException("the media cache is closed");
  }

  /** Counts a hit on {@code name} and records the read on its entry, if it is still indexed. */
  private void countHit(EntryName name) {
    index.countHit();
    CacheIndex.Entry current = index.get(name);
    if (current != null) index.recordRead(name, current, clock.nowMillis());
    index.maybeFlush();
  }

  /** Starts a cleanup in the background if the interval has passed since the last one. */
  private void maybeScheduleCleanup() {
    if (closed || cleanupScheduled) return;
    long since = clock.nowMillis() - index.lastCleanupMillis();
    if (since >= 0 && since < policy.cleanupIntervalMillis()) return;
    cleanupScheduled = true;
    background().execute(new Runnable() {
      @Override
      public void run() {
        try {
          cleanup();
        } catch (IOException | IllegalStateException ignored) {
          // A full disk or a close while cleaning: the next interval tries again.
        } finally {
          synchronized (monitor) {
            cleanupScheduled = false;
          }
        }
      }
    });
  }

  private ThreadPoolExecutor background() {
    ThreadPoolExecutor executor = background;
    if (executor == null) {
      // No thread while there is nothing to do: it ends after 10 idle seconds.
      executor = new ThreadPoolExecutor(0, 1, 10, TimeUnit.SECONDS,
          new LinkedBlockingQueue<Runnable>(), new ThreadFactory() {
            @Override
            public Thread newThread(Runnable r) {
              Thread t = new Thread(r, "mxsdk-media-cache");
              t.setDaemon(true);
              return t;
            }
          });
      background = executor;
    }
    return executor;
  }

  /** Deletes folders that an earlier clear() moved aside, in the background. */
  private void deleteTrash() {
    final File[] trash = files.trash();
    if (trash.length == 0) return;
    synchronized (monitor) {
      background().execute(new Runnable() {
        @Override
        public void run() {
          for (File t : trash) CacheDirectory.deleteRecursively(t);
        }
      });
    }
  }

  @Override
  public String toString() {
    synchronized (monitor) {
      return "CacheStore{" + files.root + ", " + index.size() + " entries, " + index.totalBytes()
          + " bytes" + (closed ? ", closed" : "") + "}";
    }
  }
}
