#!/usr/bin/env bash
# Make sure a Docker engine is answering, for the integration tests.
#
# Idempotent: exits 0 at once when `docker info` already works. Otherwise
# installs Debian's docker.io if dockerd is missing (fresh machines only have
# the docker client), starts `dockerd --iptables=false --ip-masq=false` in the
# background (logs to $DOCKERD_LOG, default /var/log/dockerd.log) and waits up
# to $DOCKERD_WAIT_SECONDS (default 60) for `docker info`.
#
# With --iptables=false, published ports are served by docker-proxy (userland
# proxy), so `-p 127.0.0.1:HOST:CONTAINER` works from the host; containers get
# no NAT to the outside (nothing here needs it).
#
# Names the engine's embedded DNS does not know (a ZooKeeper server listed
# before its container exists) go to $DNS_ADDRESS, the docker0 bridge, where a
# dnsmasq with no upstream answers "no such name" at once. Without it they go
# to the machine's resolver, which containers cannot reach: 20 s per lookup,
# and traffic leaving the machine.
set -euo pipefail

LOG_FILE="${DOCKERD_LOG:-/var/log/dockerd.log}"
WAIT_SECONDS="${DOCKERD_WAIT_SECONDS:-60}"

say() { echo "start-dockerd: $*"; }
die() { echo "start-dockerd: ERROR: $*" >&2; exit 1; }

docker_ok() { docker info >/dev/null 2>&1; }

DNS_ADDRESS=172.17.0.1

# Idempotent; needs docker0 to exist, so it runs once the daemon answers.
start_dns() {
  if pgrep -f "dnsmasq .*--listen-address=$DNS_ADDRESS" >/dev/null 2>&1; then
    return 0
  fi
  command -v dnsmasq >/dev/null 2>&1 || die "dnsmasq not found: install dnsmasq-base"
  dnsmasq --no-resolv --no-hosts --listen-address="$DNS_ADDRESS" --bind-interfaces \
    --address=/#/ --pid-file=/run/zkha-dnsmasq.pid || die "dnsmasq did not start"
  say "dnsmasq answers container name lookups on $DNS_ADDRESS"
}

if command -v docker >/dev/null 2>&1 && docker_ok; then
  say "docker daemon already running"
  start_dns
  exit 0
fi

[[ "$(id -u)" == 0 ]] || die "docker daemon not reachable and not root: cannot install/start dockerd"

if ! command -v dockerd >/dev/null 2>&1; then
  say "dockerd not found: installing Debian's docker.io"
  # Keep the package's maintainer scripts from starting a daemon with default
  # flags (iptables on); we start our own below.
  own_policy=0
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
    own_policy=1
  fi
  rc=0
  {
    apt-get update -q &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends docker.io dnsmasq-base
  } >/var/log/start-dockerd-apt.log 2>&1 || rc=$?
  ((own_policy)) && rm -f /usr/sbin/policy-rc.d
  if ((rc != 0)); then
    tail -n 30 /var/log/start-dockerd-apt.log >&2 || true
    die "apt-get install docker.io failed (log: /var/log/start-dockerd-apt.log)"
  fi
  command -v dockerd >/dev/null 2>&1 || die "docker.io installed but dockerd still not on PATH"
  if docker_ok; then
    say "docker daemon is up"
    start_dns
    exit 0
  fi
fi

# A daemon may already be starting (e.g. a concurrent run): then just wait.
pid=""
if pgrep -x dockerd >/dev/null 2>&1; then
  say "dockerd process exists but is not answering yet; waiting"
else
  mkdir -p "$(dirname "$LOG_FILE")"
  # A stale pid file from a killed daemon makes dockerd refuse to start.
  if [[ -f /var/run/docker.pid ]] && ! kill -0 "$(cat /var/run/docker.pid 2>/dev/null)" 2>/dev/null; then
    rm -f /var/run/docker.pid
  fi
  say "starting dockerd --iptables=false --ip-masq=false --dns $DNS_ADDRESS (log: $LOG_FILE)"
  nohup dockerd --iptables=false --ip-masq=false --bip "$DNS_ADDRESS/16" --dns "$DNS_ADDRESS" \
    >>"$LOG_FILE" 2>&1 </dev/null &
  pid=$!
  disown "$pid" 2>/dev/null || true
fi

for ((i = 0; i < WAIT_SECONDS; i++)); do
  if docker_ok; then
    say "docker daemon is up"
    start_dns
    exit 0
  fi
  if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then
    echo "start-dockerd: dockerd (pid $pid) exited" >&2
    break
  fi
  sleep 1
done

echo "start-dockerd: ERROR: docker daemon did not become ready (waited up to ${WAIT_SECONDS}s)" >&2
if [[ -f "$LOG_FILE" ]]; then
  echo "---- last 40 lines of $LOG_FILE ----" >&2
  tail -n 40 "$LOG_FILE" >&2 || true
fi
exit 1
