#!/usr/bin/env bash
# Every figure in docs/PERFORMANCE.md, in one go (run from the repository root on a quiet machine):
# JMH decode layers with their bounds and allocation (~5 min), the end-to-end harness over http and
# TLS (~2 min at 1 GiB), the 1-byte seek into 1 GiB (~1 min), the upload harness (~2 min at 1 GiB), the local media server against
# direct downloads (~2 min), the whole-process comparison with the JS library (~1 min), and the
# disk cache (~3 min: 64 MiB hits in JMH, then a cache of 100,000 entries filled, opened and
# cleaned).
#   benchmarks/scripts/run-all.sh            # full
#   benchmarks/scripts/run-all.sh --quick    # shorter JMH runs, 256 MiB end to end
set -euo pipefail
quick=${1:-}
mvn -B -q package -DskipTests
jar=benchmarks/target/benchmarks.jar
echo "== machine"; nproc; java -version 2>&1 | head -1; lscpu | grep -E "Model name|Flags" | cut -c1-120
echo "== JMH"
java -jar "$jar" $quick
echo "== end to end"
if [ "$quick" = "--quick" ]; then size=256; else size=1024; fi
java -cp "$jar" dev.mxsdk.benchmarks.E2eHarness --size-mib "$size" --runs 3 --heap 48m
echo "== seeking: a 1-byte range of a 1 GiB MSC4097 + E2EE object"
java -Xmx256m -cp "$jar" dev.mxsdk.benchmarks.RangeReadMain --runs 9 --whole-runs 3
echo "== local media server"
java -Xmx512m -cp "$jar" dev.mxsdk.benchmarks.LocalServerMain --size-mib "$size" --runs 7 --connections 32
java -cp "$jar" dev.mxsdk.benchmarks.LoopbackRelayMain --runs 5
echo "== uploads"
java -cp "$jar" dev.mxsdk.benchmarks.UploadHarness --size-mib "$size" --runs 3 --heap 48m
echo "== whole process"
benchmarks/scripts/whole-process.sh 512
echo "== disk cache: 64 MiB hits (JMH) and a cache of 100,000 entries"
java -cp "$jar" org.openjdk.jmh.Main CacheBenchmarks $([ "$quick" = "--quick" ] && echo "-wi 2 -i 3")
java -cp "$jar" dev.mxsdk.benchmarks.CacheScaleHarness --entries 100000 --runs 5
