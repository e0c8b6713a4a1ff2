package dev.mxsdk.testkit.internal;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.jspecify.annotations.Nullable;

/**
 * Makes thumbnails with the JDK's image I/O, by the spec's rules (client-server API, "Thumbnails"):
 * the requested size is the least the client wants, a thumbnail is never larger than the original
 * in either dimension ("Servers MUST NOT upscale thumbnails under any circumstance"), and content
 * that is no larger than the request is served as it is, not re-encoded.
 *
 * <ul>
 *   <li>{@code scale} fits the image inside the requested box keeping its aspect ratio, as Synapse
 *       does; a box at or above the original in both dimensions gets the original.
 *   <li>{@code crop} fills the box exactly, cutting the centre, when the original is larger than
 *       the box in both dimensions. Where the box exceeds the original in one dimension, Synapse
 *       scales the image up to fill it; that is upscaling, so here the box is cut from the
 *       original unscaled, limited to the original in that dimension (the aspect of the box is
 *       given up there rather than the spec's "MUST NOT upscale"). A box at or above the original
 *       in both dimensions gets the original.
 * </ul>
 *
 * <p>The original is served only in a thumbnail format that is never animated unless asked:
 * JPEG, PNG without an animation chunk, and GIF or animated PNG only for {@code animated=true}.
 * Other originals (BMP, or an animation not asked for) are re-encoded at their own size.
 */
public final class Thumbnailer {
  /** The PNG file signature. */
  private static final long PNG_SIGNATURE = 0x89504E470D0A1A0AL;
  /** The APNG animation control chunk, which comes before the first image data chunk. */
  private static final int ACTL = 0x6163544C;
  private static final int IDAT = 0x49444154;
  /** How many chunks are read looking for {@link #ACTL} before giving up. */
  private static final int MAX_CHUNKS = 64;

  private Thumbnailer() {}

  /** A thumbnail that was made, or the decision to serve the original. */
  public static final class Thumbnail {
    /** True if the original's bytes are the thumbnail; nothing was written then. */
    public final boolean original;
    /** The thumbnail's content type: the original's, or that of what was written. */
    public final String contentType;
    public final int width;
    public final int height;

    Thumbnail(boolean original, String contentType, int width, int height) {
      this.original = original;
      this.contentType = contentType;
      this.width = width;
      this.height = height;
    }
  }

  /** Returns true for the content types this thumbnailer can read. */
  public static boolean canThumbnail(String contentType) {
    String t = bare(contentType);
    return t.equals("image/png") || t.equals("image/jpeg") || t.equals("image/gif")
        || t.equals("image/bmp");
  }

  /**
   * Decides the thumbnail of {@code source} (of {@code contentType}) for a box of {@code width}
   * x {@code height}, and writes it into {@code target} unless the original is the answer; returns
   * null if {@code source} is not a readable image.
   */
  public static @Nullable Thumbnail thumbnail(File source, String contentType, int width,
      int height, boolean crop, boolean animated, File target) throws IOException {
    BufferedImage image = ImageIO.read(source);
    if (image == null) return null;
    int w = image.getWidth();
    int h = image.getHeight();
    // Never larger than the original in either dimension.
    int tw = Math.min(width, w);
    int th = Math.min(height, h);
    int sx = 0;
    int sy = 0;
    int sw = w;
    int sh = h;
    if (crop) {
      // The largest centred region of the box's aspect that the kept size can be made from; at
      // factor 1 (the box exceeds the original in a dimension) it is a plain cut.
      double factor = Math.max((double) tw / w, (double) th / h);
      sw = (int) Math.min(w, Math.round(tw / factor));
      sh = (int) Math.min(h, Math.round(th / factor));
      sx = (w - sw) / 2;
      sy = (h - sh) / 2;
    } else {
      double factor = Math.min(1.0, Math.min((double) width / w, (double) height / h));
      tw = Math.max(1, (int) Math.round(w * factor));
      th = Math.max(1, (int) Math.round(h * factor));
    }
    if (tw == w && th == h && servableAsIs(source, contentType, animated)) {
      return new Thumbnail(true, bare(contentType), w, h);
    }
    boolean alpha = image.getColorModel().hasAlpha();
    BufferedImage result =
        new BufferedImage(tw, th, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
    draw(result, image, tw, th, sx, sy, sx + sw, sy + sh);
    String format = alpha ? "png" : "jpeg";
    if (!ImageIO.write(result, format, target)) throw new IOException("no " + format + " writer");
    return new Thumbnail(false, "image/" + format, tw, th);
  }

  /** Whether the original may be served as a thumbnail: a thumbnail type, animated only if asked. */
  private static boolean servableAsIs(File source, String contentType, boolean animated)
      throws IOException {
    switch (bare(contentType)) {
      case "image/jpeg":
        return true;
      case "image/png":
        return animated || !isAnimatedPng(source);
      case "image/gif":
        return animated;
      default:
        return false;
    }
  }

  /** Returns true if the PNG {@code file} has an APNG animation control chunk. */
  static boolean isAnimatedPng(File file) throws IOException {
    try (InputStream in = new FileInputStream(file)) {
      DataInputStream data = new DataInputStream(in);
      if (data.readLong() != PNG_SIGNATURE) return false;
      for (int i = 0; i < MAX_CHUNKS; i++) {
        long length = data.readInt() & 0xffffffffL;
        int type = data.readInt();
        if (type == ACTL) return true;
        if (type == IDAT) return false;
        // The chunk's data and its CRC.
        long skip = length + 4;
        while (skip > 0) {
          long n = data.skip(skip);
          if (n <= 0) return false;
          skip -= n;
        }
      }
      return false;
    } catch (EOFException e) {
      return false;
    }
  }

  private static String bare(String contentType) {
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
        .trim().toLowerCase(Locale.ROOT);
  }

  private static void draw(BufferedImage to, BufferedImage from, int dx2, int dy2, int sx1,
      int sy1, int sx2, int sy2) {
    Graphics2D g = to.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.drawImage(from, 0, 0, dx2, dy2, sx1, sy1, sx2, sy2, null);
    } finally {
      g.dispose();
    }
  }
}
