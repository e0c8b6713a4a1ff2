package dev.mxsdk.media;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okio.ByteString;
import okio.Okio;

/** The known-answer vectors in {@code attachment-vectors.json}. */
final class AttachmentVectors {
  static final JsonAdapter<Object> JSON = new Moshi.Builder().build().adapter(Object.class);

  record Vector(String name, byte[] ciphertext, String fileJson, byte[] plaintext) {
    @Override
    public String toString() {
      return name;
    }
  }

  private AttachmentVectors() {}

  static Map<?, ?> document() throws IOException {
    try (InputStream in = AttachmentVectors.class.getResourceAsStream("attachment-vectors.json")) {
      return (Map<?, ?>) JSON.fromJson(Okio.buffer(Okio.source(in)));
    }
  }

  static List<Vector> decryptVectors() throws IOException {
    List<Vector> result = new ArrayList<>();
    for (Object o : (List<?>) document().get("decrypt")) {
      Map<?, ?> v = (Map<?, ?>) o;
      result.add(new Vector(
          (String) v.get("name"),
          base64((String) v.get("ciphertext")),
          JSON.toJson(v.get("file")),
          base64((String) v.get("plaintext"))));
    }
    return result;
  }

  static String specExampleJson() throws IOException {
    return JSON.toJson(((Map<?, ?>) document().get("specExample")).get("json"));
  }

  static byte[] base64(String unpadded) {
    ByteString bytes = ByteString.decodeBase64(unpadded);
    if (bytes == null) throw new IllegalArgumentException("bad base64 in vectors: " + unpadded);
    return bytes.toByteArray();
  }
}
