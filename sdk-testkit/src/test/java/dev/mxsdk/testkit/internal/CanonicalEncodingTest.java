package dev.mxsdk.testkit.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("crypto")
final class CanonicalEncodingTest {
  @TempDir File dir;

  private File write(byte[] content) throws Exception {
    File file = File.createTempFile("object", ".bin", dir);
    Files.write(file.toPath(), content);
    return file;
  }

  private static byte[] encode(CanonicalEncoding encoding, long from, long to) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    encoding.write(out, from, to);
    return out.toByteArray();
  }

  @Test
  void matchesTheRfc8188Section3Point1Example() throws Exception {
    Base64.Decoder b64 = Base64.getUrlDecoder();
    byte[] plaintext = "I am the walrus".getBytes(StandardCharsets.US_ASCII);
    CanonicalEncoding encoding = new CanonicalEncoding(write(plaintext), plaintext.length,
        b64.decode("yqdlZ-tYemfogSmv7Ws5PQ"), b64.decode("I1BsxtFttlv3u_Oo94xnmw"), 4096);
    byte[] expected = b64.decode("I1BsxtFttlv3u_Oo94xnmwAAEAAA-NAVub2qFgBEuQKRapoZu-IxkIva3MEB1PD-ly8Thjg");
    assertEquals(expected.length, encoding.encodedLength());
    assertArrayEquals(expected, encode(encoding, 0, expected.length - 1));
  }

  @Test
  void everyRangeEqualsTheSameSliceOfTheWholeEncoding() throws Exception {
    byte[] plaintext = new byte[300];
    new Random(1).nextBytes(plaintext);
    File file = write(plaintext);
    byte[] key = new byte[16];
    byte[] digest = new byte[32];
    CanonicalEncoding whole = CanonicalEncoding.of(file, plaintext.length, key, digest, 40, "download");
    long total = whole.encodedLength();
    assertEquals(CanonicalEncoding.encodedLength(300, 40), total);
    byte[] full = encode(whole, 0, total - 1);
    for (int from = 0; from < total; from += 7) {
      for (int to = from; to < total; to += 13) {
        CanonicalEncoding fresh = CanonicalEncoding.of(file, plaintext.length, key, digest, 40, "download");
        assertArrayEquals(Arrays.copyOfRange(full, from, to + 1), encode(fresh, from, to), from + "-" + to);
      }
    }
  }

  @Test
  void encodedLengthFollowsTheDecisionsFormula() {
    assertEquals(21 + 17, CanonicalEncoding.encodedLength(0, 65536));
    assertEquals(21 + 65519 + 17, CanonicalEncoding.encodedLength(65519, 65536));
    assertEquals(21 + 65520 + 34, CanonicalEncoding.encodedLength(65520, 65536));
    assertEquals(21 + 1 + 17, CanonicalEncoding.encodedLength(1, 18));
    assertEquals(21 + 2 + 34, CanonicalEncoding.encodedLength(2, 18));
  }
}
