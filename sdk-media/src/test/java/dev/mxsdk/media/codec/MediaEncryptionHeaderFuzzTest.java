package dev.mxsdk.media.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mxsdk.media.MediaProtocolException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Fuzzes the {@code X-Matrix-Media-Encryption} parser with one to three fuzzed header values: it
 * either accepts a 16-byte key for the offered algorithm or throws
 * {@link MediaProtocolException}, whose message never repeats a key it refused.
 */
final class MediaEncryptionHeaderFuzzTest {
  @FuzzTest(maxDuration = "2m")
  void parseAcceptsA16ByteKeyOrRefuses(FuzzedDataProvider data) {
    int count = data.consumeInt(1, 3);
    List<String> values = new ArrayList<>();
    for (int i = 0; i < count - 1; i++) values.add(data.consumeString(200));
    values.add(data.consumeRemainingAsString());
    MediaEncryptionHeader header;
    try {
      header = MediaEncryptionHeader.parse(values, Collections.singletonList("aes128gcm"));
    } catch (MediaProtocolException refused) {
      String message = String.valueOf(refused.getMessage());
      for (String value : values) {
        int at = value.indexOf("key=");
        if (at >= 0 && value.length() >= at + 4 + 22) {
          String key = value.substring(at + 4, at + 4 + 22);
          if (!key.trim().isEmpty() && !key.contains(",")) {
            assertEquals(-1, message.indexOf(key), "the refused key is in the message: " + message);
          }
        }
      }
      return;
    }
    assertEquals(16, header.key().size());
    assertEquals("aes128gcm", header.alg());
  }
}
