package dev.mxsdk.testkit.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import okio.ByteString;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The testkit CDN serves exactly the bytes of docs/msc4097.md's test vectors. */
@Tag("crypto")
final class CanonicalEncodingDocumentVectorsTest {
  @TempDir File dir;

  @Test
  void theCdnEncodingOfEachDocumentVectorIsByteForByteTheDocumentsBytes() throws Exception {
    int checked = 0;
    Map<String, String> v = null;
    for (String line : Files.readAllLines(Paths.get("..", "docs", "msc4097.md"), StandardCharsets.UTF_8)) {
      if (line.equals("```vector")) {
        v = new HashMap<>();
      } else if (v != null && line.equals("```")) {
        byte[] key = ByteString.decodeHex(v.get("key")).toByteArray();
        byte[] object = ByteString.decodeHex(v.get("object")).toByteArray();
        int rs = Integer.parseInt(v.get("rs"));
        File file = new File(dir, v.get("name"));
        Files.write(file.toPath(), object);
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(object);
        CanonicalEncoding cdn = CanonicalEncoding.of(file, object.length, key, digest, rs,
            v.get("rendition"));
        ByteArrayOutputStream served = new ByteArrayOutputStream();
        cdn.write(served, 0, cdn.encodedLength() - 1);
        assertArrayEquals(ByteString.decodeHex(v.get("encoded")).toByteArray(), served.toByteArray(),
            v.get("name"));
        checked++;
        v = null;
      } else if (v != null) {
        int colon = line.indexOf(':');
        v.put(line.substring(0, colon), line.substring(colon + 1).trim());
      }
    }
    assertTrue(checked >= 4, "expected at least 4 vectors, found " + checked);
  }

  @Test
  void theCdnServesTheBodyOfEachRangeVectorForItsRange() throws Exception {
    java.util.List<String> lines =
        Files.readAllLines(Paths.get("..", "docs", "msc4097.md"), StandardCharsets.UTF_8);
    Map<String, Map<String, String>> vectors = new HashMap<>();
    java.util.List<Map<String, String>> ranges = new java.util.ArrayList<>();
    Map<String, String> v = null;
    for (String line : lines) {
      if (line.equals("```vector") || line.equals("```range")) {
        v = new HashMap<>();
        v.put("kind", line.substring(3));
      } else if (v != null && line.equals("```")) {
        if (v.get("kind").equals("vector")) vectors.put(v.get("name"), v); else ranges.add(v);
        v = null;
      } else if (v != null) {
        int colon = line.indexOf(':');
        v.put(line.substring(0, colon), line.substring(colon + 1).trim());
      }
    }
    assertTrue(ranges.size() >= 2, "expected at least 2 range vectors, found " + ranges.size());
    for (Map<String, String> r : ranges) {
      Map<String, String> base = vectors.get(r.get("vector"));
      byte[] key = ByteString.decodeHex(base.get("key")).toByteArray();
      byte[] object = ByteString.decodeHex(base.get("object")).toByteArray();
      File file = new File(dir, r.get("name"));
      Files.write(file.toPath(), object);
      CanonicalEncoding cdn = CanonicalEncoding.of(file, object.length, key,
          MessageDigest.getInstance("SHA-256").digest(object), Integer.parseInt(base.get("rs")),
          base.get("rendition"));
      String[] asked = r.get("request-range").substring("bytes=".length()).split("-", -1);
      long from = Long.parseLong(asked[0]);
      long to = asked[1].isEmpty() ? cdn.encodedLength() - 1
          : Math.min(cdn.encodedLength() - 1, Long.parseLong(asked[1]));
      assertEquals("bytes " + from + "-" + to + "/" + cdn.encodedLength(), r.get("content-range"));
      ByteArrayOutputStream served = new ByteArrayOutputStream();
      cdn.write(served, from, to);
      assertArrayEquals(ByteString.decodeHex(r.get("body")).toByteArray(), served.toByteArray(),
          r.get("name"));
    }
  }
}
