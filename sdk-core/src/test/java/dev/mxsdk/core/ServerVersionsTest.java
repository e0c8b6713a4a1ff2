package dev.mxsdk.core;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class ServerVersionsTest {
  @Test
  void versionsCompareByNumberNotAsStrings() {
    ServerVersions v = new ServerVersions(List.of("r0.6.1", "v1.9", "v1.11"), Map.of());
    assertTrue(v.supports("v1.11"));
    assertTrue(v.supports("v1.7"));
    assertFalse(v.supports("v1.12"));
    assertFalse(new ServerVersions(List.of("v1.9"), Map.of()).supports("v1.11"));
    assertFalse(new ServerVersions(List.of("r0.6.1"), Map.of()).supports("v1.1"));
  }

  @Test
  void unstableFeaturesMustBeTrue() {
    ServerVersions v = new ServerVersions(List.of(),
        Map.of("org.matrix.msc3916", true, "org.matrix.msc3916.stable", false));
    assertTrue(v.isUnstableFeatureEnabled("org.matrix.msc3916"));
    assertFalse(v.isUnstableFeatureEnabled("org.matrix.msc3916.stable"));
    assertFalse(v.isUnstableFeatureEnabled("other"));
  }

  @Test
  void malformedQueryIsMisuse() {
    assertThrows(IllegalArgumentException.class,
        () -> new ServerVersions(List.of(), Map.of()).supports("1.11"));
  }
}
