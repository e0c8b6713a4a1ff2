package dev.mxsdk.media.internal.delivery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class PartialFileTest {
  @TempDir Path dir;

  @Test
  void theStaleTemporaryCleanUpOfAtomicFileWriterLeavesThePartialAlone() throws IOException {
    File target = dir.resolve("video.mp4").toFile();
    PartialFile partial = PartialFile.open(target);
    assertNotNull(partial);
    partial.reset(new PartialFile.Info("mxc://a/b#download", 10, null));
    partial.sink().write(new byte[5]);
    partial.keep();
    File stale = dir.resolve(".video.mp4-12345.mxsdk-tmp").toFile();
    Files.write(stale.toPath(), new byte[3]);
    try (AtomicFileWriter writer = AtomicFileWriter.open(target)) {
      writer.abort();
    }
    assertFalse(stale.exists());
    assertEquals(5, PartialFile.dataFile(target).length());
    assertTrue(PartialFile.infoFile(target).isFile());
  }

  @Test
  void aSecondOpenWhileTheFirstHoldsThePartialGetsNothing() throws IOException {
    File target = dir.resolve("a.bin").toFile();
    PartialFile first = PartialFile.open(target);
    assertNotNull(first);
    assertNull(PartialFile.open(target));
    first.keep();
    PartialFile again = PartialFile.open(target);
    assertNotNull(again);
    again.discard();
    assertFalse(PartialFile.dataFile(target).exists());
  }

  @Test
  void longNamesAreCutAndToldApartByAHash() {
    String base = new String(new char[80]).replace('\0', 'x');
    File a = new File(dir.toFile(), base + "-one");
    File b = new File(dir.toFile(), base + "-two");
    assertNotEquals(PartialFile.dataFile(a).getName(), PartialFile.dataFile(b).getName());
    assertTrue(PartialFile.dataFile(a).getName().length() < 100);
    assertTrue(PartialFile.dataFile(a).getName().endsWith(".mxsdk-partial"));
  }

  @Test
  void infoRoundTripsAndAnythingElseIsNotInfo() {
    byte[] sha = new byte[32];
    sha[3] = 7;
    PartialFile.Info info = new PartialFile.Info("mxc://a/b#download", 1234, sha);
    PartialFile.Info parsed = PartialFile.Info.parse(info.format());
    assertNotNull(parsed);
    assertEquals(1234, parsed.length);
    assertArrayEquals(sha, parsed.sha256);
    assertTrue(parsed.fits(info));
    assertFalse(parsed.fits(new PartialFile.Info("mxc://a/b#download", 1234, null)));
    assertFalse(parsed.fits(new PartialFile.Info("mxc://a/b#download", 1235, sha)));
    assertTrue(parsed.fits(new PartialFile.Info("mxc://a/b#download", -1, sha)));
    String[] bad = {"", "mxsdk-partial 2\ncache-key k\nlength 1\nsha256 -\n",
        "mxsdk-partial 1\ncache-key k\nlength x\nsha256 -\n",
        "mxsdk-partial 1\ncache-key k\nlength 1\nsha256 abc\n",
        "mxsdk-partial 1\ncache-key k\nlength -2\nsha256 -\n",
        "mxsdk-partial 1\ncache-key k\nlength 1\nsha256 -"};
    for (String text : bad) assertNull(PartialFile.Info.parse(text), text);
  }
}
