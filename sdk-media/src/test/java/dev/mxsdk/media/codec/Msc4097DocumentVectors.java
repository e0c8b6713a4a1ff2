package dev.mxsdk.media.codec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the test vectors out of {@code docs/msc4097.md}, so the document and the code cannot drift. */
public final class Msc4097DocumentVectors {
  private Msc4097DocumentVectors() {}

  /** One {@code ```vector} block: name, key, object, rendition, rs, sha256, salt, header, encoded. */
  public static List<Map<String, String>> read() throws IOException {
    return blocks("```vector");
  }

  /**
   * One {@code ```range} block: name, vector (the name of the vector it reads), key-header,
   * plaintext-range, request-range, content-range, first-record, ends-with-final, body, plaintext.
   */
  public static List<Map<String, String>> readRanges() throws IOException {
    return blocks("```range");
  }

  /** The vector named {@code name}. */
  public static Map<String, String> vector(String name) throws IOException {
    for (Map<String, String> v : read()) {
      if (v.get("name").equals(name)) return v;
    }
    throw new AssertionError("no vector " + name);
  }

  private static List<Map<String, String>> blocks(String fence) throws IOException {
    Path doc = Paths.get("..", "docs", "msc4097.md");
    List<Map<String, String>> vectors = new ArrayList<>();
    Map<String, String> current = null;
    for (String line : Files.readAllLines(doc, StandardCharsets.UTF_8)) {
      if (line.equals(fence)) {
        current = new LinkedHashMap<>();
      } else if (current != null && line.equals("```")) {
        vectors.add(current);
        current = null;
      } else if (current != null) {
        int colon = line.indexOf(':');
        current.put(line.substring(0, colon), line.substring(colon + 1).trim());
      }
    }
    return vectors;
  }
}
