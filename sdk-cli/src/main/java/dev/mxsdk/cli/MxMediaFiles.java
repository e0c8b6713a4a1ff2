package dev.mxsdk.cli;

import java.io.File;
import java.io.IOException;

/** Checks on the files named on the command line, with one-line messages. */
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
}
