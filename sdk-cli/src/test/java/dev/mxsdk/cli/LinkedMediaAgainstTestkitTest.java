package dev.mxsdk.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mxsdk.core.MatrixApiException;
import dev.mxsdk.core.MatrixClient;
import dev.mxsdk.core.MxcUri;
import dev.mxsdk.media.MediaCache;
import dev.mxsdk.media.MediaCachePolicy;
import dev.mxsdk.media.MediaClient;
import dev.mxsdk.media.MediaNotAttachedException;
import dev.mxsdk.media.MediaNotViewableException;
import dev.mxsdk.media.MediaOptions;
import dev.mxsdk.media.MediaRequest;
import dev.mxsdk.media.MediaReservation;
import dev.mxsdk.media.MediaResponse;
import dev.mxsdk.media.UploadRequest;
import dev.mxsdk.media.UploadResult;
import dev.mxsdk.media.server.MediaLink;
import dev.mxsdk.media.server.MediaServer;
import dev.mxsdk.testkit.RecordedRequest;
import dev.mxsdk.testkit.TestHomeserver;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MSC3910 (content tokens) and MSC3911 (linking media to events) end to end: the SDK against the
 * testkit with each switch on. Without the token a download is refused, with it it works; the
 * token reaches the homeserver and never the CDN, the local media server's URL or the disk cache;
 * restricted media is visible to its uploader only until attached; copy makes new, unattached
 * media.
 */
final class LinkedMediaAgainstTestkitTest {
  private static final String ALICE = "syt_alice_token_0123456789";
  private static final String BOB = "syt_bob_token_9876543210";
  private static final String HEADER = "X-Matrix-Content-Token";
  private static final byte[] CONTENT = "content for the linked media tests"
      .getBytes(StandardCharsets.UTF_8);

  private TestHomeserver server;
  private final List<MatrixClient> clients = new ArrayList<>();
  @TempDir Path dir;

  @AfterEach
  void tearDown() {
    for (MatrixClient c : clients) Cli.shutdown(c);
    if (server != null) server.close();
  }

  private MediaClient client(String token, MediaCache cache) {
    OkHttpClient ok = Cli.okHttpClient().build();
    MatrixClient matrix = Cli.matrixClient(HttpUrl.get(server.baseUrl()), token, ok, true);
    clients.add(matrix);
    return MediaClient.builder(matrix).defaultOptions(MediaOptions.defaults()).cache(cache)
        .build();
  }

  private MediaClient client(String token) {
    return client(token, null);
  }

  private static byte[] read(MediaClient client, MediaRequest request) throws IOException {
    try (MediaResponse response = client.newCall(request).execute()) {
      return response.source().readByteArray();
    }
  }

  private void assertNoCdnRequestCarriedTheToken() {
    assertFalse(server.cdnRequests().isEmpty(), "the downloads went through the CDN");
    for (RecordedRequest r : server.cdnRequests()) {
      assertNull(r.header(HEADER), "the CDN got the content token");
      assertNull(r.header("Authorization"));
    }
  }

  @Test
  void anUploadsContentTokenIsNeededToDownloadItAndReachesOnlyTheHomeserver() throws Exception {
    server = TestHomeserver.newBuilder().accessToken(ALICE).contentTokens(true).start();
    MediaClient alice = client(ALICE);
    UploadResult uploaded = alice.newUpload(UploadRequest.bytes(CONTENT)
        .contentType("text/plain").build()).execute();
    String token = uploaded.contentToken();
    assertNotNull(token);
    assertEquals(token, server.contentToken(uploaded.mxcUri()));

    MediaNotViewableException missing = assertThrows(MediaNotViewableException.class,
        () -> read(alice, MediaRequest.download(uploaded.mxcUri())));
    assertEquals(401, missing.status());
    assertTrue(missing.contentTokenMissing());
    String wrongToken = "wrong" + token.substring(5);
    MediaNotViewableException wrong = assertThrows(MediaNotViewableException.class,
        () -> read(alice, MediaRequest.download(uploaded.mxcUri()).newBuilder()
            .contentToken(wrongToken).build()));
    assertEquals(403, wrong.status());
    assertEquals("M_UNAUTHORIZED", wrong.errcode());
    assertFalse(wrong.getMessage().contains(wrongToken), wrong.getMessage());

    server.clearRecordedRequests();
    MediaRequest request = MediaRequest.download(uploaded.mxcUri()).newBuilder()
        .contentToken(token).build();
    assertArrayEquals(CONTENT, read(alice, request));
    boolean homeserverGotIt = false;
    for (RecordedRequest r : server.homeserverRequests()) {
      if (r.path().contains("/download/")) homeserverGotIt |= token.equals(r.header(HEADER));
      assertFalse(r.toString().contains(token), "a recorded request shows the token");
    }
    assertTrue(homeserverGotIt);
    assertNoCdnRequestCarriedTheToken();
  }

  @Test
  void aTokenForMediaWithoutOneIsRefusedAsTheProposalSays() throws Exception {
    server = TestHomeserver.newBuilder().accessToken(ALICE).start();
    MxcUri legacy = server.seed(CONTENT, "text/plain", null);
    assertNull(server.contentToken(legacy));
    // Switch off: the header is ignored, the download works.
    assertArrayEquals(CONTENT, read(client(ALICE), MediaRequest.download(legacy).newBuilder()
        .contentToken("anything").build()));
    server.close();

    server = TestHomeserver.newBuilder().accessToken(ALICE).contentTokens(true).start();
    MxcUri seeded = server.seed(CONTENT, "text/plain", null);
    String token = server.contentToken(seeded);
    assertNotNull(token);
    MediaNotViewableException e = assertThrows(MediaNotViewableException.class,
        () -> read(client(ALICE), MediaRequest.download(seeded).newBuilder()
            .contentToken(token + "x").build()));
    assertEquals(403, e.status());
  }

  @Test
  void anUploadIntoAReservationGetsAContentTokenToo() throws Exception {
    server = TestHomeserver.newBuilder().accessToken(ALICE).contentTokens(true).start();
    MediaClient alice = client(ALICE);
    MediaReservation reservation = alice.createMedia();
    UploadResult uploaded = alice.newUpload(UploadRequest.bytes(CONTENT)
        .reservation(reservation).build()).execute();
    assertNotNull(uploaded.contentToken());
    assertArrayEquals(CONTENT, read(alice, MediaRequest.download(reservation.mxcUri())
        .newBuilder().contentToken(uploaded.contentToken()).build()));
  }

  @Test
  void aTokenedDownloadThroughTheCacheAndTheLocalMediaServerLeavesTheTokenNowhere()
      throws Exception {
    server = TestHomeserver.newBuilder().accessToken(ALICE).contentTokens(true).start();
    MxcUri mxc = server.seed(CONTENT, "text/plain", "note.txt");
    String token = server.contentToken(mxc);
    Path cacheDir = dir.resolve("cache");
    try (MediaCache cache = MediaCache.open(cacheDir.toFile(), MediaCachePolicy.defaults());
        MediaServer local = MediaServer.builder().spoolDirectory(dir.toFile()).build()) {
      MediaClient alice = client(ALICE, cache);
      local.start();
      MediaLink link = local.url(alice, MediaRequest.download(mxc).newBuilder()
          .contentToken(token).build());
      assertFalse(link.url().contains(token), "the local URL carries the token");
      assertFalse(link.toString().contains(token), link.toString());
      HttpURLConnection connection = (HttpURLConnection) new URL(link.url()).openConnection();
      try (InputStream in = connection.getInputStream()) {
        assertEquals(200, connection.getResponseCode());
        assertArrayEquals(CONTENT, in.readAllBytes());
      }
      // The cache now holds the media: a hit needs no server, and no file holds the token.
      server.clearRecordedRequests();
      assertArrayEquals(CONTENT, read(alice, MediaRequest.download(mxc).newBuilder()
          .contentToken(token).build()));
    }
    assertNoCdnRequestCarriedTheTokenIfAny();
    byte[] needle = token.getBytes(StandardCharsets.UTF_8);
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        assertFalse(p.toString().contains(token), p.toString());
        if (Files.isRegularFile(p)) {
          String text = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
          assertFalse(text.contains(new String(needle, StandardCharsets.ISO_8859_1)),
              "the token is in " + p);
        }
      }
    }
  }

  private void assertNoCdnRequestCarriedTheTokenIfAny() {
    for (RecordedRequest r : server.cdnRequests()) assertNull(r.header(HEADER));
  }

  @Test
  void restrictedMediaIsVisibleToItsUploaderOnlyUntilAttached() throws Exception {
    server = TestHomeserver.newBuilder().accessToken(ALICE).accessToken(BOB)
        .linkedMedia(true).start();
    MediaClient alice = client(ALICE);
    MediaClient bob = client(BOB);
    assertTrue(alice.supportsLinkedMedia());

    UploadResult uploaded = alice.newUpload(UploadRequest.bytes(CONTENT).restricted(true)
        .build()).execute();
    MxcUri mxc = uploaded.mxcUri();
    assertTrue(server.isRestricted(mxc));
    assertArrayEquals(CONTENT, read(alice, MediaRequest.download(mxc)));
    MediaNotAttachedException e = assertThrows(MediaNotAttachedException.class,
        () -> read(bob, MediaRequest.download(mxc)));
    assertEquals(403, e.status());
    assertFalse(e.getMessage().contains(ALICE) || e.getMessage().contains(BOB), e.getMessage());

    server.attach(mxc);
    assertArrayEquals(CONTENT, read(bob, MediaRequest.download(mxc)));
    assertThrows(IllegalStateException.class, () -> server.attach(mxc));
  }

  @Test
  void copyMakesNewUnattachedMediaOfTheCaller() throws Exception {
    server = TestHomeserver.newBuilder().accessToken(ALICE).accessToken(BOB)
        .linkedMedia(true).start();
    MediaClient alice = client(ALICE);
    MediaClient bob = client(BOB);
    MxcUri original = alice.newUpload(UploadRequest.bytes(CONTENT).restricted(true).build())
        .execute().mxcUri();

    MediaNotAttachedException hidden = assertThrows(MediaNotAttachedException.class,
        () -> bob.copy(original));
    assertEquals(403, hidden.status());

    server.attach(original);
    MxcUri copy = bob.copy(original);
    assertNotEquals(original, copy);
    assertTrue(server.isRestricted(copy));
    assertArrayEquals(CONTENT, read(bob, MediaRequest.download(copy)));
    assertThrows(MediaNotAttachedException.class, () -> read(alice, MediaRequest.download(copy)));
    server.attach(copy);
    assertArrayEquals(CONTENT, read(alice, MediaRequest.download(copy)));

    int copies = 0;
    for (RecordedRequest r : server.homeserverRequests()) {
      if (r.path().startsWith("/_matrix/client/unstable/org.matrix.msc3911/media/copy/")) copies++;
    }
    assertEquals(2, copies, "one refused, one made; neither retried");
  }

  @Test
  void aServerWithoutTheSwitchAnswersTheEndpointsAsUnknown() throws Exception {
    server = TestHomeserver.newBuilder().accessToken(ALICE).start();
    MediaClient alice = client(ALICE);
    assertFalse(alice.supportsLinkedMedia());
    MatrixApiException upload = assertThrows(MatrixApiException.class, () -> alice.newUpload(
        UploadRequest.bytes(CONTENT).restricted(true).build()).execute());
    assertEquals("M_UNRECOGNIZED", upload.errcode());
    MxcUri seeded = server.seed(CONTENT, "text/plain", null);
    MatrixApiException copy = assertThrows(MatrixApiException.class, () -> alice.copy(seeded));
    assertEquals("M_UNRECOGNIZED", copy.errcode());
  }
}
