package dev.mxsdk.testkit;

import com.sun.net.httpserver.Headers;
import dev.mxsdk.testkit.internal.ContentHeaders;
import org.jspecify.annotations.Nullable;

/** The headers the spec asks of a content repository's media responses, on either origin. */
final class MediaHeaders {
  private MediaHeaders() {}

  /**
   * Sets Content-Type, Content-Disposition (naming {@code fileNameOverride} if not null, else the
   * stored name), Content-Security-Policy, Cross-Origin-Resource-Policy, X-Content-Type-Options
   * and a private Cache-Control.
   */
  static void set(Headers headers, MediaStore.StoredObject object,
      @Nullable String fileNameOverride) {
    headers.set("Content-Type", object.contentType);
    headers.set("Content-Disposition", ContentHeaders.contentDisposition(object.contentType,
        fileNameOverride != null ? fileNameOverride : object.fileName));
    headers.set("Content-Security-Policy", ContentHeaders.CONTENT_SECURITY_POLICY);
    headers.set("Cross-Origin-Resource-Policy", "cross-origin");
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("Cache-Control", "private, max-age=3600");
  }
}
