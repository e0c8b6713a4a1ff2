package dev.mxsdk.media.internal.crypto;

import dev.mxsdk.media.codec.Aes128GcmDecodingSource;
import dev.mxsdk.media.codec.Aes128GcmEncodingSource;
import dev.mxsdk.media.codec.AttachmentDecryptingSource;
import dev.mxsdk.media.codec.AttachmentEncryptingSource;
import dev.mxsdk.media.codec.Msc4097;
import dev.mxsdk.media.codec.MediaEncryptionHeader;
import dev.mxsdk.media.codec.SecretBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mxsdk.media.MediaIntegrityException;
import dev.mxsdk.media.MediaProtocolException;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import okio.Buffer;
import okio.ByteString;
import okio.ForwardingSource;
import okio.Source;
import okio.Timeout;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The contracts the other crypto tests leave implicit: argument
 * checks and their messages, {@code read} with 0 or a negative count, sticky failures, boundaries
 * of record sizes and lengths, the 64-bit counter wrap at exactly its boundary, close and timeout
 * delegation, and redaction.
 */
@Tag("crypto")
final class CryptoContractsTest {
  private static final byte[] KEY16 = new byte[16];
  private static final byte[] KEY32 = new byte[32];

  /** A source over bytes that records whether it was closed. */
  private static final class Tracked extends ForwardingSource {
    boolean closed;
    final Timeout timeout = new Timeout();

    Tracked(byte[] bytes) {
      super(new Buffer().write(bytes));
    }

    @Override
    public void close() throws IOException {
      closed = true;
      super.close();
    }

    @Override
    public Timeout timeout() {
      return timeout;
    }
  }

  private static byte[] encode(byte[] plaintext, int rs) throws IOException {
    Buffer out = new Buffer();
    try (Source s = new Aes128GcmEncodingSource(new Buffer().write(plaintext),
        SecretBytes.copyOf(KEY16), new byte[16], rs, new byte[0])) {
      while (s.read(out, 8192) != -1) {
        // drain
      }
    }
    return out.readByteArray();
  }

  private static byte[] decode(byte[] encoded, int maxRecordSize) throws IOException {
    Buffer out = new Buffer();
    try (Source s = new Aes128GcmDecodingSource(new Buffer().write(encoded),
        SecretBytes.copyOf(KEY16), maxRecordSize)) {
      while (s.read(out, 8192) != -1) {
        // drain
      }
    }
    return out.readByteArray();
  }

  // AttachmentDecryptingSource

  @Test
  void attachmentDecryptingSourceChecksItsArgumentsAndCounts() throws IOException {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new AttachmentDecryptingSource(new Buffer(), SecretBytes.copyOf(KEY32),
            new byte[16], new byte[31], true));
    assertEquals("expected a 32-byte SHA-256, got 31", e.getMessage());
    byte[] ciphertext = new byte[100];
    byte[] sha = sha256(ciphertext);
    AttachmentDecryptingSource s = new AttachmentDecryptingSource(
        new Buffer().write(ciphertext), SecretBytes.copyOf(KEY32), new byte[16], sha, true);
    Buffer sink = new Buffer();
    assertEquals("byteCount < 0: -1",
        assertThrows(IllegalArgumentException.class, () -> s.read(sink, -1)).getMessage());
    assertEquals(0, s.read(sink, 0));
    assertFalse(s.isVerified());
    assertEquals(100, s.read(sink, 1000));
    assertFalse(s.isVerified(), "verified only at the end");
    assertEquals(-1, s.read(sink, 1000));
    assertTrue(s.isVerified());
    assertEquals(-1, s.read(sink, 1000), "stays at the end");
    assertEquals(100, sink.size());
  }

  @Test
  void aHashMismatchIsStickyAndClosingClosesTheCiphertext() throws IOException {
    Tracked upstream = new Tracked(new byte[10]);
    AttachmentDecryptingSource s = new AttachmentDecryptingSource(
        upstream, SecretBytes.copyOf(KEY32), new byte[16], new byte[32], true);
    Buffer sink = new Buffer();
    assertEquals(10, s.read(sink, 100));
    MediaIntegrityException first =
        assertThrows(MediaIntegrityException.class, () -> s.read(sink, 100));
    MediaIntegrityException again =
        assertThrows(MediaIntegrityException.class, () -> s.read(sink, 0));
    assertEquals(first.getMessage(), again.getMessage());
    assertFalse(s.isVerified());
    s.close();
    assertTrue(upstream.closed);
  }

  // Aes128GcmDecodingSource

  @Test
  void decodingSourceChecksItsArguments() {
    assertEquals("upstream == null", assertThrows(NullPointerException.class,
        () -> new Aes128GcmDecodingSource(null, SecretBytes.copyOf(KEY16), 100)).getMessage());
    assertEquals("ikm == null", assertThrows(NullPointerException.class,
        () -> new Aes128GcmDecodingSource(new Buffer(), null, 100)).getMessage());
    assertEquals("maxRecordSize < 18", assertThrows(IllegalArgumentException.class,
        () -> new Aes128GcmDecodingSource(new Buffer(), SecretBytes.copyOf(KEY16), 17))
        .getMessage());
    new Aes128GcmDecodingSource(new Buffer(), SecretBytes.copyOf(KEY16), 18);
  }

  @Test
  void aRecordSizeEqualToTheMaximumIsAcceptedAndOneAboveIsNot() throws IOException {
    byte[] plaintext = new byte[500];
    Arrays.fill(plaintext, (byte) 7);
    byte[] encoded = encode(plaintext, 100);
    assertArrayEquals(plaintext, decode(encoded, 100));
    MediaProtocolException e =
        assertThrows(MediaProtocolException.class, () -> decode(encoded, 99));
    assertEquals("aes128gcm record size must be 18..99, was 100", e.getMessage());
  }

  @Test
  void aStreamCutInsideTheHeaderOrJustAfterATagOnlyRecordIsTruncated() throws IOException {
    byte[] encoded = encode(new byte[50], 40);
    assertEquals("aes128gcm stream ended inside its header", assertThrows(
        MediaIntegrityException.class, () -> decode(Arrays.copyOf(encoded, 20), 100)).getMessage());
    // 21 header bytes and then exactly a tag's worth (16 bytes) of a record.
    assertEquals("aes128gcm stream truncated inside a record", assertThrows(
        MediaIntegrityException.class, () -> decode(Arrays.copyOf(encoded, 37), 100)).getMessage());
    // One byte more than a tag is a (failing) record, not a truncation inside one.
    MediaIntegrityException e = assertThrows(
        MediaIntegrityException.class, () -> decode(Arrays.copyOf(encoded, 38), 100));
    assertTrue(e.getMessage().contains("failed authentication"), e.getMessage());
    assertEquals("aes128gcm stream truncated: it ended before its final record", assertThrows(
        MediaIntegrityException.class, () -> decode(Arrays.copyOf(encoded, 21), 100))
        .getMessage());
  }

  @Test
  void decodingFailuresAreStickyAndReadChecksItsCount() throws IOException {
    byte[] encoded = encode(new byte[50], 40);
    encoded[30] ^= 1;
    Aes128GcmDecodingSource s = new Aes128GcmDecodingSource(new Buffer().write(encoded),
        SecretBytes.copyOf(KEY16), 100);
    Buffer sink = new Buffer();
    assertEquals("byteCount < 0: -5",
        assertThrows(IllegalArgumentException.class, () -> s.read(sink, -5)).getMessage());
    IOException first = assertThrows(MediaIntegrityException.class, () -> s.read(sink, 100));
    assertSame(first, assertThrows(MediaIntegrityException.class, () -> s.read(sink, 100)));
  }

  @Test
  void decodingSourceHandsOutAtMostOneSegmentAndDelegatesCloseAndTimeout() throws IOException {
    byte[] plaintext = new byte[30_000];
    Tracked upstream = new Tracked(encode(plaintext, 65536));
    Aes128GcmDecodingSource s = new Aes128GcmDecodingSource(upstream, SecretBytes.copyOf(KEY16),
        65536);
    Buffer sink = new Buffer();
    assertEquals(8192, s.read(sink, 65536));
    assertEquals(100, s.read(sink, 100));
    assertSame(upstream.timeout, s.timeout());
    s.close();
    assertTrue(upstream.closed);
  }

  // Aes128GcmEncodingSource

  @Test
  void encodingSourceChecksItsArguments() throws IOException {
    SecretBytes key = SecretBytes.copyOf(KEY16);
    assertEquals("salt must be 16 bytes, was 15", assertThrows(IllegalArgumentException.class,
        () -> new Aes128GcmEncodingSource(new Buffer(), key, new byte[15], 100, new byte[0]))
        .getMessage());
    assertEquals("record size must be at least 18, was 17",
        assertThrows(IllegalArgumentException.class, () -> new Aes128GcmEncodingSource(
            new Buffer(), key, new byte[16], 17, new byte[0])).getMessage());
    assertEquals("keyid must be at most 255 bytes, was 256",
        assertThrows(IllegalArgumentException.class, () -> new Aes128GcmEncodingSource(
            new Buffer(), key, new byte[16], 100, new byte[256])).getMessage());
    new Aes128GcmEncodingSource(new Buffer(), key, new byte[16], 18, new byte[255]).close();
    assertThrows(NullPointerException.class,
        () -> new Aes128GcmEncodingSource(null, key, new byte[16], 100, new byte[0]));
    assertThrows(IllegalArgumentException.class,
        () -> Aes128GcmEncodingSource.encodedLength(-1, 100, 0));
    assertThrows(IllegalArgumentException.class,
        () -> Aes128GcmEncodingSource.encodedLength(10, 17, 0));
    assertEquals(21 + 0 + 17, Aes128GcmEncodingSource.encodedLength(0, 18, 0));
    assertEquals(21 + 1 + 17, Aes128GcmEncodingSource.encodedLength(1, 18, 0));
    assertEquals(21 + 2 + 34, Aes128GcmEncodingSource.encodedLength(2, 18, 0));
  }

  @Test
  void encodingSourceCountsItsReadsAndDelegatesCloseAndTimeout() throws IOException {
    Tracked upstream = new Tracked(new byte[1000]);
    Aes128GcmEncodingSource s = new Aes128GcmEncodingSource(upstream, SecretBytes.copyOf(KEY16),
        new byte[16], 100, new byte[0]);
    Buffer sink = new Buffer();
    assertThrows(IllegalArgumentException.class, () -> s.read(sink, -1));
    long total = 0;
    for (long n; (n = s.read(sink, 10)) != -1; ) {
      assertTrue(n > 0 && n <= 10, "read " + n);
      total += n;
    }
    assertEquals(Aes128GcmEncodingSource.encodedLength(1000, 100, 0), total);
    assertSame(upstream.timeout, s.timeout());
    s.close();
    assertTrue(upstream.closed);
  }

  // AesCtr

  @Test
  void aesCtrChecksItsKeyAndIvSizes() {
    assertEquals("expected a 32-byte key, got 31", assertThrows(IllegalArgumentException.class,
        () -> new AesCtr(new byte[31].clone(), new byte[16], true)).getMessage());
    assertEquals("expected a 16-byte IV, got 15", assertThrows(IllegalArgumentException.class,
        () -> new AesCtr(KEY32.clone(), new byte[15], true)).getMessage());
  }

  @Test
  void theLow64BitCounterWrapsExactlyAtItsBoundaryWithoutCarrying() throws Exception {
    for (int blocksBeforeWrap = 1; blocksBeforeWrap <= 3; blocksBeforeWrap++) {
      byte[] iv = new byte[16];
      Arrays.fill(iv, 0, 8, (byte) 0x11);
      long low = -blocksBeforeWrap;
      for (int i = 0; i < 8; i++) iv[15 - i] = (byte) (low >>> (8 * i));
      int length = 16 * (blocksBeforeWrap + 2);
      for (int split = 0; split <= length; split += 8) {
        AesCtr ctr = new AesCtr(KEY32.clone(), iv, true);
        byte[] out = new byte[length];
        ctr.update(new byte[length], 0, split, out, 0);
        ctr.update(new byte[length], split, length - split, out, split);
        assertArrayEquals(keystream(iv, length), out, "wrap after " + blocksBeforeWrap
            + " blocks, split at " + split);
      }
    }
  }

  /** AES-256 of the counter blocks, the low 64 bits counting modulo 2^64, the high 64 fixed. */
  private static byte[] keystream(byte[] iv, int length) throws Exception {
    Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
    ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(KEY32, "AES"));
    byte[] counter = iv.clone();
    byte[] out = new byte[length];
    for (int block = 0; block * 16 < length; block++) {
      System.arraycopy(ecb.doFinal(counter), 0, out, block * 16, 16);
      for (int i = 15; i >= 8; i--) {
        if (++counter[i] != 0) break;
      }
    }
    return out;
  }

  // AttachmentEncryptingSource

  @Test
  void attachmentEncryptingSourceCountsAndKnowsItsHashOnlyAtTheEnd() throws IOException {
    AttachmentEncryptingSource s = new AttachmentEncryptingSource(
        new Buffer().write(new byte[1000]), SecretBytes.copyOf(KEY32), new byte[16]);
    Buffer sink = new Buffer();
    assertEquals("byteCount < 0: -1",
        assertThrows(IllegalArgumentException.class, () -> s.read(sink, -1)).getMessage());
    assertEquals(0, s.read(sink, 0));
    assertFalse(s.isComplete());
    assertThrows(IllegalStateException.class, s::sha256);
    assertEquals(1000, s.read(sink, 5000));
    assertEquals(-1, s.read(sink, 5000));
    assertTrue(s.isComplete());
    assertEquals(-1, s.read(sink, 5000));
    assertArrayEquals(sha256(sink.readByteArray()), s.sha256());
  }

  // Base64Strict, Hkdf, SecretBytes

  @Test
  void base64StrictRefusesWhatTheSpecRefusesAndAcceptsBothPaddings() {
    assertEquals(ByteString.of((byte) 0xfb), Base64Strict.decode("+w", false));
    assertEquals(ByteString.of((byte) 0xfb), Base64Strict.decode("+w==", false));
    assertEquals(ByteString.of((byte) 0xfb), Base64Strict.decode("-w", true));
    assertNull(Base64Strict.decode("-w", false), "url alphabet in standard mode");
    assertNull(Base64Strict.decode("+w", true), "standard alphabet in url mode");
    assertNull(Base64Strict.decode("+w=", false), "padding that does not fill a quantum");
    assertNull(Base64Strict.decode("+w===", false), "three padding characters");
    assertNull(Base64Strict.decode("A", false), "one character cannot hold a byte");
    assertNull(Base64Strict.decode("AAAAA", false));
    assertNull(Base64Strict.decode("AA\u00e9A", false));
    assertNull(Base64Strict.decode("AA A", false));
    assertEquals(ByteString.EMPTY, Base64Strict.decode("", true));
    assertEquals("+w", Base64Strict.encode(ByteString.of((byte) 0xfb)));
    assertEquals("-w", Base64Strict.encodeUrl(ByteString.of((byte) 0xfb)));
    assertEquals("AAA", Base64Strict.encode(ByteString.of((byte) 0, (byte) 0)));
  }

  @Test
  void hkdfRefusesMoreThanOneBlockAndTheSecretsAreRedacted() {
    assertEquals("length > 32: 33", assertThrows(IllegalArgumentException.class,
        () -> Hkdf.oneBlock(new byte[16], KEY16, new byte[] {1}, 33)).getMessage());
    assertEquals(32, Hkdf.oneBlock(new byte[16], KEY16, new byte[] {1}, 32).length);
    assertEquals("bytes == null",
        assertThrows(NullPointerException.class, () -> SecretBytes.copyOf(null)).getMessage());
    assertEquals("bytes == null",
        assertThrows(NullPointerException.class, () -> SecretBytes.wrap(null)).getMessage());
    SecretBytes secret = SecretBytes.copyOf(new byte[] {1, 2, 3});
    assertEquals("SecretBytes[3 bytes, redacted]", secret.toString());
    assertEquals(secret, SecretBytes.copyOf(new byte[] {1, 2, 3}));
    assertEquals(secret.hashCode(), SecretBytes.copyOf(new byte[] {1, 2, 3}).hashCode());
    assertNotEquals(secret.hashCode(), SecretBytes.copyOf(new byte[4]).hashCode());
    assertNotEquals(secret, SecretBytes.copyOf(new byte[] {1, 2, 4}));
  }

  // Msc4097

  @Test
  void msc4097ChecksItsInputsAndFormatsThumbnailRenditions() {
    assertEquals("thumbnail/320x240/scale/false",
        Msc4097.thumbnailRendition(320, 240, "scale", false));
    assertEquals("thumbnail/1x1/crop/true", Msc4097.thumbnailRendition(1, 1, "crop", true));
    assertThrows(IllegalArgumentException.class,
        () -> Msc4097.thumbnailRendition(0, 240, "scale", false));
    assertThrows(IllegalArgumentException.class,
        () -> Msc4097.thumbnailRendition(320, 0, "scale", false));
    assertThrows(IllegalArgumentException.class,
        () -> Msc4097.thumbnailRendition(320, 240, "stretch", false));
    SecretBytes key = SecretBytes.copyOf(KEY16);
    byte[] sha = new byte[32];
    assertThrows(IllegalArgumentException.class,
        () -> Msc4097.salt(key, new byte[31], 65536, "download"));
    assertThrows(IllegalArgumentException.class, () -> Msc4097.salt(key, sha, 17, "download"));
    byte[] a = Msc4097.salt(key, sha, 65536, "download");
    assertEquals(16, a.length);
    assertFalse(Arrays.equals(a, Msc4097.salt(key, sha, 65537, "download")), "rs is bound");
    assertFalse(Arrays.equals(a, Msc4097.salt(key, sha, 65536 + (1 << 24), "download")),
        "every byte of rs is bound");
    assertFalse(Arrays.equals(a, Msc4097.salt(key, sha, 65536 + (1 << 16), "download")));
    assertFalse(Arrays.equals(a, Msc4097.salt(key, sha, 65536 + (1 << 8), "download")));
    assertFalse(Arrays.equals(a, Msc4097.salt(key, sha, 65536, "download2")));
  }

  // MediaEncryptionHeader

  private static MediaEncryptionHeader header(String... values) throws MediaProtocolException {
    return MediaEncryptionHeader.parse(Arrays.asList(values), Collections.singletonList("aes128gcm"));
  }

  private static String refused(String... values) {
    return assertThrows(MediaProtocolException.class, () -> header(values)).getMessage();
  }

  @Test
  void theKeyHeaderGrammarAndItsMessages() throws MediaProtocolException {
    String key = "AAECAwQFBgcICQoLDA0ODw";
    assertEquals(16, header("alg=aes128gcm, key=" + key).key().size());
    assertEquals(16, header("  alg = aes128gcm ,key = \"" + key + "==\"  ").key().size());
    assertEquals(16, header("key=" + key + ",alg=aes128gcm,other=1").key().size());
    assertEquals("aes128gcm", header("alg=aes128gcm,key=" + key).alg());
    assertEquals("expected one X-Matrix-Media-Encryption header, got 0",
        assertThrows(MediaProtocolException.class,
            () -> MediaEncryptionHeader.parse(List.of(), List.of("aes128gcm"))).getMessage());
    assertEquals("expected one X-Matrix-Media-Encryption header, got 2",
        refused("alg=aes128gcm,key=" + key, "alg=aes128gcm,key=" + key));
    assertEquals("the key header has no 'key'", refused("alg=aes128gcm"));
    assertTrue(refused("key=" + key).contains("'alg'"), refused("key=" + key));
    assertTrue(refused("alg=aes256gcm,key=" + key).startsWith("the key header names alg"
        + " 'aes256gcm', which the client did not offer"));
    String longAlg = refused("alg=" + key + "xx,key=" + key);
    assertFalse(longAlg.contains(key), longAlg);
    assertTrue(longAlg.contains("...'"), longAlg);
    for (String bad : new String[] {"alg=aes128gcm,key=" + key + "A", "alg=aes128gcm,key=AAEC",
        "alg=aes128gcm,key=" + key + "===", "alg=aes128gcm,key=" + key.replace('A', '+'),
        "alg=aes128gcm,key=" + key + "=", "alg=aes128gcm,,key=" + key, "=aes128gcm",
        "alg=aes128gcm key=" + key, "alg=\"aes128gcm,key=" + key,
        "alg=aes128gcm,alg=aes128gcm,key=" + key, "alg", ""}) {
      String message;
      try {
        message = refused(bad);
      } catch (AssertionError accepted) {
        throw new AssertionError("accepted: " + bad);
      }
      assertFalse(message.contains(key), message);
    }
    assertFalse(header("alg=aes128gcm,key=" + key).toString().contains(key));
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
