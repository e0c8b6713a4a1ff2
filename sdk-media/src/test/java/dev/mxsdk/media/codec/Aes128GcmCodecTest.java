package dev.mxsdk.media.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.mxsdk.media.MediaIntegrityException;
import dev.mxsdk.media.MediaProtocolException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import okio.Buffer;
import okio.ByteString;
import okio.Okio;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The RFC 8188 encoder and decoder against each other, against RFC 8188's examples, against an
 * independent BouncyCastle reference (lightweight HKDF and GCM engines, no JCA), and under tampering.
 */
@Tag("crypto")
final class Aes128GcmCodecTest {
  private static final int CAP = 1 << 20;
  private static final int[] RECORD_SIZES = {18, 25, 4096, 65536};
  private final Random random = new Random(8188);

  @Test
  void rfc8188Section32ExampleWithKeyIdAndSmallRecordsDecodes() throws IOException {
    byte[] ikm = ByteString.decodeBase64("BO3ZVPxUlnLORbVGMpbT1Q").toByteArray();
    byte[] encoded = ByteString.decodeBase64(
        "uNCkWiNYzKTnBN9ji3-qWAAAABkCYTHOG8chz_gnvgOqdGYovxyjuqRyJFjEDyoF1Fvkj6hQPdPHI51OEUKEpgz3SsLWIqS_uA")
        .toByteArray();
    Aes128GcmDecodingSource decoder =
        new Aes128GcmDecodingSource(new Buffer().write(encoded), SecretBytes.copyOf(ikm), CAP);
    assertEquals("I am the walrus", Okio.buffer(decoder).readUtf8());
    assertArrayEquals("a1".getBytes(StandardCharsets.US_ASCII), decoder.keyId());
  }

  @Test
  void encoderReproducesRfc8188Section31Exactly() throws IOException {
    byte[] ikm = ByteString.decodeBase64("yqdlZ-tYemfogSmv7Ws5PQ").toByteArray();
    byte[] expected = ByteString.decodeBase64(
        "I1BsxtFttlv3u_Oo94xnmwAAEAAA-NAVub2qFgBEuQKRapoZu-IxkIva3MEB1PD-ly8Thjg").toByteArray();
    byte[] salt = Arrays.copyOf(expected, 16);
    byte[] actual = encode("I am the walrus".getBytes(StandardCharsets.US_ASCII), ikm, salt, 4096,
        new byte[0]);
    assertArrayEquals(expected, actual);
  }

  @Test
  void roundTripsMatchTheReferenceAcrossSizesAndRecordSizes() throws Exception {
    for (int rs : RECORD_SIZES) {
      int chunk = rs - 17;
      int[] sizes = {0, 1, Math.max(0, rs - 18), rs - 17, rs - 16, 3 * chunk, 3 * chunk + 5};
      for (int size : sizes) checkRoundTrip(size, rs);
    }
    checkRoundTrip((1 << 20) + 3, 4096);
    checkRoundTrip((1 << 20) + 3, 65536);
  }

  @Test
  void randomInputsAgreeWithTheReferenceInBothDirections() throws Exception {
    for (int i = 0; i < 60; i++) {
      int rs = 18 + random.nextInt(600);
      checkRoundTrip(random.nextInt(5000), rs);
    }
  }

  @Test
  void decoderReleasesTheSamePlaintextOneByteAtATime() throws IOException {
    byte[] key = bytes(16);
    byte[] plaintext = bytes(1000);
    byte[] encoded = encode(plaintext, key, bytes(16), 25, new byte[0]);
    Aes128GcmDecodingSource decoder =
        new Aes128GcmDecodingSource(new Buffer().write(encoded), SecretBytes.copyOf(key), CAP);
    Buffer out = new Buffer();
    Buffer one = new Buffer();
    long n;
    while ((n = decoder.read(one, 1)) != -1) {
      assertTrue(n <= 1);
      out.write(one, n);
    }
    assertArrayEquals(plaintext, out.readByteArray());
  }

  @Test
  void encodedLengthCountsHeaderKeyIdPlaintextAndSeventeenPerRecord() {
    assertEquals(21 + 17, Aes128GcmEncodingSource.encodedLength(0, 4096, 0));
    assertEquals(21 + 2 + 15 + 34, Aes128GcmEncodingSource.encodedLength(15, 25, 2));
    assertEquals(21 + 8 + 17, Aes128GcmEncodingSource.encodedLength(8, 25, 0));
    assertEquals(21 + 9 + 34, Aes128GcmEncodingSource.encodedLength(9, 25, 0));
  }

  @Test
  void encoderRejectsBadParameters() {
    SecretBytes key = SecretBytes.copyOf(bytes(16));
    assertThrows(IllegalArgumentException.class,
        () -> new Aes128GcmEncodingSource(new Buffer(), key, bytes(16), 17, new byte[0]));
    assertThrows(IllegalArgumentException.class,
        () -> new Aes128GcmEncodingSource(new Buffer(), key, bytes(15), 4096, new byte[0]));
    assertThrows(IllegalArgumentException.class,
        () -> new Aes128GcmEncodingSource(new Buffer(), key, bytes(16), 4096, new byte[256]));
  }

  /**
   * Every bit but the keyid's: RFC 8188 does not authenticate the keyid (it only names the key),
   * which is why the MSC4097 profile sends none and the decoder merely exposes it.
   */
  @Test
  void everySingleBitFlipIsDetected() {
    byte[] key = bytes(16);
    byte[] encoded = encode(bytes(40), key, bytes(16), 25, new byte[0]);
    for (int bit = 0; bit < encoded.length * 8; bit++) {
      byte[] tampered = encoded.clone();
      tampered[bit / 8] ^= (byte) (1 << (bit % 8));
      assertFails(tampered, key, "bit " + bit);
    }
  }

  @Test
  void truncationAtEveryOffsetIsDetected() {
    byte[] key = bytes(16);
    byte[] encoded = encode(bytes(100), key, bytes(16), 25, new byte[0]);
    for (int length = 0; length < encoded.length; length++) {
      IOException e = assertFails(Arrays.copyOf(encoded, length), key, "length " + length);
      assertTrue(e instanceof MediaIntegrityException || e instanceof MediaProtocolException, "" + e);
    }
  }

  @Test
  void droppedDuplicatedAndReorderedRecordsAreDetected() {
    byte[] key = bytes(16);
    int rs = 25;
    byte[] encoded = encode(bytes(8 * 5), key, bytes(16), rs, new byte[0]); // 5 full + 1 final
    int header = 21;
    byte[] r0 = Arrays.copyOfRange(encoded, header, header + rs);
    byte[] r1 = Arrays.copyOfRange(encoded, header + rs, header + 2 * rs);
    byte[] head = Arrays.copyOf(encoded, header);
    byte[] rest = Arrays.copyOfRange(encoded, header + 2 * rs, encoded.length);
    assertFails(concat(head, r1, rest), key, "dropped");
    assertFails(concat(head, r0, r0, r1, rest), key, "duplicated");
    assertFails(concat(head, r1, r0, rest), key, "reordered");
    assertFails(concat(head, r0, r1), key, "final record dropped");
  }

  @Test
  void bytesAfterTheFinalRecordAreAProtocolError() {
    byte[] key = bytes(16);
    // 32 bytes at rs 25 is four full records, the last one final: appended bytes follow it.
    byte[] encoded = encode(bytes(32), key, bytes(16), 25, new byte[0]);
    IOException e = assertFails(concat(encoded, new byte[] {0}), key, "appended");
    assertTrue(e instanceof MediaProtocolException, e.toString());
    // After a short final record the extra bytes extend that record, whose tag then fails.
    byte[] shortFinal = encode(bytes(30), key, bytes(16), 25, new byte[0]);
    assertTrue(assertFails(concat(shortFinal, new byte[] {0}), key, "appended")
        instanceof MediaIntegrityException);
  }

  @Test
  void wrongKeyFailsAuthentication() {
    byte[] encoded = encode(bytes(30), bytes(16), bytes(16), 25, new byte[0]);
    IOException e = assertFails(encoded, bytes(16), "wrong key");
    assertTrue(e instanceof MediaIntegrityException, e.toString());
  }

  @Test
  void recordSizesOutsideEighteenToTheCapAreRejectedBeforeDecrypting() {
    byte[] key = bytes(16);
    for (long rs : new long[] {0, 17, CAP + 1L, 0xffffffffL}) {
      Buffer header = new Buffer().write(bytes(16)).writeInt((int) rs).writeByte(0).write(bytes(40));
      IOException e = assertFails(header.readByteArray(), key, "rs " + rs);
      assertTrue(e instanceof MediaProtocolException, e.toString());
      assertTrue(e.getMessage().contains("record size"), e.getMessage());
    }
  }

  @Test
  void aKeyIdLongerThanTheBodyIsTruncation() {
    byte[] bad = new Buffer().write(bytes(16)).writeInt(4096).writeByte(200).write(bytes(10))
        .readByteArray();
    IOException e = assertFails(bad, bytes(16), "idlen");
    assertTrue(e instanceof MediaIntegrityException, e.toString());
  }

  @Test
  void aRecordWithoutDelimiterIsRejected() throws Exception {
    byte[] key = bytes(16);
    byte[] salt = bytes(16);
    // A reference record whose plaintext is all zero padding: no delimiter at all.
    byte[] record = referenceSeal(key, salt, 0, new byte[5]);
    byte[] encoded = concat(new Buffer().write(salt).writeInt(25).writeByte(0).readByteArray(), record);
    IOException e = assertFails(encoded, key, "no delimiter");
    assertTrue(e instanceof MediaProtocolException, e.toString());
  }

  @Test
  void zeroPaddingAfterTheDelimiterIsAcceptedAndRemoved() throws Exception {
    byte[] key = bytes(16);
    byte[] salt = bytes(16);
    byte[] record = referenceSeal(key, salt, 0, new byte[] {'h', 'i', 2, 0, 0, 0});
    byte[] encoded = concat(new Buffer().write(salt).writeInt(25).writeByte(0).readByteArray(), record);
    assertArrayEquals("hi".getBytes(StandardCharsets.US_ASCII), decode(encoded, key));
  }

  @Test
  void errorsAreSticky() {
    byte[] key = bytes(16);
    byte[] encoded = encode(bytes(60), key, bytes(16), 25, new byte[0]);
    encoded[encoded.length - 1] ^= 1;
    Aes128GcmDecodingSource decoder =
        new Aes128GcmDecodingSource(new Buffer().write(encoded), SecretBytes.copyOf(key), CAP);
    Buffer sink = new Buffer();
    IOException first = assertThrows(IOException.class, () -> {
      while (decoder.read(sink, 8192) != -1) { }
    });
    IOException again = assertThrows(IOException.class, () -> decoder.read(sink, 8192));
    assertEquals(first.getClass(), again.getClass());
  }

  @Test
  void saltFollowsTheProfileAndMatchesAnIndependentComputation() {
    SecretBytes key = SecretBytes.copyOf(ByteString.decodeHex("000102030405060708090a0b0c0d0e0f")
        .toByteArray());
    byte[] object = "I am the walrus, goo goo g'joob. Koo koo kachoo!!!"
        .getBytes(StandardCharsets.US_ASCII);
    byte[] digest = ByteString.of(object).sha256().toByteArray();
    // Computed with Python's hmac/hashlib from the rule in docs/msc4097.md.
    assertEquals("af495d2017d120a25535cb56fbb3462b",
        ByteString.of(Msc4097.salt(key, digest, 65536, Msc4097.DOWNLOAD_RENDITION)).hex());
    assertEquals("cc6b35978375ca0fa43908252ba6f0ed",
        ByteString.of(Msc4097.salt(key, digest, 25, "download")).hex());
    assertEquals("81b6ba65101682bc824b912cbba38f6c", ByteString.of(Msc4097.salt(
        key, digest, 65536, Msc4097.thumbnailRendition(64, 64, "scale", false))).hex());
  }

  // --- helpers ---

  private void checkRoundTrip(int size, int rs) throws Exception {
    byte[] key = bytes(16);
    byte[] salt = bytes(16);
    byte[] keyId = size % 2 == 0 ? new byte[0] : bytes(size % 7);
    byte[] plaintext = bytes(size);
    byte[] ours = encode(plaintext, key, salt, rs, keyId);
    String at = "size " + size + " rs " + rs;
    assertEquals(Aes128GcmEncodingSource.encodedLength(size, rs, keyId.length), ours.length, at);
    assertArrayEquals(referenceEncode(plaintext, key, salt, rs, keyId), ours, at);
    assertArrayEquals(plaintext, referenceDecode(ours, key), at);
    assertArrayEquals(plaintext, decode(ours, key), at);
  }

  private static byte[] encode(byte[] plaintext, byte[] key, byte[] salt, int rs, byte[] keyId) {
    try {
      return Okio.buffer(new Aes128GcmEncodingSource(new Buffer().write(plaintext),
          SecretBytes.copyOf(key), salt, rs, keyId)).readByteArray();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] decode(byte[] encoded, byte[] key) throws IOException {
    return Okio.buffer(new Aes128GcmDecodingSource(new Buffer().write(encoded),
        SecretBytes.copyOf(key), CAP)).readByteArray();
  }

  private static IOException assertFails(byte[] encoded, byte[] key, String what) {
    try {
      byte[] out = decode(encoded, key);
      fail(what + ": decoded " + out.length + " bytes instead of failing");
      return null;
    } catch (IOException e) {
      return e;
    }
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) out.write(p, 0, p.length);
    return out.toByteArray();
  }

  // --- the independent reference: BouncyCastle's lightweight HKDF and GCM, no JCA ---

  private static byte[] hkdf(byte[] salt, byte[] ikm, String info, int length) {
    HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
    hkdf.init(new HKDFParameters(ikm, salt, info.getBytes(StandardCharsets.US_ASCII)));
    byte[] out = new byte[length];
    hkdf.generateBytes(out, 0, length);
    return out;
  }

  private static byte[] referenceNonce(byte[] key, byte[] salt, long seq) {
    byte[] nonce = hkdf(salt, key, "Content-Encoding: nonce\0", 12);
    for (int i = 0; i < 8; i++) nonce[11 - i] ^= (byte) (seq >>> (8 * i));
    return nonce;
  }

  private static byte[] referenceSeal(byte[] key, byte[] salt, long seq, byte[] padded)
      throws InvalidCipherTextException {
    GCMModeCipher gcm = GCMBlockCipher.newInstance(AESEngine.newInstance());
    gcm.init(true, new AEADParameters(new KeyParameter(hkdf(salt, key, "Content-Encoding: aes128gcm\0", 16)),
        128, referenceNonce(key, salt, seq)));
    byte[] out = new byte[gcm.getOutputSize(padded.length)];
    int n = gcm.processBytes(padded, 0, padded.length, out, 0);
    gcm.doFinal(out, n);
    return out;
  }

  private static byte[] referenceEncode(byte[] plaintext, byte[] key, byte[] salt, int rs,
      byte[] keyId) throws InvalidCipherTextException {
    Buffer out = new Buffer().write(salt).writeInt(rs).writeByte(keyId.length).write(keyId);
    int chunk = rs - 17;
    int records = Math.max(1, (plaintext.length + chunk - 1) / chunk);
    for (int i = 0; i < records; i++) {
      int from = i * chunk;
      int to = Math.min(plaintext.length, from + chunk);
      byte[] padded = Arrays.copyOf(Arrays.copyOfRange(plaintext, from, to), to - from + 1);
      padded[to - from] = (byte) (i == records - 1 ? 2 : 1);
      out.write(referenceSeal(key, salt, i, padded));
    }
    return out.readByteArray();
  }

  private static byte[] referenceDecode(byte[] encoded, byte[] key) throws Exception {
    Buffer in = new Buffer().write(encoded);
    byte[] salt = in.readByteArray(16);
    int rs = in.readInt();
    in.skip(in.readByte() & 0xff);
    Buffer plain = new Buffer();
    for (long seq = 0; !in.exhausted(); seq++) {
      byte[] record = in.readByteArray(Math.min(rs, in.size()));
      GCMModeCipher gcm = GCMBlockCipher.newInstance(AESEngine.newInstance());
      gcm.init(false, new AEADParameters(
          new KeyParameter(hkdf(salt, key, "Content-Encoding: aes128gcm\0", 16)), 128,
          referenceNonce(key, salt, seq)));
      byte[] out = new byte[gcm.getOutputSize(record.length)];
      int n = gcm.processBytes(record, 0, record.length, out, 0);
      n += gcm.doFinal(out, n);
      int end = n - 1;
      while (out[end] == 0) end--;
      plain.write(out, 0, end);
    }
    return plain.readByteArray();
  }
}
