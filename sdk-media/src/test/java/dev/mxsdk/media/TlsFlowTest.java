package dev.mxsdk.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mxsdk.core.MxcUri;
import java.io.IOException;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The https rules, with both servers on TLS. */
final class TlsFlowTest {
  private static final MxcUri MXC = MxcUri.parse("mxc://media.example/tls");
  private FlowFixture f;

  @BeforeEach
  void setUp() throws IOException {
    f = new FlowFixture(true);
  }

  @AfterEach
  void tearDown() throws IOException {
    f.close();
  }

  private String download(MediaOptions options) throws IOException {
    MediaClient client = f.mediaClient(f.okHttpClient(), options);
    try (MediaResponse response = client.newCall(MediaRequest.download(MXC)).execute()) {
      return response.source().readUtf8();
    }
  }

  @Test
  void httpsRedirectToHttpsCdnWorksWithoutTheLoopbackOption() throws Exception {
    f.enqueue(f.redirectToCdn("/object"));
    f.cdn.enqueue(new MockResponse().setBody("over tls"));
    assertEquals("over tls", download(MediaOptions.defaults()));
    assertTrue(f.homeserverMediaRequests().get(0).getRequestUrl().isHttps());
    RecordedRequest atCdn = f.cdnRequests().get(0);
    assertTrue(atCdn.getRequestUrl().isHttps());
    assertNull(atCdn.getHeader("Authorization"));
  }

  @Test
  void httpsToHttpIsRefusedEvenToLoopbackWithTheOption() throws Exception {
    MockWebServer plainCdn = new MockWebServer();
    plainCdn.start();
    try {
      f.enqueue(new MockResponse().setResponseCode(307)
          .setHeader("Location", plainCdn.url("/object").toString()));
      RedirectPolicyException e = assertThrows(RedirectPolicyException.class,
          () -> download(MediaOptions.defaults()));
      assertTrue(e.getMessage().contains("https to plain http"), e.getMessage());
      assertEquals(0, plainCdn.getRequestCount());
    } finally {
      plainCdn.shutdown();
    }
  }

  @Test
  void httpsHomeserverToAnotherOriginOnTheSameHostIsStillForeign() throws Exception {
    f.enqueue(f.redirectToCdn("/same-host-other-port"));
    f.cdn.enqueue(new MockResponse().setBody("cdn"));
    assertEquals("cdn", download(MediaOptions.defaults()));
    assertNull(f.cdnRequests().get(0).getHeader("Authorization"));
  }
}
