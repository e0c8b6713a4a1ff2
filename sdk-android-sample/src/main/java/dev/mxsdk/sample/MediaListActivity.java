package dev.mxsdk.sample;

import android.app.Activity;
import android.os.Bundle;
import android.os.Handler;
import android.os.Looper;
import android.util.DisplayMetrics;
import android.view.Gravity;
import android.view.View;
import android.view.ViewGroup;
import android.widget.BaseAdapter;
import android.widget.ListView;
import android.widget.TextView;
import dev.mxsdk.media.MediaClient;
import dev.mxsdk.media.server.LinkOptions;
import dev.mxsdk.media.server.MediaLink;
import dev.mxsdk.media.server.MediaServer;
import java.io.File;
import java.io.IOException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Shows the process's {@linkplain SampleApplication#gallery() media list}, plain and E2EE images
 * alike, each loaded off the main thread with a progress bar and an error state, and videos, each
 * played by a {@code VideoView} through this screen's local {@link MediaServer}; without a session
 * it shows a {@link SignInForm}.
 *
 * <p>Lifecycle: rows that the list recycles cancel their load or revoke their video's link ({@link
 * android.widget.AbsListView.RecyclerListener}); {@link #onDestroy()} cancels every load still
 * running and closes the media server (every link dies, every download it runs is cancelled), so
 * leaving the screen stops its downloads and releases their connections. Decoded bitmaps outlive
 * the Activity in the process's {@link BitmapCache}, so coming back (or rotating) shows them
 * without downloading again.
 */
public class MediaListActivity extends Activity implements VideoRowView.Links {
  private @Nullable MediaClient mediaClient;
  private @Nullable MediaServer mediaServer;
  private @Nullable MediaLoader loader;
  private @Nullable ListView list;
  private @Nullable TextView message;
  private @Nullable SignInForm signInForm;

  @Override
  protected void onCreate(@Nullable Bundle savedInstanceState) {
    super.onCreate(savedInstanceState);
    showContent();
  }

  /** Shows the sign-in form, the empty state or the media list, whichever applies now. */
  private void showContent() {
    SampleApplication app = SampleApplication.from(this);
    MediaClient mediaClient = app.mediaClient();
    List<MediaItem> items = app.gallery();
    if (mediaClient == null) {
      signInForm = new SignInForm(this, app, this::showContent);
      setContentView(signInForm);
      return;
    }
    signInForm = null;
    this.mediaClient = mediaClient;
    if (items.isEmpty()) {
      message = new TextView(this);
      message.setGravity(Gravity.CENTER);
      message.setText(Messages.NO_MEDIA);
      setContentView(message);
      return;
    }

    // Decode to about the size a row shows: the screen's width by the image's height.
    DisplayMetrics metrics = getResources().getDisplayMetrics();
    int targetWidth = Math.max(1, metrics.widthPixels);
    int targetHeight = Math.max(1, Math.round(MediaRowView.IMAGE_HEIGHT_DP * metrics.density));
    MediaLoader mediaLoader = new MediaLoader(mediaClient, app.bitmapCache(),
        new SampledDecoder(targetWidth, targetHeight), new File(getCacheDir(), "media-scratch"),
        new Handler(Looper.getMainLooper()));
    loader = mediaLoader;

    ListView listView = new ListView(this);
    listView.setAdapter(new MediaAdapter(items, mediaLoader, this));
    listView.setRecyclerListener(view -> {
      if (view instanceof MediaRowView) ((MediaRowView) view).unbind();
      if (view instanceof VideoRowView) ((VideoRowView) view).unbind();
    });
    list = listView;
    setContentView(listView);
  }

  @Override
  protected void onDestroy() {
    if (loader != null) loader.cancelAll();
    if (mediaServer != null) mediaServer.close();
    super.onDestroy();
  }

  /**
   * A link that plays {@code item} through this screen's media server, started on first use. E2EE
   * video is streamed before it is verified (a player must start before the end): each seek is
   * then a ranged download, whose bytes the hash cannot cover; a whole-file read is still checked
   * at its end. Images never go this way: they are decoded only after verification.
   */
  @Override
  public MediaLink linkTo(MediaItem item) {
    MediaClient client = mediaClient;
    if (client == null) throw new IllegalStateException("not signed in");
    return mediaServer().url(client, item.request(), LinkOptions.builder()
        .unverifiedStreaming(item.request().encryptedFile() != null)
        .build());
  }

  /** This screen's media server, started on first use; closed in {@link #onDestroy()}. */
  MediaServer mediaServer() {
    MediaServer server = mediaServer;
    if (server != null) return server;
    File spool = new File(getCacheDir(), "media-server");
    if (!spool.isDirectory() && !spool.mkdirs() && !spool.isDirectory()) {
      throw new IllegalStateException("cannot create " + spool);
    }
    server = MediaServer.builder().spoolDirectory(spool).build();
    try {
      // Binds a port on 127.0.0.1: no network round trip, so the main thread may do it.
      server.start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the local media server", e);
    }
    mediaServer = server;
    return server;
  }

  /** The media server, or null before a video was shown. */
  @Nullable MediaServer mediaServerIfStarted() {
    return mediaServer;
  }

  /** The loader of this screen, or null when it shows a message instead of a list. */
  @Nullable MediaLoader loader() {
    return loader;
  }

  /** The list, or null when this screen shows a message instead. */
  @Nullable ListView list() {
    return list;
  }

  /** The message shown instead of a list when there is nothing to show, or null. */
  @Nullable TextView message() {
    return message;
  }

  /** The sign-in form shown without a session, or null. */
  @Nullable SignInForm signInForm() {
    return signInForm;
  }

  /** Binds media items to recycled {@link MediaRowView}s and {@link VideoRowView}s. */
  static final class MediaAdapter extends BaseAdapter {
    private static final int IMAGE = 0;
    private static final int VIDEO = 1;

    private final List<MediaItem> items;
    private final MediaLoader loader;
    private final VideoRowView.Links links;

    MediaAdapter(List<MediaItem> items, MediaLoader loader, VideoRowView.Links links) {
      this.items = items;
      this.loader = loader;
      this.links = links;
    }

    @Override
    public int getViewTypeCount() {
      return 2;
    }

    @Override
    public int getItemViewType(int position) {
      return items.get(position).isVideo() ? VIDEO : IMAGE;
    }

    @Override
    public int getCount() {
      return items.size();
    }

    @Override
    public MediaItem getItem(int position) {
      return items.get(position);
    }

    @Override
    public long getItemId(int position) {
      return position;
    }

    @Override
    public View getView(int position, @Nullable View convertView, ViewGroup parent) {
      MediaItem item = items.get(position);
      if (item.isVideo()) {
        VideoRowView video = convertView instanceof VideoRowView
            ? (VideoRowView) convertView
            : new VideoRowView(parent.getContext());
        video.bind(item, links);
        return video;
      }
      MediaRowView row = convertView instanceof MediaRowView
          ? (MediaRowView) convertView
          : new MediaRowView(parent.getContext());
      row.bind(item, loader);
      return row;
    }
  }
}
