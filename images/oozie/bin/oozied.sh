#!/usr/bin/env bash
# Start script of the pulumi-zk-ha Oozie image. Written for this image: the Apache Oozie
# distribution's bin/ scripts are not published as registry artifacts.
#
#   oozied.sh run         make sure the database schema exists, then run the server in the
#                         foreground (exec: the JVM becomes this process and gets the SIGTERM
#                         of `docker stop`, and Oozie deregisters from ZooKeeper on the way out)
#   oozied.sh db ARGS...  run the schema tool, OozieDBCLI (ARGS: version | create -run | ...)
#
# Configuration: $OOZIE_HOME/conf/oozie-site.xml (written into the container before it starts,
# e.g. by OozieHaCluster), oozie-log4j.properties and hadoop-conf/ next to it. Environment:
#   OOZIE_HOME             the installation; default /opt/oozie
#   OOZIE_INSTANCE_ID      passed as -Doozie.instance.id, which wins over oozie-site.xml;
#                          default `hostname -f` (the container's hostname)
#   OOZIE_DB_SCHEMA        create (default): create the schema when the database has none;
#                          check: only wait for someone else to create it; skip: do neither
#   OOZIE_DB_WAIT_SECONDS  how long to wait for the database and its schema; default 300
#   OOZIE_OPTS             extra JVM options for the server, split on spaces (e.g. -Xmx512m)
set -euo pipefail

H="${OOZIE_HOME:-/opt/oozie}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
# Java 17 needs this one opening for Guice/cglib; nothing else.
OPENS=(--add-opens java.base/java.lang=ALL-UNNAMED)
DIRS=(-Doozie.home.dir="$H" -Doozie.config.dir="$H/conf" -Doozie.log.dir="$H/logs"
  -Doozie.data.dir="$H/data" -Dderby.stream.error.file="$H/logs/derby.log")

log() { echo "oozied.sh: $*" >&2; }

# The schema tool's class path is the server's libraries plus libtools (oozie-tools, gson).
dbcli() {
  "$JAVA" "${OPENS[@]}" "${DIRS[@]}" -cp "$H/libtools/*:$H/lib/*" \
    org.apache.oozie.tools.OozieDBCLI "$@"
}

# Wait until `version` passes, which needs the last step of a creation (db.version in
# OOZIE_SYS), creating the schema when it is missing. Several servers may start at once against
# one database: each creates only after `version` said "no schema"; `create` itself does
# nothing when the tables exist; a create that loses a race fails; and nobody goes on before
# `version` passes. A half-created schema (a creator killed midway) is not repaired: the wait
# times out and says so.
ensure_schema() {
  local mode="${OOZIE_DB_SCHEMA:-create}" wait="${OOZIE_DB_WAIT_SECONDS:-300}" out
  [[ "$mode" == skip ]] && return 0
  [[ "$mode" == create || "$mode" == check ]] || { log "OOZIE_DB_SCHEMA must be create, check or skip, not '$mode'"; exit 2; }
  local deadline=$((SECONDS + wait))
  while :; do
    if out="$(dbcli version 2>&1)"; then
      log "database schema present ($(grep -m1 -o "db.version: *[^ ]*" <<<"$out" || echo "version ok"))"
      return 0
    fi
    if ((SECONDS >= deadline)); then
      log "no usable database schema after ${wait}s; the schema tool said:"
      printf '%s\n' "$out" | grep -v '^\s*at ' >&2
      exit 1
    fi
    if grep -q "Could not connect to the database" <<<"$out"; then
      log "database not reachable yet: $(grep -m1 -o 'Could not connect.*' <<<"$out" | cut -c1-200)"
    elif [[ "$mode" == create ]]; then
      # A little jitter spreads servers that were started together.
      sleep "$((RANDOM % 3))"
      log "no complete schema: running the schema tool's create -run"
      if out="$(dbcli create -run 2>&1)"; then
        log "$(grep -m1 -E 'has been created|DB schema exists' <<<"$out" || echo "create finished")"
        continue
      fi
      log "create failed (another server may be creating it): $(grep -m1 '^Error:' <<<"$out" | cut -c1-200)"
    else
      log "waiting for the database schema to be created"
    fi
    sleep 3
  done
}

run_server() {
  local id="${OOZIE_INSTANCE_ID:-}" opts=()
  [[ -n "$id" ]] || id="$(hostname -f 2>/dev/null || hostname)"
  [[ -f "$H/conf/oozie-site.xml" ]] || log "no $H/conf/oozie-site.xml: running on Oozie's defaults"
  read -r -a opts <<<"${OOZIE_OPTS:-}"
  # Oozie's ZooKeeper services need curator-x-discovery in lib/ (see the Dockerfile's "older").
  local curator=("$H"/lib/curator-x-discovery-*.jar)
  if [[ -f "${curator[0]}" ]]; then
    log "lib has ${curator[0]##*/} at start"
  else
    log "lib lacks curator-x-discovery at start"
  fi
  ensure_schema
  log "starting Oozie server, instance id $id"
  # The class path of Oozie 5's embedded Jetty: the services start from lib/ before the webapp
  # exists, and the trailing directory is where Jetty finds webapp/ as a class path resource.
  exec "$JAVA" "${OPENS[@]}" "${DIRS[@]}" \
    -Doozie.instance.id="$id" \
    -Doozie.config.file=oozie-site.xml \
    -Doozie.log4j.file=oozie-log4j.properties \
    "${opts[@]}" \
    -cp "$H/embedded-oozie-server/*:$H/embedded-oozie-server/dependency/*:$H/lib/*:$H/libtools/*:$H/embedded-oozie-server" \
    org.apache.oozie.server.EmbeddedOozieServer
}

# docker stop during the schema wait: leave at once instead of waiting for SIGKILL.
trap 'exit 143' TERM INT

case "${1:-run}" in
  run) run_server ;;
  db) shift; dbcli "$@" ;;
  *) echo "usage: oozied.sh [run] | oozied.sh db ARGS..." >&2; exit 2 ;;
esac
