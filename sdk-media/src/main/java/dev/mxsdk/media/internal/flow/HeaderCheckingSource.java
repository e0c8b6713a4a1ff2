package dev.mxsdk.media.internal.flow;

import dev.mxsdk.media.MediaProtocolException;
import dev.mxsdk.media.codec.Aes128GcmDecodingSource;
import dev.mxsdk.media.codec.MediaEncryptionHeader;
import java.io.IOException;
import java.security.MessageDigest;
import okio.Buffer;
import okio.BufferedSource;
import okio.ForwardingSource;
import okio.Okio;

/**
 * Compares the RFC 8188 header at the start of an encoded body with the {@code rs} and
 * {@code salt} the homeserver's key header named, before the decoder sees a byte: an encoding
 * that disagrees with them is a protocol error (docs/msc4097.md section 3.1), whatever it would
 * decode to. A body too short to hold a header is left to the decoder, which reports the
 * truncation.
 */
final class HeaderCheckingSource extends ForwardingSource {
  private final BufferedSource upstream;
  private final MediaEncryptionHeader key;
  private boolean checked;

  private HeaderCheckingSource(BufferedSource upstream, MediaEncryptionHeader key) {
    super(upstream);
    this.upstream = upstream;
    this.key = key;
  }

  /** {@code encoded} checked against {@code key}'s rs and salt, or as it is when it names none. */
  static okio.Source wrap(okio.Source encoded, MediaEncryptionHeader key) {
    if (key.recordSize() < 0 && key.salt() == null) return encoded;
    return new HeaderCheckingSource(Okio.buffer(encoded), key);
  }

  @Override
  public long read(Buffer sink, long byteCount) throws IOException {
    if (!checked) {
      if (upstream.request(Aes128GcmDecodingSource.HEADER_LENGTH)) {
        byte[] header = upstream.peek().readByteArray(Aes128GcmDecodingSource.HEADER_LENGTH);
        check(header, key);
      }
      checked = true;
    }
    return super.read(sink, byteCount);
  }

  /**
   * Throws unless the 21-byte {@code header}'s salt and rs are those {@code key} names (when it
   * names them).
   */
  static void check(byte[] header, MediaEncryptionHeader key) throws MediaProtocolException {
    int rs = ((header[16] & 0xff) << 24) | ((header[17] & 0xff) << 16)
        | ((header[18] & 0xff) << 8) | (header[19] & 0xff);
    if (key.recordSize() >= 0 && rs != key.recordSize()) {
      throw new MediaProtocolException("the CDN's aes128gcm header names rs " + (rs & 0xffffffffL)
          + ", but the key header named rs " + key.recordSize());
    }
    byte[] salt = key.salt();
    if (salt != null) {
      byte[] sent = java.util.Arrays.copyOf(header, Aes128GcmDecodingSource.SALT_LENGTH);
      if (!MessageDigest.isEqual(sent, salt)) {
        throw new MediaProtocolException(
            "the CDN's aes128gcm header carries another salt than the key header named");
      }
    }
  }

  /** The record size in a 21-byte header, or -1 if it is outside 18..{@code max}. */
  static int recordSize(byte[] header, int max) {
    long rs = ((header[16] & 0xffL) << 24) | ((header[17] & 0xffL) << 16)
        | ((header[18] & 0xffL) << 8) | (header[19] & 0xffL);
    return rs < Aes128GcmDecodingSource.MIN_RECORD_SIZE || rs > max ? -1 : (int) rs;
  }
}
