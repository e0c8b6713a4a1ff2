package dev.mxsdk.media;

import java.io.IOException;

/**
 * Another process has the {@link MediaCache}'s directory open. A cache directory belongs to one
 * process at a time (a lock file held for as long as the cache is open), so two processes never
 * corrupt each other's entries or bookkeeping: give each process its own directory, or open the
 * cache in one process only. The lock is released when the owning process closes the cache or
 * exits, also when it is killed.
 */
public class MediaCacheLockedException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception with {@code message}.
   *
   * @param message names the directory and says that another process has it open
   */
  public MediaCacheLockedException(String message) {
    super(message);
  }
}
