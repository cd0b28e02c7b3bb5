#!/usr/bin/env bash
# Fetches the jars the Oozie test image needs into a cache outside the repository
# (never commit jars). Uses Maven by artifact coordinates only, through whatever
# repository the local Maven installation is configured for.
#
#   bash test/images/oozie/fetch-artifacts.sh [CACHE_DIR]
#
# Result (CACHE_DIR defaults to /var/cache/zkha-test/oozie):
#   CACHE_DIR/jars/*.jar   curator-x-discovery 4.2.0 and its runtime dependencies
#   CACHE_DIR/harness.jar  the registration harness compiled against them
#   CACHE_DIR/context/     the docker build context (Dockerfile, oozied.sh, jars/, harness.jar)
# and prints the context directory on stdout.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE="${1:-${ZKHA_TEST_CACHE:-/var/cache/zkha-test}/oozie}"
mkdir -p "$CACHE/jars"

if [[ ! -s "$CACHE/jars/curator-x-discovery-4.2.0.jar" ]]; then
  mvn -B -q -f "$HERE/fetch-pom.xml" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$CACHE/jars" >&2
fi
test -s "$CACHE/jars/curator-x-discovery-4.2.0.jar" || {
  echo "fetch-artifacts.sh: curator-x-discovery-4.2.0.jar missing after fetch" >&2
  exit 1
}

# Compile the harness on the host (the test image has only a JRE), against the
# fetched jars, for Java 17.
SRC="$HERE/harness/OozieZkHarness.java"
STAMP="$(sha256sum "$SRC" | cut -c1-16)"
if [[ ! -s "$CACHE/harness.jar" || "$(cat "$CACHE/harness.stamp" 2>/dev/null)" != "$STAMP" ]]; then
  BUILD="$(mktemp -d)"
  trap 'rm -rf "$BUILD"' EXIT
  javac --release 17 -d "$BUILD" -cp "$CACHE/jars/*" "$SRC"
  jar --create --file "$CACHE/harness.jar" -C "$BUILD" .
  echo "$STAMP" >"$CACHE/harness.stamp"
fi
CTX="$CACHE/context"
rm -rf "$CTX"
mkdir -p "$CTX/jars"
cp "$HERE/Dockerfile" "$HERE/oozied.sh" "$CACHE/harness.jar" "$CTX/"
cp "$CACHE"/jars/*.jar "$CTX/jars/"
echo "$CTX"
