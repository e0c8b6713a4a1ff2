package dev.mxsdk.media.internal.cache;

import dev.mxsdk.core.Clock;
import dev.mxsdk.media.MediaCacheLockedException;
import dev.mxsdk.media.MediaCachePolicy;
import dev.mxsdk.media.internal.delivery.PrivateFiles;
import java.io.Closeable;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import okio.Buffer;
import okio.ForwardingSource;
import okio.Sink;
import okio.Source;
import okio.Timeout;
import org.jspecify.annotations.Nullable;

/**
 * The disk cache on one directory: the lock file that keeps other processes out, the index of
 * entries in least-recently-read order, the single-flight fills, the retention policy, and the
 * batched bookkeeping ({@link Journal}). One instance per directory per process ({@link
 * #acquire}), shared by every {@code MediaCache} handle on it and released with the last.
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
  static final String LOCK_FILE = "lock";
  static final String JOURNAL_FILE = "journal";
  static final String ENTRIES_DIR = "entries";
  static final String TMP_DIR = "tmp";
  static final String TRASH_PREFIX = "trash-";
  /** How long reads may gather in the journal's batch before it is written. */
  static final long DEFAULT_FLUSH_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(5);

  /** Stores open in this process, by canonical directory path. Guarded by itself. */
  private static final Map<String, CacheStore> OPEN = new HashMap<String, CacheStore>();

  private final File directory;
  private final File entriesDir;
  private final File tmpDir;
  private final File journalFile;
  private final MediaCachePolicy policy;
  private final Clock clock;
  private final RandomAccessFile lockFile;
  private final @Nullable FileLock fileLock;
  private final Object monitor = new Object();
  /** In least-recently-read order (access order): the first entry is evicted first. */
  private final LinkedHashMap<EntryName, Entry> entries =
      new LinkedHashMap<EntryName, Entry>(64, 0.75f, true);
  private final Map<EntryName, Fill> fills = new HashMap<EntryName, Fill>();
  private final Map<EntryName, int[]> pins = new HashMap<EntryName, int[]>();
  private final Journal journal;
  /** Guarded by OPEN. */
  private int references;
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
  private boolean cleanupScheduled;
  private @Nullable ThreadPoolExecutor background;
  private boolean closed;

  /** One entry of the index. */
  private static final class Entry {
    final long length;
    final long createdMillis;
    long lastReadMillis;
    /** When the entry was added, in the store's sequence: the sweep skips newer ones. */
    final long sequence;

    Entry(long length, long createdMillis, long lastReadMillis, long sequence) {
      this.length = length;
      this.createdMillis = createdMillis;
      this.lastReadMillis = lastReadMillis;
      this.sequence = sequence;
    }
  }

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
    this.directory = directory;
    this.entriesDir = new File(directory, ENTRIES_DIR);
    this.tmpDir = new File(directory, TMP_DIR);
    this.journalFile = new File(directory, JOURNAL_FILE);
    this.policy = policy;
    this.clock = clock;
    this.lockFile = new RandomAccessFile(new File(directory, LOCK_FILE), "rw");
    FileLock lock;
    try {
      lock = lockFile.getChannel().tryLock();
      if (lock == null) {
        closeQuietly(lockFile);
        throw new MediaCacheLockedException("the media cache in " + directory
            + " is in use by another process; a cache directory belongs to one process at a time");
      }
    } catch (OverlappingFileLockException e) {
      closeQuietly(lockFile);
      throw new MediaCacheLockedException("the media cache in " + directory
          + " is already open in this process under another path");
    } catch (MediaCacheLockedException e) {
      throw e;
    } catch (IOException e) {
      // A file system without locks (some network and FUSE mounts): nothing can keep a second
      // process out there, and refusing to cache at all would be worse.
      lock = null;
    }
    this.fileLock = lock;
    this.journal = new Journal(journalFile);
    boolean ok = false;
    try {
      open();
      ok = true;
    } finally {
      if (!ok) {
        journal.close();
        releaseLock();
      }
    }
  }

  private void open() throws IOException {
    mkdirs(entriesDir);
    mkdirs(tmpDir);
    // The directory is locked: every temporary file in it belongs to a writer that is gone.
    deleteChildren(tmpDir);
    final boolean existed = journalFile.exists();
    Journal.Replay replay = Journal.replay(journalFile, new Journal.Visitor() {
      @Override
      public void record(byte type, @Nullable EntryName name, long a, long b, long c) {
        replayRecord(type, name, a, b, c);
      }
    });
    boolean rewrite = replay.tornTail || replay.records > compactionThreshold();
    // A cut-short record means the last run was killed: clean up now, which adopts the entry
    // files it may have renamed into place without a journal record.
    if (replay.tornTail) lastCleanupMillis = 0;
    if (!replay.usable) {
      entries.clear();
      totalBytes = 0;
      hits = 0;
      misses = 0;
      evictions = 0;
      lastCleanupMillis = 0;
      rebuildFromDirectory();
      if (!existed && entries.isEmpty()) lastCleanupMillis = clock.nowMillis();
      rewrite = true;
    }
    if (rewrite) {
      rewriteJournal();
    } else {
      journal.openForAppend(replay.records);
    }
    deleteTrash();
    synchronized (monitor) {
      maybeScheduleCleanup();
    }
  }

  private void replayRecord(byte type, @Nullable EntryName name, long a, long b, long c) {
    if (type == Journal.PUT && name != null) {
      Entry old = entries.remove(name);
      if (old != null) totalBytes -= old.length;
      entries.put(name, new Entry(a, b, c, ++sequence));
      totalBytes += a;
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

  /** Rebuilds the index from the entry files, oldest first, when the journal is lost. */
  private void rebuildFromDirectory() {
    final List<Object[]> found = new ArrayList<Object[]>();
    forEachEntryFile(new EntryFileVisitor() {
      @Override
      public void visit(File file, EntryName name) {
        EntryTrailer trailer = readTrailer(file, name);
        if (trailer == null) {
          file.delete();
        } else {
          found.add(new Object[] {name, trailer});
        }
      }
    });
    java.util.Collections.sort(found, new java.util.Comparator<Object[]>() {
      @Override
      public int compare(Object[] x, Object[] y) {
        long a = ((EntryTrailer) x[1]).createdMillis;
        long b = ((EntryTrailer) y[1]).createdMillis;
        return a < b ? -1 : a == b ? 0 : 1;
      }
    });
    for (Object[] f : found) {
      EntryTrailer t = (EntryTrailer) f[1];
      entries.put((EntryName) f[0], new Entry(t.length, t.createdMillis, t.createdMillis,
          ++sequence));
      totalBytes += t.length;
    }
  }

  /** The record of an entry file if it is a well-formed entry of {@code name}, else null. */
  private static @Nullable EntryTrailer readTrailer(File file, EntryName name) {
    try {
      FileInputStream in = new FileInputStream(file);
      try {
        EntryTrailer trailer = EntryTrailer.read(in.getChannel(), in.getChannel().size());
        return EntryName.of(trailer.cacheKey).equals(name) ? trailer : null;
      } finally {
        in.close();
      }
    } catch (IOException e) {
      return null;
    }
  }

  private interface EntryFileVisitor {
    void visit(File file, EntryName name);
  }

  private void forEachEntryFile(EntryFileVisitor visitor) {
    File[] shards = entriesDir.listFiles();
    if (shards == null) return;
    for (File shard : shards) {
      String[] names = shard.list();
      if (names == null) continue;
      for (String fileName : names) {
        EntryName name = EntryName.parseHex(fileName);
        if (name != null && name.shard().equals(shard.getName())) {
          visitor.visit(new File(shard, fileName), name);
        }
      }
    }
  }

  /** The directory the store is on (canonical). */
  public File directory() {
    return directory;
  }

  public MediaCachePolicy policy() {
    return policy;
  }

  public Clock clock() {
    return clock;
  }

  File entryFile(EntryName name) {
    String hex = name.hex();
    return new File(new File(entriesDir, hex.substring(0, 2)), hex);
  }

  // ---------------------------------------------------------------------------------------------
  // Downloads: lookup, single flight, fills.

  /** The outcome of {@link #lookup}: what the caller does next. */
  public static final class Lookup {
    /** Serve {@link #entry}, verified. */
    public static final int HIT = 1;
    /** No entry: download and fill {@link #fill} (this caller leads). */
    public static final int LEAD = 2;
    /** Another call is filling {@link #fill}: wait for it, then look up again. */
    public static final int WAIT = 3;
    /** This thread leads a fill of the same entry already: download without storing. */
    public static final int BYPASS = 4;

    public final int kind;
    public final @Nullable OpenedEntry entry;
    public final @Nullable Fill fill;

    Lookup(int kind, @Nullable OpenedEntry entry, @Nullable Fill fill) {
      this.kind = kind;
      this.entry = entry;
      this.fill = fill;
    }
  }

  /**
   * One entry being filled by a download. Followers wait on it; the leader completes or abandons
   * it through the store.
   */
  public static final class Fill {
    final EntryName name;
    final Thread leader;
    private boolean done;

    Fill(EntryName name, Thread leader) {
      this.name = name;
      this.leader = leader;
    }

    synchronized void finish() {
      done = true;
      notifyAll();
    }

    /** Whether the fill ended (stored or given up). */
    public synchronized boolean isDone() {
      return done;
    }

    /**
     * Waits at most {@code millis} for the fill to end; returns whether it did.
     *
     * @throws InterruptedIOException if the thread is interrupted
     */
    public synchronized boolean await(long millis) throws InterruptedIOException {
      if (!done) {
        try {
          wait(millis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted while waiting for the media cache");
        }
      }
      return done;
    }
  }

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
  public Lookup lookup(String cacheKey, byte @Nullable [] expectedSha256) throws IOException {
    EntryName name = EntryName.of(cacheKey);
    while (true) {
      Entry candidate;
      synchronized (monitor) {
        checkOpen();
        candidate = entries.get(name);
        if (candidate != null && isExpired(candidate, clock.nowMillis()) && !isPinned(name)) {
          removeEntry(name, candidate, true);
          candidate = null;
        }
        if (candidate == null) return fillOrWait(name);
      }
      OpenedEntry opened;
      try {
        opened = OpenedEntry.open(entryFile(name), name, true);
      } catch (IOException e) {
        synchronized (monitor) {
          if (entries.get(name) == candidate) removeEntry(name, candidate, false);
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
        hits++;
        statsDirty = true;
        Entry current = entries.get(name);
        if (current != null) recordRead(name, current);
        maybeFlush();
        maybeScheduleCleanup();
      }
      return new Lookup(Lookup.HIT, opened, null);
    }
  }

  /** Under the monitor: waits for a running fill, or starts one. */
  private Lookup fillOrWait(EntryName name) {
    Fill fill = fills.get(name);
    if (fill != null) {
      if (fill.leader != Thread.currentThread()) return new Lookup(Lookup.WAIT, null, fill);
      // Waiting here would wait for this thread's own unread response: go to the network.
      misses++;
      statsDirty = true;
      return new Lookup(Lookup.BYPASS, null, null);
    }
    fill = new Fill(name, Thread.currentThread());
    fills.put(name, fill);
    misses++;
    statsDirty = true;
    maybeScheduleCleanup();
    return new Lookup(Lookup.LEAD, null, fill);
  }

  /** Starts writing the entry a fill downloads. */
  EntryWriter startFill() throws IOException {
    return EntryWriter.create(tmpDirectory(), policy.maxEntryBytes());
  }

  /**
   * The folder for entries being written, created again if it vanished (Android deletes files
   * and folders under {@code getCacheDir()} when storage runs low, also while the app runs).
   */
  private File tmpDirectory() throws IOException {
    mkdirs(tmpDir);
    return tmpDir;
  }

  /** Ends {@code fill} without an entry; its followers look up again (and one leads). */
  public void abandon(Fill fill) {
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
  boolean complete(Fill fill, EntryWriter writer, String cacheKey, @Nullable String contentType,
      @Nullable String fileName, byte @Nullable [] expectedSha256) {
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
      File target = entryFile(name);
      File shard = target.getParentFile();
      if (!shard.isDirectory() && !shard.mkdirs() && !shard.isDirectory()) return false;
      try {
        PrivateFiles.move(writer.tempFile(), target);
      } catch (IOException e) {
        return false;
      }
      CrashPoints.reach("after-rename");
      Entry old = entries.remove(name);
      if (old != null) totalBytes -= old.length;
      long now = clock.nowMillis();
      Entry entry = new Entry(trailer.length, trailer.createdMillis, now, ++sequence);
      entries.put(name, entry);
      totalBytes += trailer.length;
      journal.append(Journal.PUT, name, trailer.length, trailer.createdMillis, now);
      evictToSize();
      // Written now, not batched: a kill rarely loses a whole download.
      flush();
      maybeScheduleCleanup();
      return entries.containsKey(name);
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
   * CacheStore.Writer writer = store.newWriter();
   * try {
   *   Source body = writer.tee(bytesToSend);   // what is read from it is also written to the entry
   *   ... send body ...
   *   writer.commit(MediaRequest.download(mxc).cacheKey(), contentType, fileName, null);
   * } finally {
   *   writer.close();
   * }
   * }</pre>
   */
  public Writer newWriter() throws IOException {
    synchronized (monitor) {
      checkOpen();
    }
    return new Writer(EntryWriter.create(tmpDirectory(), policy.maxEntryBytes()));
  }

  /** An entry being written by {@link #newWriter()}. Not thread-safe. */
  public final class Writer implements Closeable {
    private final EntryWriter writer;
    private boolean finished;

    Writer(EntryWriter writer) {
      this.writer = writer;
    }

    /**
     * The sink for the media bytes; writes never fail (an entry that cannot be written or grows
     * past the policy's entry size is given up, and {@link #commit} returns false).
     */
    public Sink sink() {
      return new Sink() {
        @Override
        public void write(Buffer source, long byteCount) {
          writer.write(source, 0, byteCount);
          try {
            source.skip(byteCount);
          } catch (java.io.EOFException e) {
            throw new IllegalArgumentException("byteCount > size: " + byteCount);
          }
        }

        @Override
        public void flush() {}

        @Override
        public Timeout timeout() {
          return Timeout.NONE;
        }

        @Override
        public void close() {}
      };
    }

    /**
     * {@code source} with every byte read from it also written to this entry (a retry that reads
     * the bytes again needs a new writer). Closing the returned source does not finish the entry.
     */
    public Source tee(Source source) {
      return new ForwardingSource(source) {
        @Override
        public long read(Buffer sink, long byteCount) throws IOException {
          long n = super.read(sink, byteCount);
          if (n > 0) writer.write(sink, sink.size() - n, n);
          return n;
        }
      };
    }

    /**
     * Stores the bytes written under {@code cacheKey}, replacing any entry of that key. Returns
     * whether they were stored: not if the entry was given up, or its SHA-256 differs from
     * {@code expectedSha256} (when given: for E2EE media the {@code EncryptedFile}'s hash).
     */
    public boolean commit(String cacheKey, @Nullable String contentType,
        @Nullable String fileName, byte @Nullable [] expectedSha256) {
      if (finished) throw new IllegalStateException("already committed or closed");
      finished = true;
      try {
        EntryTrailer trailer =
            writer.finish(cacheKey, contentType, fileName, clock.nowMillis(), expectedSha256);
        return trailer != null && install(EntryName.of(cacheKey), writer, trailer);
      } finally {
        writer.abort();
      }
    }

    /** Discards the bytes unless committed. Idempotent. */
    @Override
    public void close() {
      finished = true;
      writer.abort();
    }
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
    Entry candidate;
    synchronized (monitor) {
      checkOpen();
      candidate = entries.get(name);
      if (candidate == null) return null;
    }
    OpenedEntry opened;
    try {
      opened = OpenedEntry.open(entryFile(name), name, verifyHash);
    } catch (IOException e) {
      synchronized (monitor) {
        if (entries.get(name) == candidate) removeEntry(name, candidate, false);
      }
      return null;
    }
    synchronized (monitor) {
      hits++;
      statsDirty = true;
      Entry current = entries.get(name);
      if (current != null) recordRead(name, current);
      maybeFlush();
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
      int[] count = pins.get(name);
      if (count == null) {
        pins.put(name, new int[] {1});
      } else {
        count[0]++;
      }
    }
  }

  /** Undoes one {@link #pin}; unpinning a key that is not pinned does nothing. */
  public void unpin(String cacheKey) {
    EntryName name = EntryName.of(cacheKey);
    synchronized (monitor) {
      checkOpen();
      int[] count = pins.get(name);
      if (count != null && --count[0] <= 0) pins.remove(name);
      evictToSize();
    }
  }

  private boolean isPinned(EntryName name) {
    return pins.containsKey(name);
  }

  /** Whether the store holds an entry for {@code cacheKey} (without checking or reading it). */
  public boolean contains(String cacheKey) {
    synchronized (monitor) {
      checkOpen();
      return entries.containsKey(EntryName.of(cacheKey));
    }
  }

  /** Entries, bytes, hits, misses, evictions. */
  public long[] stats() {
    synchronized (monitor) {
      checkOpen();
      return new long[] {entries.size(), totalBytes, hits, misses, evictions};
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
      trash = new File(directory, TRASH_PREFIX + System.nanoTime());
      if (!entriesDir.renameTo(trash)) {
        // Moving the folder aside is what makes this quick; deleting file by file also works.
        deleteChildren(entriesDir);
        trash = null;
      }
      mkdirs(entriesDir);
      entries.clear();
      totalBytes = 0;
      hits = 0;
      misses = 0;
      evictions = 0;
      rewriteJournal();
    }
    if (trash != null) deleteRecursively(trash);
  }

  /**
   * Applies the policy now, on the calling thread: removes expired entries and, beyond the total
   * size, the least recently read ones (pinned entries stay), adopts entry files a kill left
   * unindexed, forgets entries whose files are gone, and compacts the journal. Runs by itself at
   * most once per cleanup interval, in the background.
   */
  public void cleanup() throws IOException {
    List<EntryName> removed = new ArrayList<EntryName>();
    long sweepStart;
    synchronized (monitor) {
      checkOpen();
      long now = clock.nowMillis();
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
      evictToSize();
      lastCleanupMillis = now;
      statsDirty = true;
      journal.append(Journal.CLEANUP, null, now, 0, 0);
      flush(true);
      sweepStart = sequence;
    }
    // Deleted outside the lock, one at a time, unless the key was stored again meanwhile (a new
    // entry file under the same name must stay).
    for (EntryName name : removed) {
      synchronized (monitor) {
        if (closed) return;
        if (!entries.containsKey(name)) entryFile(name).delete();
      }
    }
    sweep(sweepStart);
    synchronized (monitor) {
      if (!closed && journal.records() > compactionThreshold()) rewriteJournal();
    }
  }

  /**
   * Brings the index and the folder together: adopts well-formed entry files the index does not
   * know (a kill between the rename and the journal's write), deletes malformed ones, and forgets
   * entries older than {@code sweepStart} whose file is gone.
   */
  private void sweep(long sweepStart) {
    final Set<EntryName> seen = new HashSet<EntryName>();
    forEachEntryFile(new EntryFileVisitor() {
      @Override
      public void visit(File file, EntryName name) {
        seen.add(name);
        synchronized (monitor) {
          if (closed || entries.containsKey(name)) return;
        }
        EntryTrailer trailer = readTrailer(file, name);
        synchronized (monitor) {
          if (closed || entries.containsKey(name)) return;
          if (trailer == null) {
            file.delete();
            return;
          }
          long now = clock.nowMillis();
          entries.put(name, new Entry(trailer.length, trailer.createdMillis,
              trailer.createdMillis, ++sequence));
          totalBytes += trailer.length;
          journal.append(Journal.PUT, name, trailer.length, trailer.createdMillis,
              trailer.createdMillis);
          evictToSize();
          if (isExpired(entries.get(name), now) && !isPinned(name)) {
            removeEntry(name, entries.get(name), true);
          }
        }
      }
    });
    synchronized (monitor) {
      if (closed) return;
      List<EntryName> gone = new ArrayList<EntryName>();
      for (Map.Entry<EntryName, Entry> e : entries.entrySet()) {
        if (e.getValue().sequence <= sweepStart && !seen.contains(e.getKey())) gone.add(e.getKey());
      }
      for (EntryName name : gone) {
        Entry e = entries.remove(name);
        totalBytes -= e.length;
        journal.append(Journal.REMOVE, name, 0, 0, 0);
      }
      flush();
    }
  }

  /** Rewrites the journal as a snapshot now (tests; cleanup does it when the journal grew). */
  void compact() throws IOException {
    synchronized (monitor) {
      checkOpen();
      rewriteJournal();
    }
  }

  /** Flushes the bookkeeping; the store stays open. */
  public void flushBookkeeping() {
    synchronized (monitor) {
      if (!closed) flush();
    }
  }

  /** Drops one reference; the last one closes the store (see {@link #acquire}). */
  public void release() {
    synchronized (OPEN) {
      if (references <= 0) return;
      if (--references > 0) return;
      OPEN.remove(directory.getPath());
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
      if (statsDirty) journal.append(Journal.STATS, null, hits, misses, evictions);
      journal.close();
    }
    releaseLock();
  }

  private void releaseLock() {
    FileLock lock = fileLock;
    if (lock != null) {
      try {
        lock.release();
      } catch (IOException ignored) {
        // Closing the file releases it too.
      }
    }
    closeQuietly(lockFile);
  }

  // ---------------------------------------------------------------------------------------------
  // Under the monitor.

  private void checkOpen() {
    if (closed) throw new IllegalStateException("the media cache is closed");
  }

  private boolean isExpired(Entry entry, long now) {
    long expiry = policy.expireAfterAccessMillis();
    return now - entry.lastReadMillis >= expiry && expiry != Long.MAX_VALUE;
  }

  private void recordRead(EntryName name, Entry entry) {
    long now = clock.nowMillis();
    entry.lastReadMillis = now;
    journal.append(Journal.ACCESS, name, 0, 0, now);
  }

  /** Removes an entry and deletes its file; {@code eviction} counts it as one. */
  private void removeEntry(EntryName name, Entry entry, boolean eviction) {
    if (entries.get(name) != entry) return;
    entries.remove(name);
    totalBytes -= entry.length;
    if (eviction) {
      evictions++;
      statsDirty = true;
    }
    journal.append(Journal.REMOVE, name, 0, 0, 0);
    entryFile(name).delete();
  }

  /**
   * Evicts least recently read entries, never pinned ones, down to the limit. A new entry is the
   * most recently read, so it goes last: only when pinned entries fill the cache by themselves.
   */
  private void evictToSize() {
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
      entryFile(name).delete();
    }
  }

  private void maybeFlush() {
    if (journal.pendingRecords() >= Journal.BATCH_RECORDS
        || System.nanoTime() - lastFlushNanos >= flushIntervalNanos) {
      flush();
    }
  }

  private void flush() {
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



  private long compactionThreshold() {
    return 2L * entries.size() + 1000;
  }

  /** Replaces the journal with a snapshot of the index, in least-recently-read order. */
  private void rewriteJournal() throws IOException {
    journal.rewrite(tmpDirectory(), new IndexSnapshot());
    statsDirty = false;
    lastFlushNanos = System.nanoTime();
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

  /** Starts a cleanup in the background if the interval has passed since the last one. */
  private void maybeScheduleCleanup() {
    if (closed || cleanupScheduled) return;
    long since = clock.nowMillis() - lastCleanupMillis;
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
    final File[] trash = directory.listFiles(new java.io.FileFilter() {
      @Override
      public boolean accept(File f) {
        return f.isDirectory() && f.getName().startsWith(TRASH_PREFIX);
      }
    });
    if (trash == null || trash.length == 0) return;
    synchronized (monitor) {
      background().execute(new Runnable() {
        @Override
        public void run() {
          for (File t : trash) deleteRecursively(t);
        }
      });
    }
  }

  private static void mkdirs(File dir) throws IOException {
    if (!dir.isDirectory() && !dir.mkdirs() && !dir.isDirectory()) {
      throw new IOException("cannot create " + dir);
    }
  }

  private static void deleteChildren(File dir) {
    File[] children = dir.listFiles();
    if (children == null) return;
    for (File child : children) deleteRecursively(child);
  }

  static void deleteRecursively(File file) {
    if (file.isDirectory()) deleteChildren(file);
    file.delete();
  }

  private static void closeQuietly(@Nullable Closeable c) {
    if (c == null) return;
    try {
      c.close();
    } catch (IOException ignored) {
      // Nothing to report.
    }
  }

  @Override
  public String toString() {
    synchronized (monitor) {
      return "CacheStore{" + directory + ", " + entries.size() + " entries, " + totalBytes
          + " bytes" + (closed ? ", closed" : "") + "}";
    }
  }
}
