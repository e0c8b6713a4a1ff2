package dev.mxsdk.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import okio.BufferedSink;
import okio.Okio;
import okio.Source;

/** Checks on the files named on the command line, with one-line messages, and atomic output. */
final class MxMediaFiles {
  private MxMediaFiles() {}

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
