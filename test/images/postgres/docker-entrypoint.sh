#!/bin/bash
# Like the official postgres image's entrypoint, for what the tests use. As root: own PGDATA
# (often a fresh named volume) and re-run as `postgres`. On the first start (no PG_VERSION in
# PGDATA): initdb with POSTGRES_USER (default postgres) as superuser whose password is
# POSTGRES_PASSWORD, scram-sha-256 for every remote host, listen on all interfaces, and create
# POSTGRES_DB (default: POSTGRES_USER). Later starts ignore these variables, as upstream does.
set -euo pipefail

if [[ "${1:-}" == -* ]]; then set -- postgres "$@"; fi

if [[ "${1:-}" == postgres && "$(id -u)" == 0 ]]; then
  mkdir -p "$PGDATA" /var/run/postgresql
  chown -R postgres:postgres "$PGDATA" /var/run/postgresql
  chmod 700 "$PGDATA"
  exec setpriv --reuid=postgres --regid=postgres --init-groups -- "$0" "$@"
fi

if [[ "${1:-}" == postgres && ! -s "$PGDATA/PG_VERSION" ]]; then
  user="${POSTGRES_USER:-postgres}"
  db="${POSTGRES_DB:-$user}"
  auth="${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}"
  if [[ -z "${POSTGRES_PASSWORD:-}" && "$auth" != trust ]]; then
    echo "docker-entrypoint.sh: POSTGRES_PASSWORD is required (or POSTGRES_HOST_AUTH_METHOD=trust)" >&2
    exit 1
  fi
  initdb --username="$user" --pwfile=<(printf '%s\n' "${POSTGRES_PASSWORD:-}") \
    --encoding=UTF8 --locale=C.UTF-8 --auth-local=trust --auth-host="$auth" -D "$PGDATA"
  echo "host all all all $auth" >>"$PGDATA/pg_hba.conf"
  echo "listen_addresses = '*'" >>"$PGDATA/postgresql.conf"
  if [[ "$db" != postgres ]]; then
    # Single-user mode: no server (and no port) before the database exists.
    printf 'CREATE DATABASE "%s";\n' "${db//\"/\"\"}" |
      postgres --single -D "$PGDATA" postgres >/dev/null
  fi
  echo "docker-entrypoint.sh: initialized $PGDATA (superuser $user, database $db, host auth $auth)"
fi

exec "$@"
