#!/bin/bash
# Like the official zookeeper image's entrypoint: when started as root, make
# the data/log dirs (often fresh named volumes) owned by `zookeeper`, then run
# the command as that user. Nothing is generated: /conf/zoo.cfg and /data/myid
# must have been copied into the container before it was started.
set -euo pipefail

ZK_USER=zookeeper

if [[ "$(id -u)" == 0 ]]; then
  for d in "${ZOO_DATA_DIR:-/data}" "${ZOO_DATA_LOG_DIR:-/datalog}" "${ZOO_LOG_DIR:-/logs}"; do
    mkdir -p "$d"
    chown -R "$ZK_USER:$ZK_USER" "$d"
  done
  # ZooKeeper may write zoo.cfg.dynamic.* next to zoo.cfg; files copied in
  # with `docker cp` are root-owned. Best effort: /conf may be mounted read-only.
  chown -R "$ZK_USER:$ZK_USER" "${ZOO_CONF_DIR:-/conf}" 2>/dev/null || true
  export HOME=/var/lib/zookeeper USER="$ZK_USER" LOGNAME="$ZK_USER"
  exec setpriv --reuid="$ZK_USER" --regid="$ZK_USER" --init-groups -- "$@"
fi

exec "$@"
