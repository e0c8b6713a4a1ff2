package dev.mxsdk.media.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.util.Arrays;
import okio.Buffer;
import okio.Okio;
import okio.Source;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class MediaContentTest {
  private static final byte[] DATA = TestContents.bytes(20_000);

  @TempDir
  File dir;

  private static byte[] read(Source source) throws IOException {
    try (okio.BufferedSource s = Okio.buffer(source)) {
      return s.readByteArray();
    }
  }

  private File file() throws IOException {
    File f = new File(dir, "clip.mp4");
    try (FileOutputStream out = new FileOutputStream(f)) {
      out.write(DATA);
    }
    return f;
  }

  @Test
  void bytesAndFilesYieldExactlyTheAskedRange() throws IOException {
    MediaContent[] contents = {
        MediaContent.create(DATA, "video/mp4", "clip.mp4"),
        MediaContent.create(file(), "video/mp4", "clip.mp4")};
    long[][] ranges = {{0, 20_000}, {0, 0}, {19_999, 1}, {8191, 8194}, {20_000, 0}, {5, 12_345}};
    for (MediaContent c : contents) {
      assertEquals(20_000, c.length());
      assertEquals("video/mp4", c.contentType());
      assertEquals("clip.mp4", c.fileName());
      for (long[] r : ranges) {
        assertArrayEquals(Arrays.copyOfRange(DATA, (int) r[0], (int) (r[0] + r[1])),
            read(c.open(r[0], r[1])), c + " " + r[0] + "+" + r[1]);
      }
      assertThrows(IllegalArgumentException.class, () -> c.open(-1, 1));
      assertThrows(IllegalArgumentException.class, () -> c.open(0, 20_001));
      assertThrows(IllegalArgumentException.class, () -> c.open(20_001, 0));
      assertThrows(IllegalArgumentException.class, () -> c.open(0, -1));
    }
  }

  @Test
  void aFileThatShrankFailsInsteadOfEndingShort() throws IOException {
    File f = file();
    MediaContent content = MediaContent.create(f, "video/mp4", null);
    try (RandomAccessFile raf = new RandomAccessFile(f, "rw")) {
      raf.setLength(10_000);
    }
    Source source = content.open(5_000, 10_000);
    Buffer sink = new Buffer();
    assertThrows(IOException.class, () -> {
      while (source.read(sink, 8192) != -1) {
        // drain
      }
    });
    source.close();
    assertEquals(5_000, sink.size());
  }

  @Test
  void theFileNameIsOptionalAndAMissingFileIsRefused() {
    assertNull(MediaContent.create(DATA, "video/mp4", null).fileName());
    assertThrows(IllegalArgumentException.class,
        () -> MediaContent.create(new File(dir, "missing"), "video/mp4", null));
    assertThrows(IllegalArgumentException.class,
        () -> MediaContent.create(dir, "video/mp4", null));
  }

  @Test
  void urlFileNamesAreSafeShortAndKeepTheExtension() {
    assertEquals("clip.mp4", MediaServer.urlFileName("clip.mp4"));
    assertEquals("media", MediaServer.urlFileName(null));
    assertEquals("media", MediaServer.urlFileName(""));
    assertEquals("media", MediaServer.urlFileName(".."));
    assertEquals("_.._etc_passwd", MediaServer.urlFileName("../../etc/passwd"));
    assertEquals("a_b_c.jpg", MediaServer.urlFileName("a b?c.jpg"));
    assertEquals("caf__.png", MediaServer.urlFileName("caf\u00e9\ud83d\ude00.png"));
    assertEquals("x__y", MediaServer.urlFileName("x\r\ny"));
    assertEquals("x_y.mp4", MediaServer.urlFileName("x%y.mp4"));
    char[] longName = new char[200];
    Arrays.fill(longName, 'n');
    String name = MediaServer.urlFileName(new String(longName) + ".webm");
    assertEquals(64, name.length());
    assertEquals(".webm", name.substring(59));
    assertEquals(64, MediaServer.urlFileName(new String(longName)).length());
  }
}
