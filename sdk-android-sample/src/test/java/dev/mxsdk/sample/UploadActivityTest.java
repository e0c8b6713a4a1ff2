package dev.mxsdk.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import android.app.Activity;
import android.content.ContentProvider;
import android.content.ContentValues;
import android.content.Intent;
import android.database.Cursor;
import android.database.MatrixCursor;
import android.net.Uri;
import android.os.Looper;
import android.provider.OpenableColumns;
import dev.mxsdk.core.MatrixClient;
import dev.mxsdk.media.EncryptedFile;
import dev.mxsdk.media.MediaResponse;
import dev.mxsdk.media.UploadCall;
import dev.mxsdk.testkit.RecordedUpload;
import dev.mxsdk.testkit.TestHomeserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.Robolectric;
import org.robolectric.RobolectricTestRunner;
import org.robolectric.RuntimeEnvironment;
import org.robolectric.android.controller.ActivityController;
import org.robolectric.annotation.Config;
import org.robolectric.shadow.api.Shadow;
import org.robolectric.shadows.ShadowActivity;
import org.robolectric.shadows.ShadowContentResolver;
import org.robolectric.shadows.ShadowPausedLooper;

/**
 * The upload screen against the testkit over TLS: the Storage Access Framework's pick is answered
 * by Robolectric, the document is served by a content provider registered for the test, the SDK
 * uploads for real on OkHttp's threads, and results come back through the main looper.
 */
@RunWith(RobolectricTestRunner.class)
@Config(sdk = 34, application = SampleApplication.class)
public final class UploadActivityTest {
  private static final String AUTHORITY = "dev.mxsdk.sample.test.documents";

  private TestHomeserver server;
  private ExecutorService threads;
  private SampleApplication app;

  /** A document provider answering the picker's metadata query from a map. */
  public static final class Documents extends ContentProvider {
    static final Map<Uri, Object[]> ROWS = new HashMap<>();

    @Override
    public boolean onCreate() {
      return true;
    }

    @Override
    public Cursor query(Uri uri, String[] projection, String selection, String[] selectionArgs,
        String sortOrder) {
      Object[] row = ROWS.get(uri);
      if (row == null) return null;
      MatrixCursor cursor = new MatrixCursor(
          new String[] {OpenableColumns.DISPLAY_NAME, OpenableColumns.SIZE});
      cursor.addRow(row);
      return cursor;
    }

    @Override
    public String getType(Uri uri) {
      return "application/octet-stream";
    }

    @Override
    public Uri insert(Uri uri, ContentValues values) {
      throw new UnsupportedOperationException();
    }

    @Override
    public int delete(Uri uri, String selection, String[] selectionArgs) {
      throw new UnsupportedOperationException();
    }

    @Override
    public int update(Uri uri, ContentValues values, String selection, String[] selectionArgs) {
      throw new UnsupportedOperationException();
    }
  }

  @Before
  public void setUp() throws IOException {
    server = TestHomeserver.newBuilder().tls(true).maxUploadSize(8 * 1024 * 1024).start();
    threads = Executors.newCachedThreadPool();
    OkHttpClient http = new OkHttpClient.Builder()
        .dispatcher(new Dispatcher(threads))
        .sslSocketFactory(server.sslContext().getSocketFactory(), server.trustManager())
        .build();
    MatrixClient matrix = MatrixClient.builder()
        .homeserver(server.baseUrl())
        .accessTokenProvider(server::accessToken)
        .okHttpClient(http)
        .build();
    app = (SampleApplication) RuntimeEnvironment.getApplication();
    app.signIn(matrix);
    Documents.ROWS.clear();
    Robolectric.setupContentProvider(Documents.class, AUTHORITY);
  }

  @After
  public void tearDown() {
    threads.shutdownNow();
    server.close();
  }

  /** A document the provider describes (or not, with a null name) and serves from {@code in}. */
  private Uri document(String id, String name, long size, InputStream in) {
    Uri uri = Uri.parse("content://" + AUTHORITY + "/document/" + id);
    if (name != null) Documents.ROWS.put(uri, new Object[] {name, size});
    ShadowContentResolver resolver = Shadow.extract(app.getContentResolver());
    resolver.registerInputStream(uri, in);
    return uri;
  }

  /** Opens the screen, taps "choose" and answers the picker with {@code uri}. */
  private ActivityController<UploadActivity> pick(Uri uri) {
    ActivityController<UploadActivity> controller =
        Robolectric.buildActivity(UploadActivity.class).setup();
    UploadActivity activity = controller.get();
    assertTrue(activity.choose().isEnabled());
    activity.choose().performClick();
    ShadowActivity shadow = Shadow.extract(activity);
    ShadowActivity.IntentForResult picker = shadow.getNextStartedActivityForResult();
    assertNotNull(picker, "tapping choose starts the picker");
    assertEquals(Intent.ACTION_OPEN_DOCUMENT, picker.intent.getAction());
    assertTrue(picker.intent.hasCategory(Intent.CATEGORY_OPENABLE));
    assertEquals(UploadActivity.REQUEST_PICK, picker.requestCode);
    shadow.receiveResult(picker.intent, Activity.RESULT_OK, new Intent().setData(uri));
    return controller;
  }

  private static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  @Test
  public void aPickedDocumentIsUploadedEncryptedWithProgressAndAddedToTheList() throws Exception {
    byte[] content = random(700_000, 1);
    Uri uri = document("1", "holiday.jpg", content.length, new ByteArrayInputStream(content));

    ActivityController<UploadActivity> controller = pick(uri);
    UploadActivity activity = controller.get();
    assertFalse(activity.choose().isEnabled(), "one upload at a time");
    assertTrue(activity.cancel().isEnabled());
    idleMainUntil("upload done", () -> activity.running() == null);

    assertEquals(Messages.uploaded("holiday.jpg", server.uploads().get(0).mxcUri().toString()),
        activity.status().getText().toString());
    assertEquals(UploadActivity.PROGRESS_MAX, activity.progress().getProgress());
    RecordedUpload received = server.uploads().get(0);
    assertTrue(received.stored());
    assertEquals("application/octet-stream", received.contentType());
    assertNull(received.fileName(), "the document's name never reaches the server");
    assertEquals(content.length, received.declaredLength(), "the provider's size is declared");
    List<MediaItem> gallery = app.gallery();
    assertEquals(1, gallery.size());
    assertEquals("holiday.jpg (uploaded, encrypted)", gallery.get(0).caption());
    EncryptedFile file = gallery.get(0).request().encryptedFile();
    assertNotNull(file);
    try (MediaResponse response = app.mediaClient().newCall(gallery.get(0).request()).execute()) {
      assertArrayEquals(content, response.source().readByteArray(),
          "downloaded back through 307 + key + RFC 8188 + E2EE, identical");
    }
    controller.pause().stop().destroy();
  }

  @Test
  public void aDocumentOfUnknownSizeIsUploadedChunked() throws Exception {
    byte[] content = random(100_000, 2);
    Uri uri = document("2", null, -1, new ByteArrayInputStream(content));

    UploadActivity activity = pick(uri).get();
    idleMainUntil("upload done", () -> activity.running() == null);

    RecordedUpload received = server.uploads().get(0);
    assertTrue(received.stored(), activity.status().getText().toString());
    assertEquals(-1, received.declaredLength());
    assertEquals(content.length, received.receivedLength());
  }

  /** Hands out {@code first} bytes, then blocks until released, then ends. */
  private static final class StallingStream extends InputStream {
    private final CountDownLatch release = new CountDownLatch(1);
    private int left;

    StallingStream(int first) {
      this.left = first;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left > 0) {
        int n = Math.min(len, left);
        left -= n;
        return n;
      }
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        throw new java.io.InterruptedIOException();
      }
      return -1;
    }
  }

  @Test
  public void cancelStopsTheUploadAndNothingIsStored() throws Exception {
    StallingStream stalling = new StallingStream(256 * 1024);
    Uri uri = document("3", "big.mov", 4 * 1024 * 1024, stalling);

    UploadActivity activity = pick(uri).get();
    idleMainUntil("progress", () -> activity.progress().getProgress() > 0);
    DocumentUploader.Upload upload = activity.running();
    assertNotNull(upload);
    UploadCall call = upload.call();
    assertNotNull(call);

    activity.cancel().performClick();

    assertTrue(call.isCanceled());
    assertEquals(Messages.UPLOAD_CANCELED, activity.status().getText().toString());
    assertTrue(activity.choose().isEnabled());
    assertFalse(activity.cancel().isEnabled());
    stalling.release.countDown();
    idleMainUntil("the upload thread let go", upload::isFinished);
    assertEquals(Messages.UPLOAD_CANCELED, activity.status().getText().toString(),
        "a canceled upload reports no failure");
    for (RecordedUpload received : server.uploads()) {
      assertFalse(received.stored(), "nothing was stored: " + received);
    }
    assertTrue(app.gallery().isEmpty());
  }

  @Test
  public void leavingTheScreenCancelsTheUpload() throws Exception {
    StallingStream stalling = new StallingStream(128 * 1024);
    Uri uri = document("4", "long.mp4", 1024 * 1024, stalling);
    ActivityController<UploadActivity> controller = pick(uri);
    idleMainUntil("progress", () -> controller.get().progress().getProgress() > 0);
    DocumentUploader.Upload upload = controller.get().running();
    assertNotNull(upload);

    controller.pause().stop().destroy();

    assertTrue(upload.call().isCanceled());
    stalling.release.countDown();
    idleMainUntil("the upload thread let go", upload::isFinished);
    assertTrue(server.uploads().stream().noneMatch(RecordedUpload::stored));
  }

  @Test
  public void aDocumentAboveTheServersLimitShowsWhy() throws Exception {
    byte[] content = random(9 * 1024 * 1024, 5);
    Uri uri = document("5", "huge.bin", content.length, new ByteArrayInputStream(content));
    UploadActivity activity = pick(uri).get();
    idleMainUntil("upload done", () -> activity.running() == null);
    assertEquals(Messages.UPLOAD_TOO_LARGE, activity.status().getText().toString());
    assertTrue(server.uploads().isEmpty(), "refused before a byte was sent");
  }

  @Test
  public void withoutASessionNothingCanBePicked() {
    app.signOut();
    UploadActivity activity = Robolectric.buildActivity(UploadActivity.class).setup().get();
    assertFalse(activity.choose().isEnabled());
    assertEquals(Messages.NOT_SIGNED_IN, activity.status().getText().toString());
  }

  /**
   * Runs the main looper until {@code done}, blocking between rounds until a background thread
   * posts to it (no sleeps). The deadline only turns a hang into a failure.
   */
  private static void idleMainUntil(String what, BooleanSupplier done) {
    ShadowPausedLooper main = Shadow.extract(Looper.getMainLooper());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    main.idle();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) fail("timed out waiting for " + what);
      main.poll(200);
      main.idle();
    }
  }
}
