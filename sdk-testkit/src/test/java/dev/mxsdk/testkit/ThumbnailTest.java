package dev.mxsdk.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mxsdk.core.MxcUri;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

final class ThumbnailTest {
  private final Http http = new Http();
  private TestHomeserver server;
  private MxcUri image;

  @BeforeEach
  void start() throws Exception {
    server = TestHomeserver.newBuilder().start();
    BufferedImage picture = new BufferedImage(200, 100, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = picture.createGraphics();
    g.setColor(Color.RED);
    g.fillRect(0, 0, 100, 100);
    g.setColor(Color.BLUE);
    g.fillRect(100, 0, 100, 100);
    g.dispose();
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(picture, "png", png);
    image = server.seed(png.toByteArray(), "image/png", "picture.png");
  }

  @AfterEach
  void close() {
    server.close();
  }

  private HttpResponse<byte[]> thumbnail(String family, String query) {
    return http.get(server.baseUrl() + family + "thumbnail/localhost/" + image.mediaId() + "?" + query,
        "Authorization", "Bearer " + server.accessToken());
  }

  private static BufferedImage read(byte[] bytes) throws Exception {
    BufferedImage result = ImageIO.read(new ByteArrayInputStream(bytes));
    assertTrue(result != null, "not an image");
    return result;
  }

  @Test
  void scaleFitsTheBoxKeepingTheAspectRatio() throws Exception {
    HttpResponse<byte[]> response = thumbnail("/_matrix/media/v3/", "width=50&height=50&method=scale");
    assertEquals(200, response.statusCode());
    assertEquals("image/jpeg", Http.header(response, "Content-Type"));
    BufferedImage thumb = read(response.body());
    assertEquals(50, thumb.getWidth());
    assertEquals(25, thumb.getHeight());
    assertTrue(new Color(thumb.getRGB(5, 12)).getRed() > 200);
    assertTrue(new Color(thumb.getRGB(45, 12)).getBlue() > 200);
  }

  @Test
  void cropFillsTheBoxFromTheCentre() throws Exception {
    BufferedImage thumb = read(thumbnail("/_matrix/media/v3/", "width=40&height=40&method=crop").body());
    assertEquals(40, thumb.getWidth());
    assertEquals(40, thumb.getHeight());
    assertTrue(new Color(thumb.getRGB(2, 20)).getRed() > 200);
    assertTrue(new Color(thumb.getRGB(37, 20)).getBlue() > 200);
  }

  @Test
  void keyedThumbnailRedirectEncryptsTheThumbnailUnderItsRendition() throws Exception {
    HttpResponse<byte[]> redirect = thumbnail("/_matrix/client/v1/media/",
        "width=64&height=64&method=scale&org.matrix.msc4097.encryption=aes128gcm");
    assertEquals(307, redirect.statusCode());
    byte[] body = http.get(Http.header(redirect, "Location")).body();
    byte[] plain = Rfc8188Reference.decode(Http.key(redirect), body);
    assertEquals(64, read(plain).getWidth());
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(Http.key(redirect), "HmacSHA256"));
    mac.update("org.matrix.msc4097.salt.v1\0".getBytes(StandardCharsets.US_ASCII));
    mac.update(MessageDigest.getInstance("SHA-256").digest(plain));
    mac.update(new byte[] {0, 1, 0, 0});
    mac.update("thumbnail/64x64/scale/false".getBytes(StandardCharsets.UTF_8));
    assertArrayEquals(Arrays.copyOf(mac.doFinal(), 16), Arrays.copyOf(body, 16));
  }

  /** A {@code width} x {@code height} PNG: red left half, blue right half, opaque or with alpha. */
  static byte[] png(int width, int height, boolean alpha) throws Exception {
    return image(width, height, alpha, "png");
  }

  private static byte[] image(int width, int height, boolean alpha, String format)
      throws Exception {
    BufferedImage picture = new BufferedImage(width, height,
        alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
    Graphics2D g = picture.createGraphics();
    g.setColor(Color.RED);
    g.fillRect(0, 0, width / 2, height);
    g.setColor(Color.BLUE);
    g.fillRect(width / 2, 0, width - width / 2, height);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(picture, format, out);
    return out.toByteArray();
  }

  /** The thumbnail of a 400x300 original for {@code query}, asserted to be a 200 image. */
  private HttpResponse<byte[]> around(MxcUri original, String query) {
    HttpResponse<byte[]> response = http.get(server.baseUrl() + "/_matrix/media/v3/thumbnail/localhost/"
        + original.mediaId() + "?" + query);
    assertEquals(200, response.statusCode(), query);
    return response;
  }

  private static void assertSize(int width, int height, byte[] thumbnail, String what)
      throws Exception {
    BufferedImage image = read(thumbnail);
    assertEquals(width + "x" + height, image.getWidth() + "x" + image.getHeight(), what);
  }

  @Test
  void scaleAtOrAboveTheOriginalInBothDimensionsReturnsTheOriginalBytes() throws Exception {
    byte[] original = png(400, 300, false);
    MxcUri uri = server.seed(original, "image/png", "photo.png");
    for (String size : new String[] {"400x300", "401x301", "400x301", "401x300", "800x800"}) {
      String[] wh = size.split("x");
      HttpResponse<byte[]> response =
          around(uri, "width=" + wh[0] + "&height=" + wh[1] + "&method=scale");
      assertArrayEquals(original, response.body(), size);
      assertEquals("image/png", Http.header(response, "Content-Type"));
      assertEquals("inline; filename=\"thumbnail.png\"", Http.header(response, "Content-Disposition"));
    }
  }

  @Test
  void scaleBelowTheOriginalInEitherDimensionShrinksKeepingTheAspectAndNeverUpscales()
      throws Exception {
    MxcUri uri = server.seed(png(400, 300, false), "image/png", "photo.png");
    // Just below in both, in one only (the other at or above), and far below.
    String[][] cases = {
        {"399x299", "399x299"}, {"399x300", "399x299"}, {"400x299", "399x299"},
        {"401x299", "399x299"}, {"399x301", "399x299"}, {"800x150", "200x150"},
        {"100x800", "100x75"}, {"40x40", "40x30"}};
    for (String[] c : cases) {
      String[] wh = c[0].split("x");
      byte[] thumb = around(uri, "width=" + wh[0] + "&height=" + wh[1] + "&method=scale").body();
      String[] expected = c[1].split("x");
      assertSize(Integer.parseInt(expected[0]), Integer.parseInt(expected[1]), thumb, c[0]);
    }
  }

  @Test
  void cropAtOrAboveTheOriginalInBothDimensionsReturnsTheOriginalBytes() throws Exception {
    byte[] original = image(400, 300, false, "jpeg");
    MxcUri uri = server.seed(original, "image/jpeg", "photo.jpg");
    for (String size : new String[] {"400x300", "401x301", "800x800", "400x1000"}) {
      String[] wh = size.split("x");
      HttpResponse<byte[]> response =
          around(uri, "width=" + wh[0] + "&height=" + wh[1] + "&method=crop");
      assertArrayEquals(original, response.body(), size);
      assertEquals("image/jpeg", Http.header(response, "Content-Type"));
      assertEquals("inline; filename=\"thumbnail.jpg\"", Http.header(response, "Content-Disposition"));
    }
  }

  @Test
  void cropBelowTheOriginalFillsTheBoxAndAboveInOneDimensionCutsUnscaled() throws Exception {
    MxcUri uri = server.seed(png(400, 300, false), "image/png", "photo.png");
    String[][] cases = {
        // Below in both: exactly the box.
        {"399x299", "399x299"}, {"399x300", "399x300"}, {"400x299", "400x299"},
        {"96x96", "96x96"}, {"32x32", "32x32"},
        // Above in one dimension: the box is cut from the original, never scaled up.
        {"401x299", "400x299"}, {"399x301", "399x300"}, {"800x100", "400x100"},
        {"100x800", "100x300"}};
    for (String[] c : cases) {
      String[] wh = c[0].split("x");
      byte[] thumb = around(uri, "width=" + wh[0] + "&height=" + wh[1] + "&method=crop").body();
      String[] expected = c[1].split("x");
      assertSize(Integer.parseInt(expected[0]), Integer.parseInt(expected[1]), thumb, c[0]);
    }
    // An unscaled cut keeps the original's pixels: the middle 100 columns are the colour border.
    BufferedImage cut = read(around(uri, "width=100&height=800&method=crop").body());
    assertTrue(new Color(cut.getRGB(10, 150)).getRed() > 200);
    assertTrue(new Color(cut.getRGB(90, 150)).getBlue() > 200);
  }

  @Test
  void theIssuesRequestOnA400x300ImageIsNotUpscaled() throws Exception {
    byte[] original = png(400, 300, false);
    MxcUri uri = server.seed(original, "image/png", "photo.png");
    assertArrayEquals(original, around(uri, "width=800&height=800&method=crop").body());
    assertArrayEquals(original, around(uri, "width=800&height=800&method=scale").body());
  }

  @Test
  void originalsThatAreNoThumbnailFormatAreReencodedAtTheirOwnSize() throws Exception {
    byte[] bmp = image(40, 30, false, "bmp");
    MxcUri uri = server.seed(bmp, "image/bmp", "old.bmp");
    HttpResponse<byte[]> response = around(uri, "width=64&height=64&method=scale");
    assertEquals("image/jpeg", Http.header(response, "Content-Type"));
    assertSize(40, 30, response.body(), "bmp");
    // A GIF may be animated: without animated=true it is re-encoded, with it served as it is.
    byte[] gif = image(40, 30, false, "gif");
    MxcUri gifUri = server.seed(gif, "image/gif", "a.gif");
    HttpResponse<byte[]> still = around(gifUri, "width=64&height=64&method=scale&animated=false");
    assertEquals("image/jpeg", Http.header(still, "Content-Type"));
    assertSize(40, 30, still.body(), "gif");
    HttpResponse<byte[]> animated = around(gifUri, "width=64&height=64&method=scale&animated=true");
    assertArrayEquals(gif, animated.body());
    assertEquals("image/gif", Http.header(animated, "Content-Type"));
  }

  @Test
  void anOriginalThumbnailIsItsOwnRenditionOnTheCdnAndDecryptsToTheOriginal() throws Exception {
    byte[] original = png(40, 30, true);
    MxcUri uri = server.seed(original, "image/png", "small.png");
    HttpResponse<byte[]> redirect = http.get(server.baseUrl() + "/_matrix/client/v1/media/thumbnail/"
        + "localhost/" + uri.mediaId() + "?width=96&height=96&method=crop"
        + "&org.matrix.msc4097.encryption=aes128gcm", "Authorization", "Bearer " + server.accessToken());
    assertEquals(307, redirect.statusCode());
    HttpResponse<byte[]> cdn = http.get(Http.header(redirect, "Location"));
    assertEquals("inline; filename=\"thumbnail.png\"", Http.header(cdn, "Content-Disposition"));
    assertArrayEquals(original, Rfc8188Reference.decode(Http.key(redirect), cdn.body()));
  }

  @Test
  void badParametersAndNonImagesAreRefused() throws Exception {
    assertEquals(400, thumbnail("/_matrix/media/v3/", "width=0&height=10").statusCode());
    assertEquals(400, thumbnail("/_matrix/media/v3/", "width=10&height=10&method=stretch").statusCode());
    assertEquals(400, thumbnail("/_matrix/media/v3/", "width=100000&height=100000&method=crop").statusCode());
    MxcUri text = server.seed("text".getBytes(StandardCharsets.UTF_8), "text/plain", null);
    HttpResponse<byte[]> refused = http.get(server.baseUrl() + "/_matrix/media/v3/thumbnail/localhost/"
        + text.mediaId() + "?width=10&height=10");
    assertEquals(400, refused.statusCode());
    assertTrue(Http.body(refused).contains("\"errcode\":\"M_UNKNOWN\""));
  }
}
