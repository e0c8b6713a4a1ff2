package dev.mxsdk.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes {@link MxcUri#parse}: any string either parses into a URI that prints back to itself and
 * rebuilds from its parts, or is refused with {@link IllegalArgumentException}; nothing else.
 * Without {@code JAZZER_FUZZ=1} this runs over the committed corpus in
 * {@code src/test/resources/dev/mxsdk/core/MxcUriFuzzTestInputs/}.
 */
final class MxcUriFuzzTest {
  @FuzzTest(maxDuration = "2m")
  void parseEitherRoundTripsOrRefuses(FuzzedDataProvider data) {
    String input = data.consumeRemainingAsString();
    MxcUri uri;
    try {
      uri = MxcUri.parse(input);
    } catch (IllegalArgumentException refused) {
      return;
    }
    assertEquals(input, uri.toString());
    assertEquals(uri, MxcUri.parse(uri.toString()));
    assertEquals(uri, MxcUri.of(uri.serverName(), uri.mediaId()));
  }
}
