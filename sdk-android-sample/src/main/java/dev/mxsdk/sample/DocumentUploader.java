package dev.mxsdk.sample;

import android.content.ContentResolver;
import android.content.Intent;
import android.database.Cursor;
import android.net.Uri;
import android.os.Handler;
import android.provider.OpenableColumns;
import dev.mxsdk.media.MediaClient;
import dev.mxsdk.media.ProgressListener;
import dev.mxsdk.media.UploadCall;
import dev.mxsdk.media.UploadRequest;
import dev.mxsdk.media.UploadResult;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.Executor;
import okio.Okio;
import org.jspecify.annotations.Nullable;

/**
 * Uploads a document the user picked with the Storage Access Framework ({@link #pickIntent()},
 * {@code ACTION_OPEN_DOCUMENT}), end-to-end encrypted, as an encrypted room needs it: its name and
 * size come from the {@link ContentResolver} ({@link OpenableColumns}), its bytes stream from
 * {@link ContentResolver#openInputStream} straight through AES-256-CTR into the request body, with
 * no copy in memory or in a temporary file. Progress and the outcome are reported on the main
 * thread.
 *
 * <p>Opening a document may block (a cloud provider downloads it first), so it is opened on
 * OkHttp's dispatcher threads, which also run the upload. A stream from a content provider can be
 * read once, so such an upload gets one attempt: after a failure the user picks the file again.
 * Call {@link #upload} and {@link Upload#cancel()} on the main thread.
 */
final class DocumentUploader {
  /** Receives one upload's progress and outcome, always on the main thread. */
  interface Target {
    /** Bytes sent so far against the document's size, or -1 when the provider did not say. */
    void onProgress(long sent, long total);

    /** The upload is complete: {@code result.encryptedFile()} is what the event carries. */
    void onUploaded(String name, UploadResult result);

    /** The upload failed; see {@link Messages#describeUpload(IOException)}. */
    void onFailed(IOException e);
  }

  private final MediaClient mediaClient;
  private final ContentResolver resolver;
  private final Executor executor;
  private final Handler mainThread;

  DocumentUploader(MediaClient mediaClient, ContentResolver resolver, Handler mainThread) {
    this.mediaClient = mediaClient;
    this.resolver = resolver;
    this.executor = mediaClient.matrixClient().okHttpClient().dispatcher().executorService();
    this.mainThread = mainThread;
  }

  /** The Storage Access Framework's picker for any openable document. */
  static Intent pickIntent() {
    return new Intent(Intent.ACTION_OPEN_DOCUMENT)
        .addCategory(Intent.CATEGORY_OPENABLE)
        .setType("*/*");
  }

  /** Starts uploading the document at {@code uri}; returns the upload, to cancel it. */
  Upload upload(Uri uri, Target target) {
    Upload upload = new Upload(uri, target);
    executor.execute(upload);
    return upload;
  }

  /** One running upload; cancel it on the main thread. */
  final class Upload implements Runnable, ProgressListener {
    private final Uri uri;
    private final Target target;
    private volatile boolean canceled;
    private volatile @Nullable UploadCall call;
    private volatile boolean finished;
    private long lastPermille = -1;
    private long lastPostedBytes = -1;

    Upload(Uri uri, Target target) {
      this.uri = uri;
      this.target = target;
    }

    @Override
    public void run() {
      String name = uri.getLastPathSegment() != null ? uri.getLastPathSegment() : "document";
      try {
        long size = -1;
        Cursor cursor = resolver.query(uri,
            new String[] {OpenableColumns.DISPLAY_NAME, OpenableColumns.SIZE}, null, null, null);
        if (cursor != null) {
          try {
            if (cursor.moveToFirst()) {
              int nameColumn = cursor.getColumnIndex(OpenableColumns.DISPLAY_NAME);
              int sizeColumn = cursor.getColumnIndex(OpenableColumns.SIZE);
              if (nameColumn >= 0 && !cursor.isNull(nameColumn)) name = cursor.getString(nameColumn);
              if (sizeColumn >= 0 && !cursor.isNull(sizeColumn)) size = cursor.getLong(sizeColumn);
            }
          } finally {
            cursor.close();
          }
        }
        InputStream in = resolver.openInputStream(uri);
        if (in == null) throw new FileNotFoundException("the provider has no stream for " + uri);
        // Encrypted: the server learns neither the name nor the type (the event carries them).
        UploadCall started = mediaClient.newUpload(UploadRequest.source(Okio.source(in), size)
            .encrypt(true)
            .progressListener(this)
            .build());
        call = started;
        if (canceled) started.cancel();
        UploadResult result = started.execute();
        final String uploadedName = name;
        post(() -> target.onUploaded(uploadedName, result));
      } catch (IOException e) {
        if (!canceled) post(() -> target.onFailed(e));
      } catch (SecurityException e) {
        // The provider revoked the permission the picker granted.
        IOException failure = new FileNotFoundException("no permission to read " + uri);
        failure.initCause(e);
        if (!canceled) post(() -> target.onFailed(failure));
      } finally {
        finished = true;
      }
    }

    /** Stops the upload; the target hears nothing more. Main thread. */
    void cancel() {
      canceled = true;
      UploadCall running = call;
      if (running != null) running.cancel();
    }

    /** The call, once the document is open; null before. */
    @Nullable UploadCall call() {
      return call;
    }

    /** Whether the upload's thread is done with it (succeeded, failed or canceled). */
    boolean isFinished() {
      return finished;
    }

    @Override
    public void onProgress(long sent, long total) {
      if (canceled) return;
      if (total > 0) {
        long permille = Math.min(1000, sent * 1000 / total);
        if (permille == lastPermille) return;
        lastPermille = permille;
      } else {
        if (lastPostedBytes >= 0 && sent - lastPostedBytes < 64 * 1024) return;
        lastPostedBytes = sent;
      }
      post(() -> target.onProgress(sent, total));
    }

    private void post(Runnable action) {
      mainThread.post(() -> {
        if (!canceled) action.run();
      });
    }
  }
}
