package dev.mxsdk.testkit;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import dev.mxsdk.core.Clock;
import dev.mxsdk.media.codec.MediaEncryptionHeader;
import dev.mxsdk.media.codec.Msc4097;
import dev.mxsdk.media.codec.SecretBytes;
import dev.mxsdk.testkit.internal.ContentHeaders;
import dev.mxsdk.testkit.internal.Json;
import dev.mxsdk.testkit.internal.TokenSealer;
import java.io.IOException;
import java.util.Base64;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The homeserver's redirect to the CDN: a URL carrying a sealed token and, when the request opted
 * in to {@code aes128gcm}, a fresh key in {@code X-Matrix-Media-Encryption} (or, with {@code
 * org.matrix.msc4097.redirect=json}, a {@code 200} JSON body carrying both). The token seals key,
 * rendition, object digest, record size and expiry, so the CDN needs no state shared with the
 * homeserver (see {@code docs/msc4097.md}, "Stateless key hand-off"). The homeserver knows all
 * that the CDN's salt is derived from, so the key header also names the record size and the salt
 * ({@code rs=..., salt=...}), with which a client asks the CDN for just the records of a range.
 *
 * <p>Security: the key goes into the header or the JSON body and nowhere else: not into the URL,
 * an exception or {@link #toString()}. Every redirect is {@code Cache-Control: no-store}. Thread-safe.
 */
final class CdnRedirects {
  /** How many leading key characters the malformed-key fault keeps before its bad characters. */
  private static final int MALFORMED_KEY_PREFIX = 10;

  private final String cdnBaseUrl;
  private final TokenSealer sealer;
  private final RedirectKeys keys;
  private final Clock clock;
  private final long tokenLifetimeMillis;
  private final int recordSize;
  private final boolean recordLayout;
  private final Faults faults;
  private final boolean cdnEncryption;

  /**
   * @param recordLayout whether the key header names {@code rs} and {@code salt}
   * @param cdnEncryption whether a request's MSC4097 opt-in gets a key (false: plain redirects)
   */
  CdnRedirects(String cdnBaseUrl, TokenSealer sealer, RedirectKeys keys, Clock clock,
      long tokenLifetimeMillis, int recordSize, boolean recordLayout, Faults faults,
      boolean cdnEncryption) {
    this.cdnBaseUrl = cdnBaseUrl;
    this.sealer = sealer;
    this.keys = keys;
    this.clock = clock;
    this.tokenLifetimeMillis = tokenLifetimeMillis;
    this.recordSize = recordSize;
    this.recordLayout = recordLayout;
    this.faults = faults;
    this.cdnEncryption = cdnEncryption;
  }

  /**
   * Answers with a redirect to the CDN URL of {@code rendition} of {@code media} ({@code
   * server/id}).
   *
   * @param fileName the file name the request path asked for, sealed into the token so that the
   *     CDN serves it (sanitised, so the token stays bounded); null for the stored name
   */
  void redirect(HttpExchange exchange, Map<String, String> query, String media, String rendition,
      MediaStore.StoredObject object, @Nullable String fileName) throws IOException {
    byte[] key = cdnEncryption && offersAes128gcm(query.get(CdnProtocol.ENCRYPTION_PARAMETER))
        ? keys.issue(object.sha256, rendition) : null;
    long expiry = clock.nowMillis() + tokenLifetimeMillis;
    String name = fileName == null ? null : ContentHeaders.sanitizeFileName(fileName);
    String token = sealer.seal(
        new TokenSealer.Claims(media, rendition, object.sha256, recordSize, key, name, expiry));
    String location = cdnBaseUrl + CdnProtocol.CDN_PATH_PREFIX + token;
    String encodedKey =
        key == null ? null : Base64.getUrlEncoder().withoutPadding().encodeToString(key);
    byte[] salt = key == null || !recordLayout ? null
        : Msc4097.salt(SecretBytes.copyOf(key), object.sha256, recordSize, rendition);
    Headers headers = exchange.getResponseHeaders();
    headers.set("Cache-Control", "no-store");

    if (CdnProtocol.REDIRECT_JSON.equals(query.get(CdnProtocol.REDIRECT_PARAMETER))) {
      Exchanges.json(exchange, 200, "{\"location\":" + Json.quote(location)
          + (encodedKey != null
              ? ",\"alg\":\"" + CdnProtocol.AES128GCM + "\",\"key\":\"" + encodedKey + "\""
                  + (salt != null ? ",\"rs\":" + recordSize + ",\"salt\":\""
                      + Base64.getUrlEncoder().withoutPadding().encodeToString(salt) + "\"" : "")
              : "")
          + "}");
      return;
    }
    headers.set("Location", location);
    int status = 307;
    if (encodedKey != null) {
      if (faults.take(Faults.Kind.KEY_ON_308)) status = 308;
      addKeyHeader(headers, key, encodedKey, salt);
    }
    Exchanges.empty(exchange, status);
  }

  /** Adds the key header, or the broken one a fault switch asks for. */
  private void addKeyHeader(Headers headers, byte[] key, String encodedKey,
      byte @Nullable [] salt) {
    String value = salt != null
        ? MediaEncryptionHeader.format(SecretBytes.copyOf(key), recordSize, salt)
        : MediaEncryptionHeader.format(SecretBytes.copyOf(key));
    if (faults.take(Faults.Kind.MALFORMED_KEY_HEADER)) {
      // Characters outside base64url (and padding in the middle) where a strict parser must fail.
      int at = value.indexOf(encodedKey) + MALFORMED_KEY_PREFIX;
      headers.add(CdnProtocol.KEY_HEADER, value.substring(0, at) + "*+/=" + value.substring(at));
    } else if (!faults.take(Faults.Kind.OMIT_KEY_HEADER)) {
      headers.add(CdnProtocol.KEY_HEADER, value);
      if (faults.take(Faults.Kind.DUPLICATE_KEY_HEADER)) {
        headers.add(CdnProtocol.KEY_HEADER, value);
      }
    }
  }

  /** Returns true if the comma-separated {@code offered} list names {@code aes128gcm}. */
  private static boolean offersAes128gcm(@Nullable String offered) {
    if (offered == null) return false;
    for (String alg : offered.split(",")) {
      if (alg.trim().equals(CdnProtocol.AES128GCM)) return true;
    }
    return false;
  }

  @Override
  public String toString() {
    return "CdnRedirects[" + cdnBaseUrl + "]";
  }
}
