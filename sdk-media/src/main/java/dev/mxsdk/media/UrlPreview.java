package dev.mxsdk.media;

import dev.mxsdk.core.MxcUri;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the homeserver found at a URL ({@code GET .../media/preview_url}): its OpenGraph
 * properties, with the image replaced by the homeserver's copy ({@code og:image} as an mxc URI,
 * {@code matrix:image:size} its size in bytes), as returned by {@link MediaClient#previewUrl}.
 *
 * <pre>{@code
 * UrlPreview preview = media.previewUrl("https://matrix.org/blog/");
 * String title = preview.title();                      // og:title, or null
 * MxcUri image = preview.ogImage();                    // download it like any media
 * if (image != null) {
 *   MediaRequest thumb = MediaRequest.thumbnail(image, 96, 96, ThumbnailMethod.CROP);
 * }
 * Object type = preview.openGraph().get("og:type");    // any other property, as sent
 * }</pre>
 *
 * <p>{@link #openGraph()} holds every property the server sent whose value is a string, a number
 * or a boolean (integers as {@link Long}, other numbers as {@link Double}); nulls, arrays and
 * objects are left out. The server's text is kept as sent: sanitise it before showing it. An empty
 * preview (the server found nothing) is valid. Immutable and thread-safe.
 */
public final class UrlPreview {
  /** The image's mxc URI. */
  public static final String OG_IMAGE = "og:image";
  /** The size of the image in bytes, a Matrix addition to OpenGraph. */
  public static final String MATRIX_IMAGE_SIZE = "matrix:image:size";

  private final Map<String, Object> openGraph;

  /** Copies {@code openGraph}, whose values are strings, longs, doubles and booleans. */
  UrlPreview(Map<String, Object> openGraph) {
    this.openGraph = Collections.unmodifiableMap(new LinkedHashMap<String, Object>(openGraph));
  }

  /** {@return every property the server sent, in its order; unmodifiable} */
  public Map<String, Object> openGraph() {
    return openGraph;
  }

  /**
   * The value of {@code property} if the server sent it as a string, else null.
   *
   * @param property an OpenGraph property name, e.g. {@code "og:site_name"}
   * @return the property's string value, or null
   */
  public @Nullable String string(String property) {
    if (property == null) throw new NullPointerException("property == null");
    Object value = openGraph.get(property);
    return value instanceof String ? (String) value : null;
  }

  /** {@return {@code og:title}, or null} */
  public @Nullable String title() {
    return string("og:title");
  }

  /** {@return {@code og:description}, or null} */
  public @Nullable String description() {
    return string("og:description");
  }

  /**
   * {@code og:image}: the homeserver's copy of the page's image, or null if there is none or the
   * server sent something other than an mxc URI (the raw value stays in {@link #openGraph()}).
   *
   * @return the image's {@code mxc://} URI, or null
   */
  public @Nullable MxcUri ogImage() {
    String value = string(OG_IMAGE);
    if (value == null) return null;
    try {
      return MxcUri.parse(value);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** {@return {@code og:image:type}, or null} */
  public @Nullable String imageType() {
    return string("og:image:type");
  }

  /** {@return {@code og:image:width} in pixels, or -1 if absent or not a whole number} */
  public long imageWidth() {
    return whole("og:image:width");
  }

  /** {@return {@code og:image:height} in pixels, or -1 if absent or not a whole number} */
  public long imageHeight() {
    return whole("og:image:height");
  }

  /** {@return {@code matrix:image:size}: the image's size in bytes, or -1 if absent} */
  public long imageSize() {
    return whole(MATRIX_IMAGE_SIZE);
  }

  private long whole(String property) {
    Object value = openGraph.get(property);
    return value instanceof Long && (Long) value >= 0 ? (Long) value : -1;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof UrlPreview && ((UrlPreview) o).openGraph.equals(openGraph);
  }

  @Override
  public int hashCode() {
    return openGraph.hashCode();
  }

  /** Names the properties present, not their values (which are the server's text). */
  @Override
  public String toString() {
    return "UrlPreview" + openGraph.keySet();
  }
}
