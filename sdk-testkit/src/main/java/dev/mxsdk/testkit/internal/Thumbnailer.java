package dev.mxsdk.testkit.internal;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.jspecify.annotations.Nullable;

/**
 * Makes thumbnails with the JDK's image I/O: {@code scale} fits the image inside the requested box
 * keeping its aspect ratio (never enlarging), {@code crop} fills the box exactly, cutting the
 * centre.
 */
public final class Thumbnailer {
  private Thumbnailer() {}

  /** Returns true for the content types this thumbnailer can read. */
  public static boolean canThumbnail(String contentType) {
    String t = contentType.toLowerCase(java.util.Locale.ROOT);
    return t.startsWith("image/png") || t.startsWith("image/jpeg") || t.startsWith("image/gif")
        || t.startsWith("image/bmp");
  }

  /**
   * Writes the thumbnail of {@code source} into {@code target} and returns its content type, or
   * returns null if {@code source} is not a readable image.
   */
  public static @Nullable String thumbnail(File source, int width, int height, boolean crop,
      File target) throws IOException {
    BufferedImage image = ImageIO.read(source);
    if (image == null) return null;
    int w = image.getWidth();
    int h = image.getHeight();
    BufferedImage result;
    boolean alpha = image.getColorModel().hasAlpha();
    int type = alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB;
    if (crop) {
      double factor = Math.max((double) width / w, (double) height / h);
      int sw = (int) Math.min(w, Math.round(width / factor));
      int sh = (int) Math.min(h, Math.round(height / factor));
      int sx = (w - sw) / 2;
      int sy = (h - sh) / 2;
      result = new BufferedImage(width, height, type);
      draw(result, image, 0, 0, width, height, sx, sy, sx + sw, sy + sh);
    } else {
      double factor = Math.min(1.0, Math.min((double) width / w, (double) height / h));
      int tw = Math.max(1, (int) Math.round(w * factor));
      int th = Math.max(1, (int) Math.round(h * factor));
      result = new BufferedImage(tw, th, type);
      draw(result, image, 0, 0, tw, th, 0, 0, w, h);
    }
    String format = alpha ? "png" : "jpeg";
    if (!ImageIO.write(result, format, target)) throw new IOException("no " + format + " writer");
    return "image/" + format;
  }

  private static void draw(BufferedImage to, BufferedImage from, int dx1, int dy1, int dx2,
      int dy2, int sx1, int sy1, int sx2, int sy2) {
    Graphics2D g = to.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.drawImage(from, dx1, dy1, dx2, dy2, sx1, sy1, sx2, sy2, null);
    } finally {
      g.dispose();
    }
  }
}
