package dev.mxsdk.media.internal.cache;

import dev.mxsdk.media.MediaCacheLockedException;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import org.jspecify.annotations.Nullable;

/**
 * The lock file that keeps other processes out of a cache directory while a store is open on it
 * ({@code FileChannel.tryLock}: the operating system drops it when the process dies, so a kill
 * leaves no stale lock).
 */
final class DirectoryLock {
  private final RandomAccessFile file;
  private final @Nullable FileLock lock;

  private DirectoryLock(RandomAccessFile file, @Nullable FileLock lock) {
    this.file = file;
    this.lock = lock;
  }

  /**
   * Locks {@code lockFile} of the cache in {@code directory}.
   *
   * @throws MediaCacheLockedException if another process, or this one under another path, holds it
   * @throws IOException if the lock file cannot be opened
   */
  static DirectoryLock acquire(File lockFile, File directory) throws IOException {
    RandomAccessFile file = new RandomAccessFile(lockFile, "rw");
    FileLock lock;
    try {
      lock = file.getChannel().tryLock();
      if (lock == null) {
        closeQuietly(file);
        throw new MediaCacheLockedException("the media cache in " + directory
            + " is in use by another process; a cache directory belongs to one process at a time");
      }
    } catch (OverlappingFileLockException e) {
      closeQuietly(file);
      throw new MediaCacheLockedException("the media cache in " + directory
          + " is already open in this process under another path");
    } catch (MediaCacheLockedException e) {
      throw e;
    } catch (IOException e) {
      // A file system without locks (some network and FUSE mounts): nothing can keep a second
      // process out there, and refusing to cache at all would be worse.
      lock = null;
    }
    return new DirectoryLock(file, lock);
  }

  /** Releases the lock and closes the file. */
  void release() {
    FileLock l = lock;
    if (l != null) {
      try {
        l.release();
      } catch (IOException ignored) {
        // Closing the file releases it too.
      }
    }
    closeQuietly(file);
  }

  private static void closeQuietly(RandomAccessFile f) {
    try {
      f.close();
    } catch (IOException ignored) {
      // Nothing to report.
    }
  }
}
