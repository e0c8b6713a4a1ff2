package dev.mxsdk.media.internal.cache;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import okio.Buffer;
import okio.ForwardingSource;
import okio.Sink;
import okio.Source;
import okio.Timeout;
import org.jspecify.annotations.Nullable;

/** An entry being written by {@link CacheStore#newWriter()}. Not thread-safe. */
public final class CacheWriter implements Closeable {
  private final EntryInstaller store;
  private final EntryWriter writer;
  private boolean finished;

  CacheWriter(EntryInstaller store, EntryWriter writer) {
    this.store = store;
    this.writer = writer;
  }

  /**
   * The sink for the media bytes; writes never fail (an entry that cannot be written or grows
   * past the policy's entry size is given up, and {@link #commit} returns false).
   */
  public Sink sink() {
    return new Sink() {
      @Override
      public void write(Buffer source, long byteCount) {
        writer.write(source, 0, byteCount);
        try {
          source.skip(byteCount);
        } catch (EOFException e) {
          throw new IllegalArgumentException("byteCount > size: " + byteCount);
        }
      }

      @Override
      public void flush() {}

      @Override
      public Timeout timeout() {
        return Timeout.NONE;
      }

      @Override
      public void close() {}
    };
  }

  /**
   * {@code source} with every byte read from it also written to this entry (a retry that reads
   * the bytes again needs a new writer). Closing the returned source does not finish the entry.
   */
  public Source tee(Source source) {
    return new ForwardingSource(source) {
      @Override
      public long read(Buffer sink, long byteCount) throws IOException {
        long n = super.read(sink, byteCount);
        if (n > 0) writer.write(sink, sink.size() - n, n);
        return n;
      }
    };
  }

  /**
   * Stores the bytes written under {@code cacheKey}, replacing any entry of that key. Returns
   * whether they were stored: not if the entry was given up, or its SHA-256 differs from
   * {@code expectedSha256} (when given: for E2EE media the {@code EncryptedFile}'s hash).
   */
  public boolean commit(String cacheKey, @Nullable String contentType,
      @Nullable String fileName, byte @Nullable [] expectedSha256) {
    if (finished) throw new IllegalStateException("already committed or closed");
    finished = true;
    try {
      EntryTrailer trailer =
          writer.finish(cacheKey, contentType, fileName, store.nowMillis(), expectedSha256);
      return trailer != null && store.install(EntryName.of(cacheKey), writer, trailer);
    } finally {
      writer.abort();
    }
  }

  /** Discards the bytes unless committed. Idempotent. */
  @Override
  public void close() {
    finished = true;
    writer.abort();
  }
}
