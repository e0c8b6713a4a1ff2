package dev.mxsdk.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A homeserver's answer to {@code GET /_matrix/client/versions}: the spec versions it supports and
 * its unstable features.
 *
 * <p>Versions are compared by number, never as strings: {@code v1.11 > v1.7 > v1.2 > r0.6.1}.
 * Every {@code r0.x.y} release is older than every {@code v1.x}. Entries that are neither
 * {@code vX.Y} nor {@code rX.Y.Z} are kept in {@link #versions()} but ignored by the queries.
 *
 * <pre>{@code
 * ServerVersions versions = matrixClient.serverVersions();
 * if (versions.supportsSpec(1, 11)
 *     || versions.isUnstableFeatureEnabled("org.matrix.msc3916.stable")) {
 *   // authenticated media endpoints
 * }
 * }</pre>
 *
 * <p>A value type: immutable, thread-safe, compared by content. {@link MatrixClient} returns the
 * same instance for as long as it is cached and a new instance after each fetch, so comparing
 * instances by identity tells whether the cache was refreshed.
 */
public final class ServerVersions {
  private final List<String> versions;
  private final Map<String, Boolean> unstableFeatures;

  /**
   * Holds copies of {@code versions} and {@code unstableFeatures}.
   *
   * @param versions the spec versions the server lists, e.g. {@code "v1.11"}, {@code "r0.6.1"}
   * @param unstableFeatures the {@code unstable_features} map, feature name to enabled
   * @throws NullPointerException if an argument, a version or a feature name is null
   */
  public ServerVersions(List<String> versions, Map<String, Boolean> unstableFeatures) {
    if (versions == null) throw new NullPointerException("versions == null");
    if (unstableFeatures == null) throw new NullPointerException("unstableFeatures == null");
    List<String> v = new ArrayList<String>(versions);
    for (String s : v) {
      if (s == null) throw new NullPointerException("versions contains null");
    }
    Map<String, Boolean> f = new LinkedHashMap<String, Boolean>(unstableFeatures);
    for (Map.Entry<String, Boolean> e : f.entrySet()) {
      if (e.getKey() == null || e.getValue() == null) {
        throw new NullPointerException("unstableFeatures contains null");
      }
    }
    this.versions = Collections.unmodifiableList(v);
    this.unstableFeatures = Collections.unmodifiableMap(f);
  }

  /** {@return the {@code versions} as the server listed them, unknown strings included} */
  public List<String> versions() {
    return versions;
  }

  /** {@return the {@code unstable_features} flags as the server listed them} */
  public Map<String, Boolean> unstableFeatures() {
    return unstableFeatures;
  }

  /**
   * Returns true if the server supports spec version {@code vMAJOR.MINOR} or a later one. For
   * {@code major == 0} the {@code r0.MINOR.x} releases are meant.
   *
   * @param major the major version; 0 for the {@code r0.x} releases
   * @param minor the minor version
   * @return true if a listed version is {@code vMAJOR.MINOR} or newer
   * @throws IllegalArgumentException if {@code major} or {@code minor} is negative
   */
  public boolean supportsSpec(int major, int minor) {
    if (major < 0 || minor < 0) {
      throw new IllegalArgumentException("negative version: " + major + "." + minor);
    }
    long[] wanted = {major, minor, 0};
    for (String v : versions) {
      long[] have = parse(v);
      if (have != null && compare(have, wanted) >= 0) return true;
    }
    return false;
  }

  /**
   * Returns true if the server supports spec version {@code version} ({@code vX.Y}) or a later
   * one; the same as {@link #supportsSpec(int, int)}.
   *
   * @param version a version such as {@code "v1.11"}
   * @return true if a listed version is {@code version} or newer
   * @throws IllegalArgumentException if {@code version} is not of the form {@code vX.Y}
   */
  public boolean supports(String version) {
    if (version == null) throw new NullPointerException("version == null");
    long[] wanted = version.startsWith("v") ? parse(version) : null;
    if (wanted == null) {
      throw new IllegalArgumentException("expected a version like v1.11, was \"" + version + "\"");
    }
    if (wanted[0] > Integer.MAX_VALUE || wanted[1] > Integer.MAX_VALUE) return false;
    return supportsSpec((int) wanted[0], (int) wanted[1]);
  }

  /**
   * {@return the newest spec version the server lists, as written, or null if it lists none it
   * knows}
   */
  public @Nullable String latest() {
    String best = null;
    long[] bestParsed = null;
    for (String v : versions) {
      long[] p = parse(v);
      if (p != null && (bestParsed == null || compare(p, bestParsed) > 0)) {
        best = v;
        bestParsed = p;
      }
    }
    return best;
  }

  /**
   * Returns true if {@code feature} is listed as {@code true} in {@code unstable_features}.
   *
   * @param feature the feature name, e.g. {@code "org.matrix.msc3916.stable"}
   * @return true if the server enables {@code feature}
   */
  public boolean isUnstableFeatureEnabled(String feature) {
    if (feature == null) throw new NullPointerException("feature == null");
    return Boolean.TRUE.equals(unstableFeatures.get(feature));
  }

  /**
   * Returns true if the server serves authenticated media ({@code /_matrix/client/v1/media}):
   * spec v1.11 or later, or unstable feature {@code org.matrix.msc3916.stable} or
   * {@code org.matrix.msc3916}.
   *
   * @return true if media should be fetched from the authenticated endpoints
   */
  public boolean supportsAuthenticatedMedia() {
    return supportsSpec(1, 11)
        || isUnstableFeatureEnabled("org.matrix.msc3916.stable")
        || isUnstableFeatureEnabled("org.matrix.msc3916");
  }

  /**
   * Compares two spec version strings by number: negative if {@code a} is older, 0 if equal,
   * positive if newer.
   *
   * @param a a version such as {@code "v1.11"} or {@code "r0.6.1"}
   * @param b another version of either form
   * @return a negative number, zero or a positive number as {@code a} is older than, equal to or
   *     newer than {@code b}
   * @throws IllegalArgumentException if either is neither {@code vX.Y} nor {@code rX.Y.Z}
   */
  public static int compareVersions(String a, String b) {
    if (a == null) throw new NullPointerException("a == null");
    if (b == null) throw new NullPointerException("b == null");
    long[] pa = parse(a);
    long[] pb = parse(b);
    if (pa == null) throw new IllegalArgumentException("not a spec version: \"" + a + "\"");
    if (pb == null) throw new IllegalArgumentException("not a spec version: \"" + b + "\"");
    return compare(pa, pb);
  }

  private static int compare(long[] a, long[] b) {
    for (int i = 0; i < 3; i++) {
      if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
    }
    return 0;
  }

  /** {@code vX.Y} (X >= 1) -> {X, Y, 0}; {@code r0.Y.Z} -> {0, Y, Z}; anything else -> null. */
  private static long @Nullable [] parse(String v) {
    if (v.length() < 2) return null;
    char kind = v.charAt(0);
    String[] parts = v.substring(1).split("\\.", -1);
    long[] n = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i];
      if (p.isEmpty() || p.length() > 9) return null;
      for (int j = 0; j < p.length(); j++) {
        if (p.charAt(j) < '0' || p.charAt(j) > '9') return null;
      }
      n[i] = Long.parseLong(p);
    }
    if (kind == 'v' && parts.length == 2 && n[0] >= 1) return new long[] {n[0], n[1], 0};
    if (kind == 'r' && parts.length == 3 && n[0] == 0) return new long[] {0, n[1], n[2]};
    return null;
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
