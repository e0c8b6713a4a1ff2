#!/usr/bin/env bash
# Reproduces the embeddable-server table in docs/LOCAL_SERVER.md: for each candidate, the size of
# its runtime jars with dependencies, the newest class-file version in them (the Java floor), and
# how many distinct JDK references in them Android API 21 lacks (animal-sniffer with the
# android-api-level-21 signature, the check this project's library modules pass with none).
# Usage: sdk-media-server/scripts/evaluate-servers.sh [GROUP:ARTIFACT:VERSION ...]
# Work happens in sdk-media-server/target/eval; needs mvn, python3 and unzip.
set -euo pipefail
cd "$(dirname "$0")/.."
out=target/eval
mkdir -p "$out"

if [ "$#" = 0 ]; then
  set -- org.nanohttpd:nanohttpd:2.3.1 \
    org.eclipse.jetty:jetty-server:9.4.58.v20250814 \
    io.undertow:undertow-core:2.2.37.Final \
    io.undertow:undertow-core:2.3.21.Final \
    io.netty:netty-codec-http:4.1.137.Final \
    io.netty:netty-codec-http:4.2.18.Final \
    org.apache.httpcomponents.core5:httpcore5:5.3.6 \
    org.apache.tomcat.embed:tomcat-embed-core:9.0.98 \
    org.glassfish.grizzly:grizzly-http-server:2.4.4 \
    net.freeutils:jlhttp:3.2 \
    org.microhttp:microhttp:0.11
fi

printf '%-58s %12s %6s %8s\n' artifact bytes java api21-missing
for gav in "$@"; do
  IFS=: read -r g a v <<<"$gav"
  d="$out/$a-$v"
  rm -rf "$d"; mkdir -p "$d/target/classes"
  cat > "$d/pom.xml" <<P
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>eval</groupId><artifactId>eval-$a</artifactId><version>1</version>
<dependencies><dependency><groupId>$g</groupId><artifactId>$a</artifactId><version>$v</version></dependency></dependencies>
<build><plugins><plugin><groupId>org.codehaus.mojo</groupId><artifactId>animal-sniffer-maven-plugin</artifactId><version>1.24</version>
<executions><execution><id>a21</id><phase>process-classes</phase><goals><goal>check</goal></goals><configuration><failOnError>false</failOnError>
<signature><groupId>net.sf.androidscents.signature</groupId><artifactId>android-api-level-21</artifactId><version>5.0.1_r2</version></signature>
</configuration></execution></executions></plugin></plugins></build></project>
P
  (cd "$d" && mvn -B -q dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory=lib >/dev/null 2>&1)
  bytes=$(cat "$d"/lib/*.jar | wc -c)
  java=$(python3 - "$d"/lib/*.jar <<'PY'
import sys, zipfile, struct
m = 0
for j in sys.argv[1:]:
    z = zipfile.ZipFile(j)
    for n in z.namelist():
        if n.endswith('.class') and not n.startswith('META-INF/versions'):
            m = max(m, struct.unpack('>H', z.read(n)[6:8])[0])
print({49: '5', 50: '6', 51: '7', 52: '8', 53: '9', 55: '11', 61: '17', 65: '21'}.get(m, m))
PY
)
  for j in "$d"/lib/*.jar; do
    unzip -qo "$j" -x 'META-INF/*' 'module-info.class' -d "$d/target/classes" 2>/dev/null || true
  done
  (cd "$d" && mvn -B process-classes -Dmaven.main.skip > sniff.log 2>&1) || true
  missing=$( (grep 'Undefined reference' "$d/sniff.log" || true) \
    | sed -E 's/.*Undefined reference: //' | (grep -E '\b(java|javax)\.' || true) | sort -u | wc -l)
  printf '%-58s %12s %6s %8s\n' "$gav" "$bytes" "$java" "$missing"
done
