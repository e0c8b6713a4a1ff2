package dev.mxsdk.media.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mxsdk.media.MediaIntegrityException;
import dev.mxsdk.media.MediaProtocolException;
import java.io.IOException;
import okio.Buffer;
import okio.Source;

/**
 * Fuzzes the RFC 8188 decoder under a fixed key: (1) arbitrary bytes decode to something or fail
 * with {@link MediaIntegrityException} / {@link MediaProtocolException}, nothing else, and never
 * hang (the record size is capped); (2) a valid encoding of fuzzed plaintext at a fuzzed record
 * size decodes to exactly that plaintext; the same encoding cut short always fails, and with one
 * byte changed it fails or, only for a change of the header's (unauthenticated) record size that
 * keeps the record boundaries, still yields exactly the same plaintext: never different bytes.
 */
final class Aes128GcmDecodingSourceFuzzTest {
  private static final byte[] KEY = {
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
  private static final int MAX_RS = 4096;

  private static byte[] decode(byte[] encoded) throws IOException {
    Buffer out = new Buffer();
    try (Source source = new Aes128GcmDecodingSource(new Buffer().write(encoded),
        SecretBytes.copyOf(KEY), MAX_RS)) {
      while (source.read(out, 8192) != -1) {
        // drain
      }
    }
    return out.readByteArray();
  }

  private static boolean fails(byte[] encoded) throws IOException {
    try {
      decode(encoded);
      return false;
    } catch (MediaIntegrityException | MediaProtocolException expected) {
      return true;
    }
  }

  @FuzzTest(maxDuration = "2m")
  void arbitraryBytesDecodeOrFailWithATypedError(byte[] input) throws IOException {
    fails(input);
  }

  @FuzzTest(maxDuration = "2m")
  void validEncodingsDecodeAndEveryChangeOrCutIsDetected(FuzzedDataProvider data)
      throws IOException {
    int rs = data.consumeInt(18, MAX_RS);
    int position = data.consumeInt(0, Integer.MAX_VALUE);
    byte flip = data.consumeByte();
    int cut = data.consumeInt(0, Integer.MAX_VALUE);
    byte[] salt = data.consumeBytes(16);
    byte[] plaintext = data.consumeRemainingAsBytes();
    if (salt.length != 16 || flip == 0) return;
    Buffer encodedBuffer = new Buffer();
    try (Source encoder = new Aes128GcmEncodingSource(new Buffer().write(plaintext),
        SecretBytes.copyOf(KEY), salt, rs, new byte[0])) {
      while (encoder.read(encodedBuffer, 8192) != -1) {
        // drain
      }
    }
    byte[] encoded = encodedBuffer.readByteArray();
    assertArrayEquals(plaintext, decode(encoded));

    byte[] changed = encoded.clone();
    int at = Math.floorMod(position, changed.length);
    changed[at] ^= flip;
    // The header's rs is not authenticated (nor is the keyid): a change that keeps the record
    // boundaries, such as a larger rs over one short record, decodes to the same plaintext. What
    // must never happen is different plaintext.
    try {
      assertArrayEquals(plaintext, decode(changed), "a changed byte at " + at + " changed the output");
      assertTrue(at >= 16 && at < 20, "a changed byte at " + at + " passed");
    } catch (MediaIntegrityException | MediaProtocolException expected) {
      // detected
    }

    int length = Math.floorMod(cut, encoded.length);
    assertTrue(fails(java.util.Arrays.copyOf(encoded, length)), "a cut at " + length + " passed");
  }
}
