package dev.mxsdk.testkit;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET .../thumbnail/{serverName}/{mediaId}?width=&height=[&method=][&animated=]}: a scaled
 * or cropped image, never larger than the original, or the original itself when it is no larger
 * than asked ({@link dev.mxsdk.testkit.internal.Thumbnailer}), made on first request and kept as
 * its own rendition, by redirect or directly (see {@link MediaDelivery}).
 */
final class ThumbnailRoute implements Route {
  /** Bound on width times height, so that a request cannot make the server allocate gigabytes. */
  static final long MAX_PIXELS = 4096L * 4096;

  private final MediaLookup lookup;
  private final MediaStore store;
  private final MediaDelivery delivery;

  ThumbnailRoute(MediaLookup lookup, MediaStore store, MediaDelivery delivery) {
    this.lookup = lookup;
    this.store = store;
    this.delivery = delivery;
  }

  @Override
  public void handle(HttpExchange exchange, RouteRequest request) throws IOException {
    String serverName = request.path("serverName");
    String mediaId = request.path("mediaId");
    Map<String, String> query = Exchanges.query(exchange);
    MediaStore.Media media = lookup.uploaded(exchange, serverName, mediaId);
    if (media == null) return;

    int width = positiveInt(query.get("width"));
    int height = positiveInt(query.get("height"));
    String method = query.getOrDefault("method", "scale");
    String animated = query.getOrDefault("animated", "false");
    if (width < 1 || height < 1 || (long) width * height > MAX_PIXELS
        || !(method.equals("crop") || method.equals("scale"))
        || !(animated.equals("true") || animated.equals("false"))) {
      Exchanges.error(exchange, 400, "M_INVALID_PARAM",
          "width and height must be positive integers (at most " + MAX_PIXELS
              + " pixels), method crop or scale, animated true or false");
      return;
    }
    // Each distinct request is its own rendition: its own stored object, digest and CDN salt.
    String rendition = "thumbnail/" + width + "x" + height + "/" + method + "/" + animated;
    MediaStore.StoredObject object =
        store.rendition(media, rendition, width, height, method.equals("crop"),
            animated.equals("true"));
    if (object == null) {
      Exchanges.error(exchange, 400, "M_UNKNOWN", "Cannot generate a thumbnail for this content");
      return;
    }
    delivery.deliver(exchange, query, serverName + "/" + mediaId, rendition, object, null);
  }

  /** Parses a decimal of at most 9 digits (so it fits an int); -1 for anything else. */
  private static int positiveInt(@Nullable String s) {
    if (s == null || !s.matches("[0-9]{1,9}")) return -1;
    return Integer.parseInt(s);
  }
}
