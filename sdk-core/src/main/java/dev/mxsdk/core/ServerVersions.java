package dev.mxsdk.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A homeserver's answer to {@code GET /_matrix/client/versions}: the spec versions it supports and
 * its unstable features. Versions are compared by number ({@code v1.11} is newer than {@code
 * v1.9}), never as strings. Immutable and thread-safe.
 */
public final class ServerVersions {
  private final List<String> versions;
  private final Map<String, Boolean> unstableFeatures;

  /** Holds copies of {@code versions} and {@code unstableFeatures}. */
  public ServerVersions(List<String> versions, Map<String, Boolean> unstableFeatures) {
    this.versions = Collections.unmodifiableList(new ArrayList<String>(versions));
    this.unstableFeatures =
        Collections.unmodifiableMap(new LinkedHashMap<String, Boolean>(unstableFeatures));
  }

  /** The {@code versions} as the server listed them. */
  public List<String> versions() {
    return versions;
  }

  /** The {@code unstable_features} flags. */
  public Map<String, Boolean> unstableFeatures() {
    return unstableFeatures;
  }

  /**
   * Returns true if the server supports spec version {@code version} ({@code vX.Y}) or a later
   * {@code vX.Z}; {@code r0.x} entries count as older than every {@code v1.x}.
   *
   * @throws IllegalArgumentException if {@code version} is not of the form {@code vX.Y}
   */
  public boolean supports(String version) {
    int[] wanted = parse(version);
    if (wanted == null) throw new IllegalArgumentException("not a vX.Y version: " + version);
    for (String v : versions) {
      int[] have = parse(v);
      if (have != null && (have[0] > wanted[0] || (have[0] == wanted[0] && have[1] >= wanted[1]))) {
        return true;
      }
    }
    return false;
  }

  /** Returns true if {@code feature} is listed as {@code true} in {@code unstable_features}. */
  public boolean isUnstableFeatureEnabled(String feature) {
    return Boolean.TRUE.equals(unstableFeatures.get(feature));
  }

  private static int @Nullable [] parse(String v) {
    if (v.length() < 4 || v.charAt(0) != 'v') return null;
    int dot = v.indexOf('.');
    if (dot < 2 || dot == v.length() - 1) return null;
    try {
      int major = Integer.parseInt(v.substring(1, dot));
      int minor = Integer.parseInt(v.substring(dot + 1));
      if (major < 0 || minor < 0) return null;
      return new int[] {major, minor};
    } catch (NumberFormatException e) {
      return null;
    }
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof ServerVersions
        && versions.equals(((ServerVersions) o).versions)
        && unstableFeatures.equals(((ServerVersions) o).unstableFeatures);
  }

  @Override
  public int hashCode() {
    return 31 * versions.hashCode() + unstableFeatures.hashCode();
  }

  @Override
  public String toString() {
    return "ServerVersions{versions=" + versions + ", unstableFeatures=" + unstableFeatures + "}";
  }
}
