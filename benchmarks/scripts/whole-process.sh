#!/usr/bin/env bash
# Whole-process E2EE decrypt, file to file: `mxmedia decrypt` beside matrix-org's JS library
# (matrix-encrypt-attachment under Node) on the same 512 MiB attachment; median of 3 runs each,
# wall time and peak RSS from /usr/bin/time.
#   benchmarks/scripts/whole-process.sh [SIZE_MIB]      (run from the repository root, after
#                                                        mvn -B package -DskipTests)
set -euo pipefail
size_mib=${1:-512}
jar=sdk-cli/target/mxmedia.jar
[ -f "$jar" ] || { echo "build first: mvn -B -q package -DskipTests" >&2; exit 1; }
command -v node >/dev/null || { echo "node is needed for the JS peer" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time is needed (apt-get install time)" >&2; exit 1; }
js=benchmarks/target/js-peer
if [ ! -d "$js/node_modules/matrix-encrypt-attachment" ]; then
  npm install --silent --no-audit --no-fund --prefix "$js" matrix-encrypt-attachment@1.0.3 >/dev/null
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
head -c $((size_mib * 1048576)) /dev/urandom > "$dir/plain"
java -jar "$jar" encrypt "$dir/plain" "$dir/ct" > "$dir/file.json"
sync

export JV=$(java -XshowSettings:properties -version 2>&1 | awk "/java.version =/ {print \$3}") NV=$(node --version)
median() { sort -n | sed -n "$(( ($1 + 1) / 2 ))p"; }
run() { # label, command...
  local label=$1; shift
  : > "$dir/times"
  for i in 1 2 3; do
    rm -f "$dir/out"
    /usr/bin/time -f "%e %M" -o "$dir/t" "$@" > /dev/null
    cmp -s "$dir/out" "$dir/plain" || { echo "$label produced wrong plaintext" >&2; exit 1; }
    cat "$dir/t" >> "$dir/times"
  done
  local secs rss
  secs=$(cut -d' ' -f1 "$dir/times" | median 3)
  rss=$(cut -d' ' -f2 "$dir/times" | median 3)
  echo "$label $secs $rss $(cut -d' ' -f1 "$dir/times" | tr '\n' ' ')"
}
java_line=$(run mxmedia java -jar "$jar" decrypt --encrypted-file "$dir/file.json" "$dir/ct" "$dir/out")
js_line=$(run js env NODE_PATH="$js/node_modules" node benchmarks/scripts/js-decrypt.js "$dir/file.json" "$dir/ct" "$dir/out")
read -r _ jsec jrss jall <<< "$java_line"
read -r _ ssec srss sall <<< "$js_line"
echo "| tool | ${size_mib} MiB, median of 3 | runs (s) | MB/s | peak RSS |"
echo "| --- | --- | --- | --- | --- |"
awk -v s="$jsec" -v r="$jrss" -v all="$jall" -v m="$size_mib" 'BEGIN { printf "| mxmedia decrypt (JDK %s) | %.2f s | %s | %.0f | %.0f MB |\n", ENVIRON["JV"], s, all, m*1.048576/s, r/1024 }'
awk -v s="$ssec" -v r="$srss" -v all="$sall" -v m="$size_mib" 'BEGIN { printf "| matrix-encrypt-attachment 1.0.3 (Node %s) | %.2f s | %s | %.0f | %.0f MB |\n", ENVIRON["NV"], s, all, m*1.048576/s, r/1024 }'
awk -v a="$jsec" -v b="$ssec" 'BEGIN { printf "mxmedia is %.1fx the JS library\n", b/a }'
