package dev.mxsdk.sample;

import android.content.Context;
import android.graphics.Color;
import android.text.InputType;
import android.view.Gravity;
import android.widget.Button;
import android.widget.CheckBox;
import android.widget.EditText;
import android.widget.LinearLayout;
import android.widget.ScrollView;
import android.widget.TextView;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the sample shows without a session: a homeserver URL, an access token and the media to show
 * (one {@code mxc://} URI or encrypted {@code file} object per line, {@code video } first for a
 * video). A real app signs in with its own login flow instead; this form lets the APK be tried
 * against any homeserver, or against {@code mxmedia serve} through {@code adb reverse} with "plain
 * http to loopback" ticked.
 *
 * <p>The token and the media field (which may hold keys) are never saved into the Activity's
 * instance state, so they are not persisted by the system. Main thread only.
 */
final class SignInForm extends ScrollView {
  /** Called on the main thread after a successful sign-in. */
  interface Listener {
    void onSignedIn();
  }

  private final EditText homeserver;
  private final EditText accessToken;
  private final EditText media;
  private final CheckBox allowInsecureLoopback;
  private final Button show;
  private final TextView error;

  SignInForm(Context context, SampleApplication app, Listener listener) {
    super(context);
    LinearLayout column = new LinearLayout(context);
    column.setOrientation(LinearLayout.VERTICAL);
    int pad = Math.round(16 * getResources().getDisplayMetrics().density);
    column.setPadding(pad, pad, pad, pad);

    TextView title = new TextView(context);
    title.setText(Messages.NOT_SIGNED_IN);
    title.setGravity(Gravity.CENTER_HORIZONTAL);
    column.addView(title);

    homeserver = field(context, column, "Homeserver, e.g. https://matrix.example.org",
        InputType.TYPE_CLASS_TEXT | InputType.TYPE_TEXT_VARIATION_URI);
    accessToken = field(context, column, "Access token",
        InputType.TYPE_CLASS_TEXT | InputType.TYPE_TEXT_VARIATION_PASSWORD);
    media = field(context, column,
        "Media: one mxc:// URI or encrypted file JSON per line (\"video \" first for a video)",
        InputType.TYPE_CLASS_TEXT | InputType.TYPE_TEXT_FLAG_MULTI_LINE
            | InputType.TYPE_TEXT_FLAG_NO_SUGGESTIONS);
    media.setMinLines(3);
    accessToken.setSaveEnabled(false);
    media.setSaveEnabled(false);

    allowInsecureLoopback = new CheckBox(context);
    allowInsecureLoopback.setText("Allow plain http to loopback (local test server)");
    column.addView(allowInsecureLoopback);

    error = new TextView(context);
    error.setTextColor(Color.rgb(0xB0, 0x00, 0x20));
    error.setVisibility(GONE);
    column.addView(error);

    show = new Button(context);
    show.setText("Show media");
    show.setOnClickListener(v -> submit(app, listener));
    column.addView(show);
    addView(column);
  }

  private static EditText field(Context context, LinearLayout column, String hint, int inputType) {
    EditText field = new EditText(context);
    field.setHint(hint);
    field.setInputType(inputType);
    column.addView(field);
    return field;
  }

  private void submit(SampleApplication app, Listener listener) {
    List<MediaItem> items = new ArrayList<>();
    try {
      for (String line : media.getText().toString().split("\n")) {
        if (!line.trim().isEmpty()) items.add(MediaItem.parse(line));
      }
      if (items.isEmpty()) {
        showError("Enter at least one mxc:// URI.");
        return;
      }
      app.signIn(homeserver.getText().toString().trim(), accessToken.getText().toString().trim(),
          allowInsecureLoopback.isChecked());
    } catch (IllegalArgumentException | IOException e) {
      // Parsing and URL messages name the field and never contain the token or a key.
      showError(e.getMessage());
      return;
    }
    app.showGallery(items);
    accessToken.setText("");
    media.setText("");
    listener.onSignedIn();
  }

  private void showError(String message) {
    error.setText(message);
    error.setVisibility(VISIBLE);
  }

  EditText homeserver() {
    return homeserver;
  }

  EditText accessToken() {
    return accessToken;
  }

  EditText media() {
    return media;
  }

  CheckBox allowInsecureLoopback() {
    return allowInsecureLoopback;
  }

  Button show() {
    return show;
  }

  TextView error() {
    return error;
  }
}
