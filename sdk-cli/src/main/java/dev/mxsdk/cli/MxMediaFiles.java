package dev.mxsdk.cli;

import dev.mxsdk.media.internal.delivery.AtomicFileWriter;
import java.io.File;
import java.io.IOException;
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
  static void writeAtomically(Source source, File out) throws IOException {
    try (AtomicFileWriter writer = AtomicFileWriter.open(out)) {
      writer.sink().writeAll(source);
      writer.commit();
    } finally {
      source.close();
    }
  }
}
