package dev.mxsdk.sample;

import android.content.Context;
import android.graphics.Color;
import android.net.Uri;
import android.util.TypedValue;
import android.view.Gravity;
import android.widget.LinearLayout;
import android.widget.MediaController;
import android.widget.TextView;
import android.widget.VideoView;
import dev.mxsdk.media.server.MediaLink;
import org.jspecify.annotations.Nullable;

/**
 * One video of the media list: a {@link VideoView} that plays the item through the Activity's
 * local media server ({@link MediaListActivity#linkTo(MediaItem)}), with the platform's
 * {@link MediaController} for play, pause and seeking, and a caption. {@code MediaPlayer} takes a
 * URL and sends no {@code Authorization}: the link's capability URL on 127.0.0.1 is what lets it
 * fetch authenticated, CDN-encrypted and E2EE media, and each seek becomes a ranged download.
 *
 * <p>Binding a row to another item, or {@link #unbind()} (when the list recycles it), stops
 * playback and revokes the row's link, which cancels its downloads. Main thread only.
 */
final class VideoRowView extends LinearLayout {
  static final int VIDEO_HEIGHT_DP = 200;

  /** Issues the link a row plays. */
  interface Links {
    MediaLink linkTo(MediaItem item);
  }

  private final VideoView video;
  private final TextView caption;
  private @Nullable MediaItem item;
  private @Nullable MediaLink link;

  VideoRowView(Context context) {
    super(context);
    setOrientation(VERTICAL);
    int pad = dp(8);
    setPadding(pad, pad, pad, pad);

    caption = new TextView(context);
    caption.setGravity(Gravity.CENTER_HORIZONTAL);
    caption.setTextSize(TypedValue.COMPLEX_UNIT_SP, 14);

    video = new VideoView(context);
    MediaController controls = new MediaController(context);
    controls.setAnchorView(video);
    video.setMediaController(controls);
    video.setOnErrorListener((player, what, extra) -> {
      caption.setText(Messages.CANNOT_PLAY);
      caption.setTextColor(Color.rgb(0xB0, 0x00, 0x20));
      return true;
    });
    addView(video, new LayoutParams(LayoutParams.MATCH_PARENT, dp(VIDEO_HEIGHT_DP)));
    addView(caption, new LayoutParams(LayoutParams.MATCH_PARENT, LayoutParams.WRAP_CONTENT));
  }

  /** Shows {@code item}, ready to play from a fresh link. */
  void bind(MediaItem item, Links links) {
    if (item.equals(this.item)) return;
    unbind();
    this.item = item;
    caption.setText(item.caption());
    caption.setTextColor(Color.DKGRAY);
    MediaLink issued = links.linkTo(item);
    link = issued;
    // The link's URL is a bearer secret for this media: it goes to the player and nowhere else.
    video.setVideoURI(Uri.parse(issued.url()));
  }

  /** Stops playback and revokes the link. */
  void unbind() {
    video.stopPlayback();
    if (link != null) {
      link.revoke();
      link = null;
    }
    item = null;
  }

  /** The video view (tests read the URI it plays). */
  VideoView videoView() {
    return video;
  }

  /** The link this row plays, or null when unbound. */
  @Nullable MediaLink link() {
    return link;
  }

  /** The caption, or the error message after a failure. */
  TextView caption() {
    return caption;
  }

  private int dp(int dp) {
    return Math.round(dp * getResources().getDisplayMetrics().density);
  }

  @Override
  public String toString() {
    return "VideoRowView{" + item + "}";
  }
}
