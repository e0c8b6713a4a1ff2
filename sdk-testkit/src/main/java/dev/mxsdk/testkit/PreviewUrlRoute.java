package dev.mxsdk.testkit;

import com.sun.net.httpserver.HttpExchange;
import dev.mxsdk.core.MxcUri;
import dev.mxsdk.testkit.internal.Json;
import dev.mxsdk.testkit.internal.OpenGraph;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET .../media/preview_url?url=[&ts=]}: the OpenGraph data of a page on a loopback host
 * ({@link LoopbackFetch}; any other host is refused with {@code 403 M_FORBIDDEN}): the fixed
 * properties of {@link OpenGraph} from an HTML page, or the image itself when the URL is one.
 * An {@code og:image} on a loopback host is fetched and stored as media, and served as its mxc
 * URI with {@code og:image:type}, {@code og:image:width} and {@code og:image:height} of the stored
 * image and {@code matrix:image:size}, as the spec has it; an image that cannot be fetched is left
 * out. {@code ts} is accepted (an integer) and, as every preview is fetched afresh, ignored.
 */
final class PreviewUrlRoute implements Route {
  /** The most of a page that is read; OpenGraph tags are in its head. */
  static final int MAX_PAGE_BYTES = 1 << 20;
  private static final Pattern CHARSET =
      Pattern.compile(";\\s*charset=\"?([-a-zA-Z0-9_.:]+)", Pattern.CASE_INSENSITIVE);

  private final MediaStore store;
  private final String serverName;
  private final long maxImageBytes;
  private final LoopbackFetch fetch;

  /** Stores preview images in {@code store}, each within {@code maxImageBytes}. */
  PreviewUrlRoute(MediaStore store, String serverName, long maxImageBytes, LoopbackFetch fetch) {
    this.store = store;
    this.serverName = serverName;
    this.maxImageBytes = maxImageBytes;
    this.fetch = fetch;
  }

  @Override
  public void handle(HttpExchange exchange, RouteRequest request) throws IOException {
    Map<String, String> query = Exchanges.query(exchange);
    String url = query.get("url");
    if (url == null || url.isEmpty()) {
      Exchanges.error(exchange, 400, "M_MISSING_PARAM", "Missing url parameter");
      return;
    }
    String ts = query.get("ts");
    if (ts != null && !ts.matches("[0-9]{1,18}")) {
      Exchanges.error(exchange, 400, "M_INVALID_PARAM", "ts must be an integer");
      return;
    }
    URI page;
    try {
      page = LoopbackFetch.loopback(url);
    } catch (LoopbackFetch.RefusedException e) {
      refuse(exchange, e);
      return;
    }
    LoopbackFetch.Fetched fetched;
    try {
      fetched = fetch.get(page, MAX_PAGE_BYTES);
    } catch (LoopbackFetch.RefusedException e) {
      refuse(exchange, e);
      return;
    } catch (IOException e) {
      Exchanges.error(exchange, 502, "M_UNKNOWN", "Failed to fetch the URL");
      return;
    }
    if (fetched.status < 200 || fetched.status >= 300) {
      Exchanges.error(exchange, 502, "M_UNKNOWN", "The URL answered HTTP " + fetched.status);
      return;
    }
    Map<String, Object> preview = new LinkedHashMap<>();
    if (isImage(fetched.contentType)) {
      if (!fetched.truncated) addImage(preview, store, serverName, fetched, maxImageBytes);
    } else if (isHtml(fetched.contentType)) {
      Map<String, String> og =
          OpenGraph.parse(new String(fetched.body, charset(fetched.contentType)));
      preview.putAll(og);
      String image = og.get("og:image");
      if (image != null) {
        preview.remove("og:image");
        preview.remove("og:image:type");
        LoopbackFetch.Fetched picture = fetchImage(fetch, fetched.uri, image, maxImageBytes);
        if (picture != null) addImage(preview, store, serverName, picture, maxImageBytes);
      }
    }
    Exchanges.json(exchange, 200, json(preview));
  }

  private static void refuse(HttpExchange exchange, LoopbackFetch.RefusedException e)
      throws IOException {
    Exchanges.error(exchange, 403, "M_FORBIDDEN",
        "The testkit previews only http(s) URLs on loopback hosts (127.0.0.0/8, [::1], "
            + "localhost): " + e.getMessage());
  }

  /** The page's image, or null if it is not on loopback, not an image, or cannot be fetched. */
  private static LoopbackFetch.@Nullable Fetched fetchImage(LoopbackFetch fetch, URI page,
      String image, long maxImageBytes) {
    try {
      LoopbackFetch.Fetched picture =
          fetch.get(LoopbackFetch.loopback(page.resolve(image.trim()).toString()), maxImageBytes);
      boolean ok = picture.status >= 200 && picture.status < 300 && !picture.truncated
          && isImage(picture.contentType);
      return ok ? picture : null;
    } catch (IOException | IllegalArgumentException e) {
      return null;
    }
  }

  /** Stores {@code image} as media and adds its mxc URI, type, size and dimensions. */
  private static void addImage(Map<String, Object> preview, MediaStore store, String serverName,
      LoopbackFetch.Fetched image, long maxImageBytes) throws IOException {
    String type = bareType(image.contentType);
    MediaStore.Media media = store.create(null, 0);
    try {
      store.fill(media, store.store(new ByteArrayInputStream(image.body), type, null,
          maxImageBytes));
    } catch (MediaStore.TooLargeException e) {
      return;
    }
    preview.put("og:image", MxcUri.of(serverName, media.mediaId).toString());
    preview.put("og:image:type", type);
    BufferedImage decoded = null;
    try {
      decoded = ImageIO.read(new ByteArrayInputStream(image.body));
    } catch (IOException | RuntimeException e) {
      // Not decodable here: the page's own width and height, if any, stay.
    }
    if (decoded != null) {
      preview.put("og:image:width", (long) decoded.getWidth());
      preview.put("og:image:height", (long) decoded.getHeight());
    } else {
      for (String dimension : new String[] {"og:image:width", "og:image:height"}) {
        Object value = preview.get(dimension);
        if (value instanceof String && ((String) value).matches("[0-9]{1,9}")) {
          preview.put(dimension, Long.parseLong((String) value));
        }
      }
    }
    preview.put("matrix:image:size", (long) image.body.length);
  }

  private static String json(Map<String, Object> preview) {
    StringBuilder b = new StringBuilder("{");
    for (Map.Entry<String, Object> e : preview.entrySet()) {
      if (b.length() > 1) b.append(',');
      b.append(Json.quote(e.getKey())).append(':');
      Object value = e.getValue();
      b.append(value instanceof Long ? value.toString() : Json.quote(value.toString()));
    }
    return b.append('}').toString();
  }

  private static boolean isImage(@Nullable String contentType) {
    return bareType(contentType).startsWith("image/");
  }

  private static boolean isHtml(@Nullable String contentType) {
    String type = bareType(contentType);
    return type.equals("text/html") || type.equals("application/xhtml+xml");
  }

  private static String bareType(@Nullable String contentType) {
    if (contentType == null) return "application/octet-stream";
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
        .trim().toLowerCase(Locale.ROOT);
  }

  private static Charset charset(@Nullable String contentType) {
    if (contentType != null) {
      Matcher m = CHARSET.matcher(contentType);
      if (m.find()) {
        try {
          return Charset.forName(m.group(1));
        } catch (IllegalArgumentException e) {
          // An unknown charset: read as UTF-8, as HTML5 defaults to.
        }
      }
    }
    return StandardCharsets.UTF_8;
  }
}
