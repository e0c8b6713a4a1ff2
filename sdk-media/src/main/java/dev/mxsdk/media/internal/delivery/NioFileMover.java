package dev.mxsdk.media.internal.delivery;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import org.codehaus.mojo.animal_sniffer.IgnoreJRERequirement;

/**
 * The one place that touches {@code java.nio.file}: an atomic rename that replaces an existing
 * target. {@link AtomicFileWriter} loads this class only after it has checked that
 * {@code java.nio.file.Files} exists (the JVM, Android API 26+); Android API 21 to 25 never loads it.
 */
@IgnoreJRERequirement
final class NioFileMover {
  private NioFileMover() {}

  static void move(File source, File target) throws IOException {
    Files.move(
        source.toPath(),
        target.toPath(),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
  }
}
