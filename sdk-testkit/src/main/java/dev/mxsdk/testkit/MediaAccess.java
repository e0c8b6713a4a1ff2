package dev.mxsdk.testkit;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.jspecify.annotations.Nullable;

/**
 * Who may see a piece of media, by the two proposals' rules, each behind its switch.
 *
 * <ul>
 *   <li>MSC3910 (content tokens): media uploaded with a {@code content_token} needs it in
 *       {@value #HEADER}: none is {@code 401 M_MISSING_CONTENT_TOKEN}, a wrong one
 *       {@code 403 M_UNAUTHORIZED}; a token for media that has none is {@code 403
 *       M_UNAUTHORIZED} too (the proposal's guard against cache poisoning).
 *   <li>MSC3911 (linking media to events): restricted media not yet attached is visible to its
 *       uploader only (the access token that uploaded it); anyone else gets {@code 403
 *       M_UNAUTHORIZED} with {@code "org.matrix.msc3911.attached": false} (the marker is mxsdk's
 *       choice: the MSC names no error for this case).
 * </ul>
 *
 * <p>Security: tokens are compared in constant time and never put into an answer. Thread-safe.
 */
final class MediaAccess {
  static final String HEADER = "X-Matrix-Content-Token";
  static final String NOT_ATTACHED_BODY = "{\"errcode\":\"M_UNAUTHORIZED\","
      + "\"error\":\"This media is not attached to anything yet\","
      + "\"org.matrix.msc3911.attached\":false}";

  private final boolean contentTokens;
  private final boolean linkedMedia;

  MediaAccess(boolean contentTokens, boolean linkedMedia) {
    this.contentTokens = contentTokens;
    this.linkedMedia = linkedMedia;
  }

  boolean contentTokens() {
    return contentTokens;
  }

  /**
   * Returns true if the request may see {@code media}; otherwise answers the refusal and returns
   * false. {@code checkContentToken} is false for requests that carry no token by definition
   * (MSC3911's copy).
   */
  boolean allows(HttpExchange exchange, MediaStore.Media media, boolean checkContentToken)
      throws IOException {
    if (contentTokens && checkContentToken) {
      String sent = exchange.getRequestHeaders().getFirst(HEADER);
      String expected = media.contentToken;
      if (expected != null && sent == null) {
        Exchanges.error(exchange, 401, "M_MISSING_CONTENT_TOKEN",
            "This media needs its content token");
        return false;
      }
      if (sent != null && (expected == null || !same(sent, expected))) {
        Exchanges.error(exchange, 403, "M_UNAUTHORIZED", "Wrong content token for this media");
        return false;
      }
    }
    if (linkedMedia && media.restricted && !media.attached) {
      String caller = AccessTokens.bearer(exchange);
      String uploader = media.creatorToken;
      if (caller == null || uploader == null || !same(caller, uploader)) {
        Exchanges.json(exchange, 403, NOT_ATTACHED_BODY);
        return false;
      }
    }
    return true;
  }

  private static boolean same(@Nullable String a, String b) {
    return a != null && MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8),
        b.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "MediaAccess[contentTokens=" + contentTokens + ", linkedMedia=" + linkedMedia + "]";
  }
}
