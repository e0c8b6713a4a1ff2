package dev.mxsdk.media.internal.flow;

import dev.mxsdk.core.UrlRules;
import dev.mxsdk.media.codec.MediaEncryptionHeader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/**
 * The state of one redirect chain (one attempt of one download), carried to the
 * {@link KeyCapture} interceptor as a request tag. Hops run one after another on one thread; the fields
 * are volatile because OkHttp may run the interceptor on another thread for async calls.
 */
final class ChainState {
  final HttpUrl homeserver;
  final boolean offerCdnEncryption;
  /** The largest record size a key header may name (the decoder's cap). */
  final int maxRecordSize;
  private volatile boolean leftHomeserver;
  private volatile boolean homeserverHop;
  private volatile @Nullable MediaEncryptionHeader key;
  private volatile boolean foreignKeyIgnored;
  private volatile @Nullable IOException violation;
  private final List<String> hops = Collections.synchronizedList(new ArrayList<String>());
  /** MSC3910's content token for the homeserver hops, or null. Secret: never printed. */
  private final @Nullable String contentToken;

  ChainState(HttpUrl homeserver, boolean offerCdnEncryption, int maxRecordSize) {
    this(homeserver, offerCdnEncryption, maxRecordSize, null);
  }

  ChainState(HttpUrl homeserver, boolean offerCdnEncryption, int maxRecordSize,
      @Nullable String contentToken) {
    this.homeserver = homeserver;
    this.offerCdnEncryption = offerCdnEncryption;
    this.maxRecordSize = maxRecordSize;
    this.contentToken = contentToken;
  }

  /** The content token homeserver hops carry, or null. */
  @Nullable String contentToken() {
    return contentToken;
  }

  /**
   * Records that the next hop goes to {@code url} and returns whether it is a homeserver hop: same
   * origin as the homeserver and the chain has never left it.
   */
  boolean beginHop(HttpUrl url) {
    if (!UrlRules.sameOrigin(url, homeserver)) leftHomeserver = true;
    homeserverHop = !leftHomeserver;
    return homeserverHop;
  }

  /** Whether the hop in progress may carry credentials and deliver a key. */
  boolean isHomeserverHop() {
    return homeserverHop;
  }

  boolean leftHomeserver() {
    return leftHomeserver;
  }

  /** The key header captured from the homeserver's redirect, or null. */
  @Nullable MediaEncryptionHeader key() {
    return key;
  }

  void key(MediaEncryptionHeader key) {
    this.key = key;
  }

  /** Records the first protocol violation seen by the interceptor. */
  void violation(IOException e) {
    if (violation == null) violation = e;
  }

  /** The recorded violation, if any. */
  @Nullable IOException violation() {
    return violation;
  }

  void foreignKeyIgnored() {
    foreignKeyIgnored = true;
  }

  boolean wasForeignKeyIgnored() {
    return foreignKeyIgnored;
  }

  void recordHop(HttpUrl url, int code) {
    hops.add(UrlRules.origin(url) + " " + code);
  }

  List<String> hops() {
    synchronized (hops) {
      return new ArrayList<String>(hops);
    }
  }
}
