package dev.mxsdk.media.internal.cache;

import dev.mxsdk.core.CallHandle;
import dev.mxsdk.core.Clock;
import dev.mxsdk.media.EncryptedFile;
import dev.mxsdk.media.MediaOptions;
import dev.mxsdk.media.MediaRequest;
import dev.mxsdk.media.MediaRange;
import dev.mxsdk.media.internal.flow.Download;
import dev.mxsdk.media.internal.flow.LimitSource;
import dev.mxsdk.media.internal.flow.DownloadFlow;
import java.io.IOException;
import java.net.SocketTimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * A download with the disk cache in front: the cache is asked before any request (a hit makes
 * none, not even {@code /versions}), and a miss runs the {@link DownloadFlow} as usual with its
 * bytes teed into the entry ({@link FillingSource}).
 *
 * <ul>
 *   <li><b>Hit</b>: the entry was verified (record, length, SHA-256; for E2EE media also the
 *       {@code EncryptedFile}'s hash) on the descriptor it is then read from; it becomes a
 *       {@link Download} marked verified at rest, which {@code internal.delivery} delivers in
 *       every mode (an E2EE hit streams through the decrypting layer, which checks the hash once
 *       more, instead of being spooled). The request's {@code maxSize}, cancellation, deadline and
 *       progress apply; options about the network (CDN encryption, redirects, timeouts) do not.
 *   <li><b>Miss</b>: this call leads a fill; the caller reads the bytes as they arrive, exactly as
 *       without a cache (same first-byte latency, same streaming), and the entry is stored when
 *       the stream ends verified. Teeing was chosen over filling first and serving from the entry
 *       because a fill-first miss could not release a byte before the whole media had arrived,
 *       which would break players and progressive images.
 *   <li><b>Single flight</b>: a call for an entry another call is filling waits for that fill to
 *       end, then looks up again: a hit when it was stored; otherwise (the leader failed, was
 *       closed early, or the media is over the entry size) one waiter leads the next download.
 *       A wait ends at the call's cancellation or deadline. A thread never waits for a fill it
 *       leads itself (its own unread response): it downloads without storing.
 * </ul>
 */
public final class CacheFlow {
  /** How often a waiting call checks its cancellation and deadline. */
  static final long WAIT_SLICE_MILLIS = 50;

  private CacheFlow() {}

  /**
   * Runs {@code request} through {@code store}, then {@code flow} on a miss.
   *
   * @param clock the clock of the call's deadline (the {@code MatrixClient}'s)
   */
  public static Download execute(CacheStore store, DownloadFlow flow, Clock clock,
      MediaRequest request, MediaOptions options, CallHandle handle) throws IOException {
    if (options.deadlineMillis() > 0 && handle.deadlineMillis() == Long.MAX_VALUE) {
      handle.deadlineMillis(clock.nowMillis() + options.deadlineMillis());
    }
    EncryptedFile file = request.encryptedFile();
    byte[] expected = file != null ? file.sha256() : null;
    String key = request.cacheKey();
    MediaRange range = request.range();
    if (range != null) {
      // A range is served from a whole entry when there is one; it never fills one.
      Download cached = rangedHit(store, request, range, expected, options, handle);
      return cached != null ? cached : flow.execute(request, options, handle);
    }
    while (true) {
      handle.throwIfCanceled();
      CacheLookup lookup = store.lookup(key, expected);
      switch (lookup.kind) {
        case CacheLookup.HIT:
          return hit(lookup.entry, request, options, handle);
        case CacheLookup.WAIT:
          await(lookup.fill, handle, clock);
          continue;
        case CacheLookup.LEAD:
          return lead(store, lookup.fill, flow, request, options, handle, expected);
        default:
          return flow.execute(request, options, handle);
      }
    }
  }

  /**
   * The range of a stored entry, or null without one. The whole entry's hash is checked first
   * (entries are at most the policy's entry size, 20 MiB by default), so a damaged entry is
   * removed rather than served in part; for E2EE media the entry must also be this
   * {@code EncryptedFile}'s ciphertext.
   */
  private static @Nullable Download rangedHit(CacheStore store, MediaRequest request,
      MediaRange range, byte @Nullable [] expected, MediaOptions options, CallHandle handle)
      throws IOException {
    OpenedEntry entry = store.openEntry(request.cacheKey(), true);
    if (entry == null) return null;
    if (expected != null && !java.security.MessageDigest.isEqual(expected, entry.sha256())) {
      entry.close();
      return null;
    }
    long total = entry.length();
    long start;
    long end;
    if (range.isSuffix()) {
      start = Math.max(0, total - range.length());
      end = total;
    } else {
      start = Math.min(range.offset(), total);
      end = range.length() < 0 ? total : Math.min(total, saturatedAdd(start, range.length()));
    }
    EntrySource bytes = entry.source(start, end - start)
        .forCall(handle, options.progressListener());
    return Download.cachedRange(bytes, entry, request.encryptedFile(), entry.contentType(),
        entry.fileName(), request.cacheKey(), start, end - start, total, options.maxSize());
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return sum < a ? Long.MAX_VALUE : sum;
  }

  private static Download hit(OpenedEntry entry, MediaRequest request, MediaOptions options,
      CallHandle handle) throws IOException {
    long maxSize = options.maxSize();
    if (maxSize > 0 && entry.length() > maxSize) {
      entry.close();
      throw LimitSource.tooLarge(maxSize);
    }
    EntrySource bytes = entry.source(0, entry.length())
        .forCall(handle, options.progressListener());
    return Download.cached(bytes, entry, request.encryptedFile(), entry.contentType(),
        entry.length(), entry.fileName(), request.cacheKey(), maxSize);
  }

  private static Download lead(CacheStore store, CacheFill fill, DownloadFlow flow,
      MediaRequest request, MediaOptions options, CallHandle handle, byte[] expected)
      throws IOException {
    Download download;
    try {
      download = flow.execute(request, options, handle);
    } catch (IOException | RuntimeException | Error e) {
      store.abandon(fill);
      throw e;
    }
    if (download.contentLength > store.policy().maxEntryBytes()) {
      // Too large to keep: the waiters download it themselves.
      store.abandon(fill);
      return download;
    }
    EntryWriter writer;
    try {
      writer = store.startFill();
    } catch (IOException e) {
      store.abandon(fill);
      return download;
    }
    return download.withObjectBytes(new FillingSource(download.objectBytes, store, fill, writer,
        request.cacheKey(), download.contentType, download.fileName, expected,
        download.contentLength));
  }

  private static void await(CacheFill fill, CallHandle handle, Clock clock)
      throws IOException {
    while (!fill.await(WAIT_SLICE_MILLIS)) {
      handle.throwIfCanceled();
      if (clock.nowMillis() >= handle.deadlineMillis()) {
        throw new SocketTimeoutException("the call did not finish before its deadline (it was"
            + " waiting for another call downloading the same media into the cache)");
      }
    }
  }
}
