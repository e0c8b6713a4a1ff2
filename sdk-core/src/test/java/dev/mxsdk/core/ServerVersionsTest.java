package dev.mxsdk.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class ServerVersionsTest {
  private static ServerVersions of(String... versions) {
    return new ServerVersions(List.of(versions), Map.of());
  }

  @Test
  void versionsCompareByNumberNotAsStrings() {
    ServerVersions v = of("r0.6.1", "v1.9", "v1.11");
    assertTrue(v.supports("v1.11"));
    assertTrue(v.supports("v1.7"));
    assertFalse(v.supports("v1.12"));
    assertFalse(of("v1.9").supports("v1.11"));
    assertFalse(of("r0.6.1").supports("v1.1"));
  }

  @Test
  void orderingIsV111AboveV17AboveV12AboveR061() {
    assertTrue(ServerVersions.compareVersions("v1.11", "v1.7") > 0);
    assertTrue(ServerVersions.compareVersions("v1.7", "v1.2") > 0);
    assertTrue(ServerVersions.compareVersions("v1.2", "r0.6.1") > 0);
    assertTrue(ServerVersions.compareVersions("r0.6.1", "r0.6.0") > 0);
    assertTrue(ServerVersions.compareVersions("v2.0", "v1.99") > 0);
    assertEquals(0, ServerVersions.compareVersions("v1.10", "v1.10"));
    assertEquals("v1.11", of("v1.2", "v1.11", "r0.6.1", "v1.7").latest());
  }

  @Test
  void supportsSpecAnswersForLaterVersionsToo() {
    ServerVersions v = of("r0.6.1", "v1.7");
    assertTrue(v.supportsSpec(1, 7));
    assertTrue(v.supportsSpec(1, 0));
    assertTrue(v.supportsSpec(0, 6));
    assertFalse(v.supportsSpec(1, 8));
    assertFalse(v.supportsSpec(2, 0));
    assertFalse(of("r0.6.1").supportsSpec(1, 0));
  }

  @Test
  void unknownVersionStringsAreIgnored() {
    ServerVersions v = of("v1.x", "vv1.11", "1.11", "v1.11-beta", "r1.0.0", "v0.9", "", "v1.",
        "v1.2");
    assertEquals("v1.2", v.latest());
    assertFalse(v.supportsSpec(1, 3));
    assertEquals(9, v.versions().size());
    assertNull(of("nonsense").latest());
    assertThrows(IllegalArgumentException.class,
        () -> ServerVersions.compareVersions("v1.x", "v1.1"));
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
  void authenticatedMediaFromV111OrEitherMsc3916Flag() {
    assertTrue(of("v1.11").supportsAuthenticatedMedia());
    assertFalse(of("v1.10").supportsAuthenticatedMedia());
    assertTrue(new ServerVersions(List.of("v1.10"), Map.of("org.matrix.msc3916.stable", true))
        .supportsAuthenticatedMedia());
    assertTrue(new ServerVersions(List.of(), Map.of("org.matrix.msc3916", true))
        .supportsAuthenticatedMedia());
  }

  @Test
  void isAnImmutableValue() {
    List<String> list = new ArrayList<>(List.of("v1.1"));
    Map<String, Boolean> map = new HashMap<>(Map.of("f", true));
    ServerVersions v = new ServerVersions(list, map);
    list.add("v1.11");
    map.put("g", true);
    assertEquals(List.of("v1.1"), v.versions());
    assertEquals(Map.of("f", true), v.unstableFeatures());
    assertThrows(UnsupportedOperationException.class, () -> v.versions().add("x"));
    ServerVersions same = new ServerVersions(List.of("v1.1"), Map.of("f", true));
    assertEquals(v, same);
    assertEquals(v.hashCode(), same.hashCode());
    assertNotEquals(v, of("v1.1"));
    assertEquals("ServerVersions{versions=[v1.1], unstableFeatures={f=true}}", v.toString());
  }

  @Test
  void malformedQueryIsMisuse() {
    assertThrows(IllegalArgumentException.class, () -> of().supports("1.11"));
    assertThrows(IllegalArgumentException.class, () -> of().supports("r0.6.1"));
    assertThrows(IllegalArgumentException.class, () -> of().supportsSpec(-1, 0));
    assertThrows(NullPointerException.class, () -> of().supports(null));
  }
}
