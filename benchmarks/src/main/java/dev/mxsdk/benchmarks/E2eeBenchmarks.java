package dev.mxsdk.benchmarks;

import dev.mxsdk.media.codec.AttachmentDecryptingSource;
import dev.mxsdk.media.codec.SecretBytes;
import java.io.IOException;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The E2EE attachment layer over an in-memory source, beside its bound in the same run: raw JCA
 * AES-256-CTR + SHA-256 over the same bytes (no okio, no copies, no checks). One operation decrypts
 * {@link Payloads#SIZE} bytes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
public class E2eeBenchmarks {
  private byte[] ciphertext;
  private byte[] sha256;
  private SecretKeySpec key;
  private Cipher ctr;
  private MessageDigest digest;
  private final byte[] out = new byte[Payloads.SOCKET_CHUNK];
  private final Buffer sink = new Buffer();

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    ciphertext = Payloads.e2eeCiphertext(Payloads.bytes(Payloads.SIZE, 42));
    sha256 = Payloads.sha256(ciphertext);
    key = new SecretKeySpec(Payloads.E2EE_KEY, "AES");
    ctr = Cipher.getInstance("AES/CTR/NoPadding");
    digest = MessageDigest.getInstance("SHA-256");
  }

  /** The layer: {@code AttachmentDecryptingSource} (CTR + SHA-256 + verification at the end). */
  @Benchmark
  public long layer() throws IOException {
    return Payloads.drain(new AttachmentDecryptingSource(
        new Payloads.ArraySource(ciphertext), SecretBytes.copyOf(Payloads.E2EE_KEY),
        Payloads.E2EE_IV, sha256, true), sink);
  }

  /** What the in-memory source alone costs: copying the ciphertext into okio segments. */
  @Benchmark
  public long sourceOnly() throws IOException {
    return Payloads.drain(new Payloads.ArraySource(ciphertext), sink);
  }

  /** The bound: raw JCA AES-256-CTR and SHA-256, 64 KiB at a time. */
  @Benchmark
  public void bound(Blackhole bh) throws GeneralSecurityException {
    ctr.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(Payloads.E2EE_IV));
    for (int off = 0; off < ciphertext.length; off += Payloads.SOCKET_CHUNK) {
      int n = Math.min(Payloads.SOCKET_CHUNK, ciphertext.length - off);
      digest.update(ciphertext, off, n);
      ctr.update(ciphertext, off, n, out, 0);
    }
    bh.consume(digest.digest());
    bh.consume(out);
  }
}
