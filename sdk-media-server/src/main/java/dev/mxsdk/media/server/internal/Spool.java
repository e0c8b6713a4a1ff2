package dev.mxsdk.media.server.internal;

import java.io.File;
import java.io.FileFilter;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import org.jspecify.annotations.Nullable;

/**
 * One link's private spool file: the verified plaintext of E2EE media that the server serves
 * ranges from. Created empty and owner-only ({@link #create}); sdk-media's
 * {@code MediaResponse.downloadTo(File)} then replaces it with the verified plaintext (through its
 * own owner-only temporary file beside it, which keeps this file's permissions when it moves into
 * place, so the plaintext never sits in a file that others can read); {@link #hold()} keeps it
 * open under a shared lock while it is served; {@link #delete()} removes it.
 *
 * <p>A process that is killed cannot delete its spool files. The lock is what tells a live spool
 * from a dead one: {@link #deleteStale} (run when a server starts) deletes those in the folder
 * that nobody holds, and the temporary files of downloads into them that nobody writes.
 *
 * <p>Thread-safe.
 */
public final class Spool {
  static final String PREFIX = "mxsdk-server-";
  static final String SUFFIX = ".spool";
  /** sdk-media's temporary files beside a target are {@code .<target name>-<random>.mxsdk-tmp}. */
  static final String TEMP_PREFIX = "." + PREFIX;
  static final String TEMP_SUFFIX = ".mxsdk-tmp";

  private final File file;
  private @Nullable RandomAccessFile held; // guarded by this
  private boolean deleted; // guarded by this

  private Spool(File file) {
    this.file = file;
  }

  /**
   * Creates an empty spool file in {@code directory} (created first if missing), readable and
   * writable by its owner only.
   *
   * @throws IOException if {@code directory} cannot be made a folder or the file cannot be created
   */
  public static Spool create(File directory) throws IOException {
    if (!directory.isDirectory() && !directory.mkdirs() && !directory.isDirectory()) {
      throw new IOException("cannot create the spool directory " + directory);
    }
    File file = File.createTempFile(PREFIX, SUFFIX, directory);
    ownerOnly(file);
    return new Spool(file);
  }

  /** The file, to download into. */
  public File file() {
    return file;
  }

  /**
   * Opens the completed file and takes a shared lock on it, which tells other processes that it
   * is live until {@link #delete()}.
   *
   * @throws IOException if the file cannot be opened, or was deleted meanwhile
   */
  public synchronized void hold() throws IOException {
    if (deleted) throw new IOException("the spool was deleted");
    if (held != null) return;
    RandomAccessFile raf = new RandomAccessFile(file, "r");
    try {
      raf.getChannel().tryLock(0, Long.MAX_VALUE, true);
    } catch (IOException | OverlappingFileLockException e) {
      // A file system without locks: the file is still private and deleted with the link; only
      // a later start's clean-up could not tell it from a dead one, and it runs before any spool.
    }
    held = raf;
  }

  /** Deletes the file and lets go of it. Idempotent. */
  public void delete() {
    RandomAccessFile raf;
    synchronized (this) {
      if (deleted) return;
      deleted = true;
      raf = held;
      held = null;
    }
    if (raf != null) {
      try {
        raf.close(); // releases the lock
      } catch (IOException ignored) {
        // Deleting is what matters.
      }
    }
    if (file.exists() && !file.delete()) file.deleteOnExit();
  }

  /**
   * Deletes the spool files in {@code directory}, and temporary files of downloads into them,
   * that no live process holds: those of a process that was killed. Returns how many.
   */
  public static int deleteStale(File directory) {
    File[] candidates = directory.listFiles(new FileFilter() {
      @Override
      public boolean accept(File f) {
        String name = f.getName();
        return f.isFile() && ((name.startsWith(PREFIX) && name.endsWith(SUFFIX))
            || (name.startsWith(TEMP_PREFIX) && name.endsWith(TEMP_SUFFIX)));
      }
    });
    if (candidates == null) return 0;
    int deleted = 0;
    for (File candidate : candidates) {
      if (isAbandoned(candidate) && candidate.delete()) deleted++;
    }
    return deleted;
  }

  /** Whether nobody holds a lock on {@code file}: an exclusive lock can be had. */
  private static boolean isAbandoned(File file) {
    RandomAccessFile raf = null;
    try {
      raf = new RandomAccessFile(file, "rw");
      FileLock probe = raf.getChannel().tryLock();
      if (probe == null) return false; // another process holds it
      probe.release();
      return true;
    } catch (OverlappingFileLockException e) {
      return false; // a server in this process holds it
    } catch (IOException e) {
      return false;
    } finally {
      if (raf != null) {
        try {
          raf.close();
        } catch (IOException ignored) {
          // Only probed.
        }
      }
    }
  }

  private static void ownerOnly(File file) {
    file.setReadable(false, false);
    file.setReadable(true, true);
    file.setWritable(false, false);
    file.setWritable(true, true);
    file.setExecutable(false, false);
  }

  @Override
  public String toString() {
    return "Spool{" + file.getName() + "}";
  }
}
