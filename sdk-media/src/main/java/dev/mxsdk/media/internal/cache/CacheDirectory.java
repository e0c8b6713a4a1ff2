package dev.mxsdk.media.internal.cache;

import java.io.File;
import java.io.FileFilter;
import java.io.FileInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The folders and files of one cache directory (the layout drawn in {@link CacheStore}): where an
 * entry's file lives, the folder for entries being written, the scan over entry files, and the
 * folders {@code clear()} moves aside. Holds no state beyond the paths; the store serialises what
 * must not run at the same time.
 */
final class CacheDirectory {
  static final String LOCK_FILE = "lock";
  static final String JOURNAL_FILE = "journal";
  static final String ENTRIES_DIR = "entries";
  static final String TMP_DIR = "tmp";
  static final String TRASH_PREFIX = "trash-";

  /** An entry file found by a scan, with its checked record. */
  static final class Found {
    final EntryName name;
    final EntryTrailer trailer;

    Found(EntryName name, EntryTrailer trailer) {
      this.name = name;
      this.trailer = trailer;
    }
  }

  /** Called for each file in an entry shard whose name is an entry name of that shard. */
  interface EntryFileVisitor {
    void visit(File file, EntryName name);
  }

  final File root;
  final File entriesDir;
  final File tmpDir;
  final File journalFile;
  final File lockFile;

  CacheDirectory(File root) {
    this.root = root;
    this.entriesDir = new File(root, ENTRIES_DIR);
    this.tmpDir = new File(root, TMP_DIR);
    this.journalFile = new File(root, JOURNAL_FILE);
    this.lockFile = new File(root, LOCK_FILE);
  }

  /**
   * Creates the entry and temporary folders and empties the temporary one. Only once the
   * directory is locked: every temporary file in it then belongs to a writer that is gone.
   */
  void prepare() throws IOException {
    mkdirs(entriesDir);
    mkdirs(tmpDir);
    deleteChildren(tmpDir);
  }

  File entryFile(EntryName name) {
    String hex = name.hex();
    return new File(new File(entriesDir, hex.substring(0, 2)), hex);
  }

  /**
   * The folder for entries being written, created again if it vanished (Android deletes files
   * and folders under {@code getCacheDir()} when storage runs low, also while the app runs).
   */
  File tmpDirectory() throws IOException {
    mkdirs(tmpDir);
    return tmpDir;
  }

  void forEachEntryFile(EntryFileVisitor visitor) {
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

  /**
   * Every well-formed entry file, oldest first, for rebuilding a lost journal; malformed entry
   * files are deleted on the way.
   */
  List<Found> scanOldestFirst() {
    final List<Found> found = new ArrayList<Found>();
    forEachEntryFile(new EntryFileVisitor() {
      @Override
      public void visit(File file, EntryName name) {
        EntryTrailer trailer = readTrailer(file, name);
        if (trailer == null) {
          file.delete();
        } else {
          found.add(new Found(name, trailer));
        }
      }
    });
    Collections.sort(found, new Comparator<Found>() {
      @Override
      public int compare(Found x, Found y) {
        long a = x.trailer.createdMillis;
        long b = y.trailer.createdMillis;
        return a < b ? -1 : a == b ? 0 : 1;
      }
    });
    return found;
  }

  /** The record of an entry file if it is a well-formed entry of {@code name}, else null. */
  static @Nullable EntryTrailer readTrailer(File file, EntryName name) {
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

  /**
   * Empties the entry folder at once by moving it aside, and returns the moved folder for the
   * caller to delete outside its lock; if the move fails, deletes file by file and returns null.
   */
  @Nullable File moveEntriesAside() throws IOException {
    File trash = new File(root, TRASH_PREFIX + System.nanoTime());
    if (!entriesDir.renameTo(trash)) {
      // Moving the folder aside is what makes clearing quick; deleting file by file also works.
      deleteChildren(entriesDir);
      trash = null;
    }
    mkdirs(entriesDir);
    return trash;
  }

  /** Folders an earlier {@link #moveEntriesAside()} left (their deletion did not finish). */
  File[] trash() {
    File[] trash = root.listFiles(new FileFilter() {
      @Override
      public boolean accept(File f) {
        return f.isDirectory() && f.getName().startsWith(TRASH_PREFIX);
      }
    });
    return trash == null ? new File[0] : trash;
  }

  static void mkdirs(File dir) throws IOException {
    if (!dir.isDirectory() && !dir.mkdirs() && !dir.isDirectory()) {
      throw new IOException("cannot create " + dir);
    }
  }

  static void deleteChildren(File dir) {
    File[] children = dir.listFiles();
    if (children == null) return;
    for (File child : children) deleteRecursively(child);
  }

  static void deleteRecursively(File file) {
    if (file.isDirectory()) deleteChildren(file);
    file.delete();
  }
}
