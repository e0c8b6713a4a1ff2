package dev.mxsdk.testkit;

import com.sun.net.httpserver.Headers;
import dev.mxsdk.testkit.internal.CanonicalEncoding;
import dev.mxsdk.testkit.internal.TokenSealer;
import java.io.IOException;
import java.io.OutputStream;
import java.security.SecureRandom;
import org.jspecify.annotations.Nullable;

/**
 * Chooses what the CDN sends for a token and sets the headers that describe it: the stored bytes
 * when the token carries no key, else their canonical {@code aes128gcm} encoding under the token's
 * key ({@code docs/msc4097.md}, "Canonical encoding"), encrypted as it is sent or, in benchmark
 * mode, from the {@link PreEncodedCache}.
 */
final class CdnRepresentations {
  private final Faults faults;
  private final SecureRandom random;
  private final @Nullable PreEncodedCache preEncoded;

  /** @param preEncoded the cache of encodings in benchmark mode, else null */
  CdnRepresentations(Faults faults, SecureRandom random, @Nullable PreEncodedCache preEncoded) {
    this.faults = faults;
    this.random = random;
    this.preEncoded = preEncoded;
  }

  Representation choose(Headers headers, TokenSealer.Claims claims,
      MediaStore.StoredObject object) throws IOException {
    byte[] key = claims.key;
    if (key == null || faults.take(Faults.Kind.PLAINTEXT_DESPITE_KEY)) {
      // A keyed token's plaintext is never cacheable, even when a fault sends it.
      headers.set("Cache-Control", key == null ? "private, max-age=300" : "private, no-store");
      return new StoredBytes(object);
    }
    // The salt the key header named, so that a stream under another key (the fault) still has
    // the expected header and fails where such a stream fails: on its records' tags.
    byte[] salt = CanonicalEncoding.salt(key, claims.sha256, claims.rs, claims.rendition);
    if (faults.take(Faults.Kind.WRONG_KEY_STREAM)) {
      key = new byte[CdnProtocol.KEY_BYTES];
      random.nextBytes(key);
    }
    CanonicalEncoding encoding =
        new CanonicalEncoding(object.file, object.length, key, salt, claims.rs);
    headers.set("Cache-Control", "private, no-store");
    headers.set("Content-Encoding", CdnProtocol.AES128GCM);
    if (preEncoded != null) {
      return preEncoded.get(key, claims.rendition, claims.sha256, claims.rs, encoding);
    }
    return new Representation() {
      @Override
      public long length() {
        return encoding.encodedLength();
      }

      @Override
      public void write(OutputStream out, long from, long toInclusive) throws IOException {
        encoding.write(out, from, toInclusive);
      }
    };
  }
}
