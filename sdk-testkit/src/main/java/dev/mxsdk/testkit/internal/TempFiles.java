package dev.mxsdk.testkit.internal;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;

/** Temporary directories for stored objects and key stores. */
public final class TempFiles {
  private TempFiles() {}

  /** Creates a fresh directory readable only by its owner where the file system allows it. */
  public static File createDirectory(String prefix) throws IOException {
    File dir = Files.createTempDirectory(prefix).toFile();
    dir.setReadable(false, false);
    dir.setReadable(true, true);
    dir.setWritable(false, false);
    dir.setWritable(true, true);
    return dir;
  }

  /** Deletes {@code file} and, if it is a directory, everything in it; ignores failures. */
  public static void deleteRecursively(File file) {
    File[] children = file.listFiles();
    if (children != null) {
      for (File child : children) deleteRecursively(child);
    }
    file.delete();
  }
}
