package dev.mxsdk.sample;

import android.app.ActivityManager;
import android.app.Application;
import android.content.Context;
import android.util.Log;
import dev.mxsdk.core.MatrixClient;
import dev.mxsdk.media.MediaCache;
import dev.mxsdk.media.MediaClient;
import dev.mxsdk.media.MediaOptions;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * The process-wide state of the sample: the one {@link MatrixClient} (and the {@link MediaClient}
 * built on it), the in-memory bitmap cache, the disk media cache behind it, and the media the list
 * shows.
 *
 * <p>One {@code MatrixClient} per process: it owns the {@code OkHttpClient} connection pool and
 * dispatcher and caches the server's {@code /versions}, so every screen must share it. A real app
 * creates it after login (from its stored session) and passes it to {@link #signIn(MatrixClient)};
 * it never creates one per Activity.
 *
 * <pre>{@code
 * MatrixClient matrix = MatrixClient.builder()
 *     .homeserver(session.homeserver())
 *     .accessTokenProvider(session::accessToken)
 *     .okHttpClient(appOkHttpClient)
 *     .build();
 * SampleApplication.from(context).signIn(matrix);
 * }</pre>
 *
 * <p>Thread-safe: the accessors may be called from any thread.
 */
public class SampleApplication extends Application {
  private @Nullable OkHttpClient okHttpClient;
  private @Nullable MediaClient mediaClient;
  private List<MediaItem> gallery = Collections.emptyList();
  private @Nullable BitmapCache bitmapCache;
  private @Nullable MediaCache mediaCache;
  private boolean mediaCacheUnavailable;

  /** Returns the application object of {@code context}'s process. */
  public static SampleApplication from(Context context) {
    return (SampleApplication) context.getApplicationContext();
  }

  /**
   * The process's one {@code OkHttpClient}: one connection pool and one dispatcher for the Matrix
   * client and whatever else the app fetches.
   */
  public synchronized OkHttpClient okHttpClient() {
    if (okHttpClient == null) okHttpClient = new OkHttpClient();
    return okHttpClient;
  }

  /**
   * Makes {@code matrixClient} the process's client: media is downloaded with a {@link
   * MediaClient} built on it, spooling E2EE ciphertext into the app's private cache folder and
   * keeping what it downloads in the {@link #mediaCache() disk cache}. Plain http to loopback is
   * allowed for media exactly when {@code matrixClient} allows it (one setting for every hop).
   */
  public synchronized void signIn(MatrixClient matrixClient) {
    if (matrixClient == null) throw new NullPointerException("matrixClient == null");
    this.mediaClient = MediaClient.builder(matrixClient)
        .spoolDirectory(getCacheDir())
        .cache(mediaCache())
        .build();
  }

  /**
   * Signs in with a homeserver URL and an access token, on the process's {@link #okHttpClient()}.
   * The token stays in memory.
   *
   * @param allowInsecureLoopback whether plain http to a loopback address is allowed (a local test
   *     server reached through {@code adb reverse})
   * @throws IllegalArgumentException if the URL is not an https URL (or, with {@code
   *     allowInsecureLoopback}, an http URL of a loopback address)
   */
  public void signIn(String homeserver, String accessToken, boolean allowInsecureLoopback) {
    if (accessToken == null) throw new NullPointerException("accessToken == null");
    MatrixClient matrixClient = MatrixClient.builder()
        .homeserver(homeserver)
        .accessTokenProvider(() -> accessToken)
        .allowInsecureLoopback(allowInsecureLoopback)
        .okHttpClient(okHttpClient())
        .userAgent("mxsdk-sample/0.1.0")
        .build();
    signIn(matrixClient);
  }

  /** Forgets the client, the media list, every cached bitmap and the disk cache (on logout). */
  public synchronized void signOut() {
    this.mediaClient = null;
    this.gallery = Collections.emptyList();
    bitmapCache().clear();
    MediaCache cache = mediaCache;
    if (cache != null) {
      try {
        // The next account must not see this one's media.
        cache.clear();
      } catch (IOException e) {
        Log.w("mxsdk-sample", "could not clear the media cache: " + e.getMessage());
      }
    }
  }

  /**
   * The disk media cache, opened once per process in {@code getCacheDir()/mxsdk-media} with the
   * default retention policy (400 MiB, 20 MiB per file, 60 days after the last view). It sits
   * behind the {@link #bitmapCache() bitmap cache}: a bitmap that was evicted from memory, or
   * lost with the process, is decoded again from disk without a download. E2EE media rests there
   * encrypted. Null if it cannot be opened (another process of the app holds it); media is then
   * downloaded every time.
   */
  public synchronized @Nullable MediaCache mediaCache() {
    if (mediaCache == null && !mediaCacheUnavailable) {
      try {
        mediaCache = MediaCache.open(new File(getCacheDir(), "mxsdk-media"));
      } catch (IOException e) {
        mediaCacheUnavailable = true;
        Log.w("mxsdk-sample", "no disk media cache: " + e.getMessage());
      }
    }
    return mediaCache;
  }

  /** The process's media client, or null when nobody is signed in. */
  public synchronized @Nullable MediaClient mediaClient() {
    return mediaClient;
  }

  /**
   * Sets the media the list shows. A real app takes these from the room timeline (the {@code url}
   * of {@code m.image} events, or their {@code file} object in encrypted rooms); they are kept in
   * memory only, because {@code EncryptedFile}s carry keys.
   */
  public synchronized void showGallery(List<MediaItem> items) {
    this.gallery = Collections.unmodifiableList(new ArrayList<>(items));
  }

  /** Adds {@code item} at the end of the media list (an upload of this process, say). */
  public synchronized void addToGallery(MediaItem item) {
    if (item == null) throw new NullPointerException("item == null");
    List<MediaItem> items = new ArrayList<>(gallery);
    items.add(item);
    this.gallery = Collections.unmodifiableList(items);
  }

  /** The media the list shows. */
  public synchronized List<MediaItem> gallery() {
    return gallery;
  }

  /**
   * The in-memory bitmap cache shared by all screens, sized to an eighth of the memory class this
   * device grants the app.
   */
  public synchronized BitmapCache bitmapCache() {
    if (bitmapCache == null) {
      ActivityManager am = (ActivityManager) getSystemService(Context.ACTIVITY_SERVICE);
      int memoryClassMiB = am != null ? am.getMemoryClass() : 32;
      bitmapCache = new BitmapCache(memoryClassMiB * 1024L * 1024L / 8);
    }
    return bitmapCache;
  }
}
