package dev.mxsdk.testkit;

import com.sun.net.httpserver.HttpExchange;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Answers a download or thumbnail request with the stored object: a redirect to the CDN when the
 * endpoint family and the request allow one, else the bytes from the homeserver itself.
 *
 * <p>Authenticated ({@code /_matrix/client/v1/media}) endpoints may always redirect. Legacy ones
 * redirect only when asked: {@code allow_redirect=true} from spec v1.7, {@code
 * com.beeper.msc3860.allow_redirect=true} on any version.
 */
final class MediaDelivery {
  static final String ALLOW_REDIRECT = "allow_redirect";
  static final String MSC3860_ALLOW_REDIRECT = "com.beeper.msc3860.allow_redirect";

  private final @Nullable CdnRedirects redirects;
  private final boolean alwaysRedirect;
  private final boolean stableAllowRedirect;

  /**
   * @param redirects the CDN's redirects, or null when there is no CDN
   * @param alwaysRedirect true for the authenticated endpoints
   * @param stableAllowRedirect whether {@code allow_redirect} is understood (spec v1.7+)
   */
  MediaDelivery(@Nullable CdnRedirects redirects, boolean alwaysRedirect,
      boolean stableAllowRedirect) {
    this.redirects = redirects;
    this.alwaysRedirect = alwaysRedirect;
    this.stableAllowRedirect = stableAllowRedirect;
  }

  /**
   * Answers with {@code object}, the {@code rendition} of {@code media} ({@code server/id}).
   *
   * @param fileName the name from the request path, served instead of the stored one (by the
   *     CDN too: the redirect's token carries it), or null
   */
  void deliver(HttpExchange exchange, Map<String, String> query, String media, String rendition,
      MediaStore.StoredObject object, @Nullable String fileName) throws IOException {
    boolean redirect = alwaysRedirect
        || (stableAllowRedirect && "true".equals(query.get(ALLOW_REDIRECT)))
        || "true".equals(query.get(MSC3860_ALLOW_REDIRECT));
    if (redirects != null && redirect) {
      redirects.redirect(exchange, query, media, rendition, object, fileName);
    } else {
      serve(exchange, object, fileName);
    }
  }

  private static void serve(HttpExchange exchange, MediaStore.StoredObject object,
      @Nullable String fileName) throws IOException {
    MediaHeaders.set(exchange.getResponseHeaders(), object, fileName);
    if (!Exchanges.sendHeaders(exchange, 200, object.length)) return;
    try (InputStream in = new FileInputStream(object.file);
        OutputStream out = exchange.getResponseBody()) {
      in.transferTo(out);
    }
  }
}
