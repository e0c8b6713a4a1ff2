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
