package dev.mxsdk.media.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import okio.Buffer;
import okio.ByteString;
import okio.Okio;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** docs/msc4097.md's vectors, checked against the salt rule, the encoder and the decoder. */
@Tag("crypto")
final class Msc4097DocumentVectorsTest {
  @Test
  void everyVectorOfTheDocumentHolds() throws Exception {
    List<Map<String, String>> vectors = Msc4097DocumentVectors.read();
    assertTrue(vectors.size() >= 4, "expected at least 4 vectors, found " + vectors.size());
    for (Map<String, String> v : vectors) {
      String name = v.get("name");
      SecretBytes key = SecretBytes.copyOf(hex(v.get("key")));
      byte[] object = hex(v.get("object"));
      int rs = Integer.parseInt(v.get("rs"));
      byte[] encoded = hex(v.get("encoded"));
      byte[] digest = ByteString.of(object).sha256().toByteArray();
      byte[] salt = Msc4097.salt(key, digest, rs, v.get("rendition"));

      assertArrayEquals(hex(v.get("sha256")), digest, name);
      assertArrayEquals(hex(v.get("salt")), salt, name);
      assertArrayEquals(hex(v.get("header")), java.util.Arrays.copyOf(encoded, 21), name);
      assertEquals(Aes128GcmEncodingSource.encodedLength(object.length, rs, 0), encoded.length, name);
      byte[] ours = Okio.buffer(new Aes128GcmEncodingSource(
          new Buffer().write(object), key, salt, rs, new byte[0])).readByteArray();
      assertArrayEquals(encoded, ours, name + ": encoder");
      byte[] decoded = Okio.buffer(new Aes128GcmDecodingSource(
          new Buffer().write(encoded), key, 1 << 20)).readByteArray();
      assertArrayEquals(object, decoded, name + ": decoder");
    }
  }

  private static byte[] hex(String s) {
    return ByteString.decodeHex(s).toByteArray();
  }
}
