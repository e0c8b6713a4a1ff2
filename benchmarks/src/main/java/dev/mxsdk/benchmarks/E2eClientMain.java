package dev.mxsdk.benchmarks;

import dev.mxsdk.core.MatrixClient;
import dev.mxsdk.core.MxcUri;
import dev.mxsdk.media.EncryptedFile;
import dev.mxsdk.media.MediaClient;
import dev.mxsdk.media.MediaOptions;
import dev.mxsdk.media.MediaRequest;
import dev.mxsdk.media.MediaResponse;
import java.io.File;
import java.io.FileInputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okio.Buffer;
import okio.BufferedSource;

/**
 * The client side of the end-to-end harness, in its own JVM (run with {@code -Xmx48m}): downloads
 * the seeded object {@code runs} times in one mode and prints {@code result <mode> <bytes>
 * <seconds per run...> peakHeapMiB=<n> connections=<n>}.
 *
 * <p>Modes: {@code cdn} (plain media: 307 + key + RFC 8188, streamed and discarded),
 * {@code e2ee-stream} (E2EE media through both layers, streamed and discarded, verified at the
 * end: {@code unverifiedStreaming}), {@code e2ee-file} (E2EE media, {@code downloadTo(File)}:
 * verified, fsynced and moved into place).
 */
public final class E2eClientMain {
  private E2eClientMain() {}

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    HttpUrl base = HttpUrl.get(args[1]);
    String token = args[2];
    MxcUri mxc = MxcUri.parse(args[3]);
    EncryptedFile file = EncryptedFile.fromJson(
        new String(Files.readAllBytes(new File(args[4]).toPath()), StandardCharsets.UTF_8));
    String pem = args[5];
    int runs = Integer.parseInt(args[6]);

    OkHttpClient.Builder http = new OkHttpClient.Builder().readTimeout(60, TimeUnit.SECONDS);
    if (!pem.equals("-")) trust(http, new File(pem));
    OkHttpClient okHttpClient = http.build();
    MatrixClient matrix = MatrixClient.builder().homeserver(base).allowInsecureLoopback(true)
        .okHttpClient(okHttpClient).accessTokenProvider(() -> token).build();
    MediaClient media = MediaClient.builder(matrix)
        .defaultOptions(MediaOptions.builder()
            .requireCdnEncryption(true)
            .unverifiedStreaming(mode.equals("e2ee-stream"))
            .build())
        .build();
    matrix.serverVersions();

    MediaRequest request = mode.equals("cdn")
        ? MediaRequest.download(mxc) : MediaRequest.download(file);
    StringBuilder times = new StringBuilder();
    long bytes = 0;
    File target = File.createTempFile("mxsdk-e2e", ".bin");
    for (int run = 0; run < runs; run++) {
      long start = System.nanoTime();
      try (MediaResponse response = media.newCall(request).execute()) {
        if (mode.equals("e2ee-file")) {
          bytes = response.downloadTo(target);
        } else {
          bytes = drain(response.source());
        }
      }
      times.append(String.format(Locale.ROOT, " %.3f", (System.nanoTime() - start) / 1e9));
    }
    target.delete();
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) peak += pool.getPeakUsage().getUsed();
    }
    System.out.println("result " + mode + " " + bytes + times + String.format(Locale.ROOT,
        " peakHeapMiB=%.1f maxHeapMiB=%d connections=%d", peak / 1048576.0,
        Runtime.getRuntime().maxMemory() >> 20, okHttpClient.connectionPool().connectionCount()));
    okHttpClient.dispatcher().executorService().shutdown();
    okHttpClient.connectionPool().evictAll();
  }

  private static long drain(BufferedSource source) throws java.io.IOException {
    Buffer sink = new Buffer();
    long total = 0;
    for (long n; (n = source.read(sink, 65536)) != -1; ) {
      total += n;
      sink.clear();
    }
    return total;
  }

  private static void trust(OkHttpClient.Builder http, File pem) throws Exception {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    try (InputStream in = new FileInputStream(pem)) {
      int i = 0;
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("ca" + i++, c);
      }
    }
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    X509TrustManager trustManager = (X509TrustManager) factory.getTrustManagers()[0];
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {trustManager}, null);
    http.sslSocketFactory(context.getSocketFactory(), trustManager);
  }
}
