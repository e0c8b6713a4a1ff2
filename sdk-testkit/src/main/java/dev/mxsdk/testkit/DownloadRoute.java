package dev.mxsdk.testkit;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;

/**
 * {@code GET .../download/{serverName}/{mediaId}[/{fileName}]}: the media as uploaded, by redirect
 * or directly (see {@link MediaDelivery}); a file name in the path replaces the stored one, on
 * the homeserver and on the CDN.
 */
final class DownloadRoute implements Route {
  /** The rendition name of the full file, in sealed tokens and the CDN's salt. */
  static final String RENDITION = "download";

  private final MediaLookup lookup;
  private final MediaDelivery delivery;

  DownloadRoute(MediaLookup lookup, MediaDelivery delivery) {
    this.lookup = lookup;
    this.delivery = delivery;
  }

  @Override
  public void handle(HttpExchange exchange, RouteRequest request) throws IOException {
    String serverName = request.path("serverName");
    String mediaId = request.path("mediaId");
    MediaStore.Media media = lookup.uploaded(exchange, serverName, mediaId);
    if (media == null) return;
    MediaStore.StoredObject object = media.object;
    if (object == null) {
      Exchanges.error(exchange, 504, "M_NOT_YET_UPLOADED", "Media has not been uploaded yet");
      return;
    }
    // An empty last segment names no file: the stored name is served.
    String fileName = request.optionalPath("fileName");
    delivery.deliver(exchange, Exchanges.query(exchange), serverName + "/" + mediaId, RENDITION,
        object, fileName == null || fileName.isEmpty() ? null : fileName);
  }
}
