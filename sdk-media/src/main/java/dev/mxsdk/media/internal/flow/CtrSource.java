package dev.mxsdk.media.internal.flow;

import dev.mxsdk.media.internal.crypto.AesCtr;
import java.io.IOException;
import okio.Buffer;
import okio.ForwardingSource;
import okio.Source;

/**
 * AES-256-CTR over E2EE ciphertext that starts at {@code offset} of the attachment, with the
 * counter started at the block that holds the offset ({@link AesCtr}); no hash, because a range
 * cannot be checked against the SHA-256 of the whole ciphertext. Fixed buffers; not thread-safe.
 */
final class CtrSource extends ForwardingSource {
  private static final int SEGMENT = 8192;

  private final AesCtr ctr;
  private final Buffer ciphertext = new Buffer();
  private final byte[] in = new byte[SEGMENT];
  private final byte[] out = new byte[SEGMENT];

  CtrSource(Source ciphertext, AesCtr ctr) {
    super(ciphertext);
    this.ctr = ctr;
  }

  @Override
  public long read(Buffer sink, long byteCount) throws IOException {
    if (byteCount < 0) throw new IllegalArgumentException("byteCount < 0: " + byteCount);
    if (byteCount == 0) return 0;
    long read = delegate().read(ciphertext, Math.min(byteCount, SEGMENT));
    if (read == -1) return -1;
    long total = 0;
    while (ciphertext.size() > 0) {
      int n = ciphertext.read(in, 0, in.length);
      ctr.update(in, 0, n, out, 0);
      sink.write(out, 0, n);
      total += n;
    }
    return total;
  }
}
