package dev.mxsdk.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mxsdk.core.MxcUri;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("crypto")
final class TokenFormatTest {
  private static String open(byte[] secret, String location) throws Exception {
    byte[] token = Base64.getUrlDecoder().decode(location.substring(location.lastIndexOf('/') + 1));
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(secret, "AES"),
        new GCMParameterSpec(128, Arrays.copyOf(token, 12)));
    cipher.updateAAD("org.matrix.msc4097.token.v1".getBytes(StandardCharsets.US_ASCII));
    return new String(cipher.doFinal(token, 12, token.length - 12), StandardCharsets.UTF_8);
  }

  private static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  @Test
  void cdnUrlCarriesTheTokenOfTheDecisionsDocument() throws Exception {
    byte[] secret = new byte[32];
    Arrays.fill(secret, (byte) 7);
    MutableClock clock = new MutableClock(1_000_000L);
    try (TestHomeserver server = TestHomeserver.newBuilder().cdnSecret(secret).clock(clock)
        .tokenLifetimeMillis(30_000).recordSize(4096).start()) {
      byte[] content = "token test".getBytes(StandardCharsets.UTF_8);
      MxcUri uri = server.seed(content, "text/plain", null);
      String base = server.baseUrl() + "/_matrix/client/v1/media/download/localhost/" + uri.mediaId();
      Http http = new Http();
      HttpResponse<byte[]> keyed = http.get(base + "?org.matrix.msc4097.encryption=aes128gcm",
          "Authorization", "Bearer " + server.accessToken());
      String digest = b64(MessageDigest.getInstance("SHA-256").digest(content));
      assertEquals("{\"v\":1,\"media\":\"localhost/" + uri.mediaId() + "\",\"rendition\":\"download\","
          + "\"sha256\":\"" + digest + "\",\"rs\":4096,\"key\":\"" + b64(Http.key(keyed)) + "\","
          + "\"exp\":1030000}", open(secret, Http.header(keyed, "Location")));

      HttpResponse<byte[]> plain = http.get(base, "Authorization", "Bearer " + server.accessToken());
      assertEquals("{\"v\":1,\"media\":\"localhost/" + uri.mediaId() + "\",\"rendition\":\"download\","
          + "\"sha256\":\"" + digest + "\",\"rs\":4096,\"exp\":1030000}",
          open(secret, Http.header(plain, "Location")));
      assertTrue(Http.header(plain, "Location").startsWith(server.cdnBaseUrl() + "/_msc4097/v1/"));
    }
  }

  @Test
  void aFileNameInTheDownloadPathIsSealedAsName() throws Exception {
    byte[] secret = new byte[32];
    Arrays.fill(secret, (byte) 9);
    try (TestHomeserver server = TestHomeserver.newBuilder().cdnSecret(secret)
        .clock(new MutableClock(2_000_000L)).tokenLifetimeMillis(1000).start()) {
      byte[] content = "named".getBytes(StandardCharsets.UTF_8);
      MxcUri uri = server.seed(content, "text/plain", "stored.txt");
      HttpResponse<byte[]> named = new Http().get(server.baseUrl()
          + "/_matrix/client/v1/media/download/localhost/" + uri.mediaId() + "/%22%C3%A9%22.txt",
          "Authorization", "Bearer " + server.accessToken());
      String digest = b64(MessageDigest.getInstance("SHA-256").digest(content));
      assertEquals("{\"v\":1,\"media\":\"localhost/" + uri.mediaId() + "\",\"rendition\":\"download\","
          + "\"sha256\":\"" + digest + "\",\"rs\":65536,\"name\":\"\\\"\u00e9\\\".txt\","
          + "\"exp\":2001000}", open(secret, Http.header(named, "Location")));
    }
  }
}
