package dev.mxsdk.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.RobolectricTestRunner;
import org.robolectric.RuntimeEnvironment;
import org.robolectric.annotation.Config;
import org.robolectric.annotation.GraphicsMode;

@RunWith(RobolectricTestRunner.class)
@Config(sdk = 34)
@GraphicsMode(GraphicsMode.Mode.NATIVE)
public final class SampledDecoderTest {
  private final SampledDecoder decoder = new SampledDecoder(320, 120);

  @Test
  public void anImageNoLargerThanTheTargetIsNotSampled() {
    assertEquals(1, decoder.inSampleSize(320, 120));
    assertEquals(1, decoder.inSampleSize(100, 100));
    assertEquals(1, decoder.inSampleSize(639, 239));
  }

  @Test
  public void sampleSizeKeepsTheTargetCoveredWhileFourTimesItsPixelsAreNotExceeded() {
    for (int width = 1; width <= 9000; width += 97) {
      for (int height = 1; height <= 9000; height += 89) {
        int sample = decoder.inSampleSize(width, height);
        assertEquals(0, sample & (sample - 1), "a power of two");
        long pixels = (long) (width / sample) * (height / sample);
        assertTrue(pixels <= 4L * 320 * 120, width + "x" + height + " -> " + sample);
        boolean halvingWouldStillCover = width / (sample * 2) >= 320 && height / (sample * 2) >= 120;
        assertTrue(!halvingWouldStillCover, width + "x" + height + " -> " + sample);
      }
    }
  }

  @Test
  public void aPanoramaIsSampledBelowItsPixelBound() {
    // 100000 x 200: covering the box alone would keep it at full size (80 MB of pixels).
    int sample = decoder.inSampleSize(100_000, 200);
    assertTrue((long) (100_000 / sample) * (200 / sample) <= 4L * 320 * 120);
  }

  @Test
  public void dataThatIsNotAnImageIsRefused() throws IOException {
    File file = new File(RuntimeEnvironment.getApplication().getCacheDir(), "not-an-image");
    Files.write(file.toPath(), "just text".getBytes(StandardCharsets.UTF_8));

    assertThrows(SampledDecoder.NotAnImageException.class, () -> decoder.decode(file));
  }
}
