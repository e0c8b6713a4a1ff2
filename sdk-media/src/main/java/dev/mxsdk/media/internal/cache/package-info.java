/**
 * The disk media cache behind {@code MediaCache}: entries named by the SHA-256 of their cache key
 * ({@code EntryName}), each one file of media bytes followed by its metadata record
 * ({@code EntryTrailer}), written through private temporary files ({@code EntryWriter}); the
 * batched bookkeeping ({@code Journal}); the store with its lock file, index, single-flight fills,
 * eviction and cleanup ({@code CacheStore}); and its use by downloads ({@code CacheFlow}, which
 * serves hits through {@code internal.delivery} and tees misses into the store with
 * {@code FillingSource}). <strong>Not API:</strong> anything here may change or disappear in any
 * release without notice.
 */
@NullMarked
package dev.mxsdk.media.internal.cache;

import org.jspecify.annotations.NullMarked;
