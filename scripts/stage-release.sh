#!/usr/bin/env bash
# Stages a release of mxsdk into target/staging-deploy and checks it against Maven Central's
# rules; uploads nothing. Extra arguments go to Maven, e.g.
#   scripts/stage-release.sh                               the full build, tests included
#   scripts/stage-release.sh -Dgpg.keyname=KEYID           signed (MAVEN_GPG_PASSPHRASE)
#   scripts/stage-release.sh -DskipTests -pl sdk-bom,sdk-core,sdk-media,sdk-testkit -am   (as CI)
# Steps: mvn -B -Prelease clean deploy (a file: repository under target/, nothing into ~/.m2;
# Maven writes .md5 and .sha1), then a .sha256 and a .sha512 beside every staged file, then
# build-tools' ReleaseCheck (run from source; signatures required when a key was named).
# docs/RELEASING.md describes the whole release.
set -euo pipefail
cd "$(dirname "$0")/.."

staging=target/staging-deploy
mvn -B -Prelease clean deploy "$@"

count=0
while IFS= read -r -d '' file; do
  sha256sum "$file" | cut -d' ' -f1 > "$file.sha256"
  sha512sum "$file" | cut -d' ' -f1 > "$file.sha512"
  count=$((count + 1))
done < <(find "$staging" -type f ! -name '*.md5' ! -name '*.sha1' ! -name '*.sha256' \
           ! -name '*.sha512' ! -name '*.asc' -print0)
echo "stage-release: added .sha256 and .sha512 to $count files in $staging"

check_args=("$staging")
for arg in "$@"; do
  case $arg in -Dgpg.keyname=*) check_args+=(--require-signatures) ;; esac
done
java build-tools/src/main/java/dev/mxsdk/buildtools/ReleaseCheck.java "${check_args[@]}"
