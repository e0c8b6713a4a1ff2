package dev.mxsdk.media;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes {@link EncryptedFile#fromJson}: any text either parses into a file that writes and reads
 * back equal, or is refused with {@link MalformedEncryptedFileException}; nothing else. Corpus:
 * {@code src/test/resources/dev/mxsdk/media/EncryptedFileFuzzTestInputs/}.
 */
final class EncryptedFileFuzzTest {
  @FuzzTest(maxDuration = "2m")
  void fromJsonEitherRoundTripsOrRefuses(FuzzedDataProvider data)
      throws MalformedEncryptedFileException {
    String json = data.consumeRemainingAsString();
    EncryptedFile file;
    try {
      file = EncryptedFile.fromJson(json);
    } catch (MalformedEncryptedFileException refused) {
      return;
    }
    assertEquals(file, EncryptedFile.fromJson(file.toJson()));
  }
}
