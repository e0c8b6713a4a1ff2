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
import java.io.File;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Shows the process's {@linkplain SampleApplication#gallery() media list}, plain and E2EE images
 * alike, each loaded off the main thread with a progress bar and an error state; without a session
 * it shows a {@link SignInForm}.
 *
 * <p>Lifecycle: rows that the list recycles cancel their load ({@link
 * android.widget.AbsListView.RecyclerListener}); {@link #onDestroy()} cancels every load still
 * running, so leaving the screen stops its downloads and releases their connections. Decoded
 * bitmaps outlive the Activity in the process's {@link BitmapCache}, so coming back (or rotating)
 * shows them without downloading again.
 */
public class MediaListActivity extends Activity {
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
    listView.setAdapter(new MediaAdapter(items, mediaLoader));
    listView.setRecyclerListener(view -> ((MediaRowView) view).unbind());
    list = listView;
    setContentView(listView);
  }

  @Override
  protected void onDestroy() {
    if (loader != null) loader.cancelAll();
    super.onDestroy();
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

  /** Binds media items to recycled {@link MediaRowView}s. */
  static final class MediaAdapter extends BaseAdapter {
    private final List<MediaItem> items;
    private final MediaLoader loader;

    MediaAdapter(List<MediaItem> items, MediaLoader loader) {
      this.items = items;
      this.loader = loader;
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
      MediaRowView row = convertView instanceof MediaRowView
          ? (MediaRowView) convertView
          : new MediaRowView(parent.getContext());
      row.bind(items.get(position), loader);
      return row;
    }
  }
}
