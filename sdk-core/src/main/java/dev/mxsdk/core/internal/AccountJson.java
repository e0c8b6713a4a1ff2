package dev.mxsdk.core.internal;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonEncodingException;
import com.squareup.moshi.JsonReader;
import dev.mxsdk.core.MalformedResponseException;
import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import okio.Buffer;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;

/**
 * Writes the login and refresh bodies and reads their answers by hand: unknown fields are skipped,
 * a missing required field or one of the wrong type is a {@link MalformedResponseException}
 * naming it (never its value: the values are tokens).
 */
public final class AccountJson {
  private AccountJson() {}

  /** The fields of a login or refresh answer; null or -1 where the server sent nothing. */
  public static final class Tokens {
    public @Nullable String userId;
    public @Nullable String deviceId;
    public @Nullable String accessToken;
    public @Nullable String refreshToken;
    public long expiresInMillis = -1;
  }

  /**
   * Returns the body of a password login as UTF-8 JSON in a fresh array that holds the password;
   * the caller wipes it after the request.
   */
  public static byte[] passwordLogin(String user, char[] password, @Nullable String deviceId,
      @Nullable String displayName, boolean refreshToken) {
    StringBuilder head = new StringBuilder(
        "{\"type\":\"m.login.password\",\"identifier\":{\"type\":\"m.id.user\",\"user\":");
    quote(head, user);
    head.append("},");
    if (deviceId != null) {
      head.append("\"device_id\":");
      quote(head, deviceId);
      head.append(',');
    }
    if (displayName != null) {
      head.append("\"initial_device_display_name\":");
      quote(head, displayName);
      head.append(',');
    }
    if (refreshToken) head.append("\"refresh_token\":true,");
    head.append("\"password\":\"");
    byte[] prefix = utf8(head.toString());
    byte[] suffix = utf8("\"}");
    // At most 6 bytes per char (a \\u escape); the unused tail is cut off below.
    byte[] out = new byte[prefix.length + password.length * 6 + suffix.length];
    System.arraycopy(prefix, 0, out, 0, prefix.length);
    int n = prefix.length;
    for (int i = 0; i < password.length; i++) {
      char c = password[i];
      if (c == '"' || c == '\\') {
        out[n++] = '\\';
        out[n++] = (byte) c;
      } else if (c < 0x20) {
        out[n++] = '\\';
        out[n++] = 'u';
        out[n++] = '0';
        out[n++] = '0';
        out[n++] = (byte) HEX[c >> 4];
        out[n++] = (byte) HEX[c & 0xf];
      } else if (c < 0x80) {
        out[n++] = (byte) c;
      } else if (c < 0x800) {
        out[n++] = (byte) (0xc0 | (c >> 6));
        out[n++] = (byte) (0x80 | (c & 0x3f));
      } else if (Character.isHighSurrogate(c) && i + 1 < password.length
          && Character.isLowSurrogate(password[i + 1])) {
        int cp = Character.toCodePoint(c, password[++i]);
        out[n++] = (byte) (0xf0 | (cp >> 18));
        out[n++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
        out[n++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
        out[n++] = (byte) (0x80 | (cp & 0x3f));
      } else if (Character.isSurrogate(c)) {
        out[n++] = '?'; // an unpaired surrogate has no UTF-8 form
      } else {
        out[n++] = (byte) (0xe0 | (c >> 12));
        out[n++] = (byte) (0x80 | ((c >> 6) & 0x3f));
        out[n++] = (byte) (0x80 | (c & 0x3f));
      }
    }
    System.arraycopy(suffix, 0, out, n, suffix.length);
    n += suffix.length;
    byte[] exact = Arrays.copyOf(out, n);
    Arrays.fill(out, (byte) 0);
    return exact;
  }

  /** Returns the body of {@code POST /refresh}. */
  public static byte[] refresh(String refreshToken) {
    StringBuilder b = new StringBuilder("{\"refresh_token\":");
    quote(b, refreshToken);
    return utf8(b.append('}').toString());
  }

  /**
   * Reads a login ({@code login == true}: user_id, access_token, device_id required) or refresh
   * (access_token required) answer; {@code where} prefixes messages, e.g. {@code "/login: "}.
   */
  public static Tokens readTokens(BufferedSource source, boolean login, String where)
      throws IOException {
    Tokens t = new Tokens();
    JsonReader reader = JsonReader.of(source);
    try {
      expect(reader, JsonReader.Token.BEGIN_OBJECT, where, "the body", "an object");
      reader.beginObject();
      while (reader.hasNext()) {
        String name = reader.nextName();
        if (name.equals("user_id")) {
          t.userId = string(reader, where, name);
        } else if (name.equals("device_id")) {
          t.deviceId = string(reader, where, name);
        } else if (name.equals("access_token")) {
          t.accessToken = string(reader, where, name);
        } else if (name.equals("refresh_token")) {
          if (reader.peek() == JsonReader.Token.NULL) {
            reader.nextNull();
          } else {
            t.refreshToken = string(reader, where, name);
          }
        } else if (name.equals("expires_in_ms")) {
          if (reader.peek() == JsonReader.Token.NULL) {
            reader.nextNull();
          } else {
            expect(reader, JsonReader.Token.NUMBER, where, name, "a number");
            long ms;
            try {
              ms = reader.nextLong();
            } catch (JsonDataException e) {
              throw new MalformedResponseException(where + name + " is not an integer");
            }
            if (ms < 0) throw new MalformedResponseException(where + name + " is negative");
            t.expiresInMillis = ms;
          }
        } else {
          reader.skipValue();
        }
      }
      reader.endObject();
    } catch (JsonEncodingException | JsonDataException | EOFException e) {
      throw new MalformedResponseException(where + "not valid JSON", e);
    }
    require(t.accessToken, where, "access_token");
    if (login) {
      require(t.userId, where, "user_id");
      require(t.deviceId, where, "device_id");
    }
    return t;
  }

  /** The fields of a whoami answer. */
  public static final class WhoamiFields {
    public @Nullable String userId;
    public @Nullable String deviceId;
    public boolean isGuest;
  }

  /** Reads a {@code GET /account/whoami} answer; {@code user_id} is required. */
  public static WhoamiFields readWhoami(BufferedSource source) throws IOException {
    String where = "/account/whoami: ";
    WhoamiFields w = new WhoamiFields();
    JsonReader reader = JsonReader.of(source);
    try {
      expect(reader, JsonReader.Token.BEGIN_OBJECT, where, "the body", "an object");
      reader.beginObject();
      while (reader.hasNext()) {
        String name = reader.nextName();
        if (name.equals("user_id")) {
          w.userId = string(reader, where, name);
        } else if (name.equals("device_id") && reader.peek() != JsonReader.Token.NULL) {
          w.deviceId = string(reader, where, name);
        } else if (name.equals("is_guest") && reader.peek() == JsonReader.Token.BOOLEAN) {
          w.isGuest = reader.nextBoolean();
        } else {
          reader.skipValue();
        }
      }
      reader.endObject();
    } catch (JsonEncodingException | JsonDataException | EOFException e) {
      throw new MalformedResponseException(where + "not valid JSON", e);
    }
    require(w.userId, where, "user_id");
    return w;
  }

  /** The homeserver and identity server base URLs of a {@code .well-known/matrix/client} body. */
  public static final class WellKnown {
    public @Nullable String homeserver;
    public @Nullable String identityServer;
    public boolean identityServerPresent;
  }

  /**
   * Reads a {@code /.well-known/matrix/client} body.
   *
   * @throws MalformedResponseException if it is not a JSON object, or a field has the wrong type
   */
  public static WellKnown readWellKnown(BufferedSource source) throws IOException {
    String where = ".well-known/matrix/client: ";
    WellKnown w = new WellKnown();
    JsonReader reader = JsonReader.of(source);
    try {
      expect(reader, JsonReader.Token.BEGIN_OBJECT, where, "the body", "an object");
      reader.beginObject();
      while (reader.hasNext()) {
        String name = reader.nextName();
        if (name.equals("m.homeserver")) {
          w.homeserver = baseUrl(reader, where, name);
        } else if (name.equals("m.identity_server")) {
          w.identityServerPresent = true;
          w.identityServer = baseUrl(reader, where, name);
        } else {
          reader.skipValue();
        }
      }
      reader.endObject();
      if (reader.peek() != JsonReader.Token.END_DOCUMENT) {
        throw new MalformedResponseException(where + "data after the JSON object");
      }
    } catch (JsonEncodingException | JsonDataException | EOFException e) {
      throw new MalformedResponseException(where + "not valid JSON", e);
    }
    return w;
  }

  private static @Nullable String baseUrl(JsonReader reader, String where, String object)
      throws IOException {
    expect(reader, JsonReader.Token.BEGIN_OBJECT, where, object, "an object");
    String url = null;
    reader.beginObject();
    while (reader.hasNext()) {
      if (reader.nextName().equals("base_url")) {
        url = string(reader, where, object + ".base_url");
      } else {
        reader.skipValue();
      }
    }
    reader.endObject();
    return url;
  }

  private static String string(JsonReader reader, String where, String name) throws IOException {
    expect(reader, JsonReader.Token.STRING, where, name, "a string");
    return reader.nextString();
  }

  private static void require(@Nullable String value, String where, String name)
      throws MalformedResponseException {
    if (value == null || value.isEmpty()) {
      throw new MalformedResponseException(where + name + " is missing");
    }
  }

  private static void expect(JsonReader reader, JsonReader.Token token, String where,
      String field, String expected) throws IOException {
    JsonReader.Token actual = reader.peek();
    if (actual != token) {
      throw new MalformedResponseException(
          where + field + " expected " + expected + " but was " + actual);
    }
  }

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private static void quote(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
      } else {
        b.append(c);
      }
    }
    b.append('"');
  }

  private static byte[] utf8(String s) {
    return new Buffer().writeUtf8(s).readByteArray();
  }
}
