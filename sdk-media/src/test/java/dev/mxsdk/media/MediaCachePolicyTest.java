package dev.mxsdk.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The retention policy's defaults and the builder's rules. */
final class MediaCachePolicyTest {
  private static final long MIB = 1024L * 1024;
  private static final long DAY = 24L * 60 * 60 * 1000;

  @Test
  void theDefaultsAreMatrixRustSdksNumbers() {
    MediaCachePolicy policy = MediaCachePolicy.defaults();
    assertEquals(400 * MIB, policy.maxTotalBytes());
    assertEquals(20 * MIB, policy.maxEntryBytes());
    assertEquals(60 * DAY, policy.expireAfterAccessMillis());
    assertEquals(DAY, policy.cleanupIntervalMillis());
    assertEquals(policy, MediaCachePolicy.builder().build());
    assertEquals(policy, policy.newBuilder().build());
  }

  @Test
  void everyLimitMustBePositive() {
    assertThrows(IllegalArgumentException.class, () -> MediaCachePolicy.builder().maxTotalBytes(0));
    assertThrows(IllegalArgumentException.class, () -> MediaCachePolicy.builder().maxEntryBytes(-1));
    assertThrows(IllegalArgumentException.class,
        () -> MediaCachePolicy.builder().expireAfterAccessMillis(0));
    assertThrows(IllegalArgumentException.class,
        () -> MediaCachePolicy.builder().cleanupIntervalMillis(0));
  }

  @Test
  void anEntryLimitAboveTheTotalIsRefusedOnlyWhenItWasSet() {
    assertThrows(IllegalArgumentException.class, () -> MediaCachePolicy.builder()
        .maxTotalBytes(10 * MIB).maxEntryBytes(11 * MIB).build());
    MediaCachePolicy small = MediaCachePolicy.builder().maxTotalBytes(10 * MIB).build();
    assertEquals(10 * MIB, small.maxEntryBytes(), "the default entry limit follows a small total");
    assertEquals(10 * MIB, small.newBuilder().maxTotalBytes(1024 * MIB).build().maxEntryBytes());
  }

  @Test
  void policiesAreValues() {
    MediaCachePolicy a = MediaCachePolicy.builder().expireAfterAccessMillis(DAY).build();
    MediaCachePolicy b = MediaCachePolicy.builder().expireAfterAccessMillis(DAY).build();
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertEquals(a.toString(), b.toString());
    assertNotEquals(a, MediaCachePolicy.defaults());
  }
}
