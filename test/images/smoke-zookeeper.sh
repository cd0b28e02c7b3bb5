#!/usr/bin/env bash
# Smoke test for zkha-test/zookeeper:3.8: a 3-server ensemble on a user-defined
# network, configured the way the component does it (docker create, then
# `docker cp` a tar stream with conf/zoo.cfg and data/myid into /, then start).
# Checks: one leader + two followers, AdminServer answers, a client port
# published on 127.0.0.1 answers from the host. Removes everything it created.
#
#   bash test/images/smoke-zookeeper.sh   (needs the image: test/images/build.sh)
set -euo pipefail

IMAGE="${ZOOKEEPER_IMAGE:-zkha-test/zookeeper:3.8}"
PREFIX="${SMOKE_PREFIX:-zkha-smoke-$$}"
HOST_PORT="${SMOKE_HOST_PORT:-12181}"
NET="$PREFIX-net"
STAGE="$(mktemp -d)"

cleanup() {
  local i
  for i in 1 2 3; do
    docker rm -f "$PREFIX-$i" >/dev/null 2>&1 || true
    docker volume rm "$PREFIX-$i-data" "$PREFIX-$i-datalog" >/dev/null 2>&1 || true
  done
  docker network rm "$NET" >/dev/null 2>&1 || true
  rm -rf "$STAGE"
}
trap cleanup EXIT

fail() {
  echo "smoke-zookeeper: FAIL: $*" >&2
  local i
  for i in 1 2 3; do
    echo "---- docker logs $PREFIX-$i (tail) ----" >&2
    docker logs --tail 30 "$PREFIX-$i" >&2 2>&1 || true
  done
  exit 1
}

# 4lw over bash /dev/tcp (no nc needed).
four_letter() { # CONTAINER CMD
  docker exec "$1" bash -c "exec 3<>/dev/tcp/127.0.0.1/2181; printf '%s' '$2' >&3; timeout 5 cat <&3" 2>/dev/null || true
}

docker image inspect "$IMAGE" >/dev/null 2>&1 || fail "image $IMAGE missing (run test/images/build.sh)"
docker network create "$NET" >/dev/null

servers=""
for i in 1 2 3; do
  servers+="server.$i=$PREFIX-$i:2888:3888:participant;0.0.0.0:2181"$'\n'
done

for i in 1 2 3; do
  pub=()
  [[ $i == 1 ]] && pub=(-p "127.0.0.1:$HOST_PORT:2181")
  docker volume create "$PREFIX-$i-data" >/dev/null
  docker volume create "$PREFIX-$i-datalog" >/dev/null
  docker create --name "$PREFIX-$i" --hostname "$PREFIX-$i" \
    --network "$NET" --network-alias "$PREFIX-$i" "${pub[@]}" \
    -v "$PREFIX-$i-data:/data" -v "$PREFIX-$i-datalog:/datalog" \
    "$IMAGE" >/dev/null

  rm -rf "${STAGE:?}/$i" && mkdir -p "$STAGE/$i/conf" "$STAGE/$i/data"
  cat >"$STAGE/$i/conf/zoo.cfg" <<CFG
tickTime=2000
initLimit=10
syncLimit=2
dataDir=/data
dataLogDir=/datalog
4lw.commands.whitelist=srvr,ruok,mntr
admin.enableServer=true
admin.serverPort=8080
quorumListenOnAllIPs=true
$servers
CFG
  echo "$i" >"$STAGE/$i/data/myid"
  tar -C "$STAGE/$i" -c conf/zoo.cfg data/myid | docker cp - "$PREFIX-$i:/"

  # The file must land in the named volume even though the container never ran.
  got="$(docker cp "$PREFIX-$i:/data/myid" - | tar -xO)"
  [[ "$got" == "$i" ]] || fail "myid in $PREFIX-$i is '$got', want '$i'"
done

docker start "$PREFIX-1" "$PREFIX-2" "$PREFIX-3" >/dev/null

modes=""
for ((t = 0; t < 60; t++)); do
  modes=""
  for i in 1 2 3; do
    modes+="$(four_letter "$PREFIX-$i" srvr | sed -n 's/^Mode: //p') "
  done
  if [[ "$(tr ' ' '\n' <<<"$modes" | grep -c '^leader$')" == 1 &&
        "$(tr ' ' '\n' <<<"$modes" | grep -c '^follower$')" == 2 ]]; then
    break
  fi
  sleep 1
done
echo "smoke-zookeeper: modes: $modes"
[[ "$(tr ' ' '\n' <<<"$modes" | grep -c '^leader$')" == 1 ]] || fail "no single leader (modes: $modes)"
[[ "$(tr ' ' '\n' <<<"$modes" | grep -c '^follower$')" == 2 ]] || fail "not two followers (modes: $modes)"

admin="$(docker exec "$PREFIX-1" curl -fsS http://127.0.0.1:8080/commands/ruok 2>/dev/null || true)"
grep -q '"error" : null' <<<"$admin" || fail "AdminServer did not answer ruok: $admin"

host_srvr="$(
  exec 3<>"/dev/tcp/127.0.0.1/$HOST_PORT" || exit 0
  printf srvr >&3
  timeout 5 cat <&3 || true
)"
grep -q '^Mode: ' <<<"$host_srvr" || fail "no srvr answer on published 127.0.0.1:$HOST_PORT"

owner="$(docker exec "$PREFIX-1" stat -c %U /data/myid)"
[[ "$owner" == zookeeper ]] || fail "/data/myid owned by $owner, want zookeeper"
user="$(docker exec "$PREFIX-1" ps -o user= -p 1)"
[[ "$user" == zookeeper ]] || fail "pid 1 runs as $user, want zookeeper"

echo "smoke-zookeeper: OK (leader + 2 followers, admin server, host port 127.0.0.1:$HOST_PORT)"
