package dev.mxsdk.sample;

import android.graphics.Bitmap;
import android.util.LruCache;
import dev.mxsdk.media.MediaRequest;
import org.jspecify.annotations.Nullable;

/**
 * An in-memory LRU cache of decoded bitmaps, bounded by their size in bytes and keyed by {@link
 * MediaRequest#cacheKey()}: the mxc URI and the rendition. Never key it by a URL: the CDN URL
 * changes on every redirect (it carries a fresh sealed token), so it would never hit, and for
 * E2EE media the mxc URI plus rendition is what identifies the plaintext.
 *
 * <p>Thread-safe.
 */
public final class BitmapCache {
  private final LruCache<String, Bitmap> cache;

  /** Creates a cache holding at most {@code maxBytes} bytes of pixels. */
  public BitmapCache(long maxBytes) {
    if (maxBytes < 1024) throw new IllegalArgumentException("maxBytes < 1024: " + maxBytes);
    int maxKiB = (int) Math.min(Integer.MAX_VALUE, maxBytes / 1024);
    this.cache = new LruCache<String, Bitmap>(maxKiB) {
      @Override
      protected int sizeOf(String key, Bitmap value) {
        return Math.max(1, value.getAllocationByteCount() / 1024);
      }
    };
  }

  /** The bitmap decoded for {@code request}, or null. */
  public @Nullable Bitmap get(MediaRequest request) {
    return cache.get(request.cacheKey());
  }

  /** Stores the bitmap decoded for {@code request}. */
  public void put(MediaRequest request, Bitmap bitmap) {
    if (bitmap == null) throw new NullPointerException("bitmap == null");
    cache.put(request.cacheKey(), bitmap);
  }

  /** Drops every bitmap. */
  public void clear() {
    cache.evictAll();
  }

  @Override
  public String toString() {
    return "BitmapCache{" + cache.size() + " KiB of " + cache.maxSize() + " KiB}";
  }
}
