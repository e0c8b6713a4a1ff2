package dev.mxsdk.benchmarks;

import dev.mxsdk.media.codec.Aes128GcmDecodingSource;
import dev.mxsdk.media.codec.AttachmentDecryptingSource;
import dev.mxsdk.media.codec.SecretBytes;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import okio.Buffer;
import okio.Source;

/**
 * Steady-state allocation per record of each layer, exactly: the bytes the decoding thread
 * allocates for a stream of 2N records minus those for N records, divided by N, so the buffers a
 * stream allocates once (record arrays, cipher, digest) drop out. Uses the HotSpot thread
 * allocation counter ({@code com.sun.management.ThreadMXBean}).
 */
final class AllocationProbe {
  private AllocationProbe() {}

  interface Layer {
    Source open(byte[] input) throws IOException;
  }

  /** Bytes allocated per record in steady state; {@code bytesPerRecord} sizes the inputs. */
  static double perRecord(Layer layer, Input small, Input large, int records) throws Exception {
    Buffer sink = new Buffer();
    for (int i = 0; i < 30; i++) { // warm up: JIT, okio's segment pool
      Payloads.drain(layer.open(small.bytes), sink);
      Payloads.drain(layer.open(large.bytes), sink);
    }
    long a = allocated(layer, small.bytes, sink);
    long b = allocated(layer, large.bytes, sink);
    return (double) (b - a) / records;
  }

  private static long allocated(Layer layer, byte[] input, Buffer sink) throws IOException {
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) { // the minimum ignores a stray allocation (class loading, JIT)
      Source source = layer.open(input);
      long before = mx.getThreadAllocatedBytes(id);
      Payloads.drain(source, sink);
      best = Math.min(best, mx.getThreadAllocatedBytes(id) - before);
    }
    return best;
  }

  /** An input for a layer. */
  static final class Input {
    final byte[] bytes;

    Input(byte[] bytes) {
      this.bytes = bytes;
    }
  }

  /** Prints the steady-state allocation per record of each layer. */
  static void print() throws Exception {
    int chunk = Payloads.SOCKET_CHUNK;
    byte[] plain1 = Payloads.bytes(64 * chunk, 7);
    byte[] plain2 = Payloads.bytes(128 * chunk, 8);
    final byte[] ct1 = Payloads.e2eeCiphertext(plain1);
    final byte[] ct2 = Payloads.e2eeCiphertext(plain2);
    final byte[] sha1 = Payloads.sha256(ct1);
    final byte[] sha2 = Payloads.sha256(ct2);
    double e2ee = perRecord(input -> new AttachmentDecryptingSource(new Payloads.ArraySource(input),
            SecretBytes.copyOf(Payloads.E2EE_KEY), Payloads.E2EE_IV,
            input.length == ct1.length ? sha1 : sha2, true),
        new Input(ct1), new Input(ct2), 64);
    System.out.printf(java.util.Locale.ROOT,
        "steady-state allocation: E2EE layer %.0f B per 64 KiB read%n", e2ee);
    for (int rs : new int[] {65536, 1048576}) {
      int records = rs == 65536 ? 64 : 8;
      byte[] p1 = Payloads.bytes(records * (rs - 17), 9);
      byte[] p2 = Payloads.bytes(2 * records * (rs - 17), 10);
      double cdn = perRecord(input -> new Aes128GcmDecodingSource(
              new Payloads.ArraySource(input), SecretBytes.copyOf(Payloads.CDN_KEY), 1 << 20),
          new Input(Payloads.rfc8188(p1, rs)), new Input(Payloads.rfc8188(p2, rs)), records);
      System.out.printf(java.util.Locale.ROOT,
          "steady-state allocation: RFC 8188 layer, rs %d KiB: %.0f B per record%n",
          rs / 1024, cdn);
    }
  }
}
