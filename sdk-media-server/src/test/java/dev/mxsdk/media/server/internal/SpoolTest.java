package dev.mxsdk.media.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class SpoolTest {
  @TempDir File dir;

  @Test
  void aSpoolFileIsCreatedOwnerOnly() throws IOException {
    Spool spool = Spool.create(dir);
    assertTrue(spool.file().getName().startsWith(Spool.PREFIX), spool.file().getName());
    assertEquals(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
        Files.getPosixFilePermissions(spool.file().toPath()));
  }

  @Test
  void deletingIsIdempotentAndAHeldSpoolCannotBeHeldAfterIt() throws IOException {
    Spool spool = Spool.create(dir);
    spool.hold();
    spool.delete();
    spool.delete();
    assertFalse(spool.file().exists());
    assertThrows(IOException.class, spool::hold);
  }

  @Test
  void deleteStaleRemovesWhatNobodyHoldsAndKeepsWhatALiveServerHolds() throws IOException {
    Spool held = Spool.create(dir);
    held.hold();
    Spool dead = Spool.create(dir);
    File deadTemp = new File(dir, "." + dead.file().getName() + "-123.mxsdk-tmp");
    assertTrue(deadTemp.createNewFile());
    File liveTemp = new File(dir, ".mxsdk-server-9.spool-456.mxsdk-tmp");
    File unrelated = new File(dir, "photo.jpg");
    assertTrue(unrelated.createNewFile());
    try (RandomAccessFile writer = new RandomAccessFile(liveTemp, "rw");
        FileLock lock = writer.getChannel().lock()) {
      assertEquals(2, Spool.deleteStale(dir));
    }
    assertTrue(held.file().exists());
    assertFalse(dead.file().exists());
    assertFalse(deadTemp.exists());
    assertTrue(liveTemp.exists(), "a download being written into a spool");
    assertTrue(unrelated.exists());
    held.delete();
  }

  @Test
  void aMissingDirectoryIsCreatedAndAFileInTheWayIsAnIOException() throws IOException {
    Spool spool = Spool.create(new File(dir, "missing/deeper"));
    assertTrue(spool.file().isFile());
    File file = new File(dir, "a-file");
    assertTrue(file.createNewFile());
    assertThrows(IOException.class, () -> Spool.create(file));
  }
}
