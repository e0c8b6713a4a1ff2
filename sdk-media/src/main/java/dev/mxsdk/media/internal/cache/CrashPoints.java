package dev.mxsdk.media.internal.cache;

import org.jspecify.annotations.Nullable;

/**
 * A test hook at the named points of a write where a kill is most interesting (just before an
 * entry's rename, just after it but before the journal knows, while the journal is rewritten):
 * the crash tests install a hook that halts the JVM there. Nothing is installed in production.
 */
final class CrashPoints {
  interface Hook {
    void reached(String point);
  }

  static volatile @Nullable Hook hook;

  private CrashPoints() {}

  static void reach(String point) {
    Hook h = hook;
    if (h != null) h.reached(point);
  }
}
