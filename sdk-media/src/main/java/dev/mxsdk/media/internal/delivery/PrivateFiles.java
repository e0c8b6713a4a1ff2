package dev.mxsdk.media.internal.delivery;

import java.io.File;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * Temporary files that only this process's user can read: every spool and partial file of the
 * SDK is created here. On the JVM (and Android API 26+) through {@code java.nio.file}, which
 * creates them owner-only from the start; elsewhere with {@link File#createTempFile} and the
 * owner-only bits set at once (Android's app directories are private to the app anyway).
 */
public final class PrivateFiles {
  static final boolean HAS_NIO_FILES = hasNioFiles();
  static final String SPOOL_PREFIX = "mxsdk-";
  static final String SPOOL_SUFFIX = ".spool";

  private PrivateFiles() {}

  /** Creates a private temporary file in {@code directory} (the system's when null). */
  public static File createTempFile(String prefix, String suffix, @Nullable File directory)
      throws IOException {
    File dir = directory != null ? directory : new File(System.getProperty("java.io.tmpdir"));
    if (HAS_NIO_FILES) return NioFiles.createTempFile(dir, prefix, suffix);
    File temp = File.createTempFile(prefix, suffix, dir);
    ownerOnly(temp);
    return temp;
  }

  /** A private temporary file for spooled bytes in {@code directory} (the system's when null). */
  public static File spoolFile(@Nullable File directory) throws IOException {
    return createTempFile(SPOOL_PREFIX, SPOOL_SUFFIX, directory);
  }

  /** Restricts {@code file} to its owner, as far as {@link File}'s API reaches. */
  static void ownerOnly(File file) {
    file.setReadable(false, false);
    file.setReadable(true, true);
    file.setWritable(false, false);
    file.setWritable(true, true);
    file.setExecutable(false, false);
  }

  /**
   * Gives {@code to} the permissions of {@code from} (the file it will replace): POSIX bits where
   * the platform has {@code java.nio.file}, else the owner's read, write and execute bits, which
   * are all that {@link File} can read.
   */
  static void copyPermissions(File from, File to) throws IOException {
    if (HAS_NIO_FILES && NioFiles.copyPermissions(from, to)) return;
    // File can read only the owner's bits; the group and other bits stay private.
    to.setReadable(from.canRead(), true);
    to.setWritable(from.canWrite(), true);
    to.setExecutable(from.canExecute(), true);
  }

  /** Renames {@code source} onto {@code target}, atomically replacing it where the platform can. */
  public static void move(File source, File target) throws IOException {
    if (HAS_NIO_FILES) {
      NioFiles.move(source, target);
    } else if (!source.renameTo(target)) {
      throw new IOException("could not move " + source.getName() + " into place as " + target);
    }
  }

  /**
   * {@code target} made absolute, once it is known to name a file in a directory that exists:
   * the checks before writing anything beside it.
   *
   * @throws IOException if {@code target} is a directory or its directory does not exist
   */
  static File absoluteTarget(File target) throws IOException {
    File absolute = target.getAbsoluteFile();
    if (absolute.isDirectory()) {
      throw new IOException("expected a file path but found a directory: " + target);
    }
    File dir = absolute.getParentFile();
    if (dir == null || !dir.isDirectory()) {
      throw new IOException("directory does not exist for " + target);
    }
    return absolute;
  }

  private static boolean hasNioFiles() {
    try {
      Class.forName("java.nio.file.Files");
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    } catch (LinkageError e) {
      return false;
    }
  }
}
