package dev.mxsdk.testkit;

import dev.mxsdk.testkit.internal.CanonicalEncoding;
import java.io.BufferedOutputStream;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * Encodings written once to files and served from them on repeats, for benchmarks
 * ({@code preEncoded}): keys are then stable per object and rendition (see {@link RedirectKeys}),
 * so an encoding is keyed by what determines its bytes, not by the expiring token. Thread-safe.
 */
final class PreEncodedCache {
  private static final int BUFFER_BYTES = 65536;

  private final MediaStore store;
  private final Map<String, StoredBytes> files = new HashMap<>();

  PreEncodedCache(MediaStore store) {
    this.store = store;
  }

  /** Returns the encoding of {@code encoding}'s parameters from its file, writing it first if new. */
  Representation get(byte[] key, String rendition, byte[] sha256, int rs,
      CanonicalEncoding encoding) throws IOException {
    Base64.Encoder base64 = Base64.getEncoder();
    String cacheKey = base64.encodeToString(key) + "/" + rendition + "/"
        + base64.encodeToString(sha256) + "/" + rs;
    synchronized (files) {
      StoredBytes cached = files.get(cacheKey);
      if (cached == null) {
        File file = store.newFile("encoded");
        try (OutputStream out = new BufferedOutputStream(new FileOutputStream(file), BUFFER_BYTES)) {
          encoding.write(out, 0, encoding.encodedLength() - 1);
        }
        cached = new StoredBytes(file, encoding.encodedLength());
        files.put(cacheKey, cached);
      }
      return cached;
    }
  }
}
