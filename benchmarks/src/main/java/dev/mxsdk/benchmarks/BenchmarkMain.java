package dev.mxsdk.benchmarks;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the decode-layer benchmarks with JMH's GC profiler and prints one table: each layer's MB/s,
 * its bound's MB/s measured in the same run, the ratio, and the allocation per record.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar            # full run, ~4 minutes
 * java -jar benchmarks/target/benchmarks.jar --quick    # ~1 minute, for a look
 * </pre>
 *
 * Plain JMH options work too: {@code java -cp benchmarks/target/benchmarks.jar org.openjdk.jmh.Main}.
 */
public final class BenchmarkMain {
  private BenchmarkMain() {}

  public static void main(String[] args) throws Exception {
    List<String> flags = Arrays.asList(args);
    if (flags.contains("--alloc-only")) {
      AllocationProbe.print();
      return;
    }
    ChainedOptionsBuilder options = new OptionsBuilder()
        .include(E2eeBenchmarks.class.getSimpleName())
        .include(CdnBenchmarks.class.getSimpleName())
        .addProfiler(GCProfiler.class);
    if (flags.contains("--quick")) {
      options.warmupIterations(2).warmupTime(TimeValue.seconds(1))
          .measurementIterations(3).measurementTime(TimeValue.seconds(1));
    }
    Collection<RunResult> results = new Runner(options.build()).run();

    Map<String, double[]> byName = new LinkedHashMap<>();
    for (RunResult run : results) {
      String method = run.getParams().getBenchmark();
      method = method.substring(method.lastIndexOf('.') + 1);
      String rs = run.getParams().getParam("rs");
      String key = method + (rs != null ? "@" + rs : "");
      double opsPerSecond = run.getPrimaryResult().getScore();
      double error = run.getPrimaryResult().getScoreError();
      double allocPerOp = Double.NaN;
      for (Map.Entry<String, Result> e : run.getSecondaryResults().entrySet()) {
        if (e.getKey().endsWith("gc.alloc.rate.norm")) allocPerOp = e.getValue().getScore();
      }
      byName.put(key, new double[] {opsPerSecond, error, allocPerOp});
    }

    System.out.println();
    System.out.println("| layer | rs | layer MB/s | bound MB/s | layer / bound | alloc per 8 MiB op |");
    System.out.println("| --- | --- | --- | --- | --- | --- |");
    row(byName, "E2EE attachment decrypt", "layer", "bound", null, Payloads.SOCKET_CHUNK);
    double[] source = byName.get("sourceOnly");
    double[] layer = byName.get("layer");
    double[] bound = byName.get("bound");
    if (source != null && layer != null && bound != null) {
      // Time per op of the layer minus the in-memory source's own copying, against the bound.
      double own = 1 / layer[0] - 1 / source[0];
      System.out.println(String.format(Locale.ROOT,
          "| E2EE layer, its own time (the in-memory source alone copies at %.0f MB/s) |"
              + " | %.0f | %.0f | %.1f%% | |",
          source[0] * Payloads.SIZE / 1e6,
          Payloads.SIZE / 1e6 / own, bound[0] * Payloads.SIZE / 1e6, 100 / own / bound[0]));
    }
    for (String rs : new String[] {"65536", "1048576"}) {
      int records = Integer.parseInt(rs) - 17;
      row(byName, "RFC 8188 decode", "rfc8188Layer@" + rs, "rfc8188Bound@" + rs, rs, records);
      row(byName, "RFC 8188 + E2EE chained", "chainedLayers@" + rs, "chainedBound@" + rs, rs,
          records);
    }
    System.out.println();
    AllocationProbe.print();
  }

  private static void row(Map<String, double[]> byName, String label, String layerKey,
      String boundKey, String rs, int bytesPerRecord) {
    double[] layer = byName.get(layerKey);
    double[] bound = byName.get(boundKey);
    if (layer == null || bound == null) return;
    double mb = Payloads.SIZE / 1e6;
    double records = Math.ceil((double) Payloads.SIZE / bytesPerRecord);
    System.out.println(String.format(Locale.ROOT,
        "| %s | %s | %.0f ± %.0f | %.0f ± %.0f | %.1f%% | %.0f B/op |",
        label, rs == null ? "n/a (64 KiB reads)" : (Integer.parseInt(rs) / 1024) + " KiB",
        layer[0] * mb, layer[1] * mb, bound[0] * mb, bound[1] * mb,
        100 * layer[0] / bound[0], layer[2]));
  }
}
