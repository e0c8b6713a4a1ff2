package dev.mxsdk.testkit;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.channels.Channels;

/** A file's bytes as they are, as a {@link Representation}. */
final class StoredBytes implements Representation {
  private static final int BUFFER_BYTES = 65536;

  private final File file;
  private final long length;

  StoredBytes(File file, long length) {
    this.file = file;
    this.length = length;
  }

  StoredBytes(MediaStore.StoredObject object) {
    this(object.file, object.length);
  }

  @Override
  public long length() {
    return length;
  }

  @Override
  public void write(OutputStream out, long from, long toInclusive) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(file, "r")) {
      raf.seek(from);
      InputStream in = Channels.newInputStream(raf.getChannel());
      byte[] buffer = new byte[BUFFER_BYTES];
      long left = toInclusive - from + 1;
      while (left > 0) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (n == -1) throw new IOException("stored object shorter than recorded");
        out.write(buffer, 0, n);
        left -= n;
      }
    }
  }
}
