package dev.mxsdk.sample;

import android.content.Context;
import android.graphics.Bitmap;
import android.graphics.Color;
import android.util.TypedValue;
import android.view.Gravity;
import android.widget.ImageView;
import android.widget.LinearLayout;
import android.widget.ProgressBar;
import android.widget.TextView;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * One row of the media list: the image, a progress bar while it loads, and a caption that turns
 * into the error message when the load fails. Binding a row to another item, or {@link #unbind()}
 * (when the list recycles it), cancels the row's running load.
 *
 * <p>Main thread only, like every view.
 */
final class MediaRowView extends LinearLayout implements MediaLoader.Target {
  static final int IMAGE_HEIGHT_DP = 120;

  private final ImageView image;
  private final ProgressBar progress;
  private final TextView caption;
  private @Nullable MediaItem item;
  private MediaLoader.@Nullable Load load;
  private boolean failed;

  MediaRowView(Context context) {
    super(context);
    setOrientation(VERTICAL);
    int pad = dp(8);
    setPadding(pad, pad, pad, pad);

    image = new ImageView(context);
    image.setScaleType(ImageView.ScaleType.FIT_CENTER);
    image.setAdjustViewBounds(false);
    addView(image, new LayoutParams(LayoutParams.MATCH_PARENT, dp(IMAGE_HEIGHT_DP)));

    progress = new ProgressBar(context, null, android.R.attr.progressBarStyleHorizontal);
    progress.setMax(1000);
    addView(progress, new LayoutParams(LayoutParams.MATCH_PARENT, LayoutParams.WRAP_CONTENT));

    caption = new TextView(context);
    caption.setGravity(Gravity.CENTER_HORIZONTAL);
    caption.setTextSize(TypedValue.COMPLEX_UNIT_SP, 14);
    addView(caption, new LayoutParams(LayoutParams.MATCH_PARENT, LayoutParams.WRAP_CONTENT));
  }

  /** Shows {@code item}, loading it with {@code loader} unless the cache has it. */
  void bind(MediaItem item, MediaLoader loader) {
    if (item.equals(this.item)) return; // already showing, loading or failing this item
    unbind();
    this.item = item;
    failed = false;
    caption.setText(item.caption());
    caption.setTextColor(Color.DKGRAY);
    image.setVisibility(VISIBLE);
    progress.setVisibility(VISIBLE);
    progress.setIndeterminate(true);
    load = loader.load(item.request(), this);
  }

  /** Cancels the running load and clears the row. */
  void unbind() {
    if (load != null) {
      load.cancel();
      load = null;
    }
    item = null;
    image.setImageDrawable(null);
  }

  @Override
  public void onProgress(long bytesRead, long contentLength) {
    if (contentLength > 0) {
      progress.setIndeterminate(false);
      progress.setProgress((int) Math.min(1000, bytesRead * 1000 / contentLength));
    }
  }

  @Override
  public void onLoaded(Bitmap bitmap) {
    load = null;
    progress.setVisibility(GONE);
    image.setImageBitmap(bitmap);
  }

  @Override
  public void onFailed(IOException e) {
    load = null;
    failed = true;
    progress.setVisibility(GONE);
    image.setImageDrawable(null);
    image.setVisibility(GONE);
    caption.setText(Messages.describe(e));
    caption.setTextColor(Color.rgb(0xB0, 0x00, 0x20));
  }

  /** The image view (tests read its bitmap). */
  ImageView image() {
    return image;
  }

  /** The progress bar. */
  ProgressBar progress() {
    return progress;
  }

  /** The caption, or the error message after a failure. */
  TextView caption() {
    return caption;
  }

  /** Whether the last load failed (the error state is showing). */
  boolean isShowingError() {
    return failed;
  }

  private int dp(int dp) {
    return Math.round(dp * getResources().getDisplayMetrics().density);
  }

  @Override
  public String toString() {
    return "MediaRowView{" + item + (failed ? ", failed}" : "}");
  }
}
