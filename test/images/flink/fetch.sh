#!/usr/bin/env bash
# Fetches a Flink distribution and assembles the docker build context of the Flink test image,
# all under a cache directory outside the repository (nothing here is committed):
#
#   bash test/images/flink/fetch.sh          # prints the context directory on stdout
#
# The distribution comes from the PyPI package apache-flink-libraries (pip, by package name);
# it ships lib/, opt/, plugins/ and bin/bash-java-utils.jar but no scripts, conf/ or examples,
# so the test job (job/zkha/FailoverJob.java) is compiled here with the host's javac against the
# distribution's jars. The S3 filesystem plugin comes from Maven Central into opt/.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
FLINK_VERSION="${FLINK_VERSION:-2.1.1}"
CACHE="${ZKHA_CACHE_DIR:-/var/cache/zkha-test}/flink"
DIST="$CACHE/flink-$FLINK_VERSION"
CONTEXT="$CACHE/context-$FLINK_VERSION"
SDIST="$CACHE/apache_flink_libraries-$FLINK_VERSION.tar.gz"

log() { echo "flink/fetch.sh: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

mkdir -p "$CACHE"
if [[ ! -s "$SDIST" ]]; then
  if command -v pip >/dev/null; then
    pip=(pip)
  elif python3 -m pip --version >/dev/null 2>&1; then
    pip=(python3 -m pip)
  else
    die "pip is needed to download apache-flink-libraries"
  fi
  log "downloading apache-flink-libraries==$FLINK_VERSION"
  "${pip[@]}" download --quiet --no-deps --no-binary :all: "apache-flink-libraries==$FLINK_VERSION" \
    -d "$CACHE" >&2 || die "pip download failed"
fi
[[ -s "$SDIST" ]] || die "$SDIST missing after download"

if [[ ! -f "$DIST/.complete" ]]; then
  log "unpacking $SDIST"
  rm -rf "$DIST" "$DIST.tmp"
  mkdir -p "$DIST.tmp"
  tar -xzf "$SDIST" -C "$DIST.tmp" --strip-components=2 \
    "apache_flink_libraries-$FLINK_VERSION/deps"
  for d in bin lib opt plugins; do
    [[ -e "$DIST.tmp/$d" ]] || die "distribution has no $d/"
  done
  rm -rf "$DIST.tmp/licenses"
  touch "$DIST.tmp/.complete"
  mv "$DIST.tmp" "$DIST"
fi

# Flink's S3 filesystem plugin, as the official image keeps it: in opt/, enabled per container
# with ENABLE_BUILT_IN_PLUGINS (docker-entrypoint.sh). The PyPI distribution does not ship it.
S3_PLUGIN="flink-s3-fs-hadoop-$FLINK_VERSION.jar"
if [[ ! -s "$CACHE/$S3_PLUGIN" ]]; then
  command -v mvn >/dev/null || die "mvn is needed to download $S3_PLUGIN"
  log "downloading $S3_PLUGIN"
  mvn -B -q -Dmaven.repo.local="$CACHE/m2" dependency:copy \
    -Dartifact="org.apache.flink:flink-s3-fs-hadoop:$FLINK_VERSION" -DoutputDirectory="$CACHE" >&2 ||
    die "mvn could not fetch org.apache.flink:flink-s3-fs-hadoop:$FLINK_VERSION"
fi

JOB_JAR="$CACHE/failover-job-$FLINK_VERSION.jar"
JOB_SRC="$HERE/job/zkha/FailoverJob.java"
if [[ ! -s "$JOB_JAR" || "$JOB_SRC" -nt "$JOB_JAR" ]]; then
  command -v javac >/dev/null || die "javac (a JDK 11+) is needed to compile the test job"
  log "compiling the test job"
  classes="$(mktemp -d)"
  javac --release 11 -nowarn -cp "$(printf '%s:' "$DIST"/lib/*.jar)" -d "$classes" "$JOB_SRC" >&2
  jar --create --file "$JOB_JAR.tmp" --main-class zkha.FailoverJob -C "$classes" . >&2
  rm -rf "$classes"
  mv "$JOB_JAR.tmp" "$JOB_JAR"
fi

# The context: hard links where possible, so rebuilding it is cheap and docker's layer cache
# sees identical files.
rm -rf "$CONTEXT"
mkdir -p "$CONTEXT/job"
cp -al "$DIST" "$CONTEXT/dist" 2>/dev/null || cp -a "$DIST" "$CONTEXT/dist"
rm -f "$CONTEXT/dist/.complete"
cp -l "$CACHE/$S3_PLUGIN" "$CONTEXT/dist/opt/" 2>/dev/null || cp "$CACHE/$S3_PLUGIN" "$CONTEXT/dist/opt/"
cp "$JOB_JAR" "$CONTEXT/job/failover-job.jar"
cp "$HERE/Dockerfile" "$HERE/docker-entrypoint.sh" "$HERE/log4j-console.properties" "$CONTEXT/"
echo "$CONTEXT"
