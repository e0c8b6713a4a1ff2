package dev.mxsdk.core.internal;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonEncodingException;
import com.squareup.moshi.JsonReader;
import dev.mxsdk.core.MalformedResponseException;
import dev.mxsdk.core.ServerVersions;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okio.BufferedSource;

/**
 * Reads the body of {@code GET /_matrix/client/versions} by hand: unknown fields are skipped,
 * a field of the wrong type is a {@link MalformedResponseException} naming it.
 */
public final class VersionsJson {
  private static final String WHERE = "/versions: ";

  private VersionsJson() {}

  /** Reads a {@link ServerVersions} from {@code source}; does not close it. */
  public static ServerVersions read(BufferedSource source) throws IOException {
    JsonReader reader = JsonReader.of(source);
    List<String> versions = null;
    Map<String, Boolean> features = new LinkedHashMap<String, Boolean>();
    try {
      expect(reader, JsonReader.Token.BEGIN_OBJECT, "the body", "an object");
      reader.beginObject();
      while (reader.hasNext()) {
        String name = reader.nextName();
        if (name.equals("versions")) {
          expect(reader, JsonReader.Token.BEGIN_ARRAY, "versions", "an array");
          versions = new ArrayList<String>();
          reader.beginArray();
          for (int i = 0; reader.hasNext(); i++) {
            expect(reader, JsonReader.Token.STRING, "versions[" + i + "]", "a string");
            versions.add(reader.nextString());
          }
          reader.endArray();
        } else if (name.equals("unstable_features")) {
          if (reader.peek() == JsonReader.Token.NULL) {
            reader.nextNull();
            continue;
          }
          expect(reader, JsonReader.Token.BEGIN_OBJECT, "unstable_features", "an object");
          reader.beginObject();
          while (reader.hasNext()) {
            String feature = reader.nextName();
            expect(reader, JsonReader.Token.BOOLEAN, "unstable_features." + feature, "a boolean");
            features.put(feature, reader.nextBoolean());
          }
          reader.endObject();
        } else {
          reader.skipValue();
        }
      }
      reader.endObject();
    } catch (JsonEncodingException | JsonDataException | EOFException e) {
      throw new MalformedResponseException(WHERE + "not valid JSON: " + e.getMessage(), e);
    }
    if (versions == null) throw new MalformedResponseException(WHERE + "versions is missing");
    return new ServerVersions(versions, features);
  }

  private static void expect(JsonReader reader, JsonReader.Token token, String field,
      String expected) throws IOException {
    JsonReader.Token actual = reader.peek();
    if (actual != token) {
      throw new MalformedResponseException(
          WHERE + field + " expected " + expected + " but was " + actual);
    }
  }
}
