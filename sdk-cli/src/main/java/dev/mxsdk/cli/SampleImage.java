package dev.mxsdk.cli;

import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

/** The demo's sample picture, drawn with java.awt (headless) and encoded as PNG. */
final class SampleImage {
  private SampleImage() {}

  static byte[] png(int width, int height) throws IOException {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setPaint(new GradientPaint(0, 0, new Color(0x0d, 0xbd, 0x8b), width, height,
          new Color(0x1f, 0x3a, 0x93)));
      g.fillRect(0, 0, width, height);
      // Noise so the PNG is not trivially small.
      java.util.Random random = new java.util.Random(4097);
      for (int i = 0; i < width * height / 8; i++) {
        image.setRGB(random.nextInt(width), random.nextInt(height), random.nextInt());
      }
      g.setColor(Color.WHITE);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(12, height / 8)));
      g.drawString("mxsdk", width / 10, height / 2);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(10, height / 16)));
      g.drawString("MSC4097 demo", width / 10, height / 2 + height / 8);
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (!ImageIO.write(image, "png", out)) throw new IOException("no PNG writer in this JDK");
    return out.toByteArray();
  }
}
