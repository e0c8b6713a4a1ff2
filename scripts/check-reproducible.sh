#!/usr/bin/env bash
# Reproducible-build check: builds the published artifacts and the CLI twice from clean, in two
# copies of the source tree at different paths (target/reproducible/a and .../b), and compares
# every jar, zip, tar.gz and generated POM byte for byte. Tests are skipped (they do not change
# the artifacts); nothing is installed into ~/.m2. Exit code 0 when all are identical.
# Extra arguments go to both Maven builds (e.g. -Pokhttp5).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=$root/target/reproducible
# The published library modules (the ones sdk-bom manages), the BOM and the CLI.
published=$(sed -n 's:^ *<artifactId>\(sdk-[^<]*\)</artifactId>.*:\1:p' sdk-bom/pom.xml | grep -vx sdk-bom | paste -sd, -)
modules=sdk-bom,$published,sdk-cli

rm -rf "$work"
mkdir -p "$work"

copy_tree() {
  mkdir -p "$1"
  if git -C "$root" rev-parse --is-inside-work-tree > /dev/null 2>&1; then
    # Tracked and untracked-but-not-ignored files, as they are in the working tree.
    git -C "$root" ls-files -z -co --exclude-standard \
      | tar -C "$root" --null -T - --ignore-failed-read -cf - 2> /dev/null \
      | tar -C "$1" -xf -
  else
    tar -C "$root" --exclude=./target --exclude='*/target' -cf - . | tar -C "$1" -xf -
  fi
}

build() {
  local dir=$work/$1
  copy_tree "$dir"
  echo "check-reproducible: build $1 in $dir"
  (cd "$dir" && mvn -B -q -DskipTests clean package -pl "$modules" -am "${@:2}") \
    > "$work/build-$1.log" 2>&1 || { tail -50 "$work/build-$1.log"; echo "build $1 failed"; exit 1; }
}

build a "$@"
build b "$@"

artifacts() { # the files to compare, relative to a build directory
  (cd "$1" && for m in ${modules//,/ }; do
     find "$m/target" -maxdepth 1 -type f \( -name '*.jar' -o -name '*.zip' -o -name '*.tar.gz' \
       -o -name 'flattened-pom.xml' \) ! -name 'original-*'
   done | LC_ALL=C sort)
}

status=0
same=0
listing_a=$(artifacts "$work/a")
listing_b=$(artifacts "$work/b")
if [ "$listing_a" != "$listing_b" ]; then
  echo "check-reproducible: the two builds produced different sets of files:"
  diff <(echo "$listing_a") <(echo "$listing_b") || true
  status=1
fi
for f in $listing_a; do
  a=$work/a/$f
  b=$work/b/$f
  [ -f "$b" ] || continue
  if cmp -s "$a" "$b"; then
    same=$((same + 1))
    printf '  identical %s  %s\n' "$(sha256sum "$a" | cut -c1-16)" "$f"
    continue
  fi
  status=1
  echo "  DIFFERENT $f"
  case $f in
    *.jar | *.zip)
      # Which entries differ: name, then the content of each entry present in both.
      diff <(zipinfo -1 "$a" | LC_ALL=C sort) <(zipinfo -1 "$b" | LC_ALL=C sort) | sed 's/^/    /' || true
      for entry in $(zipinfo -1 "$a" | grep -v '/$'); do
        if [ "$(unzip -p "$a" "$entry" | sha256sum)" != "$(unzip -p "$b" "$entry" | sha256sum)" ]; then
          echo "    content differs: $entry"
        fi
      done
      diff <(zipinfo -l "$a" | tail -n +3) <(zipinfo -l "$b" | tail -n +3) | head -20 | sed 's/^/    /' || true
      ;;
    *.tar.gz)
      diff <(tar -tvzf "$a") <(tar -tvzf "$b") | head -20 | sed 's/^/    /' || true
      ;;
    *) diff "$a" "$b" | head -20 | sed 's/^/    /' || true ;;
  esac
done
if [ "$status" = 0 ]; then
  echo "check-reproducible: $same artifacts identical in two clean builds"
else
  echo "check-reproducible: NOT reproducible (see above; build logs in $work)"
fi
exit $status
