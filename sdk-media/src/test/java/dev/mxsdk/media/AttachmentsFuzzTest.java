package dev.mxsdk.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mxsdk.core.MxcUri;
import java.io.IOException;
import java.security.MessageDigest;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import okio.Buffer;
import okio.ByteString;
import okio.Source;

/**
 * Fuzzes the attachment decryptor: fuzzed ciphertext, key and IV (a v2 IV: the low 64 bits zero),
 * with the matching hash or a fuzzed one. With the matching hash the plaintext is exactly JCA's
 * AES-256-CTR of the ciphertext; with any other hash the end of the stream throws
 * {@link MediaIntegrityException}; nothing else is thrown, whatever the chunking.
 */
final class AttachmentsFuzzTest {
  @FuzzTest(maxDuration = "2m")
  void decryptIsCtrWithTheRightHashAndAnIntegrityErrorWithAnyOther(FuzzedDataProvider data)
      throws Exception {
    byte[] key = data.consumeBytes(32);
    byte[] iv8 = data.consumeBytes(8);
    if (key.length != 32 || iv8.length != 8) return;
    boolean matching = data.consumeBoolean();
    byte[] fuzzedHash = data.consumeBytes(32);
    int chunk = data.consumeInt(1, 70_000);
    byte[] ciphertext = data.consumeRemainingAsBytes();
    byte[] iv = new byte[16];
    System.arraycopy(iv8, 0, iv, 0, 8);
    byte[] hash = MessageDigest.getInstance("SHA-256").digest(ciphertext);
    if (!matching) {
      if (fuzzedHash.length != 32 || MessageDigest.isEqual(fuzzedHash, hash)) return;
      hash = fuzzedHash;
    }
    EncryptedFile file = new EncryptedFile.Builder()
        .url(MxcUri.parse("mxc://example.org/fuzz"))
        .key(key)
        .iv(iv)
        .sha256(hash)
        .build();
    Buffer out = new Buffer();
    boolean failed = false;
    try (Source plaintext = Attachments.decrypt(new ChunkedSource(ciphertext, chunk), file)) {
      while (plaintext.read(out, chunk) != -1) {
        // read it all, chunk by chunk
      }
    } catch (MediaIntegrityException e) {
      failed = true;
    }
    if (matching) {
      Cipher ctr = Cipher.getInstance("AES/CTR/NoPadding");
      ctr.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
      assertFalse(failed, "the matching hash was refused");
      assertArrayEquals(ciphertext.length == 0 ? new byte[0] : ctr.doFinal(ciphertext),
          out.readByteArray());
    } else {
      assertFalse(!failed, "a wrong hash was accepted");
    }
  }

  /** Hands out at most {@code chunk} bytes per read. */
  private static final class ChunkedSource implements Source {
    private final Buffer data;
    private final int chunk;

    ChunkedSource(byte[] bytes, int chunk) {
      this.data = new Buffer().write(ByteString.of(bytes));
      this.chunk = chunk;
    }

    @Override
    public long read(Buffer sink, long byteCount) throws IOException {
      return data.read(sink, Math.min(byteCount, chunk));
    }

    @Override
    public okio.Timeout timeout() {
      return okio.Timeout.NONE;
    }

    @Override
    public void close() {}
  }
}
