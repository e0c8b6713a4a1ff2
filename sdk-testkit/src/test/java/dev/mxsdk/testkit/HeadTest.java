package dev.mxsdk.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mxsdk.core.MxcUri;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * HEAD on both origins answers what GET would, without a body (RFC 9110 section 9.3.2, MSC4120),
 * read off the raw socket so that a body sent by mistake cannot hide in a client's framing.
 */
final class HeadTest {
  private static final String V1 = "/_matrix/client/v1/media/";
  private static final String LEGACY = "/_matrix/media/v3/";
  private static final String OPT_IN = "org.matrix.msc4097.encryption=aes128gcm";

  /** The JDK server's logger, which warns when a HEAD answer is given a body length. */
  private final Logger jdkServerLog = Logger.getLogger("com.sun.net.httpserver");
  private final List<String> warnings = new ArrayList<>();
  private final Handler warningCollector = new Handler() {
    @Override
    public void publish(LogRecord record) {
      if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
        synchronized (warnings) {
          warnings.add(String.valueOf(record.getMessage()));
        }
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };
  private final Http http = new Http();
  private TestHomeserver server;
  private MxcUri uri;
  private final byte[] content = CdnRedirectTest.content(3000);

  @BeforeEach
  void start() throws Exception {
    jdkServerLog.addHandler(warningCollector);
    server = TestHomeserver.newBuilder().recordSize(1000).start();
    uri = server.seed(content, "application/pdf", "report.pdf");
  }

  @AfterEach
  void stop() {
    server.close();
    jdkServerLog.removeHandler(warningCollector);
    synchronized (warnings) {
      assertTrue(warnings.isEmpty(), "the JDK server warned: " + warnings);
    }
  }

  /** A response as read from the socket: status, headers (lower-case names) and what followed. */
  private static final class Raw {
    int status;
    final Map<String, String> headers = new TreeMap<>();
    byte[] rest;
  }

  /** Sends {@code method target} with {@code Connection: close} and reads everything until EOF. */
  private static Raw raw(String baseUrl, String method, String target, String... headers)
      throws IOException {
    URI base = URI.create(baseUrl);
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), base.getPort())) {
      socket.setSoTimeout(10_000);
      StringBuilder request = new StringBuilder(method + " " + target + " HTTP/1.1\r\n"
          + "Host: 127.0.0.1:" + base.getPort() + "\r\nConnection: close\r\n");
      for (int i = 0; i < headers.length; i += 2) {
        request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
      }
      OutputStream out = socket.getOutputStream();
      out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      in.transferTo(all);
      byte[] bytes = all.toByteArray();
      String text = new String(bytes, StandardCharsets.ISO_8859_1);
      int end = text.indexOf("\r\n\r\n");
      assertTrue(end > 0, "no end of headers in " + text);
      String[] lines = text.substring(0, end).split("\r\n");
      Raw raw = new Raw();
      raw.status = Integer.parseInt(lines[0].split(" ")[1]);
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        raw.headers.put(lines[i].substring(0, colon).toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).trim());
      }
      raw.rest = java.util.Arrays.copyOfRange(bytes, end + 4, bytes.length);
      return raw;
    }
  }

  private String auth() {
    return "Bearer " + server.accessToken();
  }

  private static String cdnTarget(String location) {
    return URI.create(location).getRawPath();
  }

  /** The headers that must agree between a GET and its HEAD: all but Date. */
  private static Map<String, String> comparable(Raw raw) {
    Map<String, String> headers = new TreeMap<>(raw.headers);
    headers.remove("date");
    return headers;
  }

  @Test
  void headOnTheAuthenticatedDownloadIsTheSameKeyedRedirectWithoutABody() throws Exception {
    String target = V1 + "download/localhost/" + uri.mediaId() + "?" + OPT_IN;
    Raw head = raw(server.baseUrl(), "HEAD", target, "Authorization", auth());
    Raw get = raw(server.baseUrl(), "GET", target, "Authorization", auth());
    assertEquals(307, head.status);
    assertEquals(0, head.rest.length);
    assertTrue(head.headers.get("location").startsWith(server.cdnBaseUrl() + "/_msc4097/v1/"));
    assertTrue(head.headers.get("x-matrix-media-encryption").matches("alg=aes128gcm, key=[A-Za-z0-9_-]{22}, rs=\\d+, salt=[A-Za-z0-9_-]{22}"));
    assertEquals("no-store", head.headers.get("cache-control"));
    // Every redirect carries a fresh token and key: only their values differ.
    Map<String, String> headHeaders = comparable(head);
    Map<String, String> getHeaders = comparable(get);
    for (String fresh : new String[] {"location", "x-matrix-media-encryption"}) {
      assertNotNull(headHeaders.remove(fresh));
      assertNotNull(getHeaders.remove(fresh));
    }
    assertEquals(getHeaders, headHeaders);
  }

  @Test
  void headOnTheCdnUrlHasTheRepresentationsLengthAndEncodingButNoBody() throws Exception {
    HttpResponse<byte[]> redirect = http.get(server.baseUrl() + V1 + "download/localhost/"
        + uri.mediaId() + "?" + OPT_IN, "Authorization", auth());
    String target = cdnTarget(Http.header(redirect, "Location"));
    Raw head = raw(server.cdnBaseUrl(), "HEAD", target, "Accept-Encoding", "aes128gcm");
    Raw get = raw(server.cdnBaseUrl(), "GET", target, "Accept-Encoding", "aes128gcm");
    assertEquals(200, head.status);
    assertEquals(0, head.rest.length);
    assertEquals("aes128gcm", head.headers.get("content-encoding"));
    assertEquals(Integer.toString(get.rest.length), head.headers.get("content-length"));
    assertEquals(comparable(get), comparable(head));
  }

  @Test
  void headOnTheCdnIgnoresRangeAndDescribesTheWholeRepresentation() throws Exception {
    HttpResponse<byte[]> redirect = http.get(server.baseUrl() + V1 + "download/localhost/"
        + uri.mediaId(), "Authorization", auth());
    Raw head = raw(server.cdnBaseUrl(), "HEAD", cdnTarget(Http.header(redirect, "Location")),
        "Range", "bytes=0-9");
    assertEquals(200, head.status);
    assertEquals(Integer.toString(content.length), head.headers.get("content-length"));
    assertEquals(null, head.headers.get("content-range"));
    assertEquals(0, head.rest.length);
  }

  @Test
  void headOnAHomeserverServedDownloadHasItsHeadersAndLength() throws Exception {
    String target = LEGACY + "download/localhost/" + uri.mediaId() + "/renamed.pdf";
    Raw head = raw(server.baseUrl(), "HEAD", target);
    Raw get = raw(server.baseUrl(), "GET", target);
    assertEquals(200, head.status);
    assertEquals(0, head.rest.length);
    assertEquals(content.length, get.rest.length);
    assertEquals(Integer.toString(content.length), head.headers.get("content-length"));
    assertEquals("attachment; filename=\"renamed.pdf\"", head.headers.get("content-disposition"));
    assertEquals(comparable(get), comparable(head));
  }

  @Test
  void headOnThumbnailsRedirectsOnV1AndHasTheThumbnailsLengthOnLegacy() throws Exception {
    MxcUri image = server.seed(ThumbnailTest.png(120, 90, false), "image/png", "i.png");
    Raw v1 = raw(server.baseUrl(), "HEAD", V1 + "thumbnail/localhost/" + image.mediaId()
        + "?width=32&height=32&method=crop", "Authorization", auth());
    assertEquals(307, v1.status);
    assertEquals(0, v1.rest.length);
    String target = LEGACY + "thumbnail/localhost/" + image.mediaId() + "?width=32&height=32";
    Raw head = raw(server.baseUrl(), "HEAD", target);
    Raw get = raw(server.baseUrl(), "GET", target);
    assertEquals(200, head.status);
    assertEquals(0, head.rest.length);
    assertEquals(Integer.toString(get.rest.length), head.headers.get("content-length"));
    assertEquals(comparable(get), comparable(head));
  }

  @Test
  void headErrorsHaveTheErrorsStatusAndLengthButNoBody() throws Exception {
    Raw missing = raw(server.baseUrl(), "HEAD", V1 + "download/localhost/nosuchmedia",
        "Authorization", auth());
    Raw missingGet = raw(server.baseUrl(), "GET", V1 + "download/localhost/nosuchmedia",
        "Authorization", auth());
    assertEquals(404, missing.status);
    assertEquals(0, missing.rest.length);
    assertEquals(Integer.toString(missingGet.rest.length), missing.headers.get("content-length"));
    assertEquals(401, raw(server.baseUrl(), "HEAD", V1 + "download/localhost/" + uri.mediaId())
        .status);
    assertEquals(403, raw(server.cdnBaseUrl(), "HEAD", "/_msc4097/v1/forged").status);
    // A path that only POST serves is the wrong method for HEAD as for GET.
    Raw wrongMethod = raw(server.baseUrl(), "HEAD", "/_matrix/media/v1/create");
    assertEquals(405, wrongMethod.status);
    assertEquals(0, wrongMethod.rest.length);
  }

  @Test
  void javaHttpClientSeesTheSameStatusAndLengthForHeadAsForGet() throws Exception {
    String url = server.baseUrl() + LEGACY + "download/localhost/" + uri.mediaId();
    HttpResponse<byte[]> head = http.send(HttpRequest.newBuilder(URI.create(url))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
    assertEquals(200, head.statusCode());
    assertEquals(0, head.body().length);
    assertEquals(Integer.toString(content.length), Http.header(head, "Content-Length"));
    // The connection is still usable: no stray body bytes were left on it.
    assertEquals(content.length, http.get(url).body().length);
  }
}
