package dev.mxsdk.media.internal.flow;

import dev.mxsdk.media.MediaProtocolException;
import dev.mxsdk.media.codec.Aes128GcmDecodingSource;
import dev.mxsdk.media.codec.MediaEncryptionHeader;
import dev.mxsdk.media.codec.Msc4097;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import okhttp3.Response;
import okio.Source;
import org.jspecify.annotations.Nullable;

/**
 * Steps 5 and 6 of the flow: the fail-closed rules for the final response and the CDN layer.
 *
 * <ul>
 *   <li>Every {@code Content-Encoding} value counts (a second header cannot hide the first): a key
 *       was issued, so the body must be exactly {@code aes128gcm}; {@code aes128gcm} anywhere
 *       without a key, or beside another coding, is an error; any other coding is an error too,
 *       since every hop asked for {@code identity} (OkHttp never decodes transparently here).
 *   <li>A response that could silently be taken for less than the media is an error: {@code 204},
 *       a {@code 206} or a {@code Content-Range} that was not asked for, and a
 *       {@code Content-Length} that is not one non-negative integer.
 *   <li>With a key, the body is opened with RFC 8188 record by record
 *       ({@link Aes128GcmDecodingSource}).
 * </ul>
 */
final class CdnLayer {
  static final String CONTENT_ENCODING = "Content-Encoding";
  static final String CONTENT_RANGE = "Content-Range";
  static final String CONTENT_LENGTH = "Content-Length";

  private CdnLayer() {}

  /**
   * Checks the status and framing headers of a final 2xx response to a request that asked for no
   * range.
   */
  static void checkWholeResponse(Response response) throws MediaProtocolException {
    int code = response.code();
    if (code == 204) {
      throw new MediaProtocolException("the server answered 204 No Content to a download");
    }
    if (code == 206) {
      throw new MediaProtocolException(
          "the server answered 206 Partial Content, but no range was asked for");
    }
    if (code != 200) {
      throw new MediaProtocolException("the server answered " + code + " to a download; expected 200");
    }
    if (response.header(CONTENT_RANGE) != null) {
      throw new MediaProtocolException(
          "a 200 response carries Content-Range, but no range was asked for");
    }
  }

  /**
   * The declared body length: -1 when there is no {@code Content-Length}.
   *
   * @throws MediaProtocolException if the header is repeated with different values or is not a
   *     non-negative decimal integer
   */
  static long contentLength(Response response) throws MediaProtocolException {
    List<String> values = response.headers(CONTENT_LENGTH);
    if (values.isEmpty()) return -1;
    long length = -1;
    for (String value : values) {
      long parsed = parseLength(value.trim());
      if (parsed < 0) {
        throw new MediaProtocolException("the Content-Length header is not a non-negative integer: "
            + shown(value));
      }
      if (length >= 0 && parsed != length) {
        throw new MediaProtocolException("conflicting Content-Length headers");
      }
      length = parsed;
    }
    return length;
  }

  private static long parseLength(String value) {
    if (value.isEmpty() || value.length() > 18) return -1;
    long n = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') return -1;
      n = n * 10 + (c - '0');
    }
    return n;
  }

  static String shown(String value) {
    String cut = value.length() > 24 ? value.substring(0, 24) + "..." : value;
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < cut.length(); i++) {
      char c = cut.charAt(i);
      b.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return b.toString();
  }

  /**
   * Applies the {@code Content-Encoding} rules: returns normally when the body is {@code
   * aes128gcm} under an issued key, or plain without one.
   */
  static void checkEncoding(Response response, @Nullable MediaEncryptionHeader key)
      throws MediaProtocolException {
    List<String> codings = new ArrayList<String>();
    for (String header : response.headers(CONTENT_ENCODING)) {
      for (String token : header.split(",", -1)) {
        String coding = token.trim().toLowerCase(Locale.ROOT);
        if (!coding.isEmpty() && !coding.equals(RedirectChain.IDENTITY)) codings.add(coding);
      }
    }
    boolean encrypted = codings.contains(Msc4097.ALG_AES128GCM);
    if (key != null) {
      if (!encrypted) {
        throw new MediaProtocolException("a key was issued, but the body is not aes128gcm-encoded"
            + " (Content-Encoding: " + (codings.isEmpty() ? "none" : shown(join(codings))) + ")");
      }
      if (codings.size() != 1) {
        throw new MediaProtocolException("the body is aes128gcm-encoded together with another"
            + " coding (Content-Encoding: " + shown(join(codings)) + "); only aes128gcm alone is"
            + " accepted");
      }
      return;
    }
    if (encrypted) {
      throw new MediaProtocolException(
          "the body is aes128gcm-encoded, but no key was issued for it");
    }
    if (!codings.isEmpty()) {
      throw new MediaProtocolException("the body has a content coding that was not asked for"
          + " (Content-Encoding: " + shown(join(codings)) + ")");
    }
  }

  private static String join(List<String> codings) {
    StringBuilder b = new StringBuilder();
    for (String c : codings) {
      if (b.length() > 0) b.append(", ");
      b.append(c);
    }
    return b.toString();
  }

  /** Layers RFC 8188 decoding over {@code wire} under the captured key. */
  static Source decoding(Source wire, MediaEncryptionHeader key, int maxRecordSize) {
    return new Aes128GcmDecodingSource(wire, key.key(), maxRecordSize);
  }
}
