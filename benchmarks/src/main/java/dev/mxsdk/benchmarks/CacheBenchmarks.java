package dev.mxsdk.benchmarks;

import dev.mxsdk.core.MxcUri;
import dev.mxsdk.media.EncryptedFile;
import dev.mxsdk.media.MediaCache;
import dev.mxsdk.media.MediaCachePolicy;
import dev.mxsdk.media.MediaClient;
import dev.mxsdk.media.MediaRequest;
import dev.mxsdk.media.MediaResponse;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import okio.Buffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A disk cache hit of a 64 MiB entry through {@code MediaClient} (entry verified, then read and
 * delivered as a stream), beside what it is compared with in the same run: reading the same bytes
 * from a file with plain Java I/O, with and without a SHA-256 over them (plain media), and the raw
 * AES-256-CTR + SHA-256 bound over the ciphertext in memory (E2EE media). The files are in the page cache (the same for both sides).
 * One operation delivers {@link #SIZE} bytes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
public class CacheBenchmarks {
  static final int SIZE = 64 << 20;
  private static final MxcUri PLAIN = MxcUri.parse("mxc://offline.invalid/plain");
  private static final MxcUri E2EE = MxcUri.parse("mxc://offline.invalid/e2ee");

  int size = SIZE;
  private File dir;
  private File plainFile;
  private MediaCache cache;
  private MediaClient client;
  private EncryptedFile encryptedFile;
  private byte[] ciphertext;
  private SecretKeySpec key;
  private Cipher ctr;
  private MessageDigest digest;
  private final byte[] chunk = new byte[Payloads.SOCKET_CHUNK];
  private final byte[] out = new byte[Payloads.SOCKET_CHUNK];
  private final Buffer sink = new Buffer();

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    dir = Files.createTempDirectory("mxsdk-cache-bench").toFile();
    byte[] plaintext = Payloads.bytes(size, 7);
    plainFile = new File(dir, "plain.bin");
    Files.write(plainFile.toPath(), plaintext);
    ciphertext = Payloads.e2eeCiphertext(plaintext);
    encryptedFile = new EncryptedFile.Builder()
        .url(E2EE)
        .key(Payloads.E2EE_KEY)
        .iv(Payloads.E2EE_IV)
        .sha256(Payloads.sha256(ciphertext))
        .version("v2")
        .build();
    cache = MediaCache.open(new File(dir, "cache"), MediaCachePolicy.builder()
        .maxTotalBytes(4L * size).maxEntryBytes(2L * size).build());
    OfflineHomeserver homeserver = new OfflineHomeserver(0);
    homeserver.put(PLAIN.mediaId(), plaintext);
    homeserver.put(E2EE.mediaId(), ciphertext);
    client = homeserver.mediaClient(cache);
    // The misses that fill the cache; every operation below is a hit (no request).
    plainHit();
    e2eeHit();
    if (homeserver.requests.get() != 3) throw new AssertionError(homeserver.requests + " requests");
    if (cache.stats().entryCount() != 2) throw new AssertionError(cache.stats().toString());
    key = new SecretKeySpec(Payloads.E2EE_KEY, "AES");
    ctr = Cipher.getInstance("AES/CTR/NoPadding");
    digest = MessageDigest.getInstance("SHA-256");
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    cache.close();
    try (java.util.stream.Stream<java.nio.file.Path> walk = Files.walk(dir.toPath())) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** A plain media hit: entry verified (length, SHA-256), then streamed to the caller. */
  @Benchmark
  public long plainHit() throws IOException {
    try (MediaResponse response = client.newCall(MediaRequest.download(PLAIN)).execute()) {
      return Payloads.drain(response.source(), sink);
    }
  }

  /** Plain Java I/O: the same bytes from a file, 64 KiB per read. */
  @Benchmark
  public long plainFileRead() throws IOException {
    long total = 0;
    try (InputStream in = new FileInputStream(plainFile)) {
      for (int n; (n = in.read(chunk)) != -1; ) total += n;
    }
    return total;
  }

  /**
   * An E2EE media hit in the default, verified mode: entry verified against the EncryptedFile's
   * SHA-256, then decrypted (and hashed again) as it streams.
   */
  @Benchmark
  public long e2eeHit() throws IOException {
    try (MediaResponse response =
        client.newCall(MediaRequest.download(encryptedFile)).execute()) {
      return Payloads.drain(response.source(), sink);
    }
  }

  /** The E2EE decrypt bound: raw JCA AES-256-CTR and SHA-256 over the ciphertext in memory. */
  @Benchmark
  public void e2eeDecryptBound(Blackhole bh) throws GeneralSecurityException {
    ctr.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(Payloads.E2EE_IV));
    for (int off = 0; off < ciphertext.length; off += Payloads.SOCKET_CHUNK) {
      int n = Math.min(Payloads.SOCKET_CHUNK, ciphertext.length - off);
      digest.update(ciphertext, off, n);
      ctr.update(ciphertext, off, n, out, 0);
    }
    bh.consume(digest.digest());
    bh.consume(out);
  }

  /**
   * What any read that checks a SHA-256 before releasing a byte costs at least, with plain Java
   * I/O: the same file read 64 KiB at a time and hashed.
   */
  @Benchmark
  public byte[] plainFileReadAndSha256() throws IOException {
    try (InputStream in = new FileInputStream(plainFile)) {
      for (int n; (n = in.read(chunk)) != -1; ) digest.update(chunk, 0, n);
    }
    return digest.digest();
  }
}
