package dev.mxsdk.media.server.internal;

import dev.mxsdk.core.CallHandle;
import dev.mxsdk.media.EncryptedFile;
import dev.mxsdk.media.MediaCall;
import dev.mxsdk.media.MediaClient;
import dev.mxsdk.media.MediaIntegrityException;
import dev.mxsdk.media.MediaOptions;
import dev.mxsdk.media.MediaRange;
import dev.mxsdk.media.MediaRequest;
import dev.mxsdk.media.MediaResponse;
import dev.mxsdk.media.server.MediaContent;
import java.io.File;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import okio.Source;
import org.jspecify.annotations.Nullable;

/**
 * One link's media, fetched through a {@link MediaClient}: one {@link MediaRequest} (plain,
 * thumbnail, or E2EE with its {@code EncryptedFile}) whose bytes each response of the link asks
 * for as a ranged download.
 *
 * <ul>
 *   <li><b>Plain media</b> and <b>E2EE media with unverified streaming</b>: {@link #prepare()}
 *       learns the length and type once with a {@code MediaRange.of(0, 0)} probe; every response
 *       is then fetched as ranged downloads of exactly its range, in windows of growing size
 *       ({@link DownloadSource}). E2EE bytes of a range are not verified (the SHA-256 covers the
 *       whole ciphertext); a response of the whole media checks the SHA-256 at its end
 *       ({@link CiphertextHash}) before its last bytes are released.
 *   <li><b>E2EE media without it</b> (images, files): {@link #prepare()} downloads the whole
 *       media once, verified, into a private {@link Spool} ({@code MediaResponse.downloadTo}),
 *       and every response is served from that file. A failed verification is final for the link.
 * </ul>
 *
 * <p>Whatever runs for the link (a probe, the spool download) is cancelled by {@link #release()},
 * which also deletes the spool; responses' downloads are closed by the server's connections.
 * Thread-safe.
 */
public final class RemoteContent extends ManagedContent {
  private static final String OCTET_STREAM = "application/octet-stream";

  private enum Mode { STREAM, UNVERIFIED_STREAM, VERIFIED_SPOOL }

  private final MediaClient media;
  private final MediaRequest request;
  private final Mode mode;
  private final @Nullable String contentTypeOverride;
  private final @Nullable String fileName;
  private final File spoolDirectory;

  private final Object lock = new Object();
  private final Set<MediaCall> running = new LinkedHashSet<>(); // guarded by lock
  private @Nullable Attempt attempt; // guarded by lock
  private @Nullable IOException finalFailure; // guarded by lock
  private boolean released; // guarded by lock
  private @Nullable Spool spool; // guarded by lock
  // Written once under lock before prepared is set; read after prepared was seen true.
  private volatile boolean prepared;
  private volatile long length = -1;
  private volatile String contentType = OCTET_STREAM;
  private volatile @Nullable MediaContent spooled;

  /**
   * @param request the whole media (no range)
   * @param unverifiedStreaming for E2EE media: serve ranges without verification
   * @param contentType the type to send instead of the server's, or null
   * @param fileName the name in the link's URL, or null
   */
  public RemoteContent(MediaClient media, MediaRequest request, boolean unverifiedStreaming,
      @Nullable String contentType, @Nullable String fileName, File spoolDirectory) {
    if (request.range() != null) throw new IllegalArgumentException("request has a range");
    this.media = media;
    this.request = request;
    this.mode = request.encryptedFile() == null ? Mode.STREAM
        : unverifiedStreaming ? Mode.UNVERIFIED_STREAM : Mode.VERIFIED_SPOOL;
    this.contentTypeOverride = contentType;
    this.fileName = fileName;
    this.spoolDirectory = spoolDirectory;
  }

  @Override
  public String contentType() {
    return contentType;
  }

  @Override
  public long length() {
    return length;
  }

  @Override
  public @Nullable String fileName() {
    return fileName;
  }

  /** One run of the preparation, which concurrent first requests share. */
  private static final class Attempt {
    boolean done;
    @Nullable IOException failure;
  }

  @Override
  public void prepare() throws IOException {
    if (prepared) return;
    Attempt mine;
    synchronized (lock) {
      while (true) {
        if (released) throw released();
        if (prepared) return;
        if (finalFailure != null) throw new IOException("the media failed before", finalFailure);
        Attempt other = attempt;
        if (other == null) {
          mine = new Attempt();
          attempt = mine;
          break;
        }
        while (!other.done && !released) {
          try {
            lock.wait();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the media was prepared");
          }
        }
        if (other.failure != null && !released) {
          throw new IOException("preparing the media failed", other.failure);
        }
      }
    }
    IOException failure = null;
    try {
      if (mode == Mode.VERIFIED_SPOOL) spool(); else probe();
    } catch (IOException e) {
      failure = e;
      throw e;
    } finally {
      synchronized (lock) {
        mine.done = true;
        mine.failure = failure;
        attempt = null;
        if (failure instanceof MediaIntegrityException) finalFailure = failure;
        lock.notifyAll();
      }
    }
  }

  /** Learns the length and type with a request for no bytes. */
  private void probe() throws IOException {
    MediaCall call = media.newCall(request.newBuilder()
        .range(MediaRange.of(0, 0))
        .options(options())
        .build());
    MediaResponse response = execute(call);
    try {
      synchronized (lock) {
        if (released) throw released();
        length = response.totalLength();
        contentType = type(response);
        prepared = true;
      }
    } finally {
      response.close();
      finished(call);
    }
  }

  /** Downloads the whole media, verified, into a private spool file that the link serves. */
  private void spool() throws IOException {
    Spool file = Spool.create(spoolDirectory);
    MediaCall call = media.newCall(request.newBuilder().options(options()).build());
    boolean done = false;
    try {
      MediaResponse response = execute(call);
      String type;
      try {
        type = type(response);
        response.downloadTo(file.file());
      } finally {
        response.close();
      }
      file.hold();
      synchronized (lock) {
        if (released) throw released();
        spool = file;
        spooled = MediaContent.create(file.file(), type, fileName);
        length = file.file().length();
        contentType = type;
        prepared = true;
      }
      done = true;
    } finally {
      finished(call);
      if (!done) file.delete();
    }
  }

  /** Runs {@code call} so that {@link #release()} can cancel it. */
  private MediaResponse execute(MediaCall call) throws IOException {
    synchronized (lock) {
      if (released) throw released();
      running.add(call);
    }
    try {
      return call.execute();
    } catch (IOException | RuntimeException e) {
      finished(call);
      throw e;
    }
  }

  private void finished(MediaCall call) {
    synchronized (lock) {
      running.remove(call);
    }
  }

  private String type(MediaResponse response) {
    if (contentTypeOverride != null) return contentTypeOverride;
    String type = response.contentType();
    return type != null ? type : OCTET_STREAM;
  }

  /**
   * The request's options (or the client's defaults) for the calls of this link: unverified
   * streaming exactly in that mode, no resume (nothing is written beside a target), no progress
   * listener (the calls run on the server's threads, several at once).
   */
  private MediaOptions options() {
    MediaOptions own = request.options();
    MediaOptions base = own != null ? own : media.defaultOptions();
    return base.newBuilder()
        .unverifiedStreaming(mode == Mode.UNVERIFIED_STREAM)
        .resume(false)
        .progressListener(null)
        .build();
  }

  @Override
  public Source open(long offset, long byteCount) throws IOException {
    synchronized (lock) {
      if (released) throw released();
      if (!prepared) throw new IllegalStateException("not prepared");
    }
    MediaContent verified = spooled;
    if (verified != null) return verified.open(offset, byteCount);
    final long total = length;
    if (offset < 0 || (total >= 0 && (byteCount < 0 || offset > total || byteCount > total - offset))) {
      throw new IllegalArgumentException(
          "range " + offset + "+" + byteCount + " outside 0.." + total);
    }
    final MediaOptions options = options();
    DownloadSource.Calls calls = new DownloadSource.Calls() {
      @Override
      public MediaCall newCall(long from, long size) {
        MediaRequest.Builder b = request.newBuilder().options(options);
        if (size >= 0) b.range(MediaRange.of(from, size));
        return media.newCall(b.build());
      }
    };
    long firstWindow = DownloadSource.FIRST_WINDOW;
    CiphertextHash hash = null;
    EncryptedFile file = request.encryptedFile();
    if (file != null && total >= 0 && offset == 0 && byteCount == total) {
      // The whole E2EE media: verified at its end, from the windows' plaintext where the
      // ciphertext can be recomputed, else by the SDK over one download of all of it.
      if (CiphertextHash.canVerify(file, total)) {
        hash = new CiphertextHash(file);
      } else {
        firstWindow = Long.MAX_VALUE;
      }
    }
    return new DownloadSource(calls, offset, total >= 0 ? byteCount : -1, total, firstWindow,
        hash);
  }

  @Override
  public void release() {
    List<MediaCall> calls;
    Spool file;
    synchronized (lock) {
      if (released) return;
      released = true;
      calls = new ArrayList<>(running);
      running.clear();
      file = spool;
      spool = null;
      lock.notifyAll();
    }
    for (MediaCall call : calls) call.cancel();
    if (file != null) file.delete();
  }

  private static IOException released() {
    return CallHandle.canceledException();
  }

  @Override
  public String toString() {
    return "MediaContent{" + request + ", " + mode + "}";
  }
}
