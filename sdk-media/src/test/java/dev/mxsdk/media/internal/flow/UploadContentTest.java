package dev.mxsdk.media.internal.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mxsdk.media.MediaIntegrityException;
import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import okio.Buffer;
import okio.ForwardingSource;
import okio.Source;
import okio.Timeout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three kinds of upload content: what each checks before the first attempt, how many times it
 * can be read, that a reader gets no more than it asks for per read, and that what they print
 * names no path.
 */
final class UploadContentTest {
  @TempDir Path dir;

  private static byte[] random(int n) {
    byte[] bytes = new byte[n];
    new Random(n).nextBytes(bytes);
    return bytes;
  }

  /** Reads all of {@code source} {@code step} bytes at a time, checking each read's size. */
  private static byte[] readInSteps(Source source, long step) throws IOException {
    Buffer all = new Buffer();
    Buffer piece = new Buffer();
    assertEquals(0, source.read(piece, 0), "a read of 0 bytes");
    long n;
    while ((n = source.read(piece, step)) != -1) {
      assertTrue(n > 0 && n <= step, "read " + n + " of at most " + step);
      assertEquals(n, piece.size());
      all.writeAll(piece);
    }
    assertEquals(-1, source.read(piece, step), "still at the end");
    assertEquals(Timeout.NONE, source.timeout());
    return all.readByteArray();
  }

  @Test
  void nullAndNegativeArgumentsAreRefused() {
    assertEquals("file == null", assertThrows(NullPointerException.class,
        () -> UploadContent.ofFile(null)).getMessage());
    assertEquals("bytes == null", assertThrows(NullPointerException.class,
        () -> UploadContent.ofBytes(null)).getMessage());
    assertEquals("source == null", assertThrows(NullPointerException.class,
        () -> UploadContent.ofSource(null, 1)).getMessage());
    assertEquals("length < -1: -2", assertThrows(IllegalArgumentException.class,
        () -> UploadContent.ofSource(new Buffer(), -2)).getMessage());
    assertEquals(-1, UploadContent.ofSource(new Buffer(), -1).length());
  }

  @Test
  void aFileIsCheckedFirstThenReadInPiecesAsSmallAsAsked() throws IOException {
    File missing = dir.resolve("missing.bin").toFile();
    UploadContent content = UploadContent.ofFile(missing);
    assertTrue(assertThrows(FileNotFoundException.class, content::prepare).getMessage()
        .endsWith("missing.bin does not exist"));
    assertTrue(assertThrows(FileNotFoundException.class,
        () -> UploadContent.ofFile(dir.toFile()).prepare()).getMessage()
        .endsWith(" is a directory, not a file to upload"));

    byte[] bytes = random(2 * UploadContent.FILE_CHUNK + 10);
    File file = dir.resolve("clip.bin").toFile();
    Files.write(file.toPath(), bytes);
    content = UploadContent.ofFile(file);
    UploadContent unprepared = content;
    assertEquals("prepare() first",
        assertThrows(IllegalStateException.class, unprepared::open).getMessage());
    content.prepare();
    assertEquals(bytes.length, content.length());
    assertTrue(content.replayable());
    for (long step : new long[] {1000, UploadContent.FILE_CHUNK, Long.MAX_VALUE}) {
      try (Source source = content.open()) {
        assertArrayEquals(bytes, readInSteps(source, step), "step " + step);
      }
    }
    assertEquals("UploadContent{file}", content.toString());
  }

  @Test
  void closingAFileSourceClosesTheFile() throws IOException {
    File file = dir.resolve("a.bin").toFile();
    Files.write(file.toPath(), random(10));
    UploadContent content = UploadContent.ofFile(file);
    content.prepare();
    Source source = content.open();
    source.close();
    assertThrows(IOException.class, () -> source.read(new Buffer(), 10));
  }

  @Test
  void aFileThatChangesAfterPrepareIsNotSentAgain() throws IOException {
    File file = dir.resolve("b.bin").toFile();
    Files.write(file.toPath(), random(100));
    UploadContent content = UploadContent.ofFile(file);
    content.prepare();
    Files.write(file.toPath(), random(101));
    assertTrue(assertThrows(MediaIntegrityException.class, content::open).getMessage()
        .endsWith(" changed after the upload started (was 100 bytes); nothing more of it is sent"));

    Files.write(file.toPath(), random(100));
    assertTrue(file.setLastModified(1_000_000_000_000L));
    content = UploadContent.ofFile(file);
    content.prepare();
    assertTrue(file.setLastModified(1_000_000_060_000L));
    assertThrows(MediaIntegrityException.class, content::open);
  }

  @Test
  void bytesAreReadAgainByEachAttemptInPiecesAsSmallAsAsked() throws IOException {
    byte[] bytes = random(10);
    UploadContent content = UploadContent.ofBytes(bytes);
    content.prepare();
    assertEquals(10, content.length());
    assertTrue(content.replayable());
    for (long step : new long[] {1, 3, 10, 11}) {
      try (Source source = content.open()) {
        assertArrayEquals(bytes, readInSteps(source, step), "step " + step);
      }
    }
    assertEquals("UploadContent{10 bytes}", content.toString());
    try (Source empty = UploadContent.ofBytes(new byte[0]).open()) {
      assertEquals(0, empty.read(new Buffer(), 0));
      assertEquals(-1, empty.read(new Buffer(), 1));
    }
  }

  /** A source that records whether it was closed. */
  private static final class Tracked extends ForwardingSource {
    boolean closed;

    Tracked(Source delegate) {
      super(delegate);
    }

    @Override
    public void close() throws IOException {
      closed = true;
      super.close();
    }
  }

  @Test
  void aCallersSourceIsReadOnceAndClosedIfNeverOpened() throws IOException {
    Tracked source = new Tracked(new Buffer().writeUtf8("hello"));
    UploadContent content = UploadContent.ofSource(source, 5);
    content.prepare();
    assertEquals(5, content.length());
    assertFalse(content.replayable());
    assertEquals("UploadContent{source, 5 bytes}", content.toString());
    assertSame(source, content.open());
    assertTrue(assertThrows(IOException.class, content::open).getMessage()
        .startsWith("the upload's source was already read once and cannot be sent again"));
    // Opened: the reader owns it now, so release leaves it open.
    content.release();
    assertFalse(source.closed);

    Tracked unread = new Tracked(new Buffer());
    UploadContent never = UploadContent.ofSource(unread, -1);
    assertEquals("UploadContent{source, length unknown}", never.toString());
    assertEquals("UploadContent{source, 0 bytes}",
        UploadContent.ofSource(new Buffer(), 0).toString());
    never.release();
    assertTrue(unread.closed);
    assertThrows(IOException.class, never::open);
  }
}
