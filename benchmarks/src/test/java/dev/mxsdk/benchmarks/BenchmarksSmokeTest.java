package dev.mxsdk.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Each benchmark's layer decodes the whole payload and passes its integrity checks (a wrong key,
 * record size or digest would throw), and each bound runs over the same inputs. No timing here:
 * speed is measured by {@link BenchmarkMain}.
 */
final class BenchmarksSmokeTest {
  private static final Blackhole BLACKHOLE = new Blackhole(
      "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");

  @Test
  void theE2eeLayerDecryptsAndVerifiesThePayload() throws Exception {
    E2eeBenchmarks b = new E2eeBenchmarks();
    b.setUp();
    assertEquals(Payloads.SIZE, b.layer());
    assertEquals(Payloads.SIZE, b.sourceOnly());
    b.bound(BLACKHOLE);
  }

  @Test
  void cacheHitsDeliverTheWholeEntryAndTheComparisonsReadTheSameBytes() throws Exception {
    CacheBenchmarks b = new CacheBenchmarks();
    b.size = 1 << 20;
    b.setUp();
    try {
      assertEquals(b.size, b.plainHit());
      assertEquals(b.size, b.plainFileRead());
      assertEquals(b.size, b.e2eeHit());
      b.e2eeDecryptBound(BLACKHOLE);
      assertEquals(32, b.plainFileReadAndSha256().length);
    } finally {
      b.tearDown();
    }
  }

  @Test
  void theScaleHarnessFillsOpensAndCleansACache(@org.junit.jupiter.api.io.TempDir java.io.File dir)
      throws Exception {
    java.util.List<String> table = CacheScaleHarness.run(dir, 300, 64, 1);
    assertEquals(10, table.size(), table.toString());
  }

  @Test
  void theCdnLayersDecodeThePayloadAtBothRecordSizes() throws Exception {
    for (int rs : new int[] {65536, 1048576}) {
      CdnBenchmarks b = new CdnBenchmarks();
      b.rs = rs;
      b.setUp();
      assertEquals(Payloads.SIZE, b.rfc8188Layer());
      assertEquals(Payloads.SIZE, b.chainedLayers());
      b.rfc8188Bound(BLACKHOLE);
      b.chainedBound(BLACKHOLE);
    }
  }

  @Test
  void theRangeReadHarnessRunsOnASmallObjectAndChecksTheByteItRead() throws Exception {
    // Throws if the byte read is not the byte at the offset, or a request fails.
    RangeReadMain.main(new String[] {"--size-mib", "3", "--offset-mib", "2", "--runs", "1",
        "--whole-runs", "1"});
  }
}
