package dev.mxsdk.benchmarks;

import dev.mxsdk.media.codec.Aes128GcmDecodingSource;
import dev.mxsdk.media.codec.AttachmentDecryptingSource;
import dev.mxsdk.media.codec.SecretBytes;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import okio.Buffer;
import okio.Source;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The RFC 8188 layer, and the RFC 8188 and E2EE layers chained, over an in-memory source at two
 * record sizes, each beside its bound in the same run: raw JCA AES-128-GCM (one init and doFinal
 * per record) and, for the chain, that plus AES-256-CTR + SHA-256 over each record's plaintext.
 * One operation yields {@link Payloads#SIZE} bytes of plaintext.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// SunJCE's AES-GCM runs at ~80 MB/s until C2 has compiled its callers (the GHASH and AES
// intrinsics exist only in compiled code); with 1 MiB records that takes a few hundred MB.
@Warmup(iterations = 5, time = 3)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
public class CdnBenchmarks {
  /** The RFC 8188 record size. */
  @Param({"65536", "1048576"})
  public int rs;

  private byte[] encoded;
  private byte[] encodedE2ee;
  private byte[] sha256;
  private SecretKeySpec gcmKey;
  private SecretKeySpec ctrKey;
  private byte[] nonceBase;
  private Cipher gcm;
  private Cipher ctr;
  private MessageDigest digest;
  private byte[] plain;
  private byte[] second;
  private final byte[] nonce = new byte[12];
  private final Buffer sink = new Buffer();

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    byte[] plaintext = Payloads.bytes(Payloads.SIZE, 42);
    byte[] ciphertext = Payloads.e2eeCiphertext(plaintext);
    sha256 = Payloads.sha256(ciphertext);
    encoded = Payloads.rfc8188(plaintext, rs);
    encodedE2ee = Payloads.rfc8188(ciphertext, rs);
    byte[] salt = Arrays.copyOfRange(encoded, 0, 16);
    byte[] saltE2ee = Arrays.copyOfRange(encodedE2ee, 0, 16);
    if (!Arrays.equals(salt, saltE2ee)) throw new AssertionError("one salt for both payloads");
    gcmKey = new SecretKeySpec(
        hkdf(salt, Payloads.CDN_KEY, "Content-Encoding: aes128gcm\0\1", 16), "AES");
    nonceBase = hkdf(salt, Payloads.CDN_KEY, "Content-Encoding: nonce\0\1", 12);
    ctrKey = new SecretKeySpec(Payloads.E2EE_KEY, "AES");
    gcm = Cipher.getInstance("AES/GCM/NoPadding");
    ctr = Cipher.getInstance("AES/CTR/NoPadding");
    digest = MessageDigest.getInstance("SHA-256");
    plain = new byte[rs];
    second = new byte[rs];
  }

  /** RFC 8188 section 2.3: the nonce base XOR the big-endian record sequence number. */
  private static void recordNonce(byte[] nonceBase, long sequence, byte[] out) {
    System.arraycopy(nonceBase, 0, out, 0, 12);
    for (int i = 0; i < 8; i++) out[11 - i] ^= (byte) (sequence >>> (8 * i));
  }

  /**
   * RFC 8188's one-block HKDF-SHA256 (section 2.2), written out here so that the bound does not
   * borrow the SDK's own key schedule.
   */
  private static byte[] hkdf(byte[] salt, byte[] ikm, String infoWithCounter, int length)
      throws Exception {
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(salt, "HmacSHA256"));
    byte[] prk = mac.doFinal(ikm);
    mac.init(new SecretKeySpec(prk, "HmacSHA256"));
    return Arrays.copyOf(
        mac.doFinal(infoWithCounter.getBytes(java.nio.charset.StandardCharsets.US_ASCII)), length);
  }

  /** The layer: {@code Aes128GcmDecodingSource} (HKDF, GCM per record, delimiter checks). */
  @Benchmark
  public long rfc8188Layer() throws IOException {
    return Payloads.drain(new Aes128GcmDecodingSource(new Payloads.ArraySource(encoded),
        SecretBytes.copyOf(Payloads.CDN_KEY), 1 << 20), sink);
  }

  /** Its bound: raw JCA AES-128-GCM, one init and doFinal per record. */
  @Benchmark
  public void rfc8188Bound(Blackhole bh) throws GeneralSecurityException {
    int pos = 21;
    for (long seq = 0; pos < encoded.length; seq++) {
      int len = Math.min(rs, encoded.length - pos);
      recordNonce(nonceBase, seq, nonce);
      gcm.init(Cipher.DECRYPT_MODE, gcmKey, new GCMParameterSpec(128, nonce));
      bh.consume(gcm.doFinal(encoded, pos, len, plain, 0));
      pos += len;
    }
  }

  /** Both layers: what a keyed CDN download of E2EE media decodes. */
  @Benchmark
  public long chainedLayers() throws IOException {
    Source cdn = new Aes128GcmDecodingSource(new Payloads.ArraySource(encodedE2ee),
        SecretBytes.copyOf(Payloads.CDN_KEY), 1 << 20);
    return Payloads.drain(new AttachmentDecryptingSource(cdn,
        SecretBytes.copyOf(Payloads.E2EE_KEY), Payloads.E2EE_IV, sha256, true), sink);
  }

  /** Its bound: GCM per record, then CTR + SHA-256 over that record's plaintext, one thread. */
  @Benchmark
  public void chainedBound(Blackhole bh) throws GeneralSecurityException {
    ctr.init(Cipher.DECRYPT_MODE, ctrKey, new IvParameterSpec(Payloads.E2EE_IV));
    int pos = 21;
    for (long seq = 0; pos < encodedE2ee.length; seq++) {
      int len = Math.min(rs, encodedE2ee.length - pos);
      recordNonce(nonceBase, seq, nonce);
      gcm.init(Cipher.DECRYPT_MODE, gcmKey, new GCMParameterSpec(128, nonce));
      int n = gcm.doFinal(encodedE2ee, pos, len, plain, 0) - 1; // minus the delimiter
      digest.update(plain, 0, n);
      ctr.update(plain, 0, n, second, 0);
      pos += len;
    }
    bh.consume(digest.digest());
    bh.consume(second);
  }
}
