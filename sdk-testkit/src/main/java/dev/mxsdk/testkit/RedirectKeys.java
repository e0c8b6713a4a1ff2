package dev.mxsdk.testkit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * The keys the homeserver hands out with keyed redirects: fresh random ones, as the profile
 * requires, or, for benchmarks ({@code preEncoded}), one key per object and rendition so that the
 * CDN encodes each rendition once and the benchmark measures the client.
 *
 * <p>Security: a stable key is derived from the homeserver-CDN secret, so clients without a
 * redirect still cannot know it. No key is logged or printed. Thread-safe.
 */
final class RedirectKeys {
  /** Domain separation for the stable keys, so they are unrelated to anything else the secret keys. */
  private static final byte[] STABLE_KEY_LABEL =
      "mxsdk.testkit.pre-encoded-key\0".getBytes(StandardCharsets.UTF_8);

  private final SecureRandom random;
  private final @Nullable SecretKeySpec stableKeySecret;

  /** @param stableKeySecret the CDN secret to derive stable keys from, or null for fresh keys */
  RedirectKeys(SecureRandom random, byte @Nullable [] stableKeySecret) {
    this.random = random;
    this.stableKeySecret =
        stableKeySecret == null ? null : new SecretKeySpec(stableKeySecret, "HmacSHA256");
  }

  /** Returns a {@link CdnProtocol#KEY_BYTES}-byte key for {@code rendition} of the object. */
  byte[] issue(byte[] sha256, String rendition) {
    if (stableKeySecret == null) {
      byte[] key = new byte[CdnProtocol.KEY_BYTES];
      random.nextBytes(key);
      return key;
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(stableKeySecret);
      mac.update(STABLE_KEY_LABEL);
      mac.update(sha256);
      return Arrays.copyOf(mac.doFinal(rendition.getBytes(StandardCharsets.UTF_8)),
          CdnProtocol.KEY_BYTES);
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  @Override
  public String toString() {
    return stableKeySecret == null ? "RedirectKeys[fresh]" : "RedirectKeys[stable]";
  }
}
