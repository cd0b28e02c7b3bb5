#!/usr/bin/env bash
# Build the local test images used by the integration tests.
#
#   bash test/images/build.sh              # all images
#   bash test/images/build.sh zookeeper    # just one (its dependencies too)
#
# No registry is reachable, so nothing is pulled: the base image is a Debian
# rootfs made with debootstrap from the host's configured apt mirror and loaded
# with `docker import`; every other image is `docker build` FROM it.
#
# Images that need more Debian packages than the base has (maven, postgres) get
# them as .deb files downloaded on the host (fetch_debs) and installed with dpkg.
# Jars come from Maven Central through the host's mvn into a cache outside the
# repository (ZKHA_TEST_CACHE, default /var/cache/zkha-test).
#
# Caching: the base image carries a label with a hash of its build inputs and
# is rebuilt only when that hash changes (or FORCE_REBUILD=1); the other images
# rely on docker's layer cache.
#
# Adding an image: write build_<name>() (and optionally list its dependency in
# DEPS), then add <name> to ALL_IMAGES.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
CACHE="${ZKHA_TEST_CACHE:-/var/cache/zkha-test}"

SUITE=bookworm
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
HASH_LABEL=org.zkha-test.inputs-hash

BASE_IMAGE=zkha-test/base:bookworm
ZOOKEEPER_IMAGE=zkha-test/zookeeper:3.8
MAVEN_IMAGE=zkha-test/maven:bookworm
POSTGRES_IMAGE=zkha-test/postgres:15
# Real Apache Oozie 5.2.1 from images/oozie: the stock layout, and an "older installation"
# whose lib/ lacks curator-x-discovery. The tags can be overridden to build beside a run that
# uses the defaults.
OOZIE_IMAGE="${ZKHA_OOZIE_IMAGE:-zkha-test/oozie:5}"
OOZIE_OLDER_IMAGE="${ZKHA_OOZIE_OLDER_IMAGE:-zkha-test/oozie:5-older}"
# The stock image plus the applications the suites submit (test/images/oozie-apps).
OOZIE_APPS_IMAGE="${ZKHA_OOZIE_APPS_IMAGE:-zkha-test/oozie:5-apps}"
FLINK_IMAGE=zkha-test/flink:2.1.1

# Packages baked into the base image (debootstrap --include).
BASE_PACKAGES=(
  bash
  ca-certificates
  curl
  netcat-openbsd
  openjdk-17-jre-headless
  procps
  util-linux
  zookeeper
)

# Build order matters: dependencies first.
ALL_IMAGES=(base zookeeper maven postgres oozie flink)
declare -A DEPS=(
  [zookeeper]=base
  [maven]=base
  [postgres]=base
  [oozie]="base maven"
  [flink]=base
)

# The legacy builder resolves FROM against local images only, which is what we
# want (no registry); BuildKit on old engines may try to reach a registry.
export DOCKER_BUILDKIT="${DOCKER_BUILDKIT:-0}"

# Ids of images replaced by this run; removed at the end (children first) so
# rebuilds do not pile up dangling images.
OLD_IDS=()
remember_old() {
  local id
  id="$(docker image inspect -f '{{.Id}}' "$1" 2>/dev/null || true)"
  [[ -n "$id" ]] && OLD_IDS+=("$id")
  return 0
}

log() { echo "build.sh: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

image_exists() { docker image inspect "$1" >/dev/null 2>&1; }

image_label() {
  docker image inspect -f "{{ index .Config.Labels \"$2\" }}" "$1" 2>/dev/null || true
}

# Debian mirror URI from the host's apt configuration (never hard-coded):
# first URIs: of a deb822 stanza whose Suites contain $SUITE, else the first
# matching `deb` line of a one-line-style sources file.
debian_mirror() {
  local f uri
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f "$f" ]] || continue
    uri="$(awk -v suite="$SUITE" '
      function flush() {
        if (types ~ /(^|[ \t])deb([ \t]|$)/ && uri != "" && (" " suites " ") ~ ("[ \t]" suite "[ \t]")) { print uri; found = 1; exit }
        types = ""; uri = ""; suites = ""
      }
      /^[ \t]*$/ { flush(); next }
      /^[ \t]*#/ { next }
      tolower($1) == "types:"  { sub(/^[^:]*:[ \t]*/, ""); types = $0; next }
      tolower($1) == "uris:"   { sub(/^[^:]*:[ \t]*/, ""); split($0, u, /[ \t]+/); uri = u[1]; next }
      tolower($1) == "suites:" { sub(/^[^:]*:[ \t]*/, ""); suites = $0; next }
      END { if (!found) flush() }
    ' "$f")"
    if [[ -n "$uri" ]]; then echo "$uri"; return 0; fi
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -f "$f" ]] || continue
    # deb [options] URI SUITE COMPONENTS...
    uri="$(sed -E 's/\[[^]]*\]//' "$f" | awk -v suite="$SUITE" '$1 == "deb" && $3 == suite { print $2; exit }')"
    if [[ -n "$uri" ]]; then echo "$uri"; return 0; fi
  done
  return 1
}

# ---------------------------------------------------------------- base image
build_base() {
  local hash current
  hash="$(
    {
      printf '%s\n' "$SUITE" "${BASE_PACKAGES[@]}"
      declare -f build_base base_rootfs_import
    } | sha256sum | cut -c1-32
  )"
  current="$(image_label "$BASE_IMAGE" "$HASH_LABEL")"
  if [[ "${FORCE_REBUILD:-0}" != 1 ]] && image_exists "$BASE_IMAGE" && [[ "$current" == "$hash" ]]; then
    echo "$BASE_IMAGE: cached"
    return 0
  fi
  remember_old "$BASE_IMAGE"
  base_rootfs_import "$hash"
  echo "$BASE_IMAGE: built"
}

ROOTFS=""
cleanup_rootfs() {
  [[ -n "$ROOTFS" && -d "$ROOTFS" ]] || return 0
  # debootstrap mounts proc/sys inside the target; never rm through a mount.
  local m
  while read -r m; do
    umount -l "$m" 2>/dev/null || true
  done < <(awk -v r="$ROOTFS" 'index($2, r "/") == 1 { print $2 }' /proc/mounts | sort -r)
  rm -rf --one-file-system "$ROOTFS"
  ROOTFS=""
}

base_rootfs_import() {
  local hash="$1" mirror java_home include
  [[ "$(id -u)" == 0 ]] || die "debootstrap needs root"
  if ! command -v debootstrap >/dev/null || [[ ! -r "$KEYRING" ]]; then
    log "installing debootstrap and debian-archive-keyring"
    { apt-get update -q &&
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
          debootstrap debian-archive-keyring; } >&2 || die "apt-get install debootstrap failed"
  fi
  mirror="$(debian_mirror)" || die "no Debian mirror for '$SUITE' found in /etc/apt sources"
  include="$(IFS=,; echo "${BASE_PACKAGES[*]}")"

  ROOTFS="$(mktemp -d /var/tmp/zkha-rootfs.XXXXXX)"
  trap cleanup_rootfs EXIT
  log "debootstrap $SUITE into $ROOTFS (this takes a few minutes)"
  if ! debootstrap --variant=minbase --components=main --keyring="$KEYRING" \
      --include="$include" "$SUITE" "$ROOTFS" "$mirror" >"$ROOTFS.log" 2>&1; then
    tail -n 40 "$ROOTFS.log" >&2 || true
    [[ -f "$ROOTFS/debootstrap/debootstrap.log" ]] && tail -n 40 "$ROOTFS/debootstrap/debootstrap.log" >&2
    rm -f "$ROOTFS.log"
    die "debootstrap failed"
  fi
  rm -f "$ROOTFS.log"

  # Trim: package caches and lists (re-fetchable), host-specific files that
  # docker provides at run time.
  rm -rf "$ROOTFS"/var/cache/apt/archives/*.deb "$ROOTFS"/var/lib/apt/lists/* \
    "$ROOTFS"/var/cache/debconf/*-old "$ROOTFS"/var/lib/dpkg/*-old \
    "$ROOTFS"/var/log/*.log "$ROOTFS"/var/log/apt/* "$ROOTFS"/tmp/* \
    "$ROOTFS"/usr/share/doc/* "$ROOTFS"/usr/share/man/* "$ROOTFS"/usr/share/info/*
  : >"$ROOTFS/etc/resolv.conf"
  : >"$ROOTFS/etc/hostname"

  java_home="$(cd "$ROOTFS" && find usr/lib/jvm -mindepth 1 -maxdepth 1 -type d -name "java-17-openjdk-*" | sort | head -n1)"
  [[ -n "$java_home" ]] || die "no JDK 17 in rootfs"

  log "importing rootfs as $BASE_IMAGE"
  tar --numeric-owner --xattrs -C "$ROOTFS" -c . | docker import \
    --change "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    --change "ENV JAVA_HOME=/$java_home" \
    --change "ENV LANG=C.UTF-8" \
    --change "LABEL $HASH_LABEL=$hash" \
    --change "LABEL org.zkha-test.suite=$SUITE" \
    --change 'CMD ["bash"]' \
    - "$BASE_IMAGE" >/dev/null

  cleanup_rootfs
  trap - EXIT
}

# ----------------------------------------------------------- docker-built images
# docker_build IMAGE CONTEXT_DIR [DOCKER_BUILD_ARGS...]: layer-cached build;
# reports built/cached by comparing the image id before and after.
docker_build() {
  local image="$1" ctx="$2" before after out
  shift 2
  before="$(docker image inspect -f '{{.Id}}' "$image" 2>/dev/null || true)"
  if ! out="$(docker build --network=none -t "$image" "$@" "$ctx" 2>&1)"; then
    echo "$out" >&2
    die "docker build of $image failed"
  fi
  after="$(docker image inspect -f '{{.Id}}' "$image")"
  if [[ -n "$before" && "$before" == "$after" ]]; then
    echo "$image: cached"
  else
    [[ -n "$before" ]] && OLD_IDS+=("$before")
    echo "$image: built"
  fi
}

build_zookeeper() {
  docker_build "$ZOOKEEPER_IMAGE" "$HERE/zookeeper"
}

# fetch_debs NAME PACKAGE...: downloads into $CACHE/debs/NAME the .deb files
# that installing PACKAGEs (without recommends) on the base image needs, from the
# suite and mirror the base was made of, with apt state of its own (the host's
# apt configuration and lists are not touched; the base image's dpkg status is
# the "installed" set). Prints the directory. Re-downloads when the package list
# or the base image changes.
fetch_debs() {
  local name="$1" dir apt stamp mirror
  shift
  dir="$CACHE/debs/$name"
  apt="$CACHE/apt"
  stamp="$(printf '%s\n' "$@" "$(docker image inspect -f '{{.Id}}' "$BASE_IMAGE")" | sha256sum | cut -c1-32)"
  if [[ -f "$dir/.stamp" && "$(cat "$dir/.stamp")" == "$stamp" ]]; then
    echo "$dir"
    return 0
  fi
  [[ "$(id -u)" == 0 ]] || die "downloading .deb files needs root (apt-get)"
  mirror="$(debian_mirror)" || die "no Debian mirror for '$SUITE' found in /etc/apt sources"
  rm -rf "$dir"
  mkdir -p "$dir/partial" "$apt/lists/partial" "$apt/state" "$apt/cache"
  echo "deb [signed-by=$KEYRING] $mirror $SUITE main" >"$apt/sources.list"
  docker run --rm --network none --entrypoint cat "$BASE_IMAGE" /var/lib/dpkg/status >"$apt/status"
  local opts=(
    -o "Dir::Etc::SourceList=$apt/sources.list" -o Dir::Etc::SourceParts=-
    -o "Dir::State=$apt/state" -o "Dir::State::Lists=$apt/lists" -o "Dir::State::status=$apt/status"
    -o "Dir::Cache=$apt/cache" -o "Dir::Cache::Archives=$dir"
    -o Debug::NoLocking=1 -o APT::Install-Recommends=false
  )
  log "downloading .deb files for $name: $*"
  { apt-get -q "${opts[@]}" update &&
      apt-get -q -y "${opts[@]}" install --download-only "$@"; } >&2 ||
    die "apt-get download for $name failed"
  rm -rf "$dir/partial" "$dir/lock"
  ls "$dir"/*.deb >/dev/null 2>&1 || die "no .deb files downloaded for $name"
  echo "$stamp" >"$dir/.stamp"
  echo "$dir"
}

# context_with_debs NAME SRC_DIR DEBS_DIR: a build context in the cache with
# SRC_DIR's files and the .deb files hard-linked in as debs/. Prints it.
context_with_debs() {
  local ctx="$CACHE/context/$1"
  rm -rf "$ctx"
  mkdir -p "$ctx"
  cp -a "$2/." "$ctx/"
  cp -al "$3" "$ctx/debs"
  rm -f "$ctx/debs/.stamp"
  echo "$ctx"
}

build_maven() {
  local debs
  debs="$(fetch_debs maven maven openjdk-17-jdk-headless)"
  docker_build "$MAVEN_IMAGE" "$(context_with_debs maven "$HERE/maven" "$debs")"
}

build_postgres() {
  local debs
  debs="$(fetch_debs postgres postgresql)"
  docker_build "$POSTGRES_IMAGE" "$(context_with_debs postgres "$HERE/postgres" "$debs")"
}

# The Oozie recipe shipped in images/oozie, built offline: its fetch stage runs
# in the maven image with `mvn -o` on a Maven repository that the host's mvn
# filled from Maven Central with the same pom ($CACHE/oozie-m2, hard-linked into
# the context as maven/repository). Both layouts share the fetch stage's layers.
build_oozie() {
  local m2="$CACHE/oozie-m2" maven="$REPO/images/oozie/maven" stamp work ctx
  stamp="$(cat "$maven/pom.xml" "$maven"/*/pom.xml | sha256sum | cut -c1-32)"
  if [[ "$(cat "$m2/.zkha-stamp" 2>/dev/null)" != "$stamp" ]]; then
    command -v mvn >/dev/null || die "mvn is needed on the host to fill $m2"
    log "filling $m2 from Maven Central (images/oozie/maven/pom.xml)"
    work="$(mktemp -d "$CACHE/oozie-prefill.XXXXXX")"
    cp -a "$maven/." "$work/"
    rm -rf "$work/repository"
    mvn -B -q -Dmaven.repo.local="$m2" -f "$work/pom.xml" package -Doozie.layout="$work/out" >&2 ||
      { rm -rf "$work"; die "mvn could not resolve images/oozie/maven/pom.xml"; }
    rm -rf "$work"
    echo "$stamp" >"$m2/.zkha-stamp"
  fi
  ctx="$CACHE/context/oozie"
  rm -rf "$ctx"
  mkdir -p "$ctx"
  cp -a "$REPO/images/oozie/." "$ctx/"
  rm -rf "$ctx/maven/repository"
  cp -al "$m2" "$ctx/maven/repository"
  local args=(--build-arg "MAVEN_IMAGE=$MAVEN_IMAGE" --build-arg "BASE_IMAGE=$BASE_IMAGE")
  docker_build "$OOZIE_IMAGE" "$ctx" "${args[@]}" --build-arg OOZIE_LIB_LAYOUT=stock
  docker_build "$OOZIE_OLDER_IMAGE" "$ctx" "${args[@]}" --build-arg OOZIE_LIB_LAYOUT=older
  docker_build "$OOZIE_APPS_IMAGE" "$HERE/oozie-apps" --build-arg "OOZIE_IMAGE=$OOZIE_IMAGE"
}

# Flink from the PyPI package apache-flink-libraries, into a cache outside the repository;
# the test job is compiled with the host's javac. Keep the version in step with
# test/harness/flinkFixture.ts.
build_flink() {
  local ctx
  ctx="$(FLINK_VERSION=2.1.1 bash "$HERE/flink/fetch.sh")" || die "fetching Flink failed"
  docker_build "$FLINK_IMAGE" "$ctx"
}

# ---------------------------------------------------------------------- main
docker info >/dev/null 2>&1 || die "docker daemon not reachable (run scripts/start-dockerd.sh)"

# Serialize concurrent runs (e.g. a test suite's setup and a manual run).
LOCK_FILE="${ZKHA_IMAGES_LOCK:-/tmp/zkha-test-images.lock}"
exec 9>"$LOCK_FILE"
flock -w 900 9 || die "timed out waiting for $LOCK_FILE"

declare -A BUILT=()
build_one() {
  local name="$1"
  [[ -n "${BUILT[$name]:-}" ]] && return 0
  declare -F "build_$name" >/dev/null || die "unknown image '$name' (known: ${ALL_IMAGES[*]})"
  local dep
  for dep in ${DEPS[$name]:-}; do build_one "$dep"; done
  "build_$name"
  BUILT[$name]=1
}

if (($# == 0)); then set -- "${ALL_IMAGES[@]}"; fi
for name in "$@"; do build_one "$name"; done

# Best effort: an old image still used by a container or still tagged stays.
for ((k = ${#OLD_IDS[@]} - 1; k >= 0; k--)); do
  docker rmi "${OLD_IDS[k]}" >/dev/null 2>&1 || true
done
