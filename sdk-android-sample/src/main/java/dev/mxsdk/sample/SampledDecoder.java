package dev.mxsdk.sample;

import android.graphics.Bitmap;
import android.graphics.BitmapFactory;
import java.io.File;
import java.io.IOException;

/**
 * Decodes an image file at a reduced size, so that a large image cannot exhaust the app's memory:
 * it reads the dimensions first ({@code inJustDecodeBounds}), then decodes with the power-of-two
 * {@code inSampleSize} that keeps the result at least as large as the target box (no visible loss)
 * but never above four times its pixels (so a panorama cannot slip through).
 *
 * <p>Immutable and thread-safe; decode on a background thread.
 */
final class SampledDecoder {
  private final int targetWidth;
  private final int targetHeight;

  SampledDecoder(int targetWidth, int targetHeight) {
    if (targetWidth < 1 || targetHeight < 1) {
      throw new IllegalArgumentException(
          "target size must be positive: " + targetWidth + "x" + targetHeight);
    }
    this.targetWidth = targetWidth;
    this.targetHeight = targetHeight;
  }

  /**
   * Decodes {@code file}.
   *
   * @throws NotAnImageException if the file is not an image the platform can decode
   */
  Bitmap decode(File file) throws IOException {
    BitmapFactory.Options bounds = new BitmapFactory.Options();
    bounds.inJustDecodeBounds = true;
    BitmapFactory.decodeFile(file.getPath(), bounds);
    if (bounds.outWidth <= 0 || bounds.outHeight <= 0) {
      throw new NotAnImageException("expected an image but the data has no decodable dimensions");
    }
    BitmapFactory.Options options = new BitmapFactory.Options();
    options.inSampleSize = inSampleSize(bounds.outWidth, bounds.outHeight);
    Bitmap bitmap = BitmapFactory.decodeFile(file.getPath(), options);
    if (bitmap == null) {
      throw new NotAnImageException("expected an image of " + bounds.outWidth + "x"
          + bounds.outHeight + " but decoding failed");
    }
    return bitmap;
  }

  /** The sample size for an image of {@code width} x {@code height} pixels. */
  int inSampleSize(int width, int height) {
    int sample = 1;
    // Halve while the result still covers the target box.
    while (width / (sample * 2) >= targetWidth && height / (sample * 2) >= targetHeight) {
      sample *= 2;
    }
    // Bound the pixels whatever the aspect ratio.
    long maxPixels = 4L * targetWidth * targetHeight;
    while ((long) (width / sample) * (height / sample) > maxPixels) {
      sample *= 2;
    }
    return sample;
  }

  /** The data downloaded fine but is not an image. */
  static final class NotAnImageException extends IOException {
    private static final long serialVersionUID = 1L;

    NotAnImageException(String message) {
      super(message);
    }
  }
}
