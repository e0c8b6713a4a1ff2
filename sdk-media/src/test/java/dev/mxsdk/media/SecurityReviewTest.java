package dev.mxsdk.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mxsdk.core.Clock;
import dev.mxsdk.core.MatrixApiException;
import dev.mxsdk.core.MxcUri;
import dev.mxsdk.core.ServerText;
import java.io.File;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import okio.Buffer;
import okio.ByteString;
import okio.GzipSink;
import okio.Okio;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library's fixes for the security review's findings 2, 5, 6, 7, 9, 10 and 11 and the negative
 * Content-Length (issue 14), each against MockWebServer: a typed error naming the problem, and
 * nothing left where the caller asked for the result.
 */
final class SecurityReviewTest {
  private static final MxcUri MXC = MxcUri.parse("mxc://media.example/reviewed");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final byte[] OLD = "the bytes that were there before".getBytes(StandardCharsets.UTF_8);

  private FlowFixture f;
  private final byte[] key = new byte[16];
  @TempDir Path dir;

  @BeforeEach
  void setUp() throws IOException {
    f = new FlowFixture();
    RANDOM.nextBytes(key);
  }

  @AfterEach
  void tearDown() throws IOException {
    f.close();
  }

  private MockResponse keyedRedirect(String path) {
    return f.redirectToCdn(path).setHeader("X-Matrix-Media-Encryption",
        "alg=aes128gcm, key=" + ByteString.of(key).base64Url().replace("=", ""));
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  /** Downloads into a target that held {@link #OLD}; asserts the failure left it as it was. */
  private <T extends IOException> T failsLeavingTargetUntouched(Class<T> type, MediaClient client,
      MediaRequest request) throws IOException {
    File target = dir.resolve("media.bin").toFile();
    Files.write(target.toPath(), OLD);
    T e = assertThrows(type, () -> {
      try (MediaResponse response = client.newCall(request).execute()) {
        response.downloadTo(target);
      }
    });
    assertArrayEquals(OLD, Files.readAllBytes(target.toPath()), "target unchanged");
    String[] left = dir.toFile().list();
    assertEquals(1, left.length, "no temporary file beside the target: " + String.join(", ", left));
    return e;
  }

  // Finding 5: every Content-Encoding value counts, and OkHttp never decodes on its own.

  @Test
  void aSecondContentEncodingHeaderCannotHideAes128gcmWhenNoKeyWasIssued() throws Exception {
    f.enqueue(f.redirectToCdn("/object"));
    f.cdn.enqueue(new MockResponse().addHeader("Content-Encoding", "aes128gcm")
        .addHeader("Content-Encoding", "identity").setBody("ciphertext"));
    MediaProtocolException e = failsLeavingTargetUntouched(MediaProtocolException.class,
        f.mediaClient(), MediaRequest.download(MXC));
    assertTrue(e.getMessage().contains("no key was issued"), e.getMessage());
  }

  @Test
  void aGzippedBodyThatWasNotAskedForIsRefusedNotSavedCompressed() throws Exception {
    Buffer gzipped = new Buffer();
    try (okio.BufferedSink sink = Okio.buffer(new GzipSink(gzipped))) {
      sink.writeUtf8("hello");
    }
    f.enqueue(f.redirectToCdn("/object"));
    f.cdn.enqueue(new MockResponse().addHeader("Content-Encoding", "aes128gcm")
        .addHeader("Content-Encoding", "gzip").setBody(gzipped.clone()));
    f.enqueue(f.redirectToCdn("/object"));
    f.cdn.enqueue(new MockResponse().addHeader("Content-Encoding", "gzip").setBody(gzipped));
    failsLeavingTargetUntouched(MediaProtocolException.class, f.mediaClient(),
        MediaRequest.download(MXC));
    MediaProtocolException e = failsLeavingTargetUntouched(MediaProtocolException.class,
        f.mediaClient(), MediaRequest.download(MXC));
    assertTrue(e.getMessage().contains("not asked for"), e.getMessage());
  }

  @Test
  void aKeyedBodyWithAnotherCodingBesideAes128gcmIsRefused() throws Exception {
    f.enqueue(keyedRedirect("/object"));
    f.cdn.enqueue(new MockResponse().setHeader("Content-Encoding", "gzip, aes128gcm")
        .setBody(new Buffer().write(Rfc8188.encode(random(100), key, 64))));
    MediaProtocolException e = failsLeavingTargetUntouched(MediaProtocolException.class,
        f.mediaClient(), MediaRequest.download(MXC));
    assertTrue(e.getMessage().contains("together with another coding"), e.getMessage());
  }

  @Test
  void everyHopAsksForAnExplicitEncoding() throws Exception {
    byte[] plaintext = random(300);
    f.enqueue(keyedRedirect("/object"));
    f.cdn.enqueue(new MockResponse().setHeader("Content-Encoding", "aes128gcm")
        .setBody(new Buffer().write(Rfc8188.encode(plaintext, key, 100))));
    try (MediaResponse response = f.mediaClient().newCall(MediaRequest.download(MXC)).execute()) {
      assertArrayEquals(plaintext, response.source().readByteArray());
    }
    assertEquals("identity", f.homeserverMediaRequests().get(0).getHeader("Accept-Encoding"));
    assertEquals("aes128gcm", f.cdnRequests().get(0).getHeader("Accept-Encoding"));
  }

  // Finding 6: an answer that could be taken for less than the media is a protocol error.

  @Test
  void anUnaskedFor206IsAProtocolError() throws Exception {
    f.enqueue(new MockResponse().setResponseCode(206)
        .setHeader("Content-Range", "bytes 0-4/10").setBody("01234"));
    MediaProtocolException e = failsLeavingTargetUntouched(MediaProtocolException.class,
        f.mediaClient(), MediaRequest.download(MXC));
    assertTrue(e.getMessage().contains("206"), e.getMessage());
  }

  @Test
  void aContentRangeOnA200IsAProtocolError() throws Exception {
    f.enqueue(new MockResponse().setHeader("Content-Range", "bytes 0-4/10").setBody("01234"));
    MediaProtocolException e = failsLeavingTargetUntouched(MediaProtocolException.class,
        f.mediaClient(), MediaRequest.download(MXC));
    assertTrue(e.getMessage().contains("Content-Range"), e.getMessage());
  }

  @Test
  void a204OnADownloadIsAProtocolError() throws Exception {
    f.enqueue(new MockResponse().setResponseCode(204));
    MediaProtocolException e = failsLeavingTargetUntouched(MediaProtocolException.class,
        f.mediaClient(), MediaRequest.download(MXC));
    assertTrue(e.getMessage().contains("204"), e.getMessage());
  }

  // The negative Content-Length.

  @Test
  void aNegativeContentLengthIsRefusedWithAMessageNamingTheHeader() throws Exception {
    f.enqueue(new MockResponse().setBody("hello").setHeader("Content-Length", "-5"));
    MediaProtocolException e = failsLeavingTargetUntouched(MediaProtocolException.class,
        f.mediaClient(), MediaRequest.download(MXC));
    assertEquals("the Content-Length header is not a non-negative integer: -5", e.getMessage());
  }

  // Finding 7: a server that quotes the CDN key gets it redacted, in every encoding.

  @Test
  void aCdnErrorThatQuotesTheKeyHasItRedactedInEveryForm() throws Exception {
    ByteString k = ByteString.of(key);
    String[] forms = {k.base64Url(), k.base64Url().replace("=", ""), k.base64(),
        k.base64().replace("=", ""), k.hex(), k.hex().toUpperCase(java.util.Locale.ROOT)};
    for (String form : forms) {
      f.enqueue(keyedRedirect("/object"));
      f.cdn.enqueue(new MockResponse().setResponseCode(403)
          .setBody("{\"errcode\":\"M_FORBIDDEN\",\"error\":\"bad key " + form + "\"}"));
      MatrixApiException e = failsLeavingTargetUntouched(MatrixApiException.class,
          f.mediaClient(), MediaRequest.download(MXC));
      assertFalse(e.getMessage().contains(form), e.getMessage());
      assertFalse(String.valueOf(e.error()).contains(form));
      assertTrue(e.getMessage().contains(ServerText.REDACTED), e.getMessage());
    }
  }

  @Test
  void aContentTokenStaysOnTheHomeserverOfAKeyedRedirectAndACdnRefusalIsNotAVisibilityVerdict()
      throws Exception {
    String contentToken = "review-content-token_0123456789";
    f.enqueue(keyedRedirect("/object"));
    f.cdn.enqueue(new MockResponse().setResponseCode(403)
        .setBody("{\"errcode\":\"M_FORBIDDEN\",\"error\":\"expired\"}"));
    MatrixApiException e = failsLeavingTargetUntouched(MatrixApiException.class,
        f.mediaClient(), MediaRequest.download(MXC).newBuilder().contentToken(contentToken)
            .build());
    assertFalse(e instanceof MediaNotViewableException, "a CDN does not decide visibility: " + e);
    assertFalse(e.toString().contains(contentToken), e.toString());
    assertEquals(contentToken,
        f.homeserverMediaRequests().get(0).getHeader("X-Matrix-Content-Token"));
    RecordedRequest cdn = f.cdnRequests().get(0);
    assertEquals(null, cdn.getHeader("X-Matrix-Content-Token"));
    assertEquals(null, cdn.getHeader("Authorization"));
  }

  // Finding 9: key-header parameter names are case-sensitive, as docs/msc4097.md defines them.

  @Test
  void upperCaseKeyHeaderNamesAreUnknownNames() throws Exception {
    f.enqueue(f.redirectToCdn("/object").setHeader("X-Matrix-Media-Encryption",
        "ALG=aes128gcm, KEY=" + ByteString.of(key).base64Url().replace("=", "")));
    MediaProtocolException e = failsLeavingTargetUntouched(MediaProtocolException.class,
        f.mediaClient(), MediaRequest.download(MXC));
    assertEquals("the key header has no 'alg'", e.getMessage());
    assertTrue(f.cdnRequests().isEmpty(), "the CDN was never asked");
  }

  // Finding 11: a whole-call deadline and a low-speed limit.

  @Test
  void aDeadlineEndsADownloadThatTricklesForever() throws Exception {
    f.enqueue(f.redirectToCdn("/object"));
    f.cdn.enqueue(new MockResponse().setBody(new Buffer().write(new byte[10_000]))
        .throttleBody(1, 50, TimeUnit.MILLISECONDS));
    MediaClient client = f.mediaClient(f.okHttpClient(),
        MediaOptions.builder().deadlineMillis(400).build());
    SocketTimeoutException e = failsLeavingTargetUntouched(SocketTimeoutException.class, client,
        MediaRequest.download(MXC));
    assertTrue(e.getMessage().contains("deadline"), e.getMessage());
  }

  @Test
  void theLowSpeedLimitEndsATransferThatStaysBelowIt() throws Exception {
    // Time moves 1 s per look at the clock, so the rule's window passes after a few reads.
    AtomicLong now = new AtomicLong(1_000_000);
    Clock fast = new Clock() {
      @Override
      public long nowMillis() {
        return now.addAndGet(1000);
      }

      @Override
      public void sleep(long millis) {
        now.addAndGet(millis);
      }
    };
    f.enqueue(f.redirectToCdn("/object"));
    f.cdn.enqueue(new MockResponse().setBody(new Buffer().write(new byte[100_000]))
        .throttleBody(100, 10, TimeUnit.MILLISECONDS));
    MediaClient client = MediaClient.builder(TestClients.matrixClientBuilder(f.homeserverUrl(),
            f.okHttpClient(), FlowFixture.TOKEN).clock(fast).build())
        .defaultOptions(MediaOptions.builder().lowSpeedLimit(1000, 5000).build())
        .build();
    SocketTimeoutException e = failsLeavingTargetUntouched(SocketTimeoutException.class, client,
        MediaRequest.download(MXC));
    assertTrue(e.getMessage().contains("low-speed limit"), e.getMessage());
  }

  @Test
  void theDefaultsNeverCutAHealthySlowDownload() {
    MediaOptions defaults = MediaOptions.defaults();
    assertEquals(0, defaults.deadlineMillis());
    assertEquals(256, defaults.lowSpeedLimitBytesPerSecond());
    assertEquals(60_000, defaults.lowSpeedTimeMillis());
  }

  // Finding 2: the temporary file of an E2EE download holds ciphertext, owner-only.

  @Test
  void theTemporaryFileOfAnE2eeDownloadHoldsOnlyCiphertextAndOnlyItsOwnerCanReadIt()
      throws Exception {
    // Larger than the writer's 256 KiB buffer, so that bytes reach the file while the body is
    // still arriving.
    byte[] plaintext = new byte[1024 * 1024];
    java.util.Arrays.fill(plaintext, (byte) 'P');
    EncryptingSource encrypting = Attachments.encrypt(new Buffer().write(plaintext));
    Buffer ciphertext = new Buffer();
    while (encrypting.read(ciphertext, 8192) != -1) {
      // encrypt it all
    }
    byte[] cipherBytes = ciphertext.readByteArray();
    EncryptedFile file = encrypting.encryptedFile().newBuilder().url(MXC).build();
    f.enqueue(f.redirectToCdn("/object"));
    f.cdn.enqueue(new MockResponse().setBody(new Buffer().write(cipherBytes))
        .throttleBody(64 * 1024, 100, TimeUnit.MILLISECONDS));
    File target = dir.resolve("secret.bin").toFile();
    MediaCall call = f.mediaClient().newCall(MediaRequest.download(file));
    AtomicReference<Throwable> outcome = new AtomicReference<>();
    Thread downloader = new Thread(() -> {
      try (MediaResponse response = call.execute()) {
        response.downloadTo(target);
      } catch (Throwable t) {
        outcome.set(t);
      }
    });
    downloader.start();
    File temp = null;
    for (int i = 0; i < 500 && temp == null; i++) {
      File[] found = dir.toFile().listFiles((d, name) -> name.endsWith(".mxsdk-tmp"));
      if (found != null && found.length == 1 && found[0].length() >= 256 * 1024) temp = found[0];
      else Thread.sleep(10);
    }
    assertNotNull(temp, "the download's temporary file appeared");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(temp.toPath())));
    byte[] written = Files.readAllBytes(temp.toPath());
    assertTrue(written.length < cipherBytes.length, "read while the body was still arriving");
    byte[] prefix = java.util.Arrays.copyOf(cipherBytes, written.length);
    assertArrayEquals(prefix, written, "the temporary file holds the ciphertext as received");
    call.cancel();
    downloader.join(10_000);
    assertNotNull(outcome.get(), "canceled");
    assertFalse(target.exists());
    assertEquals(0, dir.toFile().list().length, "the temporary file is gone");
  }

  // Finding 10: replacing a file keeps its permissions.

  @Test
  void replacingAnOwnerOnlyFileKeepsItOwnerOnly() throws Exception {
    File target = dir.resolve("private.txt").toFile();
    Files.write(target.toPath(), OLD);
    Files.setPosixFilePermissions(target.toPath(), PosixFilePermissions.fromString("rw-------"));
    f.enqueue(new MockResponse().setBody("new bytes"));
    try (MediaResponse response = f.mediaClient().newCall(MediaRequest.download(MXC)).execute()) {
      response.downloadTo(target);
    }
    assertEquals("new bytes", new String(Files.readAllBytes(target.toPath()), StandardCharsets.UTF_8));
    assertEquals("rw-------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(target.toPath())));
  }

  @Test
  void replacingAWorldReadableFileKeepsItWorldReadable() throws Exception {
    File target = dir.resolve("public.txt").toFile();
    Files.write(target.toPath(), OLD);
    Files.setPosixFilePermissions(target.toPath(), PosixFilePermissions.fromString("rw-r--r--"));
    f.enqueue(new MockResponse().setBody("new bytes"));
    try (MediaResponse response = f.mediaClient().newCall(MediaRequest.download(MXC)).execute()) {
      response.downloadTo(target);
    }
    assertEquals("rw-r--r--",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(target.toPath())));
  }

  @Test
  void aNewFileIsOwnerOnly() throws Exception {
    File target = dir.resolve("new.txt").toFile();
    f.enqueue(new MockResponse().setBody("new bytes"));
    try (MediaResponse response = f.mediaClient().newCall(MediaRequest.download(MXC)).execute()) {
      response.downloadTo(target);
    }
    assertEquals("rw-------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(target.toPath())));
    List<RecordedRequest> ignored = f.homeserverMediaRequests();
    assertEquals(1, ignored.size());
  }

  // Finding 1 for sdk-media's credential-carrying call outside the download chain: the config.

  @org.junit.jupiter.params.ParameterizedTest(name = "{0} to {1}")
  @org.junit.jupiter.params.provider.CsvSource({"307, cdn", "308, cdn", "307, same", "308, same"})
  void theMediaConfigNeverFollowsARedirect(int status, String where) throws Exception {
    String target = where.equals("cdn") ? f.cdn.url("/steal").toString() : "/elsewhere";
    f.enqueue(new MockResponse().setResponseCode(status).setHeader("Location", target));
    dev.mxsdk.core.UnexpectedRedirectException e = assertThrows(
        dev.mxsdk.core.UnexpectedRedirectException.class, () -> f.mediaClient().config());
    assertEquals(status, e.status());
    assertEquals(1, f.homeserverMediaRequests().size(), "no second request anywhere");
    assertTrue(f.cdnRequests().isEmpty());
  }
}
