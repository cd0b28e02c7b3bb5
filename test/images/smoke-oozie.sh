#!/usr/bin/env bash
# Smoke test for the real Oozie images (images/oozie, built by test/images/build.sh as
# zkha-test/oozie:5 and zkha-test/oozie:5-older) against one ZooKeeper and one PostgreSQL, on a
# user-defined network, configured the way OozieHaCluster does it (docker create, `docker cp`
# of conf/oozie-site.xml, then start). Checks:
#   1. two stock servers started together against an empty database (one creates the schema,
#      the other waits for it) both answer {"systemMode":"NORMAL"}, both are registered under
#      /oozie/services/servers, and /oozie/v2/admin/available-oozie-servers lists both;
#   2. an "older" server (lib/ without curator-x-discovery) logs NoClassDefFoundError and stays
#      alive with no HTTP port and no registration;
#   3. the same server, with lib/ prepared by the component's curator copy step (a one-shot
#      container filling a volume mounted at lib/), reaches NORMAL and registers.
# Removes everything it created. 70-100 s on 2 shared cores.
#
#   bash test/images/smoke-oozie.sh   (needs the images: test/images/build.sh)
set -euo pipefail

IMAGE="${OOZIE_IMAGE:-zkha-test/oozie:5}"
OLDER_IMAGE="${OOZIE_OLDER_IMAGE:-zkha-test/oozie:5-older}"
ZK_IMAGE="${ZOOKEEPER_IMAGE:-zkha-test/zookeeper:3.8}"
PG_IMAGE="${POSTGRES_IMAGE:-zkha-test/postgres:15}"
PREFIX="${SMOKE_PREFIX:-zkha-smoke-oozie-$$}"
NET="$PREFIX-net"
ZK="$PREFIX-zk"
DB="$PREFIX-db"
STAGE="$(mktemp -d)"
CURATOR_JAR=curator-x-discovery-2.5.0.jar
T0=$SECONDS

cleanup() {
  local c
  for c in "$PREFIX-oozie-1" "$PREFIX-oozie-2" "$PREFIX-oozie-3" "$PREFIX-oozie-3-curator-copy" "$DB" "$ZK"; do
    docker rm -f "$c" >/dev/null 2>&1 || true
  done
  docker volume rm "$PREFIX-oozie-3-lib" >/dev/null 2>&1 || true
  docker network rm "$NET" >/dev/null 2>&1 || true
  rm -rf "$STAGE"
}
trap cleanup EXIT

say() { echo "smoke-oozie: [$((SECONDS - T0))s] $*"; }

# (Logs are read into variables before grep: with pipefail, `docker logs | grep -q` fails
# whenever grep stops reading early.)

fail() {
  echo "smoke-oozie: FAIL: $*" >&2
  local c
  for c in "$PREFIX-oozie-1" "$PREFIX-oozie-2" "$PREFIX-oozie-3" "$DB"; do
    docker inspect "$c" >/dev/null 2>&1 || continue
    echo "---- docker logs $c (tail) ----" >&2
    docker logs --tail 25 "$c" 2>&1 | grep -v '^\s*at ' >&2 || true
  done
  exit 1
}

status() { # SERVER: the admin status JSON, from inside the server's container
  docker exec "$1" curl -fsS -m 5 "http://$1:11000/oozie/v1/admin/status" 2>/dev/null || true
}

wait_normal() { # SECONDS SERVER...: all servers in NORMAL within SECONDS
  local limit="$1" s pending
  shift
  local deadline=$((SECONDS + limit))
  while :; do
    pending=""
    for s in "$@"; do
      [[ "$(status "$s")" == *'"systemMode":"NORMAL"'* ]] || pending+=" $s"
    done
    [[ -z "$pending" ]] && return 0
    ((SECONDS < deadline)) || fail "not NORMAL within ${limit}s:$pending"
    sleep 2
  done
}

registered() { # the ids under /oozie/services/servers, one a line
  docker exec "$ZK" java -cp /usr/share/java/zookeeper.jar org.apache.zookeeper.ZooKeeperMain \
    -server 127.0.0.1:2181 ls /oozie/services/servers 2>/dev/null |
    tail -n 1 | tr -d '[] ' | tr ',' '\n' | grep -v '^$' || true
}

# What OozieHaCluster renders for one server (src/oozie/oozieSite.ts), by hand.
site_xml() { # ALIAS
  cat <<XML
<?xml version="1.0" encoding="UTF-8"?>
<configuration>
  <property><name>oozie.services.ext</name><value>org.apache.oozie.service.ZKLocksService,org.apache.oozie.service.ZKXLogStreamingService,org.apache.oozie.service.ZKJobsConcurrencyService,org.apache.oozie.service.ZKUUIDService</value></property>
  <property><name>oozie.zookeeper.connection.string</name><value>$ZK:2181</value></property>
  <property><name>oozie.zookeeper.namespace</name><value>oozie</value></property>
  <property><name>oozie.zookeeper.secure</name><value>false</value></property>
  <property><name>oozie.base.url</name><value>http://$PREFIX-vip:11000/oozie</value></property>
  <property><name>oozie.instance.id</name><value>$1</value></property>
  <property><name>oozie.http.hostname</name><value>$1</value></property>
  <property><name>oozie.http.port</name><value>11000</value></property>
  <property><name>oozie.service.JPAService.jdbc.driver</name><value>org.postgresql.Driver</value></property>
  <property><name>oozie.service.JPAService.jdbc.url</name><value>jdbc:postgresql://$DB:5432/oozie</value></property>
  <property><name>oozie.service.JPAService.jdbc.username</name><value>oozie</value></property>
  <property><name>oozie.service.JPAService.jdbc.password</name><value>smoke-secret</value></property>
</configuration>
XML
}

create_server() { # INDEX IMAGE [docker create args...]
  local name="$PREFIX-oozie-$1" image="$2"
  shift 2
  docker create --name "$name" --hostname "$name" --network "$NET" --network-alias "$name" \
    "$@" "$image" >/dev/null
  mkdir -p "$STAGE/$name/opt/oozie/conf"
  site_xml "$name" >"$STAGE/$name/opt/oozie/conf/oozie-site.xml"
  tar -C "$STAGE/$name" -c opt/oozie/conf/oozie-site.xml | docker cp - "$name:/"
}

for image in "$IMAGE" "$OLDER_IMAGE" "$ZK_IMAGE" "$PG_IMAGE"; do
  docker image inspect "$image" >/dev/null 2>&1 || fail "image $image missing (run test/images/build.sh)"
done
docker network create "$NET" >/dev/null

# One standalone ZooKeeper and one PostgreSQL.
docker create --name "$ZK" --hostname "$ZK" --network "$NET" --network-alias "$ZK" "$ZK_IMAGE" >/dev/null
mkdir -p "$STAGE/zk/conf" "$STAGE/zk/data"
printf 'tickTime=2000\ndataDir=/data\ndataLogDir=/datalog\nclientPort=2181\nadmin.enableServer=false\n' \
  >"$STAGE/zk/conf/zoo.cfg"
echo 1 >"$STAGE/zk/data/myid"
tar -C "$STAGE/zk" -c conf/zoo.cfg data/myid | docker cp - "$ZK:/"
docker start "$ZK" >/dev/null
docker run -d --name "$DB" --hostname "$DB" --network "$NET" --network-alias "$DB" \
  -e POSTGRES_USER=oozie -e POSTGRES_PASSWORD=smoke-secret -e POSTGRES_DB=oozie "$PG_IMAGE" >/dev/null
for ((t = 0; t < 60; t++)); do
  docker exec -u postgres "$DB" pg_isready -q -U oozie -d oozie 2>/dev/null && break
  sleep 1
done
docker exec -u postgres "$DB" pg_isready -q -U oozie -d oozie || fail "PostgreSQL not ready within 60s"
say "ZooKeeper and PostgreSQL up"

# 1. Two stock servers, started together against the empty database.
create_server 1 "$IMAGE"
create_server 2 "$IMAGE"
start=$SECONDS
docker start "$PREFIX-oozie-1" "$PREFIX-oozie-2" >/dev/null
wait_normal 300 "$PREFIX-oozie-1" "$PREFIX-oozie-2"
say "stock: both servers NORMAL $((SECONDS - start))s after start (schema created on the way)"
logs="$(docker logs "$PREFIX-oozie-1" 2>&1)"
grep -q "^oozied.sh: lib has $CURATOR_JAR at start" <<<"$logs" ||
  fail "stock server did not log that lib has $CURATOR_JAR"
for ((t = 0; t < 30; t++)); do
  [[ "$(registered | sort | tr '\n' ' ')" == "$PREFIX-oozie-1 $PREFIX-oozie-2 " ]] && break
  sleep 1
done
got="$(registered | sort | tr '\n' ' ')"
[[ "$got" == "$PREFIX-oozie-1 $PREFIX-oozie-2 " ]] || fail "registered in ZooKeeper: '$got'"
for s in 1 2; do
  servers="$(docker exec "$PREFIX-oozie-$s" curl -fsS -m 5 \
    "http://$PREFIX-oozie-$s:11000/oozie/v2/admin/available-oozie-servers" 2>/dev/null || true)"
  for want in 1 2; do
    [[ "$servers" == *"\"$PREFIX-oozie-$want\":\"http:\\/\\/$PREFIX-oozie-$want:11000\\/oozie\""* ]] ||
      fail "server $s: available-oozie-servers lacks server $want: $servers"
  done
done
say "stock: both registered under /oozie/services/servers and listed by available-oozie-servers"

# 2. An older installation without the curator jar in lib/: never serves, never exits.
create_server 3 "$OLDER_IMAGE"
docker start "$PREFIX-oozie-3" >/dev/null
for ((t = 0; t < 120; t++)); do
  logs="$(docker logs "$PREFIX-oozie-3" 2>&1)"
  grep -q 'NoClassDefFoundError: org/apache/curator/x/discovery/' <<<"$logs" && break
  sleep 1
done
grep -q 'NoClassDefFoundError: org/apache/curator/x/discovery/' <<<"$logs" ||
  fail "older server: no NoClassDefFoundError for curator-x-discovery within 120s"
grep -q '^oozied.sh: lib lacks curator-x-discovery at start' <<<"$logs" ||
  fail "older server did not log that lib lacks the jar"
sleep 10
[[ "$(docker inspect -f '{{.State.Running}}' "$PREFIX-oozie-3")" == true ]] || fail "older server exited"
docker exec "$PREFIX-oozie-3" bash -c 'grep -q EmbeddedOozieServer /proc/1/cmdline' ||
  fail "older server: PID 1 is not the Oozie JVM"
listening="$(docker exec "$PREFIX-oozie-3" awk '$2 ~ /:2AF8$/ && $4 == "0A"' /proc/net/tcp /proc/net/tcp6)"
[[ -z "$listening" ]] || fail "older server listens on 11000 after all: $listening"
[[ -z "$(status "$PREFIX-oozie-3")" ]] || fail "older server answered HTTP"
grep -qx "$PREFIX-oozie-3" <<<"$(registered)" && fail "older server registered in ZooKeeper"
say "older without the jar: NoClassDefFoundError, JVM alive, no port 11000, not registered"

# 3. The same server with lib/ prepared as OozieHaCluster's curator copy does it.
docker rm -f "$PREFIX-oozie-3" >/dev/null
docker volume create "$PREFIX-oozie-3-lib" >/dev/null
copy_logs="$(docker run --name "$PREFIX-oozie-3-curator-copy" --network none -u 0:0 \
  -v "$PREFIX-oozie-3-lib:/zkha-staging/lib" --entrypoint bash "$OLDER_IMAGE" -c "
    set -eu
    src=/opt/oozie/embedded-oozie-server/webapp/WEB-INF/lib/$CURATOR_JAR
    find /zkha-staging/lib -mindepth 1 -delete
    cp -a /opt/oozie/lib/. /zkha-staging/lib/
    cp -a \"\$src\" /zkha-staging/lib/$CURATOR_JAR
    echo copied" 2>&1)" || fail "curator copy failed: $copy_logs"
docker rm "$PREFIX-oozie-3-curator-copy" >/dev/null
create_server 3 "$OLDER_IMAGE" -v "$PREFIX-oozie-3-lib:/opt/oozie/lib"
start=$SECONDS
docker start "$PREFIX-oozie-3" >/dev/null
wait_normal 180 "$PREFIX-oozie-3"
for ((t = 0; t < 30; t++)); do
  grep -qx "$PREFIX-oozie-3" <<<"$(registered)" && break
  sleep 1
done
grep -qx "$PREFIX-oozie-3" <<<"$(registered)" || fail "older server with the jar did not register"
say "older with the jar copied into lib/: NORMAL $((SECONDS - start))s after start, registered"

say "OK"
