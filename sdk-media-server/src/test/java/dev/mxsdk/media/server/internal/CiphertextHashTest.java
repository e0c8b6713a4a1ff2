package dev.mxsdk.media.server.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mxsdk.core.MxcUri;
import dev.mxsdk.media.EncryptedFile;
import dev.mxsdk.media.EncryptingSource;
import dev.mxsdk.media.MediaIntegrityException;
import dev.mxsdk.media.Attachments;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import okio.Buffer;
import org.junit.jupiter.api.Test;

final class CiphertextHashTest {
  private static final MxcUri MXC = MxcUri.parse("mxc://example.org/a");

  private static EncryptedFile encrypt(byte[] plaintext) throws IOException {
    EncryptingSource source = Attachments.encrypt(new Buffer().write(plaintext));
    new Buffer().writeAll(source);
    return source.encryptedFile().newBuilder().url(MXC).build();
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  /** Feeds {@code plaintext} in pieces of {@code piece} bytes, as windows and reads would. */
  private static void feed(CiphertextHash hash, byte[] plaintext, int piece) throws IOException {
    for (int at = 0; at < plaintext.length; at += piece) {
      Buffer b = new Buffer().write(plaintext, at, Math.min(piece, plaintext.length - at));
      long size = b.size();
      hash.update(b, size);
      assertTrue(b.size() == size, "the plaintext stays for the client");
    }
  }

  @Test
  void thePlaintextOfAnAttachmentHashesToItsCiphertextsSha256InAnyPieces() throws IOException {
    byte[] plaintext = random(300_000);
    EncryptedFile file = encrypt(plaintext);
    for (int piece : new int[] {1, 7, 8192, 65536, 300_000}) {
      CiphertextHash hash = new CiphertextHash(file);
      feed(hash, plaintext, piece);
      hash.verify();
    }
  }

  @Test
  void oneChangedByteFailsTheVerification() throws IOException {
    byte[] plaintext = random(100_000);
    EncryptedFile file = encrypt(plaintext);
    plaintext[54_321] ^= 1;
    CiphertextHash hash = new CiphertextHash(file);
    feed(hash, plaintext, 4096);
    assertThrows(MediaIntegrityException.class, hash::verify);
    CiphertextHash truncated = new CiphertextHash(file);
    feed(truncated, Arrays.copyOf(plaintext, 99_999), 4096);
    assertThrows(MediaIntegrityException.class, truncated::verify);
  }

  @Test
  void anUnversionedAttachmentCanBeVerifiedUnlessItsCounterCarriesOutOfTheLow64Bits() {
    byte[] iv = new byte[16];
    EncryptedFile.Builder b = new EncryptedFile.Builder().url(MXC).key(new byte[32])
        .sha256(new byte[32]);
    assertTrue(CiphertextHash.canVerify(b.iv(iv).version("v2").build(), Long.MAX_VALUE));
    assertTrue(CiphertextHash.canVerify(b.iv(iv).version(null).build(), Long.MAX_VALUE));
    Arrays.fill(iv, 8, 16, (byte) 0xff);
    iv[15] = (byte) 0xf0; // 16 blocks before the low half wraps
    EncryptedFile near = b.iv(iv).version(null).build();
    assertTrue(CiphertextHash.canVerify(near, 16 * 16));
    assertFalse(CiphertextHash.canVerify(near, 16 * 16 + 1));
    assertTrue(CiphertextHash.canVerify(b.iv(iv).version("v1").build(), Long.MAX_VALUE));
  }
}
