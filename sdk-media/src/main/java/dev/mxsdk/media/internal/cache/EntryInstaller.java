package dev.mxsdk.media.internal.cache;

/**
 * Where a {@link CacheWriter} commits a finished entry: its store, seen only through this, so that
 * the writer does not depend on the store that creates it.
 */
interface EntryInstaller {
  /** The store's clock, for the entry's creation time. */
  long nowMillis();

  /** Moves a finished entry file into place and indexes it; false if the store is closed. */
  boolean install(EntryName name, EntryWriter writer, EntryTrailer trailer);
}
