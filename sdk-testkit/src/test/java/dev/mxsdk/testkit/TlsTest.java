package dev.mxsdk.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mxsdk.core.MxcUri;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

final class TlsTest {
  @Test
  void bothOriginsServeHttpsWithTheGeneratedCertificate() throws Exception {
    try (TestHomeserver server = TestHomeserver.newBuilder().tls(true).start()) {
      assertTrue(server.baseUrl().startsWith("https://127.0.0.1:"));
      assertTrue(server.cdnBaseUrl().startsWith("https://127.0.0.1:"));
      Http http = new Http(server.sslContext());
      byte[] content = CdnRedirectTest.content(3000);
      MxcUri uri = server.seed(content, "application/octet-stream", null);
      HttpResponse<byte[]> redirect = http.get(server.baseUrl() + "/_matrix/client/v1/media/download/localhost/"
          + uri.mediaId() + "?org.matrix.msc4097.encryption=aes128gcm",
          "Authorization", "Bearer " + server.accessToken());
      assertEquals(307, redirect.statusCode());
      byte[] body = http.get(Http.header(redirect, "Location")).body();
      assertArrayEquals(content, Rfc8188Reference.decode(Http.key(redirect), body));
      server.trustManager().checkServerTrusted(
          new java.security.cert.X509Certificate[] {server.certificate()}, "ECDHE_ECDSA");
    }
  }

  @Test
  void clientsThatDoNotTrustTheCertificateAreRefused() throws Exception {
    try (TestHomeserver server = TestHomeserver.newBuilder().tls(true).start()) {
      assertThrows(UncheckedIOException.class,
          () -> new Http().get(server.baseUrl() + "/_matrix/client/versions"));
    }
  }

  @Test
  void plainServerHasNoTrustMaterial() throws Exception {
    try (TestHomeserver server = TestHomeserver.newBuilder().start()) {
      assertThrows(IllegalStateException.class, server::sslContext);
    }
  }
}
