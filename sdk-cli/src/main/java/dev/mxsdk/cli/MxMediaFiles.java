package dev.mxsdk.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import okio.BufferedSink;
import okio.Okio;
import okio.Source;
import org.jspecify.annotations.Nullable;

/** Checks on the files named on the command line, with one-line messages, and atomic output. */
final class MxMediaFiles {
  /** The highest number tried in {@code name (n).ext} before giving up. */
  static final int MAX_NUMBER = 999;

  private MxMediaFiles() {}

  /**
   * Claims the first free name among {@code name}, {@code name (1).ext}, {@code name (2).ext} ...
   * in {@code dir} by creating it as an empty file, and returns it. The caller replaces the empty
   * file with the download, or deletes it on failure.
   *
   * <p>Creating the file is the check: {@link File#createNewFile()} is one atomic step
   * ({@code O_CREAT|O_EXCL}), so two runs choosing a name at the same time, or a file appearing
   * after a look, can never make one download land on an existing file. A directory, a symbolic
   * link (even a dangling one) or any other entry of that name counts as taken.
   *
   * @throws IOException if every name up to {@code name (999).ext} is taken, or a file cannot be
   *     created in {@code dir}
   */
  static File claimFreeName(@Nullable File dir, String name) throws IOException {
    for (int n = 0; n <= MAX_NUMBER; n++) {
      File candidate = new File(dir, n == 0 ? name : numbered(name, n));
      try {
        if (candidate.createNewFile()) return candidate;
      } catch (IOException e) {
        throw new IOException("cannot create " + candidate + ": " + e.getMessage(), e);
      }
    }
    throw new IOException(new File(dir, name) + " and " + numbered(name, 1) + " to "
        + numbered(name, MAX_NUMBER) + " all exist; choose a name with -o FILE, or --force to"
        + " replace " + name);
  }

  /**
   * {@code name} with {@code " (n)"} before its extension, as browsers number downloads:
   * {@code photo (1).jpg}, {@code notes (1)}, {@code backup (1).tar.gz}.
   */
  static String numbered(String name, int n) {
    int dot = name.lastIndexOf('.');
    if (dot > 0) {
      int tar = name.lastIndexOf('.', dot - 1);
      if (tar > 0 && name.substring(tar, dot).equalsIgnoreCase(".tar")) dot = tar;
    }
    String suffix = " (" + n + ")";
    return dot > 0 ? name.substring(0, dot) + suffix + name.substring(dot) : name + suffix;
  }

  /** Throws unless {@code file} is a regular file this process can read. */
  static void requireReadableFile(File file, String label) throws IOException {
    if (!file.exists()) throw new IOException("cannot read " + label + ": no such file: " + file);
    if (file.isDirectory()) {
      throw new IOException("cannot read " + label + ": expected a file, got a directory: " + file);
    }
    if (!file.canRead()) throw new IOException("cannot read " + label + ": permission denied: " + file);
  }

  /**
   * Writes all of {@code source} to {@code out} through a temporary file beside it, moved into
   * place only when the source was read to its end; on any failure {@code out} is neither created
   * nor modified. Closes {@code source}.
   */
  /** A replaced file keeps its permissions, where the file system has POSIX ones. */
  private static void keepPermissions(Path from, Path to) throws IOException {
    try {
      Files.setPosixFilePermissions(to, Files.getPosixFilePermissions(from));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system (Windows): the new file has the directory's default access.
    }
  }

  static void writeAtomically(Source source, File out) throws IOException {
    File target = out.getAbsoluteFile();
    if (target.isDirectory()) {
      throw new IOException("expected a file path but found a directory: " + out);
    }
    File dir = target.getParentFile();
    if (dir == null || !dir.isDirectory()) throw new IOException("directory does not exist for " + out);
    // Owner-only from the start (Files.createTempFile), beside the target so the move is a rename.
    Path temp = Files.createTempFile(dir.toPath(), "." + target.getName() + "-", ".mxmedia-tmp");
    boolean moved = false;
    try {
      try (BufferedSink sink = Okio.buffer(Okio.sink(temp))) {
        sink.writeAll(source);
      }
      if (target.isFile()) keepPermissions(target.toPath(), temp);
      Files.move(temp, target.toPath(), StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
      moved = true;
    } finally {
      source.close();
      if (!moved) Files.deleteIfExists(temp);
    }
  }
}
