package dev.mxsdk.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import android.graphics.Bitmap;
import android.graphics.drawable.BitmapDrawable;
import android.os.Looper;
import android.view.View;
import android.widget.ListView;
import dev.mxsdk.core.MatrixClient;
import dev.mxsdk.core.MxcUri;
import dev.mxsdk.media.EncryptedFile;
import dev.mxsdk.media.MediaCache;
import dev.mxsdk.media.MediaCall;
import dev.mxsdk.media.MediaRequest;
import dev.mxsdk.testkit.Faults;
import dev.mxsdk.testkit.RecordedRequest;
import dev.mxsdk.testkit.TestHomeserver;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.imageio.ImageIO;
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
import org.robolectric.annotation.GraphicsMode;
import org.robolectric.shadow.api.Shadow;
import org.robolectric.shadows.ShadowPausedLooper;

/**
 * The sample app against the testkit's homeserver and MSC4097 CDN over TLS: the Activity is
 * launched by Robolectric, the SDK runs for real on OkHttp's threads, and results come back
 * through the main looper.
 */
@RunWith(RobolectricTestRunner.class)
@Config(sdk = 34, application = SampleApplication.class)
@GraphicsMode(GraphicsMode.Mode.NATIVE)
public final class MediaListActivityTest {
  private TestHomeserver server;
  private ExecutorService downloads;
  private SampleApplication app;

  @Before
  public void setUp() throws IOException {
    server = TestHomeserver.newBuilder().tls(true).start();
    // The dispatcher's executor runs the SDK's enqueued calls: the tests watch it go idle.
    downloads = Executors.newCachedThreadPool();
    OkHttpClient http = new OkHttpClient.Builder()
        .dispatcher(new Dispatcher(downloads))
        .sslSocketFactory(server.sslContext().getSocketFactory(), server.trustManager())
        .build();
    MatrixClient matrix = MatrixClient.builder()
        .homeserver(server.baseUrl())
        .accessTokenProvider(server::accessToken)
        .okHttpClient(http)
        .build();
    app = (SampleApplication) RuntimeEnvironment.getApplication();
    app.signIn(matrix);
  }

  @After
  public void tearDown() {
    downloads.shutdownNow();
    server.close();
  }

  @Test
  public void plainAndEncryptedImagesAreShownAsTheirDecryptedOriginals() throws IOException {
    BufferedImage plain = pattern(64, 48, 1);
    BufferedImage secret = pattern(80, 60, 2);
    MxcUri plainUri = server.seed(png(plain), "image/png", "plain.png");
    EncryptedFile secretFile = server.seedEncrypted(png(secret));
    app.showGallery(Arrays.asList(
        MediaItem.of("plain", MediaRequest.download(plainUri)),
        MediaItem.of("end-to-end encrypted", MediaRequest.download(secretFile))));

    ActivityController<MediaListActivity> controller = launch(2);

    assertSamePixels(plain, bitmapOf(row(controller, 0)));
    assertSamePixels(secret, bitmapOf(row(controller, 1)));
    assertEquals("plain", row(controller, 0).caption().getText().toString());
    // Both went through the full flow: authenticated on the homeserver, keyed 307, aes128gcm CDN.
    List<RecordedRequest> cdn = server.cdnRequests();
    assertEquals(2, cdn.size());
    for (RecordedRequest hop : cdn) {
      assertNull(hop.header("Authorization"), "the access token must not reach the CDN");
      assertEquals("aes128gcm", hop.header("Accept-Encoding"));
    }
    // Decoded bitmaps are cached under the stable key, not under a CDN URL.
    assertNotNull(app.bitmapCache().get(MediaRequest.download(plainUri)));
    assertNotNull(app.bitmapCache().get(MediaRequest.download(secretFile)));
    assertNoScratchFilesLeft();
  }

  @Test
  public void aLargeImageIsDecodedWithSamplingToAboutTheRowSize() throws IOException {
    // 4000 x 3000 pixels would take 48 MB as ARGB_8888; 500 px squares survive sampling.
    BufferedImage large = squares(4000, 3000, 500);
    MxcUri uri = server.seed(png(large), "image/png", "large.png");
    app.showGallery(Arrays.asList(MediaItem.of("large", MediaRequest.download(uri))));

    ActivityController<MediaListActivity> controller = launch(1);

    Bitmap bitmap = bitmapOf(row(controller, 0));
    int sample = 4000 / bitmap.getWidth();
    assertTrue(sample >= 8, "expected a sampled bitmap but got " + bitmap.getWidth() + "x"
        + bitmap.getHeight());
    int rowHeight = row(controller, 0).image().getHeight();
    assertTrue((long) bitmap.getWidth() * bitmap.getHeight()
            <= 4L * controller.get().getResources().getDisplayMetrics().widthPixels * rowHeight,
        "the decoded bitmap must stay within four times the row's pixels");
    // Each square's centre has the original's colour.
    for (int y = 250; y < 3000; y += 500) {
      for (int x = 250; x < 4000; x += 500) {
        assertEquals(0xFF000000 | large.getRGB(x, y),
            bitmap.getPixel(x * bitmap.getWidth() / 4000, y * bitmap.getHeight() / 3000),
            "square at " + x + "," + y);
      }
    }
  }

  @Test
  public void aTamperedCdnStreamShowsTheErrorState() throws IOException {
    EncryptedFile file = server.seedEncrypted(png(pattern(64, 48, 3)));
    server.faults().corruptCdnBody(100, 1);
    app.showGallery(Arrays.asList(MediaItem.of("tampered", MediaRequest.download(file))));

    ActivityController<MediaListActivity> controller = launch(1);

    MediaRowView row = row(controller, 0);
    assertTrue(row.isShowingError());
    assertEquals(Messages.DAMAGED, row.caption().getText().toString());
    assertNull(row.image().getDrawable(), "no image may be shown from a tampered stream");
    assertEquals(View.GONE, row.image().getVisibility());
    assertEquals(View.GONE, row.progress().getVisibility());
    assertNull(app.bitmapCache().get(MediaRequest.download(file)));
    assertNoScratchFilesLeft();
  }

  @Test
  public void leavingTheActivityCancelsItsDownloads() throws Exception {
    byte[] big = new byte[2 * 1024 * 1024];
    new Random(4).nextBytes(big);
    MxcUri uri = server.seed(big, "image/png", "slow.png");
    // 1 KiB every 100 ms: the whole body would take about half an hour.
    server.faults().slowCdnBody(1024, 100, Faults.ALWAYS);
    app.showGallery(Arrays.asList(MediaItem.of("slow", MediaRequest.download(uri))));

    ActivityController<MediaListActivity> controller =
        Robolectric.buildActivity(MediaListActivity.class).setup();
    MediaLoader loader = controller.get().loader();
    assertNotNull(loader);
    // Wait until the body is streaming: progress has reached the row.
    idleMainUntil("download progress", () -> rowCount(controller) == 1
        && !row(controller, 0).progress().isIndeterminate()
        && row(controller, 0).progress().getProgress() > 0);
    List<MediaCall> calls = loader.inFlightCalls();
    assertEquals(1, calls.size());
    assertFalse(calls.get(0).isCanceled());

    controller.pause().stop().destroy();

    assertTrue(calls.get(0).isCanceled());
    assertTrue(loader.inFlightCalls().isEmpty());
    // The download thread is released long before the body could have ended.
    downloads.shutdown();
    assertTrue(downloads.awaitTermination(30, TimeUnit.SECONDS),
        "the canceled download kept its thread");
    shadowMainLooper().idle();
    assertFalse(row(controller, 0).isShowingError(), "a canceled load shows no error");
    assertNull(app.bitmapCache().get(MediaRequest.download(uri)));
    assertEquals(1, server.cdnRequests().size(), "a canceled load is not retried");
    assertNoScratchFilesLeft();
  }

  @Test
  public void rowsScrolledOutOfViewCancelTheirLoads() throws IOException {
    List<MediaItem> items = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      byte[] body = new byte[256 * 1024];
      new Random(i).nextBytes(body);
      items.add(MediaItem.of("slow " + i,
          MediaRequest.download(server.seed(body, "image/png", "slow" + i + ".png"))));
    }
    server.faults().slowCdnBody(1024, 100, Faults.ALWAYS);
    app.showGallery(items);
    ActivityController<MediaListActivity> controller =
        Robolectric.buildActivity(MediaListActivity.class).setup();
    MediaLoader loader = controller.get().loader();
    assertNotNull(loader);
    idleMainUntil("rows loading", () -> rowCount(controller) > 0);
    int visible = rowCount(controller);
    assertTrue(visible < items.size(), "the list must not fit on the screen");
    List<MediaCall> firstScreen = loader.inFlightCalls();
    assertEquals(visible, firstScreen.size(), "only visible rows load");

    ListView list = controller.get().list();
    assertNotNull(list);
    list.setSelection(items.size() - 1);
    shadowMainLooper().idle();

    for (MediaCall call : firstScreen) {
      assertTrue(call.isCanceled(), () -> call + " went out of view but was not canceled");
    }
    List<MediaCall> secondScreen = loader.inFlightCalls();
    assertEquals(rowCount(controller), secondScreen.size());
    List<String> firstKeys = new ArrayList<>();
    firstScreen.forEach(call -> firstKeys.add(call.request().cacheKey()));
    for (MediaCall call : secondScreen) {
      assertFalse(call.isCanceled());
      assertFalse(firstKeys.contains(call.request().cacheKey()), () -> call + " is off screen");
    }
    assertTrue(secondScreen.stream().anyMatch(call -> call.request().cacheKey()
        .equals(items.get(items.size() - 1).request().cacheKey())), "the last row loads");
    controller.pause().stop().destroy();
    for (MediaCall call : secondScreen) {
      assertTrue(call.isCanceled());
    }
  }

  @Test
  public void comingBackShowsCachedBitmapsWithoutDownloadingAgain() throws IOException {
    BufferedImage plain = pattern(64, 48, 5);
    BufferedImage secret = pattern(48, 64, 6);
    MxcUri plainUri = server.seed(png(plain), "image/png", "plain.png");
    EncryptedFile secretFile = server.seedEncrypted(png(secret));
    app.showGallery(Arrays.asList(
        MediaItem.of("plain", MediaRequest.download(plainUri)),
        MediaItem.of("secret", MediaRequest.download(secretFile))));
    ActivityController<MediaListActivity> first = launch(2);
    Bitmap shown = bitmapOf(row(first, 1));
    first.pause().stop().destroy();
    server.clearRecordedRequests();

    ActivityController<MediaListActivity> second = launch(2);

    assertSame(shown, bitmapOf(row(second, 1)));
    assertSamePixels(plain, bitmapOf(row(second, 0)));
    assertTrue(server.homeserverRequests().isEmpty(), "nothing may be downloaded again");
    assertTrue(server.cdnRequests().isEmpty(), "nothing may be downloaded again");
  }

  @Test
  public void withTheBitmapsGoneASecondLoadComesFromTheDiskCacheWithoutARequest()
      throws IOException {
    BufferedImage plain = pattern(64, 48, 9);
    BufferedImage secret = pattern(48, 64, 10);
    MxcUri plainUri = server.seed(png(plain), "image/png", "plain.png");
    byte[] secretPng = png(secret);
    EncryptedFile secretFile = server.seedEncrypted(secretPng);
    app.showGallery(Arrays.asList(
        MediaItem.of("plain", MediaRequest.download(plainUri)),
        MediaItem.of("secret", MediaRequest.download(secretFile))));
    launch(2).pause().stop().destroy();
    // As after the process was killed: no bitmap in memory and a new MatrixClient, which knows
    // nothing of the server (not even /versions); the disk cache is all that is left.
    app.bitmapCache().clear();
    app.signIn(MatrixClient.builder()
        .homeserver(server.baseUrl())
        .accessTokenProvider(server::accessToken)
        .okHttpClient(new OkHttpClient.Builder()
            .dispatcher(new Dispatcher(downloads))
            .sslSocketFactory(server.sslContext().getSocketFactory(), server.trustManager())
            .build())
        .build());
    server.clearRecordedRequests();

    ActivityController<MediaListActivity> second = launch(2);

    assertSamePixels(plain, bitmapOf(row(second, 0)));
    assertSamePixels(secret, bitmapOf(row(second, 1)));
    assertTrue(server.homeserverRequests().isEmpty(), "a disk cache hit makes no request");
    assertTrue(server.cdnRequests().isEmpty(), "a disk cache hit makes no request");
    MediaCache cache = app.mediaCache();
    assertNotNull(cache);
    assertEquals(new File(app.getCacheDir(), "mxsdk-media").getCanonicalFile(),
        cache.directory());
    assertEquals(2, cache.stats().hitCount());
    assertNoFileUnderHolds(cache.directory(), secretPng);
    assertNoScratchFilesLeft();
  }

  /** No file below {@code dir} contains 32 consecutive bytes of {@code plaintext}. */
  private static void assertNoFileUnderHolds(File dir, byte[] plaintext) throws IOException {
    try (java.util.stream.Stream<java.nio.file.Path> walk = java.nio.file.Files.walk(dir.toPath())) {
      for (java.nio.file.Path p
          : (Iterable<java.nio.file.Path>) walk.filter(java.nio.file.Files::isRegularFile)::iterator) {
        okio.Buffer bytes = new okio.Buffer().write(java.nio.file.Files.readAllBytes(p));
        for (int offset = 0; offset + 32 <= plaintext.length; offset += 512) {
          assertEquals(-1, bytes.indexOf(okio.ByteString.of(plaintext, offset, 32)),
              p + " holds plaintext of an E2EE image");
        }
      }
    }
  }

  @Test
  public void signingOutClearsTheDiskCache() throws IOException {
    MxcUri uri = server.seed(png(pattern(20, 20, 11)), "image/png", "p.png");
    app.showGallery(Arrays.asList(MediaItem.of("p", MediaRequest.download(uri))));
    launch(1).pause().stop().destroy();
    MediaCache cache = app.mediaCache();
    assertNotNull(cache);
    assertEquals(1, cache.stats().entryCount());
    app.signOut();
    assertEquals(0, cache.stats().entryCount());
  }

  @Test
  public void withoutASessionTheSignInFormIsShown() {
    app.signOut();

    MediaListActivity activity = Robolectric.buildActivity(MediaListActivity.class).setup().get();

    assertNull(activity.list());
    assertNull(activity.loader());
    SignInForm form = activity.signInForm();
    assertNotNull(form);
    assertFalse(form.accessToken().isSaveEnabled(), "the token must not go into saved state");
    assertFalse(form.media().isSaveEnabled(), "keys must not go into saved state");
  }

  @Test
  public void signingInThroughTheFormShowsTheMedia() throws IOException {
    app.signOut();
    // What a developer runs with `mxmedia serve` behind `adb reverse`: plain http on loopback.
    try (TestHomeserver local = TestHomeserver.newBuilder().start()) {
      BufferedImage plain = pattern(40, 30, 7);
      BufferedImage secret = pattern(30, 40, 8);
      MxcUri plainUri = local.seed(png(plain), "image/png", "plain.png");
      EncryptedFile secretFile = local.seedEncrypted(png(secret));
      ActivityController<MediaListActivity> controller =
          Robolectric.buildActivity(MediaListActivity.class).setup();
      SignInForm form = controller.get().signInForm();
      assertNotNull(form);

      form.homeserver().setText(local.baseUrl());
      form.accessToken().setText(local.accessToken());
      form.media().setText(plainUri + "\n");
      form.show().performClick();
      // Plain http is refused unless the loopback box is ticked.
      assertEquals(View.VISIBLE, form.error().getVisibility());
      assertNull(app.mediaClient());

      form.media().setText(plainUri + "\n" + secretFile.toJson() + "\n");
      form.allowInsecureLoopback().setChecked(true);
      form.show().performClick();

      assertNotNull(app.mediaClient());
      assertEquals("", form.accessToken().getText().toString(), "the token field is cleared");
      idleMainUntil("2 rows loaded", () -> rowCount(controller) == 2
          && controller.get().loader() != null && controller.get().loader().inFlightCalls().isEmpty());
      assertSamePixels(plain, bitmapOf(row(controller, 0)));
      assertSamePixels(secret, bitmapOf(row(controller, 1)));
      assertTrue(local.homeserverRequests().stream().anyMatch(
          r -> ("Bearer " + local.accessToken()).equals(r.header("Authorization"))));
      controller.pause().stop().destroy();
    }
  }

  @Test
  public void theAppRunsOnTheOkHttpVersionTheBuildSelected() throws Exception {
    String expected = System.getProperty("mxsdk.expected.okhttp");
    assertNotNull(expected, "surefire must set mxsdk.expected.okhttp");
    // Read reflectively: OkHttp.VERSION is a constant that javac would inline.
    assertEquals(expected, okhttp3.OkHttp.class.getField("VERSION").get(null));
  }

  /** Launches the Activity and runs the main looper until {@code rows} rows have settled. */
  private ActivityController<MediaListActivity> launch(int rows) {
    ActivityController<MediaListActivity> controller =
        Robolectric.buildActivity(MediaListActivity.class).setup();
    MediaLoader loader = controller.get().loader();
    assertNotNull(loader);
    idleMainUntil(rows + " rows loaded",
        () -> rowCount(controller) == rows && loader.inFlightCalls().isEmpty());
    return controller;
  }

  /**
   * Runs the main looper until {@code done}, blocking between rounds until a background thread
   * posts to it (no sleeps). The deadline only turns a hang into a failure.
   */
  private static void idleMainUntil(String what, BooleanSupplier done) {
    ShadowPausedLooper main = shadowMainLooper();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    main.idle();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) fail("timed out waiting for " + what);
      main.poll(1000);
      main.idle();
    }
  }

  private static ShadowPausedLooper shadowMainLooper() {
    return Shadow.extract(Looper.getMainLooper());
  }

  private static int rowCount(ActivityController<MediaListActivity> controller) {
    ListView list = controller.get().list();
    return list == null ? 0 : list.getChildCount();
  }

  private static MediaRowView row(ActivityController<MediaListActivity> controller, int position) {
    ListView list = controller.get().list();
    assertNotNull(list);
    return (MediaRowView) list.getChildAt(position - list.getFirstVisiblePosition());
  }

  private static Bitmap bitmapOf(MediaRowView row) {
    assertFalse(row.isShowingError(), () -> "row failed: " + row.caption().getText());
    BitmapDrawable drawable = assertInstanceOf(BitmapDrawable.class, row.image().getDrawable());
    return drawable.getBitmap();
  }

  private void assertNoScratchFilesLeft() {
    File[] left = new File(app.getCacheDir(), "media-scratch").listFiles();
    assertTrue(left == null || left.length == 0, () -> "left behind: " + Arrays.toString(left));
    File[] spooled = app.getCacheDir().listFiles(File::isFile);
    assertTrue(spooled == null || spooled.length == 0,
        () -> "spool files left behind: " + Arrays.toString(spooled));
  }

  private static void assertSamePixels(BufferedImage expected, Bitmap actual) {
    assertEquals(expected.getWidth(), actual.getWidth(), "width");
    assertEquals(expected.getHeight(), actual.getHeight(), "height");
    for (int y = 0; y < expected.getHeight(); y++) {
      for (int x = 0; x < expected.getWidth(); x++) {
        int want = 0xFF000000 | expected.getRGB(x, y);
        int got = actual.getPixel(x, y);
        if (want != got) {
          fail(String.format("pixel %d,%d: expected %08x but was %08x", x, y, want, got));
        }
      }
    }
  }

  /** An image whose every pixel differs from its neighbours, different per seed. */
  private static BufferedImage pattern(int width, int height, int seed) {
    Random random = new Random(seed);
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, random.nextInt() & 0xFFFFFF);
      }
    }
    return image;
  }

  /** Solid squares of {@code side} pixels, each its own colour. */
  private static BufferedImage squares(int width, int height, int side) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int sx = x / side;
        int sy = y / side;
        image.setRGB(x, y, (sx * 30) << 16 | (sy * 40) << 8 | ((sx + sy) * 17 & 0xFF));
      }
    }
    return image;
  }

  private static byte[] png(BufferedImage image) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertTrue(ImageIO.write(image, "png", out));
    return out.toByteArray();
  }
}
