package dev.mxsdk.media.internal.json;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonEncodingException;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import dev.mxsdk.core.MxcUri;
import dev.mxsdk.media.MalformedEncryptedFileException;
import dev.mxsdk.media.internal.crypto.Base64Strict;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import okio.Buffer;
import okio.ByteString;
import org.jspecify.annotations.Nullable;

/**
 * Reads and writes the {@code EncryptedFile} JSON object of the client-server specification
 * ("Sending encrypted attachments") by hand: every error is a {@link MalformedEncryptedFileException}
 * naming the field, never quoting key material. The value type {@code EncryptedFile} builds itself
 * from the {@link Fields} read here, so this class does not depend on it.
 */
public final class EncryptedFileJson {
  private static final int KEY_SIZE = 32;
  private static final int IV_SIZE = 16;
  private static final int SHA256_SIZE = 32;

  private EncryptedFileJson() {}

  /** The fields of one parsed object; the required ones are set. */
  public static final class Fields {
    public @Nullable MxcUri url;
    public byte @Nullable [] key;
    public byte @Nullable [] iv;
    public byte @Nullable [] sha256;
    public @Nullable String version;
  }

  /**
   * Parses {@code json}: one object and nothing after it.
   *
   * @throws MalformedEncryptedFileException naming the field that is missing, malformed or
   *     unsupported
   */
  public static Fields read(String json) throws MalformedEncryptedFileException {
    JsonReader reader = JsonReader.of(new Buffer().writeUtf8(json));
    try {
      Fields fields = new Parser(reader).readFile();
      if (reader.peek() != JsonReader.Token.END_DOCUMENT) {
        throw new MalformedEncryptedFileException("$", "expected the end of the JSON document"
            + " after the object, but found more");
      }
      return fields;
    } catch (MalformedEncryptedFileException e) {
      throw e;
    } catch (JsonEncodingException | JsonDataException e) {
      // Moshi's message may quote input; report only where it failed.
      throw new MalformedEncryptedFileException("$", "malformed JSON at " + reader.getPath());
    } catch (IOException e) {
      throw new MalformedEncryptedFileException("$", "malformed JSON at " + reader.getPath());
    }
  }

  /**
   * Writes the spec's shape: {@code url} (when known), {@code key} ({@code kty}, {@code key_ops},
   * {@code alg}, unpadded base64url {@code k}, {@code ext: true}), unpadded base64 {@code iv} and
   * {@code hashes.sha256}, and {@code v} (omitted when null). The result contains the key.
   */
  public static String write(@Nullable MxcUri url, byte[] key, byte[] iv, byte[] sha256,
      @Nullable String version) {
    Buffer buffer = new Buffer();
    JsonWriter writer = JsonWriter.of(buffer);
    try {
      writer.beginObject();
      if (url != null) writer.name("url").value(url.toString());
      writer.name("key").beginObject();
      writer.name("kty").value("oct");
      writer.name("key_ops").beginArray().value("encrypt").value("decrypt").endArray();
      writer.name("alg").value("A256CTR");
      writer.name("k").value(Base64Strict.encodeUrl(ByteString.of(key)));
      writer.name("ext").value(true);
      writer.endObject();
      writer.name("iv").value(Base64Strict.encode(ByteString.of(iv)));
      writer.name("hashes").beginObject()
          .name("sha256").value(Base64Strict.encode(ByteString.of(sha256)))
          .endObject();
      if (version != null) writer.name("v").value(version);
      writer.endObject();
      writer.close();
    } catch (IOException e) {
      throw new AssertionError(e); // A Buffer does not fail.
    }
    return buffer.readUtf8();
  }

  /** Quotes a field value for a message: at most 32 characters, control characters as '?'. */
  public static String quote(String value) {
    String shown = value.length() > 32 ? value.substring(0, 32) + "..." : value;
    StringBuilder result = new StringBuilder("\"");
    for (int i = 0; i < shown.length(); i++) {
      char c = shown.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        result.append('?');
      } else {
        result.append(c);
      }
    }
    return result.append('"').toString();
  }

  /** Reads one EncryptedFile object; every error names its field. */
  private static final class Parser {
    private final JsonReader reader;

    Parser(JsonReader reader) {
      this.reader = reader;
    }

    Fields readFile() throws IOException {
      expect(JsonReader.Token.BEGIN_OBJECT, "$", "a JSON object");
      Fields builder = new Fields();
      boolean hasKey = false;
      boolean hasIv = false;
      boolean hasHashes = false;
      @Nullable String version = null;
      Set<String> seen = new HashSet<>();
      reader.beginObject();
      while (reader.hasNext()) {
        String name = reader.nextName();
        if (!seen.add(name)) {
          throw new MalformedEncryptedFileException(name, "appears more than once");
        }
        switch (name) {
          case "url":
            if (reader.peek() == JsonReader.Token.NULL) {
              reader.nextNull();
              break;
            }
            String url = readString("url");
            try {
              builder.url = MxcUri.parse(url);
            } catch (IllegalArgumentException e) {
              throw new MalformedEncryptedFileException("url", "expected an mxc:// URI, got "
                  + quote(url));
            }
            break;
          case "key":
            builder.key = readKey();
            hasKey = true;
            break;
          case "iv":
            builder.iv = readBase64("iv", false, IV_SIZE, "base64");
            hasIv = true;
            break;
          case "hashes":
            builder.sha256 = readHashes();
            hasHashes = true;
            break;
          case "v":
            version = readString("v");
            if (!version.equals("v2") && !version.equals("v1")) {
              throw new MalformedEncryptedFileException("v",
                  "expected \"v2\" or \"v1\", got unsupported version " + quote(version));
            }
            break;
          default:
            reader.skipValue();
        }
      }
      reader.endObject();
      if (!hasKey) throw missing("key");
      if (!hasIv) throw missing("iv");
      if (!hasHashes) throw missing("hashes");
      builder.version = version;
      return builder;
    }

    private byte[] readKey() throws IOException {
      expect(JsonReader.Token.BEGIN_OBJECT, "key", "a JWK object");
      reader.beginObject();
      Set<String> seen = new HashSet<>();
      byte @Nullable [] k = null;
      boolean hasKty = false;
      boolean hasAlg = false;
      boolean hasKeyOps = false;
      while (reader.hasNext()) {
        String name = reader.nextName();
        String field = "key." + name;
        if (!seen.add(name)) {
          throw new MalformedEncryptedFileException(field, "appears more than once");
        }
        switch (name) {
          case "kty":
            String kty = readString(field);
            if (!kty.equals("oct")) {
              throw new MalformedEncryptedFileException(field, "expected \"oct\", got "
                  + quote(kty));
            }
            hasKty = true;
            break;
          case "alg":
            String alg = readString(field);
            if (!alg.equals("A256CTR")) {
              throw new MalformedEncryptedFileException(field, "expected \"A256CTR\", got "
                  + quote(alg));
            }
            hasAlg = true;
            break;
          case "key_ops":
            readKeyOps(field);
            hasKeyOps = true;
            break;
          case "k":
            k = readBase64(field, true, KEY_SIZE, "base64url");
            break;
          case "ext":
            if (reader.peek() != JsonReader.Token.BOOLEAN) {
              throw new MalformedEncryptedFileException(field,
                  "expected true, got " + describe(reader.peek()));
            }
            if (!reader.nextBoolean()) {
              throw new MalformedEncryptedFileException(field, "expected true, got false");
            }
            break;
          default:
            reader.skipValue();
        }
      }
      reader.endObject();
      if (!hasKty) throw missing("key.kty");
      if (!hasAlg) throw missing("key.alg");
      if (!hasKeyOps) throw missing("key.key_ops");
      if (k == null) throw missing("key.k");
      return k;
    }

    private void readKeyOps(String field) throws IOException {
      expect(JsonReader.Token.BEGIN_ARRAY, field, "an array of strings");
      boolean encrypt = false;
      boolean decrypt = false;
      reader.beginArray();
      while (reader.hasNext()) {
        String op = readString(field);
        if (op.equals("encrypt")) encrypt = true;
        if (op.equals("decrypt")) decrypt = true;
      }
      reader.endArray();
      if (!encrypt || !decrypt) {
        throw new MalformedEncryptedFileException(field,
            "expected both \"encrypt\" and \"decrypt\", got "
                + (encrypt ? "only \"encrypt\"" : decrypt ? "only \"decrypt\"" : "neither"));
      }
    }

    private byte[] readHashes() throws IOException {
      expect(JsonReader.Token.BEGIN_OBJECT, "hashes", "an object");
      reader.beginObject();
      Set<String> seen = new HashSet<>();
      byte @Nullable [] sha256 = null;
      while (reader.hasNext()) {
        String name = reader.nextName();
        String field = "hashes." + name;
        if (!seen.add(name)) {
          throw new MalformedEncryptedFileException(field, "appears more than once");
        }
        if (name.equals("sha256")) {
          sha256 = readBase64(field, false, SHA256_SIZE, "base64");
        } else {
          reader.skipValue();
        }
      }
      reader.endObject();
      if (sha256 == null) throw missing("hashes.sha256");
      return sha256;
    }

    private byte[] readBase64(String field, boolean url, int size, String what)
        throws IOException {
      String text = readString(field);
      ByteString bytes = Base64Strict.decode(text, url);
      if (bytes == null) {
        // Never echo the text: it may be key material.
        throw new MalformedEncryptedFileException(field,
            "expected " + what + " of " + size + " bytes, got a string that is not " + what);
      }
      if (bytes.size() != size) {
        throw new MalformedEncryptedFileException(field,
            "expected " + what + " of " + size + " bytes, got " + bytes.size() + " bytes");
      }
      return bytes.toByteArray();
    }

    private String readString(String field) throws IOException {
      JsonReader.Token token = reader.peek();
      if (token != JsonReader.Token.STRING) {
        throw new MalformedEncryptedFileException(field, "expected a string, got "
            + describe(token));
      }
      return reader.nextString();
    }

    private void expect(JsonReader.Token expected, String field, String what) throws IOException {
      JsonReader.Token token = reader.peek();
      if (token != expected) {
        throw new MalformedEncryptedFileException(field, "expected " + what + ", got "
            + describe(token));
      }
    }

    private static MalformedEncryptedFileException missing(String field) {
      return new MalformedEncryptedFileException(field, "required field is missing");
    }

    private static String describe(JsonReader.Token token) {
      switch (token) {
        case BEGIN_OBJECT: return "an object";
        case BEGIN_ARRAY: return "an array";
        case STRING: return "a string";
        case NUMBER: return "a number";
        case BOOLEAN: return "a boolean";
        case NULL: return "null";
        default: return "the end of the document";
      }
    }
  }
}
