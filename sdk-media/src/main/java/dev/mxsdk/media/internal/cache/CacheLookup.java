package dev.mxsdk.media.internal.cache;

import org.jspecify.annotations.Nullable;

/** The outcome of {@link CacheStore#lookup}: what the caller does next. */
public final class CacheLookup {
  /** Serve {@link #entry}, verified. */
  public static final int HIT = 1;
  /** No entry: download and fill {@link #fill} (this caller leads). */
  public static final int LEAD = 2;
  /** Another call is filling {@link #fill}: wait for it, then look up again. */
  public static final int WAIT = 3;
  /** This thread leads a fill of the same entry already: download without storing. */
  public static final int BYPASS = 4;

  public final int kind;
  public final @Nullable OpenedEntry entry;
  public final @Nullable CacheFill fill;

  CacheLookup(int kind, @Nullable OpenedEntry entry, @Nullable CacheFill fill) {
    this.kind = kind;
    this.entry = entry;
    this.fill = fill;
  }
}
