package dev.mxsdk.sample;

import android.app.Activity;
import android.content.Intent;
import android.net.Uri;
import android.os.Bundle;
import android.os.Handler;
import android.os.Looper;
import android.widget.Button;
import android.widget.LinearLayout;
import android.widget.ProgressBar;
import android.widget.TextView;
import dev.mxsdk.media.EncryptedFile;
import dev.mxsdk.media.MediaClient;
import dev.mxsdk.media.MediaRequest;
import dev.mxsdk.media.UploadResult;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * Picks a file with the Storage Access Framework ({@code ACTION_OPEN_DOCUMENT}) and uploads it
 * end-to-end encrypted through the process's {@code MediaClient}, with a progress bar and a cancel
 * button. A finished upload is added to the media list, which downloads it back through the whole
 * flow (the {@code EncryptedFile} it shows is what an {@code m.file} event in an encrypted room
 * would carry).
 *
 * <p>Lifecycle: {@link #onDestroy()} cancels the upload still running, which stops its body and
 * releases its connection. Main thread only.
 */
public class UploadActivity extends Activity implements DocumentUploader.Target {
  static final int REQUEST_PICK = 1;
  /** The progress bar counts in permille. */
  static final int PROGRESS_MAX = 1000;

  private @Nullable DocumentUploader uploader;
  private DocumentUploader.@Nullable Upload running;
  private @Nullable Button choose;
  private @Nullable Button cancel;
  private @Nullable ProgressBar progress;
  private @Nullable TextView status;

  @Override
  protected void onCreate(@Nullable Bundle savedInstanceState) {
    super.onCreate(savedInstanceState);
    LinearLayout column = new LinearLayout(this);
    column.setOrientation(LinearLayout.VERTICAL);
    int pad = Math.round(16 * getResources().getDisplayMetrics().density);
    column.setPadding(pad, pad, pad, pad);

    Button chooseButton = new Button(this);
    chooseButton.setText("Choose a file to upload, encrypted");
    chooseButton.setOnClickListener(v ->
        startActivityForResult(DocumentUploader.pickIntent(), REQUEST_PICK));
    column.addView(chooseButton);

    ProgressBar bar = new ProgressBar(this, null, android.R.attr.progressBarStyleHorizontal);
    bar.setMax(PROGRESS_MAX);
    column.addView(bar);

    TextView statusText = new TextView(this);
    column.addView(statusText);

    Button cancelButton = new Button(this);
    cancelButton.setText("Cancel");
    cancelButton.setEnabled(false);
    cancelButton.setOnClickListener(v -> cancelUpload());
    column.addView(cancelButton);

    choose = chooseButton;
    cancel = cancelButton;
    progress = bar;
    status = statusText;
    setContentView(column);

    MediaClient mediaClient = SampleApplication.from(this).mediaClient();
    if (mediaClient == null) {
      chooseButton.setEnabled(false);
      statusText.setText(Messages.NOT_SIGNED_IN);
      return;
    }
    uploader = new DocumentUploader(mediaClient, getContentResolver(),
        new Handler(Looper.getMainLooper()));
  }

  @Override
  protected void onActivityResult(int requestCode, int resultCode, @Nullable Intent data) {
    super.onActivityResult(requestCode, resultCode, data);
    if (requestCode != REQUEST_PICK || resultCode != RESULT_OK || data == null) return;
    Uri uri = data.getData();
    DocumentUploader current = uploader;
    if (uri == null || current == null || running != null) return;
    progress().setProgress(0);
    progress().setIndeterminate(false);
    status().setText(Messages.UPLOADING);
    choose().setEnabled(false);
    cancel().setEnabled(true);
    running = current.upload(uri, this);
  }

  @Override
  protected void onDestroy() {
    DocumentUploader.Upload upload = running;
    if (upload != null) upload.cancel();
    running = null;
    super.onDestroy();
  }

  private void cancelUpload() {
    DocumentUploader.Upload upload = running;
    if (upload == null) return;
    upload.cancel();
    finish(Messages.UPLOAD_CANCELED);
  }

  @Override
  public void onProgress(long sent, long total) {
    if (total > 0) {
      progress().setIndeterminate(false);
      progress().setProgress((int) Math.min(PROGRESS_MAX, sent * PROGRESS_MAX / total));
    } else {
      progress().setIndeterminate(true);
    }
  }

  @Override
  public void onUploaded(String name, UploadResult result) {
    EncryptedFile file = result.encryptedFile();
    if (file != null) {
      SampleApplication.from(this).addToGallery(
          MediaItem.of(name + " (uploaded, encrypted)", MediaRequest.download(file)));
    }
    progress().setIndeterminate(false);
    progress().setProgress(PROGRESS_MAX);
    finish(Messages.uploaded(name, result.mxcUri().toString()));
  }

  @Override
  public void onFailed(IOException e) {
    finish(Messages.describeUpload(e));
  }

  private void finish(String message) {
    running = null;
    status().setText(message);
    cancel().setEnabled(false);
    choose().setEnabled(true);
  }

  /** The upload in progress, or null. */
  DocumentUploader.@Nullable Upload running() {
    return running;
  }

  Button choose() {
    return nonNull(choose);
  }

  Button cancel() {
    return nonNull(cancel);
  }

  ProgressBar progress() {
    return nonNull(progress);
  }

  TextView status() {
    return nonNull(status);
  }

  private static <T> T nonNull(@Nullable T view) {
    if (view == null) throw new IllegalStateException("onCreate has not run");
    return view;
  }
}
