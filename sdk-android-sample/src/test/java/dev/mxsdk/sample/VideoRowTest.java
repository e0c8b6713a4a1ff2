package dev.mxsdk.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import android.os.Looper;
import android.widget.ListView;
import dev.mxsdk.core.MatrixClient;
import dev.mxsdk.core.MxcUri;
import dev.mxsdk.media.EncryptedFile;
import dev.mxsdk.media.MediaRequest;
import dev.mxsdk.media.server.MediaLink;
import dev.mxsdk.testkit.TestHomeserver;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
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
import org.robolectric.shadows.ShadowPausedLooper;
import org.robolectric.shadows.ShadowVideoView;

/**
 * The sample's video rows: the {@code VideoView} is handed the Activity's local media server's
 * capability URL on 127.0.0.1, which serves the media (plain, or E2EE streamed) through the SDK
 * against the testkit's homeserver and CDN over TLS; a recycled row revokes its link, and the
 * server closes with the Activity. The server itself is tested on the JVM (sdk-media-server).
 */
@RunWith(RobolectricTestRunner.class)
@Config(sdk = 34, application = SampleApplication.class)
public final class VideoRowTest {
  private static final Pattern LINK =
      Pattern.compile("http://127\\.0\\.0\\.1:([0-9]+)/[0-9a-f]{32}/media");

  private TestHomeserver server;
  private SampleApplication app;
  /** Stands in for MediaPlayer: fetches what the VideoView was given, as a player would. */
  private final OkHttpClient player = new OkHttpClient();

  @Before
  public void setUp() throws IOException {
    server = TestHomeserver.newBuilder().tls(true).start();
    OkHttpClient http = new OkHttpClient.Builder()
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
    player.dispatcher().executorService().shutdown();
    server.close();
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  private byte[] fetch(String url, String range) throws IOException {
    Request.Builder request = new Request.Builder().url(url);
    if (range != null) request.header("Range", range);
    try (Response response = player.newCall(request.build()).execute()) {
      assertEquals(range == null ? 200 : 206, response.code());
      return response.body().bytes();
    }
  }

  @Test
  public void aVideoRowPlaysTheServersCapabilityUrlAndTheServerClosesWithTheActivity()
      throws IOException {
    byte[] clip = random(300_000);
    byte[] secret = random(200_000);
    MxcUri clipUri = server.seed(clip, "video/mp4", "clip.mp4");
    EncryptedFile secretFile = server.seedEncrypted(secret);
    app.showGallery(Arrays.asList(
        MediaItem.video("clip", MediaRequest.download(clipUri)),
        MediaItem.video("encrypted clip", MediaRequest.download(secretFile))));

    ActivityController<MediaListActivity> controller =
        Robolectric.buildActivity(MediaListActivity.class).setup();
    shadowMainLooper().idle();
    MediaListActivity activity = controller.get();
    assertNotNull(activity.mediaServerIfStarted(), "showing a video starts the server");
    int port = activity.mediaServerIfStarted().port();

    String plainUrl = playedBy(row(activity, 0));
    String secretUrl = playedBy(row(activity, 1));
    assertEquals(port, portOf(plainUrl));
    assertEquals(port, portOf(secretUrl));
    assertTrue(!plainUrl.equals(secretUrl), "one capability per video");
    assertArrayEquals(clip, fetch(plainUrl, null));
    assertArrayEquals(Arrays.copyOfRange(clip, 299_000, 300_000), fetch(plainUrl, "bytes=-1000"));
    assertArrayEquals(Arrays.copyOfRange(secret, 1000, 2000), fetch(secretUrl, "bytes=1000-1999"));
    assertArrayEquals(secret, fetch(secretUrl, null));
    assertEquals("clip", row(activity, 0).caption().getText().toString());

    controller.pause().stop().destroy();
    for (String url : new String[] {plainUrl, secretUrl}) {
      try (Response gone = player.newCall(new Request.Builder().url(url).build()).execute()) {
        fail("still served after the Activity was destroyed: " + gone.code());
      } catch (IOException expected) {
        // connection refused: the server closed with the Activity
      }
    }
  }

  @Test
  public void aRecycledVideoRowRevokesItsLink() throws IOException {
    MxcUri clipUri = server.seed(random(10_000), "video/mp4", "clip.mp4");
    app.showGallery(Arrays.asList(MediaItem.video("clip", MediaRequest.download(clipUri))));
    ActivityController<MediaListActivity> controller =
        Robolectric.buildActivity(MediaListActivity.class).setup();
    shadowMainLooper().idle();
    VideoRowView row = row(controller.get(), 0);
    MediaLink link = row.link();
    assertNotNull(link);
    String url = playedBy(row);

    row.unbind();

    assertTrue(link.isRevoked());
    assertNull(row.link());
    try (Response revoked = player.newCall(new Request.Builder().url(url).build()).execute()) {
      assertEquals(404, revoked.code());
    }
    controller.pause().stop().destroy();
  }

  @Test
  public void aTypedLineStartingWithVideoIsAVideo() throws Exception {
    MediaItem video = MediaItem.parse("video mxc://example.org/abc");
    assertTrue(video.isVideo());
    assertEquals(MediaRequest.download(MxcUri.parse("mxc://example.org/abc")), video.request());
    assertTrue(!MediaItem.parse("mxc://example.org/abc").isVideo());
  }

  private static String playedBy(VideoRowView row) {
    ShadowVideoView video = Shadow.extract(row.videoView());
    String uri = video.getVideoURIString();
    assertNotNull(uri, "the VideoView was given no URI");
    assertTrue(LINK.matcher(uri).matches(), uri);
    return uri;
  }

  private static int portOf(String url) {
    Matcher m = LINK.matcher(url);
    assertTrue(m.matches(), url);
    return Integer.parseInt(m.group(1));
  }

  private static VideoRowView row(MediaListActivity activity, int position) {
    ListView list = activity.list();
    assertNotNull(list);
    return (VideoRowView) list.getChildAt(position - list.getFirstVisiblePosition());
  }

  private static ShadowPausedLooper shadowMainLooper() {
    return Shadow.extract(Looper.getMainLooper());
  }
}
