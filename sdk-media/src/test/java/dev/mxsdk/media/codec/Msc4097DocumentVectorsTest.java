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

  @Test
  void everyRangeVectorOpensToItsPlaintextWithTheKeyHeadersRsAndSalt() throws Exception {
    List<Map<String, String>> ranges = Msc4097DocumentVectors.readRanges();
    assertTrue(ranges.size() >= 2, "expected at least 2 range vectors, found " + ranges.size());
    for (Map<String, String> r : ranges) {
      String name = r.get("name");
      Map<String, String> base = Msc4097DocumentVectors.vector(r.get("vector"));
      MediaEncryptionHeader header = MediaEncryptionHeader.parse(
          java.util.Collections.singletonList(r.get("key-header")),
          java.util.Collections.singletonList("aes128gcm"));
      assertArrayEquals(hex(base.get("key")), header.key().bytes(), name);
      assertEquals(Integer.parseInt(base.get("rs")), header.recordSize(), name);
      assertArrayEquals(hex(base.get("salt")), header.salt(), name);
      byte[] encoded = hex(base.get("encoded"));
      String[] cr = r.get("content-range").substring("bytes ".length()).split("[-/]");
      int from = Integer.parseInt(cr[0]);
      int to = Integer.parseInt(cr[1]);
      assertEquals(encoded.length, Integer.parseInt(cr[2]), name);
      byte[] body = hex(r.get("body"));
      assertArrayEquals(java.util.Arrays.copyOfRange(encoded, from, to + 1), body, name);
      int rs = header.recordSize();
      long first = Long.parseLong(r.get("first-record"));
      assertEquals(21 + first * rs, from, name);
      Aes128GcmDecodingSource records = Aes128GcmDecodingSource.ofRecords(new Buffer().write(body),
          header.key(), header.salt(), rs, first, Boolean.parseBoolean(r.get("ends-with-final")));
      byte[] opened = Okio.buffer(records).readByteArray();
      String[] asked = r.get("plaintext-range").split("-", -1);
      int a = Integer.parseInt(asked[0]);
      int skip = (int) (a - first * (rs - 17));
      int end = asked[1].isEmpty() ? opened.length : Integer.parseInt(asked[1]) + 1 - (a - skip);
      assertArrayEquals(hex(r.get("plaintext")), java.util.Arrays.copyOfRange(opened, skip, end),
          name);
    }
  }
}
