package dev.mxsdk.testkit;

/**
 * The names of the MSC4097 profile on the wire, as {@code docs/msc4097.md} defines them, shared
 * by the homeserver's redirects and the CDN.
 */
final class CdnProtocol {
  /** The query parameter listing the CDN encodings a client can decode, preferred first. */
  static final String ENCRYPTION_PARAMETER = "org.matrix.msc4097.encryption";

  /** The one CDN encoding: RFC 8188 records under the key of the redirect. */
  static final String AES128GCM = "aes128gcm";

  /** The query parameter asking for the JSON variant of the redirect (for web clients). */
  static final String REDIRECT_PARAMETER = "org.matrix.msc4097.redirect";

  /** The value of {@link #REDIRECT_PARAMETER} that selects the JSON variant. */
  static final String REDIRECT_JSON = "json";

  /** The header of a keyed redirect: {@code alg=aes128gcm, key=<unpadded base64url>}. */
  static final String KEY_HEADER = "X-Matrix-Media-Encryption";

  /** The bytes of a redirect key: RFC 8188's input keying material for AES-128-GCM. */
  static final int KEY_BYTES = 16;

  /** The path under which the CDN serves sealed tokens: {@code <prefix><token>}. */
  static final String CDN_PATH_PREFIX = "/_msc4097/v1/";

  private CdnProtocol() {}
}
