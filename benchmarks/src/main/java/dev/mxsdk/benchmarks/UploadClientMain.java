package dev.mxsdk.benchmarks;

import dev.mxsdk.core.MatrixClient;
import dev.mxsdk.media.MediaClient;
import dev.mxsdk.media.MediaReservation;
import dev.mxsdk.media.UploadRequest;
import dev.mxsdk.media.UploadResult;
import java.io.File;
import java.io.FileInputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * The client side of the upload harness, in its own JVM (run with {@code -Xmx48m}): uploads the
 * file {@code runs} times end-to-end encrypted, {@code post} ({@code POST /upload}) or
 * {@code async} ({@code /create} then {@code PUT}), sampling the used heap every 20 ms while it
 * does. Prints {@code result <mode> <bytes> <seconds per run...> cpu=<seconds of the uploading
 * thread per run, comma-separated> heapMinMiB=<n> heapMaxMiB=<n> heapMaxAfterFirstMiB=<n>
 * maxHeapMiB=<n> attempts=<n> sha256=<of the last upload's ciphertext>}.
 *
 * <p>Mode {@code bound <bytes>}, in a fresh JVM of the same harness run: raw JCA AES-256-CTR +
 * SHA-256 over as many bytes, 64 KiB per call, from memory; prints {@code bound=<seconds>} (the
 * best of 3 passes after one warm-up pass).
 */
public final class UploadClientMain {
  private static final int CHUNK = 64 * 1024;

  private UploadClientMain() {}

  /** Samples the used heap until stopped: min and max, overall and after the first run. */
  private static final class HeapSampler extends Thread {
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    volatile boolean stop;
    volatile boolean firstRunDone;
    long min = Long.MAX_VALUE;
    long max;
    long maxAfterFirst;

    HeapSampler() {
      setDaemon(true);
    }

    @Override
    public void run() {
      while (!stop) {
        long used = memory.getHeapMemoryUsage().getUsed();
        min = Math.min(min, used);
        max = Math.max(max, used);
        if (firstRunDone) maxAfterFirst = Math.max(maxAfterFirst, used);
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    if (mode.equals("bound")) {
      System.out.println(String.format(Locale.ROOT, "bound=%.3f", bound(Long.parseLong(args[1]))));
      return;
    }
    HttpUrl base = HttpUrl.get(args[1]);
    String token = args[2];
    String pem = args[3];
    File file = new File(args[4]);
    int runs = Integer.parseInt(args[5]);

    OkHttpClient.Builder http = new OkHttpClient.Builder()
        .readTimeout(120, TimeUnit.SECONDS).writeTimeout(120, TimeUnit.SECONDS);
    if (!pem.equals("-")) trust(http, new File(pem));
    OkHttpClient okHttpClient = http.build();
    MatrixClient matrix = MatrixClient.builder().homeserver(base).allowInsecureLoopback(true)
        .okHttpClient(okHttpClient).accessTokenProvider(() -> token).build();
    MediaClient media = MediaClient.create(matrix);
    matrix.serverVersions();

    HeapSampler sampler = new HeapSampler();
    sampler.start();
    StringBuilder times = new StringBuilder();
    StringBuilder cpu = new StringBuilder();
    java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    UploadResult last = null;
    for (int run = 0; run < runs; run++) {
      long start = System.nanoTime();
      long cpuStart = threads.getCurrentThreadCpuTime();
      UploadRequest.Builder request = UploadRequest.file(file).encrypt(true);
      if (mode.equals("async")) {
        MediaReservation reservation = media.createMedia();
        request.reservation(reservation);
      }
      last = media.newUpload(request.build()).execute();
      times.append(String.format(Locale.ROOT, " %.3f", (System.nanoTime() - start) / 1e9));
      cpu.append(String.format(Locale.ROOT, "%s%.3f", run == 0 ? "" : ",",
          (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9));
      sampler.firstRunDone = true;
    }
    sampler.stop = true;
    sampler.join();

    System.out.println("result " + mode + " " + last.bytesSent() + times
        + " cpu=" + cpu
        + String.format(Locale.ROOT, " heapMinMiB=%.1f heapMaxMiB=%.1f"
            + " heapMaxAfterFirstMiB=%.1f maxHeapMiB=%d attempts=%d sha256=%s",
            sampler.min / 1048576.0, sampler.max / 1048576.0,
            sampler.maxAfterFirst / 1048576.0, Runtime.getRuntime().maxMemory() >> 20,
            last.attempts(),
            Base64.getEncoder().withoutPadding().encodeToString(last.encryptedFile().sha256())));
    okHttpClient.dispatcher().executorService().shutdown();
    okHttpClient.connectionPool().evictAll();
  }

  /**
   * The best of 3 passes (after a warm-up pass) of raw JCA AES-256-CTR + SHA-256 over {@code bytes}
   * bytes, 64 KiB per call, from an 8 MiB array in memory: what the upload's crypto alone costs,
   * with no file, no okio, no socket.
   */
  static double bound(long bytes) throws Exception {
    byte[] data = new byte[8 << 20];
    new Random(7).nextBytes(data);
    byte[] out = new byte[CHUNK];
    byte[] key = new byte[32];
    byte[] iv = new byte[16];
    new Random(8).nextBytes(key);
    Cipher ctr = Cipher.getInstance("AES/CTR/NoPadding");
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    double best = Double.MAX_VALUE;
    for (int pass = 0; pass < 4; pass++) {
      long start = System.nanoTime();
      ctr.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
      long left = bytes;
      int off = 0;
      while (left > 0) {
        int n = (int) Math.min(CHUNK, left);
        if (off + n > data.length) off = 0;
        ctr.update(data, off, n, out, 0);
        sha.update(out, 0, n);
        off += n;
        left -= n;
      }
      sha.digest();
      if (pass > 0) best = Math.min(best, (System.nanoTime() - start) / 1e9);
    }
    return best;
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
