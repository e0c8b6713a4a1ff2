package dev.mxsdk.media.internal.delivery;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.codehaus.mojo.animal_sniffer.IgnoreJRERequirement;

/**
 * The one place that touches {@code java.nio.file}: an atomic rename that replaces an existing
 * target, owner-only temporary files, and copying POSIX permissions. Loaded only after
 * {@link PrivateFiles} has checked that {@code java.nio.file.Files} exists (the JVM, Android API
 * 26+); Android API 21 to 25 never loads it.
 */
@IgnoreJRERequirement
final class NioFiles {
  private NioFiles() {}

  static void move(File source, File target) throws IOException {
    Files.move(
        source.toPath(),
        target.toPath(),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
  }

  /** Creates a temporary file that only its owner can read and write (0600 on POSIX). */
  static File createTempFile(File directory, String prefix, String suffix) throws IOException {
    // Files.createTempFile creates POSIX files with rw------- from the start, with no window in
    // which another user could open them.
    return Files.createTempFile(directory.toPath(), prefix, suffix).toFile();
  }

  /** Gives {@code to} the POSIX permissions of {@code from}; false where there are none. */
  static boolean copyPermissions(File from, File to) throws IOException {
    Path source = from.toPath();
    PosixFileAttributeView view = Files.getFileAttributeView(source, PosixFileAttributeView.class);
    if (view == null) return false;
    try {
      Set<PosixFilePermission> permissions = view.readAttributes().permissions();
      Files.setPosixFilePermissions(to.toPath(), permissions);
      return true;
    } catch (FileSystemException e) {
      return false;
    }
  }
}
