package dev.mxsdk.sample;

import android.graphics.Bitmap;
import android.os.Handler;
import dev.mxsdk.media.MediaCall;
import dev.mxsdk.media.MediaClient;
import dev.mxsdk.media.MediaOptions;
import dev.mxsdk.media.MediaRequest;
import dev.mxsdk.media.MediaResponse;
import dev.mxsdk.media.ProgressListener;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Loads media into {@link Target}s: from the {@link BitmapCache} when it is there, otherwise with
 * an enqueued {@link MediaCall} that downloads (verified: the CDN layer's tags and, for E2EE
 * media, the SHA-256 are checked before the file is complete), decodes with sampling and caches on
 * OkHttp's dispatcher thread, and reports progress and the outcome on the main thread.
 *
 * <p>Call {@link #load} and {@link #cancelAll} on the main thread. A canceled load stops its
 * download promptly ({@link MediaCall#cancel()} releases the connection) and never touches its
 * target again.
 */
final class MediaLoader {
  /** Downloads larger than this are refused: the list shows images, not videos. */
  static final long MAX_DOWNLOAD_BYTES = 64L * 1024 * 1024;

  /** Receives one load's progress and outcome, always on the main thread. */
  interface Target {
    /**
     * Bytes of the response body received so far (wire bytes) against its {@code Content-Length},
     * or -1 when the length is unknown.
     */
    void onProgress(long bytesRead, long contentLength);

    /** The image, decoded with sampling. */
    void onLoaded(Bitmap bitmap);

    /** The load failed; see {@link Messages#describe(IOException)}. */
    void onFailed(IOException e);
  }

  private final MediaClient mediaClient;
  private final BitmapCache cache;
  private final SampledDecoder decoder;
  private final File scratchDirectory;
  private final Handler mainThread;
  /** Loads still running; touched on the main thread only. */
  private final Set<Load> inFlight = new LinkedHashSet<>();

  MediaLoader(MediaClient mediaClient, BitmapCache cache, SampledDecoder decoder,
      File scratchDirectory, Handler mainThread) {
    this.mediaClient = mediaClient;
    this.cache = cache;
    this.decoder = decoder;
    this.scratchDirectory = scratchDirectory;
    this.mainThread = mainThread;
  }

  /**
   * Shows {@code request} in {@code target}: at once from the cache, or later when it has been
   * downloaded and decoded.
   *
   * @return the running load, to cancel when the target goes away, or null when the bitmap came
   *     from the cache
   */
  @Nullable Load load(MediaRequest request, Target target) {
    Bitmap cached = cache.get(request);
    if (cached != null) {
      target.onLoaded(cached);
      return null;
    }
    Load load = new Load(request, target);
    inFlight.add(load);
    load.start();
    return load;
  }

  /** Cancels every running load (when the screen goes away). */
  void cancelAll() {
    for (Load load : new ArrayList<>(inFlight)) {
      load.cancel();
    }
  }

  /** The calls of the loads still running, in start order. */
  List<MediaCall> inFlightCalls() {
    List<MediaCall> calls = new ArrayList<>();
    for (Load load : inFlight) {
      calls.add(load.call);
    }
    return calls;
  }

  /** One running load; cancel it on the main thread. */
  final class Load implements MediaCall.Callback, ProgressListener {
    private final MediaRequest request;
    private final Target target;
    private final MediaCall call;
    private volatile boolean canceled;
    // Progress throttling, on the reading thread only.
    private long lastPermille = -1;
    private long lastPostedBytes = -1;

    Load(MediaRequest request, Target target) {
      this.request = request;
      this.target = target;
      MediaOptions own = request.options();
      MediaOptions base = own != null ? own : mediaClient.defaultOptions();
      MediaOptions.Builder options = base.newBuilder().progressListener(this);
      if (base.maxSize() < 0 || base.maxSize() > MAX_DOWNLOAD_BYTES) {
        options.maxSize(MAX_DOWNLOAD_BYTES);
      }
      this.call = mediaClient.newCall(request.newBuilder().options(options.build()).build());
    }

    void start() {
      call.enqueue(this);
    }

    /** Stops the download; the target hears nothing more. Main thread. */
    void cancel() {
      canceled = true;
      inFlight.remove(this);
      call.cancel();
    }

    @Override
    public void onProgress(long bytesRead, long contentLength) {
      if (canceled) return;
      if (contentLength > 0) {
        long permille = Math.min(1000, bytesRead * 1000 / contentLength);
        if (permille == lastPermille) return;
        lastPermille = permille;
      } else {
        if (lastPostedBytes >= 0 && bytesRead - lastPostedBytes < 32 * 1024) return;
        lastPostedBytes = bytesRead;
      }
      mainThread.post(() -> {
        if (!canceled) target.onProgress(bytesRead, contentLength);
      });
    }

    @Override
    public void onResponse(MediaCall call, MediaResponse response) {
      File scratch = null;
      try (MediaResponse r = response) {
        if (canceled) return;
        if (!scratchDirectory.isDirectory() && !scratchDirectory.mkdirs()
            && !scratchDirectory.isDirectory()) {
          throw new IOException("cannot create " + scratchDirectory);
        }
        scratch = File.createTempFile("media", ".tmp", scratchDirectory);
        // Written through a temporary file and verified before it is complete.
        r.downloadTo(scratch);
        Bitmap bitmap = decoder.decode(scratch);
        if (canceled) return;
        cache.put(request, bitmap);
        mainThread.post(() -> finish(bitmap, null));
      } catch (IOException e) {
        fail(e);
      } finally {
        if (scratch != null && !scratch.delete() && scratch.exists()) {
          scratch.deleteOnExit();
        }
      }
    }

    @Override
    public void onFailure(MediaCall call, IOException e) {
      fail(e);
    }

    private void fail(IOException e) {
      if (canceled) return;
      mainThread.post(() -> finish(null, e));
    }

    private void finish(@Nullable Bitmap bitmap, @Nullable IOException failure) {
      if (canceled) return;
      inFlight.remove(this);
      if (bitmap != null) {
        target.onLoaded(bitmap);
      } else if (failure != null) {
        target.onFailed(failure);
      }
    }

    @Override
    public String toString() {
      return "Load{" + request.cacheKey() + (canceled ? ", canceled}" : "}");
    }
  }
}
