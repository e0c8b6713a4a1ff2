package dev.mxsdk.media.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mxsdk.media.EncryptedFile;
import dev.mxsdk.media.MediaIntegrityException;
import dev.mxsdk.media.MediaProtocolException;
import dev.mxsdk.media.internal.crypto.Hkdf;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Collections;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import okio.Buffer;
import okio.ByteString;
import okio.Source;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The public codec's contracts that the round-trip and vector tests leave open (found by mutation
 * testing): {@link Aes128GcmRecords} on its own (argument checks and messages, the header's bytes,
 * records sealed and opened by number), {@link Aes128GcmDecodingSource} slices and accessors and
 * each of its rejections with its exact message, and {@link MediaEncryptionHeader}'s grammar and
 * formatting message by message.
 */
@Tag("crypto")
final class CodecContractsTest {
  private static final byte[] IKM = bytes(16, 1);
  private static final byte[] SALT = bytes(16, 2);
  private static final String KEY_TEXT = "AAECAwQFBgcICQoLDA0ODw";

  private static byte[] bytes(int n, int seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static byte[] encode(byte[] plaintext, int rs, byte[] keyId) throws IOException {
    Buffer out = new Buffer();
    try (Source s = new Aes128GcmEncodingSource(new Buffer().write(plaintext),
        SecretBytes.copyOf(IKM), SALT, rs, keyId)) {
      while (s.read(out, 8192) != -1) {
        // drain
      }
    }
    return out.readByteArray();
  }

  private static byte[] drain(Source source) throws IOException {
    Buffer out = new Buffer();
    while (source.read(out, 8192) != -1) {
      // drain
    }
    return out.readByteArray();
  }

  private static byte[] decode(byte[] encoded, int max) throws IOException {
    return drain(new Aes128GcmDecodingSource(new Buffer().write(encoded), SecretBytes.copyOf(IKM),
        max));
  }

  /** Seals {@code padded} (chunk, delimiter, padding: whatever the test wants) as record i. */
  private static byte[] rawRecord(long index, byte[] padded) throws Exception {
    byte[] cek = Hkdf.aes128gcmKey(SALT, IKM);
    byte[] nonce = new byte[12];
    Hkdf.recordNonce(Hkdf.aes128gcmNonceBase(SALT, IKM), index, nonce);
    Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
    gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
    return gcm.doFinal(padded);
  }

  private static String failure(byte[] encoded, int max) {
    return assertThrows(IOException.class, () -> decode(encoded, max)).getMessage();
  }

  // Aes128GcmRecords

  @Test
  void recordsCheckTheirArgumentsWithExactMessages() {
    SecretBytes ikm = SecretBytes.copyOf(IKM);
    assertEquals("ikm == null", assertThrows(NullPointerException.class,
        () -> new Aes128GcmRecords(null, SALT, 100)).getMessage());
    assertEquals("salt must be 16 bytes, was 17", assertThrows(IllegalArgumentException.class,
        () -> new Aes128GcmRecords(ikm, new byte[17], 100)).getMessage());
    assertEquals("record size must be at least 18, was 17",
        assertThrows(IllegalArgumentException.class, () -> new Aes128GcmRecords(ikm, SALT, 17))
            .getMessage());
    Aes128GcmRecords records = new Aes128GcmRecords(ikm, SALT, 18);
    assertEquals(18, records.recordSize());
    assertEquals(1, records.chunkSize());
    assertEquals("Aes128GcmRecords{rs=18, key redacted}", records.toString());
    byte[] out = new byte[18];
    assertEquals("chunk length must be 0..1, was 2", assertThrows(IllegalArgumentException.class,
        () -> records.seal(0, new byte[3], 2, true, out)).getMessage());
    assertEquals("chunk length must be 0..1, was -1", assertThrows(IllegalArgumentException.class,
        () -> records.seal(0, new byte[3], -1, true, out)).getMessage());
    assertEquals("chunk needs room for the delimiter", assertThrows(
        IllegalArgumentException.class, () -> records.seal(0, new byte[1], 1, true, out))
        .getMessage());
    assertEquals(18, records.seal(0, new byte[2], 1, true, out), "a full chunk fits exactly");
    assertEquals(17, records.seal(0, new byte[1], 0, true, out), "an empty final record");
    assertEquals("salt must be 16 bytes, was 0", assertThrows(IllegalArgumentException.class,
        () -> Aes128GcmRecords.header(new byte[0], 100)).getMessage());
  }

  @Test
  void theHeaderIsSaltThenRsBigEndianThenAZeroIdlen() {
    byte[] header = Aes128GcmRecords.header(SALT, 0x01020304);
    assertEquals(21, header.length);
    assertArrayEquals(SALT, Arrays.copyOf(header, 16));
    assertArrayEquals(new byte[] {1, 2, 3, 4, 0}, Arrays.copyOfRange(header, 16, 21));
    byte[] high = Aes128GcmRecords.header(SALT, 0xfedcba98);
    assertArrayEquals(new byte[] {(byte) 0xfe, (byte) 0xdc, (byte) 0xba, (byte) 0x98, 0},
        Arrays.copyOfRange(high, 16, 21));
  }

  @Test
  void recordsSealedByNumberAreTheEncodersRecordsAndOpenInAnyOrder() throws Exception {
    int rs = 40;
    byte[] plaintext = bytes(23 * 3 + 5, 3);
    byte[] encoded = encode(plaintext, rs, new byte[0]);
    Aes128GcmRecords records = new Aes128GcmRecords(SecretBytes.copyOf(IKM), SALT, rs);
    assertArrayEquals(Aes128GcmRecords.header(SALT, rs), Arrays.copyOf(encoded, 21));
    for (int i = 3; i >= 0; i--) {
      int chunk = i < 3 ? 23 : 5;
      byte[] in = Arrays.copyOf(Arrays.copyOfRange(plaintext, i * 23, i * 23 + chunk), chunk + 1);
      byte[] sealed = new byte[rs];
      int n = records.seal(i, in, chunk, i == 3, sealed);
      assertEquals(chunk + 17, n);
      int start = 21 + i * rs;
      assertArrayEquals(Arrays.copyOfRange(encoded, start, start + n), Arrays.copyOf(sealed, n),
          "record " + i);
      byte[] opened = new byte[rs];
      assertEquals(chunk + 1, records.open(i, sealed, n, opened));
      assertEquals(i == 3 ? 2 : 1, opened[chunk], "the delimiter");
    }
  }

  @Test
  void theSameRecordCanBeSealedAgainAndGivesTheSameBytes() {
    // Found by this test: the JCA GCM cipher refused the key and nonce it had just used, so a
    // second seal of a record (a CDN serving a range twice) threw an AssertionError.
    Aes128GcmRecords records = new Aes128GcmRecords(SecretBytes.copyOf(IKM), SALT, 40);
    byte[] first = new byte[40];
    byte[] second = new byte[40];
    int n = records.seal(5, Arrays.copyOf(bytes(10, 11), 11), 10, true, first);
    assertEquals(n, records.seal(5, Arrays.copyOf(bytes(10, 11), 11), 10, true, second));
    assertArrayEquals(first, second);
  }

  @Test
  void aRecordOpenedUnderTheWrongNumberFailsWithItsNumber() {
    Aes128GcmRecords records = new Aes128GcmRecords(SecretBytes.copyOf(IKM), SALT, 40);
    byte[] sealed = new byte[40];
    int n = records.seal(7, new byte[11], 10, false, sealed);
    MediaIntegrityException e = assertThrows(MediaIntegrityException.class,
        () -> records.open(8, sealed, n, new byte[40]));
    assertEquals("aes128gcm record 8 failed authentication (tampered, truncated or wrong key)",
        e.getMessage());
    assertThrows(MediaIntegrityException.class, () -> records.open(7, sealed, 10, new byte[40]),
        "shorter than a tag");
  }

  // Aes128GcmDecodingSource

  @Test
  void sliceFactoryChecksItsArgumentsWithExactMessages() {
    SecretBytes ikm = SecretBytes.copyOf(IKM);
    assertEquals("salt must be 16 bytes, was 15", assertThrows(IllegalArgumentException.class,
        () -> Aes128GcmDecodingSource.ofRecords(new Buffer(), ikm, new byte[15], 100, 0, true))
        .getMessage());
    assertEquals("recordSize < 18: 17", assertThrows(IllegalArgumentException.class,
        () -> Aes128GcmDecodingSource.ofRecords(new Buffer(), ikm, SALT, 17, 0, true))
        .getMessage());
    assertEquals("firstRecord < 0: -1", assertThrows(IllegalArgumentException.class,
        () -> Aes128GcmDecodingSource.ofRecords(new Buffer(), ikm, SALT, 18, -1, true))
        .getMessage());
    Aes128GcmDecodingSource slice =
        Aes128GcmDecodingSource.ofRecords(new Buffer(), ikm, SALT, 18, 0, false);
    assertEquals(18, slice.recordSize());
    assertArrayEquals(SALT, slice.salt());
    assertEquals(0, slice.keyId().length);
    assertEquals(21 + 3 + 2 * 100L, Aes128GcmDecodingSource.recordOffset(2, 100, 3));
    assertEquals(21 + 0x10000L * Integer.MAX_VALUE,
        Aes128GcmDecodingSource.recordOffset(0x10000, Integer.MAX_VALUE, 0), "no int overflow");
  }

  @Test
  void aSliceOpensItsRecordsUnderTheirOwnNumbersAndEndsWhereItMay() throws Exception {
    int rs = 40;
    byte[] plaintext = bytes(23 * 4 + 5, 4);
    byte[] encoded = encode(plaintext, rs, new byte[0]);
    SecretBytes ikm = SecretBytes.copyOf(IKM);
    // Records 2 and 3 (full ones), not to the end.
    byte[] middle = Arrays.copyOfRange(encoded, 21 + 2 * rs, 21 + 4 * rs);
    assertArrayEquals(Arrays.copyOfRange(plaintext, 46, 92), drain(
        Aes128GcmDecodingSource.ofRecords(new Buffer().write(middle), ikm, SALT, rs, 2, false)));
    MediaIntegrityException truncated = assertThrows(MediaIntegrityException.class, () -> drain(
        Aes128GcmDecodingSource.ofRecords(new Buffer().write(middle), ikm, SALT, rs, 2, true)));
    assertEquals("aes128gcm stream truncated: it ended before its final record",
        truncated.getMessage());
    assertTrue(assertThrows(MediaIntegrityException.class, () -> drain(
        Aes128GcmDecodingSource.ofRecords(new Buffer().write(middle), ikm, SALT, rs, 1, false)))
        .getMessage().startsWith("aes128gcm record 1 failed"), "numbered from firstRecord");
    // From record 3 to the final one.
    byte[] tail = Arrays.copyOfRange(encoded, 21 + 3 * rs, encoded.length);
    assertArrayEquals(Arrays.copyOfRange(plaintext, 69, plaintext.length), drain(
        Aes128GcmDecodingSource.ofRecords(new Buffer().write(tail), ikm, SALT, rs, 3, true)));
    // A final record inside a slice that need not end with it still ends the plaintext...
    assertArrayEquals(Arrays.copyOfRange(plaintext, 69, plaintext.length), drain(
        Aes128GcmDecodingSource.ofRecords(new Buffer().write(tail), ikm, SALT, rs, 3, false)));
    // ...and a byte after its (short) final record makes that record fail.
    byte[] tailPlus = Arrays.copyOf(tail, tail.length + 1);
    assertEquals("aes128gcm record 4 failed authentication (tampered, truncated or wrong key)",
        assertThrows(MediaIntegrityException.class, () -> drain(Aes128GcmDecodingSource.ofRecords(
            new Buffer().write(tailPlus), ikm, SALT, rs, 3, false))).getMessage());
    // A whole encoding read as a slice from record 0 needs the header cut off.
    assertArrayEquals(plaintext, drain(Aes128GcmDecodingSource.ofRecords(
        new Buffer().write(Arrays.copyOfRange(encoded, 21, encoded.length)), ikm, SALT, rs, 0,
        true)));
  }

  @Test
  void theHeadersFieldsAreKnownOnlyAfterTheFirstReadAndHandedOutAsCopies() throws IOException {
    byte[] keyId = {9, 8, 7};
    byte[] encoded = encode(bytes(30, 5), 50, keyId);
    Aes128GcmDecodingSource s = new Aes128GcmDecodingSource(new Buffer().write(encoded),
        SecretBytes.copyOf(IKM), 50);
    assertEquals(-1, s.recordSize());
    assertEquals(0, s.salt().length);
    assertEquals(0, s.keyId().length);
    Buffer out = new Buffer();
    assertEquals(3, s.read(out, 3), "no more than asked");
    assertEquals(50, s.recordSize());
    assertArrayEquals(SALT, s.salt());
    assertArrayEquals(keyId, s.keyId());
    s.keyId()[0] = 0;
    s.salt()[0] ^= 1;
    assertArrayEquals(keyId, s.keyId());
    assertArrayEquals(SALT, s.salt());
    assertEquals(27, s.read(out, 100));
    assertEquals(-1, s.read(out, 100));
    assertEquals(-1, s.read(out, 100), "the end stays the end");
  }

  @Test
  void theRecordSizeIsUnsignedAndCheckedBeforeTheKeyId() {
    byte[] huge = new Buffer().write(SALT).writeInt(-1).writeByte(0).readByteArray();
    assertEquals("aes128gcm record size must be 18..2147483647, was 4294967295",
        failure(huge, Integer.MAX_VALUE));
    byte[] small = new Buffer().write(SALT).writeInt(17).writeByte(0).readByteArray();
    assertEquals("aes128gcm record size must be 18..100, was 17", failure(small, 100));
    byte[] idCut = new Buffer().write(SALT).writeInt(18).writeByte(5).write(new byte[4])
        .readByteArray();
    assertEquals("aes128gcm stream ended inside its keyid", failure(idCut, 100));
    byte[] idExact = new Buffer().write(SALT).writeInt(18).writeByte(5).write(new byte[5])
        .readByteArray();
    assertEquals("aes128gcm stream truncated: it ended before its final record",
        failure(idExact, 100));
    byte[] headerCut = Arrays.copyOf(huge, 20);
    assertEquals("aes128gcm stream ended inside its header", failure(headerCut, 100));
  }

  @Test
  void eachMalformedRecordHasItsOwnRejection() throws Exception {
    int rs = 25;
    byte[] header = Aes128GcmRecords.header(SALT, rs);
    // A final delimiter followed by zero padding up to a full record is fine.
    byte[] padded = rawRecord(0, new byte[] {'o', 'k', 2, 0, 0, 0, 0, 0});
    assertArrayEquals("ok".getBytes("US-ASCII"), decode(concat(header, padded), 100));
    // A delimiter that is neither 1 nor 2.
    byte[] three = rawRecord(0, new byte[] {'x', 3});
    assertEquals("aes128gcm record has an invalid delimiter", failure(concat(header, three), 100));
    byte[] zero = rawRecord(0, new byte[] {0, 0, 0});
    assertEquals("aes128gcm record has no delimiter", failure(concat(header, zero), 100));
    // A non-final record shorter than rs, at the end or followed by more.
    byte[] shortRecord = rawRecord(0, new byte[] {'a', 1});
    assertEquals("aes128gcm stream truncated: a short non-final record",
        failure(concat(header, shortRecord), 100));
    // A full non-final record and then nothing.
    byte[] full = rawRecord(0, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 1});
    assertEquals("aes128gcm stream truncated: it ended before its final record",
        failure(concat(header, full), 100));
    // A full non-final record, then the final one: plaintext of both, delimiters removed.
    byte[] last = rawRecord(1, new byte[] {9, 2});
    assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9},
        decode(concat(concat(header, full), last), 100));
    // An empty final record (just the delimiter) ends the plaintext.
    assertArrayEquals(new byte[0], decode(concat(header, rawRecord(0, new byte[] {2})), 100));
    // A delimiter of 1 padded with zeros is still a delimiter of 1.
    byte[] paddedOne = rawRecord(0, new byte[] {1, 2, 3, 4, 5, 6, 1, 0, 0});
    assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6, 9},
        decode(concat(concat(header, paddedOne), last), 100));
  }

  @Test
  void aDecodedRecordIsHandedOutInPiecesAsAsked() throws IOException {
    byte[] plaintext = bytes(100, 6);
    Aes128GcmDecodingSource s = new Aes128GcmDecodingSource(
        new Buffer().write(encode(plaintext, 200, new byte[0])), SecretBytes.copyOf(IKM), 200);
    Buffer out = new Buffer();
    assertEquals(0, s.read(out, 0));
    assertEquals(1, s.read(out, 1));
    assertEquals(98, s.read(out, 98));
    assertEquals(1, s.read(out, 5));
    assertEquals(-1, s.read(out, 5));
    assertArrayEquals(plaintext, out.readByteArray());
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  // Aes128GcmEncodingSource

  @Test
  void theEncoderCutsChunksOfRsMinus17AndEndsWithAnEmptyFinalRecordOnlyWhenItMust()
      throws IOException {
    int rs = 30; // chunks of 13
    assertEquals(21 + 17, encode(new byte[0], rs, new byte[0]).length);
    assertEquals(21 + 13 + 17, encode(new byte[13], rs, new byte[0]).length,
        "exactly one chunk: one (final) record");
    assertEquals(21 + 14 + 34, encode(new byte[14], rs, new byte[0]).length);
    assertEquals(21 + 26 + 34, encode(new byte[26], rs, new byte[0]).length);
    for (int length : new int[] {0, 1, 12, 13, 14, 25, 26, 27}) {
      byte[] plaintext = bytes(length, length);
      byte[] encoded = encode(plaintext, rs, new byte[] {1, 2});
      assertEquals(Aes128GcmEncodingSource.encodedLength(length, rs, 2), encoded.length);
      assertArrayEquals(plaintext, decode(encoded, rs), "length " + length);
    }
    assertEquals(21 + 3 + 13 + 17, Aes128GcmEncodingSource.encodedLength(13, 30, 3));
    assertEquals(21 + 14 + 34, Aes128GcmEncodingSource.encodedLength(14, 30, 0));
    assertEquals("plaintextLength < 0", assertThrows(IllegalArgumentException.class,
        () -> Aes128GcmEncodingSource.encodedLength(-1, 30, 0)).getMessage());
    assertEquals("recordSize < 18", assertThrows(IllegalArgumentException.class,
        () -> Aes128GcmEncodingSource.encodedLength(0, 17, 0)).getMessage());
    long big = 3L << 32;
    assertEquals(21 + big + 17L * ((big + 65518) / 65519),
        Aes128GcmEncodingSource.encodedLength(big, 65536, 0), "no int overflow");
  }

  @Test
  void theEncoderReadsASlowPlaintextIntoFullRecords() throws IOException {
    byte[] plaintext = bytes(100, 7);
    // A plaintext source that hands out one byte per read still gives the canonical encoding.
    Source slow = new okio.ForwardingSource(new Buffer().write(plaintext)) {
      @Override
      public long read(Buffer sink, long byteCount) throws IOException {
        return super.read(sink, Math.min(1, byteCount));
      }
    };
    Buffer out = new Buffer();
    try (Source s = new Aes128GcmEncodingSource(slow, SecretBytes.copyOf(IKM), SALT, 30,
        new byte[0])) {
      assertEquals(0, s.read(out, 0));
      while (s.read(out, 8192) != -1) {
        // drain
      }
    }
    assertArrayEquals(encode(plaintext, 30, new byte[0]), out.readByteArray());
  }

  // MediaEncryptionHeader

  private static MediaEncryptionHeader parse(String value) throws MediaProtocolException {
    return MediaEncryptionHeader.parse(Collections.singletonList(value),
        Collections.singletonList("aes128gcm"));
  }

  private static String refused(String value) {
    return assertThrows(MediaProtocolException.class, () -> parse(value), value).getMessage();
  }

  @Test
  void eachGrammarViolationHasItsMessage() {
    String key = ", key=" + KEY_TEXT;
    assertEquals("malformed key header: expected a parameter name", refused(""));
    assertEquals("malformed key header: expected a parameter name", refused("alg=aes128gcm,"));
    assertEquals("malformed key header: expected a parameter name", refused(" , alg=a"));
    assertEquals("malformed key header: expected '=' after 'alg'", refused("alg"));
    assertEquals("malformed key header: expected '=' after 'key'", refused("alg=a, key x"));
    assertEquals("malformed key header: expected '=' after a parameter name", refused("other"));
    assertEquals("malformed key header: expected a closing quote", refused("alg=\"aes128gcm"));
    assertEquals("malformed key header: expected a closing quote", refused("alg=\"aes\\"));
    assertEquals("malformed key header: expected ',' between parameters",
        refused("alg=aes128gcm; key=" + KEY_TEXT));
    assertEquals("malformed key header: expected ',' between parameters",
        refused("alg=aes128gcm key=" + KEY_TEXT));
    assertEquals("malformed key header: expected a parameter name",
        refused("alg=aes128gcm, \u007fx=1" + key));
    assertEquals("repeated 'alg' in the key header", refused("alg=a, alg=a" + key));
    assertEquals("repeated 'key' in the key header", refused("alg=aes128gcm" + key + key));
    assertEquals("repeated 'rs' in the key header", refused("alg=aes128gcm" + key + ",rs=18,rs=18"));
    assertEquals("repeated 'salt' in the key header",
        refused("alg=aes128gcm" + key + ",salt=" + KEY_TEXT + ",salt=" + KEY_TEXT));
    assertEquals("'rs' in the key header must be unquoted",
        refused("alg=aes128gcm" + key + ", rs=\"100\""));
    assertEquals("the key header has no 'alg'", refused("key=" + KEY_TEXT));
    assertEquals("the key header has no 'key'", refused("alg=aes128gcm"));
    assertEquals("the key header names alg 'aes256gcm', which the client did not offer"
        + " (offered: [aes128gcm])", refused("alg=aes256gcm" + key));
  }

  @Test
  void tokensQuotesAndEscapes() throws MediaProtocolException {
    assertEquals(16, parse("\talg\t=\taes128gcm\t,\tkey\t=\t" + KEY_TEXT + "\t").key().size());
    assertEquals(16, parse("alg=\"aes\\128gcm\"" + ", key=\"" + KEY_TEXT + "\"").key().size(),
        "a backslash escapes the next character");
    assertEquals(16, parse("!#$%&'*+-.^_`|~=1, alg=aes128gcm, key=" + KEY_TEXT).key().size(),
        "every token character makes a name");
    assertEquals("the key header names alg 'a?b', which the client did not offer (offered:"
        + " [aes128gcm])", refused("alg=\"a b\", key=" + KEY_TEXT));
    assertEquals("the key header names alg 'a?b', which the client did not offer (offered:"
        + " [aes128gcm])", refused("alg=a=b, key=" + KEY_TEXT));
    assertEquals("the key header names alg 'a?b', which the client did not offer (offered:"
        + " [aes128gcm])", refused("alg=\"a\\\"b\", key=" + KEY_TEXT));
    assertEquals("the key header names alg '', which the client did not offer (offered:"
        + " [aes128gcm])", refused("alg=, key=" + KEY_TEXT));
    String sixteen = "abcdefghijklmnop";
    assertEquals("the key header names alg '" + sixteen + "', which the client did not offer"
        + " (offered: [aes128gcm])", refused("alg=" + sixteen + ", key=" + KEY_TEXT));
    assertEquals("the key header names alg '" + sixteen + "...', which the client did not offer"
        + " (offered: [aes128gcm])", refused("alg=" + sixteen + "q, key=" + KEY_TEXT));
  }

  @Test
  void theRecordSizeIsABoundedDecimal() throws MediaProtocolException {
    String base = "alg=aes128gcm, key=" + KEY_TEXT + ", rs=";
    assertEquals(18, parse(base + "18").recordSize());
    assertEquals(1 << 20, parse(base + (1 << 20)).recordSize(), "the default cap itself");
    assertEquals(100, parse(base + "0000000100").recordSize(), "ten digits");
    assertEquals("'rs' in the key header is not a decimal record size", refused(base));
    assertEquals("'rs' in the key header is not a decimal record size",
        refused(base + "00000000100"));
    assertEquals("'rs' in the key header is not a decimal record size", refused(base + "1a"));
    assertEquals("'rs' in the key header is not a decimal record size", refused(base + "-18"));
    assertEquals("'rs' in the key header is not a decimal record size", refused(base + "1/"));
    assertEquals("'rs' in the key header is not a decimal record size", refused(base + ":1"));
    assertEquals("'rs' in the key header must be 18..1048576, was 17", refused(base + "17"));
    assertEquals("'rs' in the key header must be 18..1048576, was 1048577",
        refused(base + ((1 << 20) + 1)));
    assertEquals("'rs' in the key header must be 18..1048576, was 9999999999",
        refused(base + "9999999999"));
    assertEquals(500, MediaEncryptionHeader.parse(Collections.singletonList(base + "500"),
        Collections.singletonList("aes128gcm"), 500).recordSize());
  }

  @Test
  void keyAndSaltAreSixteenBytesOfStrictBase64Url() throws MediaProtocolException {
    String alg = "alg=aes128gcm, key=";
    assertEquals(16, parse(alg + KEY_TEXT + "==").key().size());
    assertEquals("the key has too much padding", refused(alg + KEY_TEXT + "==="));
    assertEquals("the key's padding does not complete its last quantum",
        refused(alg + KEY_TEXT + "="));
    assertEquals("the key is not base64url", refused(alg + KEY_TEXT.substring(0, 21) + "+"));
    assertEquals("the key is not base64url", refused(alg + KEY_TEXT.substring(0, 21) + "/"));
    assertEquals("the key is not base64url", refused(alg + "\"" + KEY_TEXT.substring(0, 21)
        + " \""));
    assertEquals("the key is not base64url", refused(alg + "A"));
    assertEquals("the key is not base64url", refused(alg + "AAAAA"));
    assertEquals("the key must be 16 bytes, was 1", refused(alg + "AA=="));
    assertEquals("the key must be 16 bytes, was 1", refused(alg + "AA"));
    assertEquals("the key must be 0 bytes, was 0".replace("0 bytes", "16 bytes"),
        refused(alg + "\"\""));
    assertEquals("the key must be 16 bytes, was 18", refused(alg + KEY_TEXT + "AA"));
    for (char c : new char[] {'a', 'z', 'A', 'Z', '0', '9', '-', '_'}) {
      assertEquals(16, parse(alg + KEY_TEXT.substring(0, 20) + c + "A").key().size(), "" + c);
    }
    for (char c : new char[] {'@', '[', '`', '{', '/', ':', ',', '.'}) {
      String value = "\"" + KEY_TEXT.substring(0, 20) + c + "A\"";
      assertEquals("the key is not base64url", refused(alg + value), value);
    }
    String salted = alg + KEY_TEXT + ", salt=";
    assertArrayEquals(ByteString.decodeBase64(KEY_TEXT).toByteArray(),
        parse(salted + KEY_TEXT).salt());
    assertEquals("the salt has too much padding", refused(salted + KEY_TEXT + "==="));
    assertEquals("the salt's padding does not complete its last quantum",
        refused(salted + KEY_TEXT + "="));
    assertEquals("the salt is not base64url", refused(salted + "A"));
    assertEquals("the salt must be 16 bytes, was 2", refused(salted + "AAA"));
  }

  @Test
  void formattingWritesTheProfilesHeaderAndChecksItsArguments() throws MediaProtocolException {
    SecretBytes key = SecretBytes.copyOf(ByteString.decodeBase64(KEY_TEXT).toByteArray());
    assertEquals("alg=aes128gcm, key=" + KEY_TEXT, MediaEncryptionHeader.format(key));
    byte[] salt = new byte[16];
    Arrays.fill(salt, (byte) 0xff);
    assertEquals("alg=aes128gcm, key=" + KEY_TEXT + ", rs=18, salt=_____________________w",
        MediaEncryptionHeader.format(key, 18, salt));
    assertEquals("key == null", assertThrows(NullPointerException.class,
        () -> MediaEncryptionHeader.format(null)).getMessage());
    assertEquals("key must be 16 bytes, was 15", assertThrows(IllegalArgumentException.class,
        () -> MediaEncryptionHeader.format(SecretBytes.copyOf(new byte[15]))).getMessage());
    assertEquals("key must be 16 bytes, was 17", assertThrows(IllegalArgumentException.class,
        () -> MediaEncryptionHeader.format(SecretBytes.copyOf(new byte[17]))).getMessage());
    assertEquals("salt == null", assertThrows(NullPointerException.class,
        () -> MediaEncryptionHeader.format(key, 18, null)).getMessage());
    assertEquals("recordSize < 18: 17", assertThrows(IllegalArgumentException.class,
        () -> MediaEncryptionHeader.format(key, 17, salt)).getMessage());
    assertEquals("salt must be 16 bytes, was 15", assertThrows(IllegalArgumentException.class,
        () -> MediaEncryptionHeader.format(key, 18, new byte[15])).getMessage());
    MediaEncryptionHeader plain = parse(MediaEncryptionHeader.format(key));
    assertEquals("MediaEncryptionHeader{alg=aes128gcm, key=SecretBytes[16 bytes, redacted]}",
        plain.toString());
    assertEquals(-1, plain.recordSize());
    assertNull(plain.salt());
    MediaEncryptionHeader full = parse(MediaEncryptionHeader.format(key, 18, salt));
    assertEquals("MediaEncryptionHeader{alg=aes128gcm, key=SecretBytes[16 bytes, redacted],"
        + " rs=18, salt present}", full.toString());
    assertEquals(key, full.key());
    byte[] copy = full.salt();
    copy[0] = 0;
    assertArrayEquals(salt, full.salt());
  }

  // SecretBytes, the attachment sources

  @Test
  void secretBytesCompareByContentAndHashByLength() {
    byte[] raw = {1, 2, 3};
    SecretBytes wrapped = SecretBytes.wrap(raw);
    SecretBytes copied = SecretBytes.copyOf(raw);
    raw[0] = 9;
    assertEquals(9, wrapped.bytes()[0], "wrap takes ownership");
    assertEquals(1, copied.bytes()[0], "copyOf copies");
    wrapped.bytes()[1] = 0;
    assertEquals(2, wrapped.bytes()[1], "bytes() is a copy");
    assertEquals(3, copied.size());
    assertNotEquals(wrapped, copied);
    assertFalse(copied.equals(null));
    assertFalse(copied.equals((Object) new byte[] {1, 2, 3}));
    assertEquals(Arrays.hashCode(new int[] {3}), copied.hashCode());
  }

  @Test
  void freshAttachmentKeysComeFromTheRandomAndTheIvsLowHalfIsZero() throws IOException {
    SecureRandom fixed = new SecureRandom() {
      private int next;

      @Override
      public void nextBytes(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) bytes[i] = (byte) (++next);
      }
    };
    AttachmentEncryptingSource s = new AttachmentEncryptingSource(new Buffer().write(new byte[5]),
        fixed);
    byte[] key = new byte[32];
    for (int i = 0; i < 32; i++) key[i] = (byte) (i + 1);
    assertArrayEquals(key, s.key().bytes());
    assertArrayEquals(new byte[] {33, 34, 35, 36, 37, 38, 39, 40, 0, 0, 0, 0, 0, 0, 0, 0}, s.iv());
    s.iv()[0] = 0;
    assertEquals(33, s.iv()[0], "iv() is a copy");
    byte[] ciphertext = drain(s);
    assertArrayEquals(sha256(ciphertext), s.sha256());
    s.sha256()[0] ^= 1;
    assertArrayEquals(sha256(ciphertext), s.sha256(), "sha256() is a copy");
    assertEquals("the hash is known only after the plaintext has been read to its end",
        assertThrows(IllegalStateException.class,
            () -> new AttachmentEncryptingSource(new Buffer(), fixed).sha256()).getMessage());
  }

  @Test
  void attachmentSourcesReadAtMostAChunkAndDecryptAnEncryptedFileByItsVersion()
      throws IOException {
    byte[] plaintext = bytes(200_000, 8);
    byte[] iv = new byte[16];
    Arrays.fill(iv, 0, 8, (byte) 7);
    Arrays.fill(iv, 8, 16, (byte) 0xff); // the 64-bit counter wraps after the first block
    SecretBytes key = SecretBytes.copyOf(bytes(32, 9));
    AttachmentEncryptingSource enc =
        new AttachmentEncryptingSource(new Buffer().write(plaintext), key, iv);
    Buffer ciphertext = new Buffer();
    assertEquals(AttachmentDecryptingSource.CHUNK, enc.read(ciphertext, 1 << 20));
    while (enc.read(ciphertext, 1 << 20) != -1) {
      // drain
    }
    byte[] sealed = ciphertext.readByteArray();
    EncryptedFile v2 = new EncryptedFile.Builder()
        .url(dev.mxsdk.core.MxcUri.parse("mxc://example.org/abc"))
        .key(key.bytes()).iv(iv).sha256(enc.sha256()).version("v2").build();
    AttachmentDecryptingSource dec = new AttachmentDecryptingSource(new Buffer().write(sealed), v2);
    Buffer out = new Buffer();
    assertEquals(AttachmentDecryptingSource.CHUNK, dec.read(out, 1 << 20));
    while (dec.read(out, 1 << 20) != -1) {
      // drain
    }
    assertTrue(dec.isVerified());
    assertArrayEquals(plaintext, out.readByteArray());
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void closingADecoderClosesItsUpstreamOnce() throws IOException {
    final int[] closes = {0};
    Source upstream = new okio.ForwardingSource(new Buffer()) {
      @Override
      public void close() throws IOException {
        closes[0]++;
        super.close();
      }
    };
    Aes128GcmDecodingSource s = Aes128GcmDecodingSource.ofRecords(upstream,
        SecretBytes.copyOf(IKM), SALT, 18, 0, false);
    assertSame(Aes128GcmDecodingSource.class, s.getClass());
    s.close();
    assertEquals(1, closes[0]);
  }
}
