package dev.mxsdk.media;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How a download went, for logs and support: the endpoint family, whether CDN encryption was
 * offered and used, the hops as origins with their status codes, and the E2EE mode.
 *
 * <p>It contains no secret: hops are origins ({@code scheme://host:port}) only, never paths or
 * queries (a CDN URL may carry a one-time credential), and never a key or token. Immutable and
 * thread-safe.
 */
public final class MediaDiagnostics {
  private final String endpoint;
  private final boolean fellBack;
  private final boolean cdnEncryptionOffered;
  private final List<String> hops;
  private final boolean keyReceived;
  private final String e2ee;
  private final int attempts;
  private final boolean fromCache;

  MediaDiagnostics(String endpoint, boolean fellBack, boolean cdnEncryptionOffered,
      List<String> hops, boolean keyReceived, String e2ee, int attempts, boolean fromCache) {
    this.endpoint = endpoint;
    this.fellBack = fellBack;
    this.cdnEncryptionOffered = cdnEncryptionOffered;
    this.hops = Collections.unmodifiableList(new ArrayList<String>(hops));
    this.keyReceived = keyReceived;
    this.e2ee = e2ee;
    this.attempts = attempts;
    this.fromCache = fromCache;
  }

  /**
   * The endpoint family: {@code v1} ({@code /_matrix/client/v1/media}, authenticated) or {@code
   * legacy} ({@code /_matrix/media/v3}); {@code cache} when the response came from the
   * {@link MediaCache} without a request.
   *
   * @return {@code "v1"}, {@code "legacy"} or {@code "cache"}
   */
  public String endpoint() {
    return endpoint;
  }

  /**
   * {@return whether a v1 endpoint answered 404 {@code M_UNRECOGNIZED} and the legacy one was used}
   */
  public boolean fellBackToLegacy() {
    return fellBack;
  }

  /** {@return whether the request offered MSC4097 CDN encryption} */
  public boolean cdnEncryptionOffered() {
    return cdnEncryptionOffered;
  }

  /** {@return each request of the final attempt as {@code "<origin> <status>"}, in order} */
  public List<String> hops() {
    return hops;
  }

  /** {@return whether the homeserver's redirect carried a key} */
  public boolean keyReceived() {
    return keyReceived;
  }

  /**
   * {@return whether the body came through the CDN-encryption layer (RFC 8188 {@code aes128gcm})}
   */
  public boolean cdnLayer() {
    return keyReceived;
  }

  /**
   * {@return {@code none}, {@code verified} (plaintext released after the hash matched) or {@code
   * unverified}}
   */
  public String e2ee() {
    return e2ee;
  }

  /** {@return how many times the download started at the homeserver (more than 1 after retries)} */
  public int attempts() {
    return attempts;
  }

  /**
   * Whether the response was served from the {@link MediaCache}: no request was made, there are
   * no hops, and the bytes were verified on disk.
   *
   * @return true if the response came from the cache
   */
  public boolean fromCache() {
    return fromCache;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof MediaDiagnostics && toString().equals(o.toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }

  /** One line: endpoint, opt-in, hops, key, layers and attempts. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    if (fromCache) {
      return b.append("endpoint=cache (disk cache hit, no request), e2ee=").append(e2ee).toString();
    }
    b.append("endpoint=").append(endpoint).append(fellBack ? " (fell back from v1)" : "");
    b.append(", cdn-encryption=").append(cdnEncryptionOffered ? "offered" : "off");
    b.append(", hops=").append(hops);
    b.append(", key=").append(keyReceived ? "received" : "none");
    b.append(", cdn-layer=").append(keyReceived ? "aes128gcm" : "none");
    b.append(", e2ee=").append(e2ee);
    b.append(", attempts=").append(attempts);
    return b.toString();
  }
}
