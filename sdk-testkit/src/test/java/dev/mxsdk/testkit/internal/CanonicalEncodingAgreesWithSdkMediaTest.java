package dev.mxsdk.testkit.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mxsdk.media.codec.Aes128GcmEncodingSource;
import dev.mxsdk.media.codec.Msc4097;
import dev.mxsdk.media.codec.SecretBytes;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.Random;
import okio.Buffer;
import okio.Okio;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The testkit CDN's random-access encoder (record arithmetic, for Range) produces exactly the bytes
 * of sdk-media's streaming encoder under the profile's salt: one canonical encoding.
 */
@Tag("crypto")
final class CanonicalEncodingAgreesWithSdkMediaTest {
  @TempDir File dir;

  @Test
  void everySizeAndRecordSizeEncodesToTheStreamingEncodersBytes() throws Exception {
    Random random = new Random(4097);
    for (int rs : new int[] {18, 25, 40, 4096, 65536}) {
      for (int size : new int[] {0, 1, rs - 18, rs - 17, rs - 16, 2 * (rs - 17), 3 * (rs - 17) + 7}) {
        if (size < 0) continue;
        byte[] object = new byte[size];
        random.nextBytes(object);
        byte[] key = new byte[16];
        random.nextBytes(key);
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(object);
        String rendition = size % 2 == 0 ? Msc4097.DOWNLOAD_RENDITION
            : Msc4097.thumbnailRendition(32, 24, "crop", false);
        File file = new File(dir, "o-" + rs + "-" + size);
        Files.write(file.toPath(), object);

        CanonicalEncoding cdn = CanonicalEncoding.of(file, size, key, digest, rs, rendition);
        ByteArrayOutputStream served = new ByteArrayOutputStream();
        cdn.write(served, 0, cdn.encodedLength() - 1);

        byte[] salt = Msc4097.salt(SecretBytes.copyOf(key), digest, rs, rendition);
        byte[] streamed = Okio.buffer(new Aes128GcmEncodingSource(new Buffer().write(object),
            SecretBytes.copyOf(key), salt, rs, new byte[0])).readByteArray();
        String at = "rs " + rs + " size " + size;
        assertArrayEquals(salt, CanonicalEncoding.salt(key, digest, rs, rendition), at);
        assertEquals(streamed.length, cdn.encodedLength(), at);
        assertArrayEquals(streamed, served.toByteArray(), at);
      }
    }
  }
}
