package dev.mxsdk.media.internal.flow;

import dev.mxsdk.media.internal.crypto.Aes128GcmDecodingSource;
import dev.mxsdk.media.internal.crypto.MediaEncryptionHeader;
import dev.mxsdk.media.internal.crypto.SecretBytes;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import okio.Source;

/** The flow's view of the MSC4097 codec: the key header parser and the RFC 8188 decoder. */
final class CdnLayer {
  private static final List<String> OFFERED = Collections.singletonList("aes128gcm");

  private CdnLayer() {}

  /**
   * Parses the key header values of a homeserver redirect strictly.
   *
   * @param offered whether the request offered CDN encryption; a key the client did not ask for
   *     names an algorithm it did not offer, which is a protocol error
   */
  static SecretBytes parseKeyHeader(List<String> values, boolean offered) throws IOException {
    List<String> algorithms = offered ? OFFERED : Collections.<String>emptyList();
    return MediaEncryptionHeader.parse(values, algorithms).key();
  }

  /** Layers RFC 8188 {@code aes128gcm} decoding over {@code source}. */
  static Source decoding(Source source, SecretBytes key, int maxRecordSize) {
    return new Aes128GcmDecodingSource(source, key, maxRecordSize);
  }
}
