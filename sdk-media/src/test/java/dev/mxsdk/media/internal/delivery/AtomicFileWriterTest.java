package dev.mxsdk.media.internal.delivery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Runs each case with NIO's atomic move and with the {@code File.renameTo} path of Android 21. */
final class AtomicFileWriterTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "nio={0}")
  @ValueSource(booleans = {true, false})
  void commitCreatesTheTargetWithTheBytesAndLeavesNoTemporaryFile(boolean nio) throws IOException {
    File target = dir.resolve("photo.jpg").toFile();
    try (AtomicFileWriter writer = AtomicFileWriter.open(target, nio)) {
      writer.sink().writeUtf8("hello");
      assertFalse(target.exists());
      writer.commit();
      assertTrue(writer.isCommitted());
    }
    assertEquals("hello", Files.readString(target.toPath()));
    assertArrayEquals(new String[] {"photo.jpg"}, dir.toFile().list());
  }

  @ParameterizedTest(name = "nio={0}")
  @ValueSource(booleans = {true, false})
  void commitReplacesAnExistingTarget(boolean nio) throws IOException {
    Path target = dir.resolve("photo.jpg");
    Files.writeString(target, "old contents, longer than the new ones");
    try (AtomicFileWriter writer = AtomicFileWriter.open(target.toFile(), nio)) {
      try (OutputStream out = writer.outputStream()) {
        out.write("new".getBytes(StandardCharsets.UTF_8));
      }
      writer.commit();
    }
    assertEquals("new", Files.readString(target));
    assertEquals(1, dir.toFile().list().length);
  }

  @ParameterizedTest(name = "nio={0}")
  @ValueSource(booleans = {true, false})
  void abortNeverCreatesTheTargetAndDeletesTheTemporaryFile(boolean nio) throws IOException {
    File target = dir.resolve("photo.jpg").toFile();
    AtomicFileWriter writer = AtomicFileWriter.open(target, nio);
    writer.sink().write(new byte[100_000]);
    writer.sink().emit();
    assertTrue(writer.tempFile().exists());
    writer.abort();
    assertFalse(target.exists());
    assertEquals(0, dir.toFile().list().length);
  }

  @ParameterizedTest(name = "nio={0}")
  @ValueSource(booleans = {true, false})
  void closeWithoutCommitLeavesAnExistingTargetUntouched(boolean nio) throws IOException {
    Path target = dir.resolve("photo.jpg");
    Files.writeString(target, "keep me");
    try (AtomicFileWriter writer = AtomicFileWriter.open(target.toFile(), nio)) {
      writer.sink().writeUtf8("partial");
      writer.sink().flush();
    }
    assertEquals("keep me", Files.readString(target));
    assertEquals(1, dir.toFile().list().length);
  }

  @Test
  void theTemporaryFileIsBesideTheTargetAndHidden() throws IOException {
    File target = dir.resolve("photo.jpg").toFile();
    try (AtomicFileWriter writer = AtomicFileWriter.open(target)) {
      assertEquals(dir.toFile().getAbsoluteFile(), writer.tempFile().getParentFile());
      assertTrue(writer.tempFile().getName().startsWith(".photo.jpg-"), writer.tempFile().getName());
      assertEquals(target.getAbsoluteFile(), writer.target());
    }
  }

  @Test
  void aFailedMoveDeletesTheTemporaryFileAndLeavesTheTargetAlone() throws IOException {
    // The target directory is replaced by a non-empty directory after opening: the move fails.
    Path target = dir.resolve("photo.jpg");
    AtomicFileWriter writer = AtomicFileWriter.open(target.toFile(), true);
    writer.sink().writeUtf8("bytes");
    Files.createDirectory(target);
    Files.writeString(target.resolve("inside"), "x");
    assertThrows(IOException.class, writer::commit);
    assertFalse(writer.tempFile().exists());
    assertTrue(Files.isDirectory(target));
    assertEquals(Arrays.asList("photo.jpg"), Arrays.asList(dir.toFile().list()));
  }

  @Test
  void openingADirectoryOrAMissingDirectoryFailsWithoutCreatingAnything() throws IOException {
    IOException e = assertThrows(IOException.class, () -> AtomicFileWriter.open(dir.toFile()));
    assertTrue(e.getMessage().startsWith("expected a file path but found a directory"),
        e.getMessage());
    assertThrows(IOException.class,
        () -> AtomicFileWriter.open(dir.resolve("missing/photo.jpg").toFile()));
    assertEquals(0, dir.toFile().list().length);
  }

  @Test
  void usingAFinishedWriterIsAnIllegalStateException() throws IOException {
    AtomicFileWriter writer = AtomicFileWriter.open(dir.resolve("a").toFile());
    writer.commit();
    assertThrows(IllegalStateException.class, writer::commit);
    assertThrows(IllegalStateException.class, writer::sink);
    writer.abort(); // No effect after a commit.
    assertTrue(dir.resolve("a").toFile().exists());

    AtomicFileWriter aborted = AtomicFileWriter.open(dir.resolve("b").toFile());
    aborted.abort();
    IllegalStateException e = assertThrows(IllegalStateException.class, aborted::commit);
    assertEquals("already aborted", e.getMessage());
    assertFalse(dir.resolve("b").toFile().exists());
  }

  @org.junit.jupiter.api.Test
  void theNextWriterDeletesATemporaryFileThatNoWriterHolds() throws IOException {
    File target = dir.resolve("video.mp4").toFile();
    File stale = dir.resolve(".video.mp4-12345" + AtomicFileWriter.TEMP_SUFFIX).toFile();
    Files.writeString(stale.toPath(), "left by a killed process");
    File unrelated = dir.resolve(".video.mp4-12345.tmp").toFile();
    Files.writeString(unrelated.toPath(), "not ours");
    File otherTarget = dir.resolve(".photo.jpg-1" + AtomicFileWriter.TEMP_SUFFIX).toFile();
    Files.writeString(otherTarget.toPath(), "another target's");
    try (AtomicFileWriter writer = AtomicFileWriter.open(target)) {
      assertFalse(stale.exists(), "the dead writer's file was deleted");
      assertTrue(unrelated.exists(), "a file without the SDK's suffix is not touched");
      assertTrue(otherTarget.exists(), "another target's temporary file is not touched");
      writer.sink().writeUtf8("new");
      writer.commit();
    }
  }

  @org.junit.jupiter.api.Test
  void aTemporaryFileThatAWriterStillHoldsIsKept() throws IOException {
    File target = dir.resolve("video.mp4").toFile();
    try (AtomicFileWriter first = AtomicFileWriter.open(target)) {
      first.sink().writeUtf8("first");
      first.flush();
      try (AtomicFileWriter second = AtomicFileWriter.open(target)) {
        assertTrue(first.tempFile().exists(), "a live writer's file survives the second's clean-up");
        second.sink().writeUtf8("second");
        second.commit();
      }
      first.commit();
    }
    assertEquals("first", Files.readString(target.toPath()));
  }

  @org.junit.jupiter.api.Test
  void temporaryFilesAreOwnerOnly() throws IOException {
    File target = dir.resolve("secret.bin").toFile();
    try (AtomicFileWriter writer = AtomicFileWriter.open(target)) {
      assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
          Files.getPosixFilePermissions(writer.tempFile().toPath())));
    }
  }
}
