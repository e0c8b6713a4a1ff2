package dev.mxsdk.cli;

import dev.mxsdk.core.MatrixClient;
import dev.mxsdk.core.MxcUri;
import dev.mxsdk.media.EncryptedFile;
import dev.mxsdk.media.MediaClient;
import dev.mxsdk.media.MediaDiagnostics;
import dev.mxsdk.media.MediaRequest;
import dev.mxsdk.media.MediaReservation;
import dev.mxsdk.media.MediaResponse;
import dev.mxsdk.media.UploadRequest;
import dev.mxsdk.media.UploadResult;
import dev.mxsdk.testkit.RecordedRequest;
import dev.mxsdk.testkit.RecordedUpload;
import dev.mxsdk.testkit.TestHomeserver;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.Callable;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mxmedia demo}: starts the testkit's homeserver and MSC4097 CDN on loopback (TLS with a
 * generated certificate), seeds a generated PNG once plain and once end-to-end encrypted, and
 * downloads each through the full flow; then uploads it, plain and encrypted into an MSC2246
 * reservation, and downloads each upload back; printing every step. Keys and tokens are never
 * printed.
 */
@Command(
    name = "demo",
    description = "Run the whole flow, downloads and uploads, against a local testkit homeserver"
        + " and CDN, step by step.",
    mixinStandardHelpOptions = true)
final class DemoCommand implements Callable<Integer> {
  private static final int WIDTH = 1600;
  private static final int HEIGHT = 1200;

  @Spec CommandSpec spec;

  @Option(names = "--dir", paramLabel = "DIR",
      description = "Where to write the downloaded files (default: a new temporary folder).")
  File dir;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    File target = dir != null ? dir : Files.createTempDirectory("mxmedia-demo").toFile();
    if (!target.isDirectory() && !target.mkdirs()) {
      throw new IOException("cannot create the folder " + target);
    }
    byte[] png = SampleImage.png(WIDTH, HEIGHT);
    out.printf("sample image: %d x %d PNG, %d bytes%n", WIDTH, HEIGHT, png.length);
    try (TestHomeserver server = TestHomeserver.newBuilder().tls(true).start()) {
      out.println("testkit homeserver: " + server.baseUrl() + " (spec v1.11, TLS)");
      out.println("testkit CDN:        " + server.cdnBaseUrl());
      MxcUri plain = server.seed(png, "image/png", "sample.png");
      EncryptedFile encrypted = server.seedEncrypted(png);
      out.println("seeded: " + plain + " (plain), " + encrypted.url() + " (E2EE ciphertext)");

      OkHttpClient okHttpClient = Cli.okHttpClient()
          .sslSocketFactory(server.sslContext().getSocketFactory(), server.trustManager())
          .build();
      MatrixClient matrix =
          Cli.matrixClient(HttpUrl.get(server.baseUrl()), server.accessToken(), okHttpClient,
              true);
      try {
        MediaClient media = MediaClient.create(matrix);
        out.println();
        out.println("1) plain media " + plain);
        download(out, server, media, MediaRequest.download(plain),
            new File(target, "sample.png"), png);
        out.println();
        out.println("2) end-to-end encrypted media " + encrypted.url());
        download(out, server, media, MediaRequest.download(encrypted),
            new File(target, "sample-e2ee.png"), png);
        File source = new File(target, "sample.png");

        out.println();
        out.println("3) upload, plain: " + source.getName() + " -> POST /_matrix/media/v3/upload");
        server.clearRecordedRequests();
        UploadResult plainUpload = media.newUpload(UploadRequest.file(source)
            .contentType("image/png").fileName("sample.png").build()).execute();
        describeUpload(out, server.uploads().get(0), plainUpload);
        download(out, server, media, MediaRequest.download(plainUpload.mxcUri()),
            new File(target, "sample-uploaded.png"), png);

        out.println();
        out.println("4) upload, end-to-end encrypted, into a reservation (MSC2246 /create)");
        MediaReservation reservation = media.createMedia();
        out.println("   reserved:           " + reservation.mxcUri()
            + " before a byte was sent (an event can name it now)");
        server.clearRecordedRequests();
        UploadResult secretUpload = media.newUpload(UploadRequest.file(source).encrypt(true)
            .reservation(reservation).build()).execute();
        describeUpload(out, server.uploads().get(0), secretUpload);
        EncryptedFile sent = secretUpload.encryptedFile();
        out.println("   EncryptedFile:      v" + sent.version().substring(1)
            + ", url " + sent.url() + ", SHA-256 of the ciphertext sent (key never printed)");
        download(out, server, media, MediaRequest.download(sent),
            new File(target, "sample-uploaded-e2ee.png"), png);
      } finally {
        Cli.shutdown(matrix);
      }
    }
    out.println();
    out.println("done: both downloads and both uploads are identical to the original; files in "
        + target);
    out.flush();
    return 0;
  }

  private static void download(PrintWriter out, TestHomeserver server, MediaClient media,
      MediaRequest request, File file, byte[] original) throws IOException {
    server.clearRecordedRequests();
    long started = System.nanoTime();
    long bytes;
    MediaDiagnostics d;
    try (MediaResponse response = media.newCall(request).execute()) {
      d = response.diagnostics();
      bytes = response.downloadTo(file);
    }
    double seconds = Math.max(1e-9, (System.nanoTime() - started) / 1e9);
    List<RecordedRequest> atHomeserver = server.homeserverRequests();
    RecordedRequest first = null;
    for (RecordedRequest r : atHomeserver) {
      if (r.path().contains("/media/")) {
        first = r;
        break;
      }
    }
    String optIn = first != null ? queryParameter(first, "org.matrix.msc4097.encryption") : null;
    out.println("   endpoint chosen:    " + d.endpoint()
        + (first != null ? " (" + first.path().replace(request.mxcUri().mediaId(), "...") + ")"
            : ""));
    out.println("   opt-in sent:        "
        + (optIn != null ? "org.matrix.msc4097.encryption=" + optIn : "no"));
    out.println("   hops:               " + d.hops());
    out.println("   307 + key received: " + (d.keyReceived()
        ? "yes, X-Matrix-Media-Encryption alg=aes128gcm (16-byte key, never printed)" : "no"));
    boolean cdnClean = true;
    for (RecordedRequest r : server.cdnRequests()) {
      if (r.header("Authorization") != null || r.header("Cookie") != null) cdnClean = false;
    }
    out.println("   CDN layer opened:   " + (d.cdnLayer()
        ? "Content-Encoding: aes128gcm, every RFC 8188 record authenticated" : "no")
        + (cdnClean ? "; the CDN saw no Authorization" : "; AUTHORIZATION REACHED THE CDN"));
    out.println("   E2EE layer:         " + (request.encryptedFile() != null
        ? "SHA-256 of the ciphertext verified, AES-256-CTR decrypted" : "none (unencrypted media)"));
    out.println("   bytes written:      " + bytes + " to " + file);
    if (!cdnClean) throw new IOException("the CDN received credentials");
    if (!MessageDigest.isEqual(sha256(Files.readAllBytes(file.toPath())), sha256(original))) {
      throw new IOException("the downloaded file differs from the original");
    }
    out.printf("   time:               %.1f ms, %.1f MB/s; identical to the original%n",
        seconds * 1000, bytes / 1e6 / seconds);
  }

  private static void describeUpload(PrintWriter out, RecordedUpload received,
      UploadResult result) {
    out.println("   sent:               " + received.method() + " "
        + (received.contentType() != null ? received.contentType() : "no content type") + ", "
        + (received.fileName() != null ? "file name " + received.fileName() : "no file name")
        + ", " + result.bytesSent() + " bytes in " + result.attempts() + " request"
        + (result.attempts() == 1 ? "" : "s"));
    out.println("   server received:    " + received.receivedLength() + " of the declared "
        + received.declaredLength() + " bytes, stored as " + result.mxcUri());
  }

  private static String queryParameter(RecordedRequest request, String name) {
    String query = request.query();
    if (query == null) return null;
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals(name)) return pair.substring(eq + 1);
    }
    return null;
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
