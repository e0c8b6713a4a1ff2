package dev.mxsdk.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mxsdk.core.MxcUri;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The MSC3910 and MSC3911 switches from outside, over plain HTTP: what {@code /versions}
 * advertises, the {@code content_token} of uploads and the refusals without it, the restricted
 * upload and copy endpoints and the uploader-only rule.
 */
final class LinkedMediaRoutesTest {
  private static final Pattern CONTENT_URI = Pattern.compile("\"content_uri\":\"(mxc://[^\"]+)\"");
  private static final Pattern CONTENT_TOKEN =
      Pattern.compile("\"content_token\":\"([A-Za-z0-9._~-]{1,255})\"");
  private static final String MSC3911 = "/_matrix/client/unstable/org.matrix.msc3911/media";
  private static final String ALICE = "alice_token_0123456789";
  private static final String BOB = "bob_token_0123456789";
  private static final byte[] CONTENT = "linked".getBytes(StandardCharsets.UTF_8);

  private final Http http = new Http();
  private TestHomeserver server;

  @AfterEach
  void close() {
    if (server != null) server.close();
  }

  private HttpResponse<byte[]> post(String token, String path, String contentType, byte[] body) {
    return http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
        .header("Authorization", "Bearer " + token).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
  }

  private HttpResponse<byte[]> download(String token, MxcUri uri, String... extra) {
    String[] headers = new String[extra.length + 2];
    headers[0] = "Authorization";
    headers[1] = "Bearer " + token;
    System.arraycopy(extra, 0, headers, 2, extra.length);
    return http.get(server.baseUrl() + "/_matrix/client/v1/media/download/" + uri.serverName()
        + "/" + uri.mediaId(), headers);
  }

  private static String group(Pattern pattern, HttpResponse<byte[]> response) {
    Matcher m = pattern.matcher(Http.body(response));
    assertTrue(m.find(), Http.body(response));
    return m.group(1);
  }

  private String versions() {
    return Http.body(http.get(server.baseUrl() + "/_matrix/client/versions"));
  }

  @Test
  void bothSwitchesAreOffByDefaultAndAdvertisedOnlyWhenOn() throws Exception {
    server = TestHomeserver.newBuilder().accessToken(ALICE).cdn(false).start();
    assertFalse(versions().contains("org.matrix.msc3910"), versions());
    assertFalse(versions().contains("org.matrix.msc3911"), versions());
    HttpResponse<byte[]> uploaded = post(ALICE, "/_matrix/media/v3/upload", "text/plain", CONTENT);
    assertFalse(Http.body(uploaded).contains("content_token"), Http.body(uploaded));
    HttpResponse<byte[]> restricted = post(ALICE, MSC3911 + "/upload", "text/plain", CONTENT);
    assertEquals(404, restricted.statusCode());
    assertTrue(Http.body(restricted).contains("M_UNRECOGNIZED"));
    server.close();

    server = TestHomeserver.newBuilder().accessToken(ALICE).contentTokens(true).linkedMedia(true)
        .contentTokens(false).start();
    assertFalse(versions().contains("org.matrix.msc3910"), "switched off again: " + versions());
    assertTrue(versions().contains("\"org.matrix.msc3911\":true"), versions());
  }

  @Test
  void contentTokenMediaNeedsTheTokenInTheHeader() throws Exception {
    server = TestHomeserver.newBuilder().accessToken(ALICE).cdn(false).contentTokens(true).start();
    assertTrue(versions().contains("\"org.matrix.msc3910\":true"), versions());
    HttpResponse<byte[]> uploaded = post(ALICE, "/_matrix/media/v3/upload", "text/plain", CONTENT);
    MxcUri uri = MxcUri.parse(group(CONTENT_URI, uploaded));
    String token = group(CONTENT_TOKEN, uploaded);
    assertEquals(token, server.contentToken(uri));

    HttpResponse<byte[]> none = download(ALICE, uri);
    assertEquals(401, none.statusCode());
    assertTrue(Http.body(none).contains("M_MISSING_CONTENT_TOKEN"), Http.body(none));
    HttpResponse<byte[]> wrong = download(ALICE, uri, MediaAccess.HEADER, token + "x");
    assertEquals(403, wrong.statusCode());
    assertTrue(Http.body(wrong).contains("M_UNAUTHORIZED"), Http.body(wrong));
    assertFalse(Http.body(wrong).contains(token), "the answer quotes the token");
    HttpResponse<byte[]> right = download(ALICE, uri, MediaAccess.HEADER, token);
    assertEquals(200, right.statusCode());
    assertArrayEquals(CONTENT, right.body());
    // The legacy endpoint checks it as well.
    HttpResponse<byte[]> legacy = http.get(server.baseUrl() + "/_matrix/media/v3/download/"
        + uri.serverName() + "/" + uri.mediaId());
    assertEquals(401, legacy.statusCode());
  }

  @Test
  void aTokenForMediaWithoutOneIsRefused() throws Exception {
    server = TestHomeserver.newBuilder().accessToken(ALICE).cdn(false).contentTokens(true).start();
    MxcUri reserved = MxcUri.parse(group(CONTENT_URI, post(ALICE, "/_matrix/media/v1/create",
        "application/json", "{}".getBytes(StandardCharsets.UTF_8))));
    HttpResponse<byte[]> put = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl()
            + "/_matrix/media/v3/upload/" + reserved.serverName() + "/" + reserved.mediaId()))
        .header("Authorization", "Bearer " + ALICE)
        .PUT(HttpRequest.BodyPublishers.ofByteArray(CONTENT)).build());
    assertEquals(200, put.statusCode());
    String token = group(CONTENT_TOKEN, put);
    assertEquals(200, download(ALICE, reserved, MediaAccess.HEADER, token).statusCode());
  }

  @Test
  void restrictedMediaIsTheUploadersUntilAttached() throws Exception {
    server = TestHomeserver.newBuilder().accessToken(ALICE).accessToken(BOB).cdn(false)
        .linkedMedia(true).start();
    HttpResponse<byte[]> uploaded = post(ALICE, MSC3911 + "/upload?filename=a.txt", "text/plain",
        CONTENT);
    assertEquals(200, uploaded.statusCode(), Http.body(uploaded));
    MxcUri uri = MxcUri.parse(group(CONTENT_URI, uploaded));
    assertTrue(server.isRestricted(uri));
    assertEquals(200, download(ALICE, uri).statusCode());
    HttpResponse<byte[]> refused = download(BOB, uri);
    assertEquals(403, refused.statusCode());
    assertTrue(Http.body(refused).contains("\"errcode\":\"M_UNAUTHORIZED\""), Http.body(refused));
    assertTrue(Http.body(refused).contains("\"org.matrix.msc3911.attached\":false"));

    server.attach(uri);
    assertArrayEquals(CONTENT, download(BOB, uri).body());
    assertThrows(IllegalStateException.class, () -> server.attach(uri));
    MxcUri plain = server.seed(CONTENT, "text/plain", null);
    assertFalse(server.isRestricted(plain));
    assertThrows(IllegalStateException.class, () -> server.attach(plain));
    assertThrows(IllegalArgumentException.class,
        () -> server.attach(MxcUri.parse("mxc://elsewhere/x")));
  }

  @Test
  void copyNeedsAJsonObjectAndTheRightToSeeTheSource() throws Exception {
    server = TestHomeserver.newBuilder().accessToken(ALICE).accessToken(BOB).cdn(false)
        .linkedMedia(true).start();
    MxcUri source = MxcUri.parse(group(CONTENT_URI,
        post(ALICE, MSC3911 + "/upload", "text/plain", CONTENT)));
    String copyPath = MSC3911 + "/copy/" + source.serverName() + "/" + source.mediaId();
    byte[] empty = "{}".getBytes(StandardCharsets.UTF_8);

    assertEquals(403, post(BOB, copyPath, "application/json", empty).statusCode());
    assertEquals(400, post(ALICE, copyPath, "application/json",
        "[]".getBytes(StandardCharsets.UTF_8)).statusCode());
    assertEquals(404, post(ALICE, MSC3911 + "/copy/" + source.serverName() + "/unknown",
        "application/json", empty).statusCode());
    assertEquals(401, http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + copyPath))
        .POST(HttpRequest.BodyPublishers.ofByteArray(empty)).build()).statusCode());

    HttpResponse<byte[]> copied = post(ALICE, copyPath, "application/json", empty);
    assertEquals(200, copied.statusCode(), Http.body(copied));
    MxcUri copy = MxcUri.parse(group(CONTENT_URI, copied));
    assertNotEquals(source, copy);
    assertTrue(server.isRestricted(copy));
    assertNull(server.contentToken(copy));
    assertArrayEquals(CONTENT, download(ALICE, copy).body());
    assertEquals(403, download(BOB, copy).statusCode());
  }
}
