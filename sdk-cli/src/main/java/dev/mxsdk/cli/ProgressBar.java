package dev.mxsdk.cli;

import dev.mxsdk.media.ProgressListener;
import java.io.PrintWriter;

/** A one-line progress bar on a terminal's stderr, redrawn at most every 100 ms. */
final class ProgressBar implements ProgressListener {
  private static final int WIDTH = 30;
  private final PrintWriter err;
  private long lastDraw;
  private boolean drawn;

  ProgressBar(PrintWriter err) {
    this.err = err;
  }

  @Override
  public void onProgress(long bytesRead, long contentLength) {
    long now = System.nanoTime();
    if (drawn && now - lastDraw < 100_000_000L && bytesRead != contentLength) return;
    lastDraw = now;
    drawn = true;
    StringBuilder line = new StringBuilder("\r");
    if (contentLength > 0) {
      int filled = (int) Math.min(WIDTH, bytesRead * WIDTH / contentLength);
      line.append('[');
      for (int i = 0; i < WIDTH; i++) line.append(i < filled ? '#' : ' ');
      line.append("] ").append(Math.min(100, bytesRead * 100 / contentLength)).append("% ");
    }
    line.append(String.format("%.1f MB", bytesRead / 1e6));
    err.print(line);
    err.flush();
  }

  /** Ends the bar's line. */
  void finish() {
    if (drawn) {
      err.println();
      err.flush();
    }
  }
}
