#!/usr/bin/env bash
# Three Docker hosts on one machine, for the multi-host suite and for trying the multi-host
# example by hand: each host is a network namespace with its own address on a bridge this
# script creates, its own dockerd (data root, socket, container subnet), its own sshd, and a
# dnsmasq that answers its containers' name lookups at once.
# Nothing here routes anywhere but between these namespaces and this machine.
#
#   hosts.sh up IMAGE...     start the hosts (after a clean `down`), load the images over ssh
#   hosts.sh down            stop everything, remove containers, volumes, namespaces, links
#   hosts.sh partition N     cut host N off from the other hosts (this machine still reaches it)
#   hosts.sh heal N          undo `partition N`
#   hosts.sh crash N         host N is lost: its link goes down, every process on it is killed
#   hosts.sh boot N          host N comes back: link up, dockerd (which restarts its containers)
#   hosts.sh database IMAGE  start a PostgreSQL beside the hosts (IMAGE: the postgres test image)
#   hosts.sh ssh-config      print the ssh client options for the hosts
#
# Beside the hosts, a store at 10.20.0.20 (namespace zkha-store) serves an S3 API on port 9000
# (S3Proxy from Maven Central) with one bucket, flink-ha, and keys made at each `up` (written to
# /run/zkha-hosts/store/s3.env): the shared storage every host reaches, as an object store
# outside the hosts would be. Faults never touch it. It keeps objects in memory, key for key:
# S3Proxy's file backends map "dir/" marker objects onto directories, and Hadoop's S3A then
# reads an empty directory as a file.
#
# `database` starts a PostgreSQL at 10.20.0.21:5432 (user and database oozie, a password made at
# each start, written to /run/zkha-hosts/store/db.env): the database server the Oozie servers on
# the hosts share, outside the hosts as well. It is a container of this machine's engine with no
# network of its own, its namespace plugged into the hosts' bridge.
#
# Host N (1..3) has address 10.20.0.1N, namespace zkha-host-N, engine socket
# /run/zkha-hosts/hN/docker.sock and containers on 172.2N.0.0/16 (networks of /24 each).
# ssh root@10.20.0.1N reaches its engine (`docker system dial-stdio`, as `ssh://` Docker hosts
# do) with a key made here.
set -euo pipefail

COUNT=3
BRIDGE=zkha-hosts0
PREFIX=10.20.0
GATEWAY=$PREFIX.1
STATE=${ZKHA_HOSTS_STATE:-/var/lib/zkha-hosts}
RUN=/run/zkha-hosts
KEYS=$STATE/ssh
STORE_ADDRESS=$PREFIX.20
STORE_PORT=9000
S3PROXY_VERSION=2.7.0
DB_ADDRESS=$PREFIX.21
DB_CONTAINER=zkha-hosts-db
CACHE=${ZKHA_CACHE_DIR:-/var/cache/zkha-test}

say() { echo "hosts: $*"; }
die() {
  echo "hosts: ERROR: $*" >&2
  exit 1
}

address() { echo "$PREFIX.1$1"; }
namespace() { echo "zkha-host-$1"; }
subnet() { echo "172.2$1.0.0/16"; }
socket() { echo "$RUN/h$1/docker.sock"; }
in_host() {
  local n=$1
  shift
  # nsenter, not `ip netns exec`: that remounts /sys, and dockerd then finds no cgroups.
  nsenter --net="/run/netns/$(namespace "$n")" "$@"
}
engine() {
  local n=$1
  shift
  docker -H "unix://$(socket "$n")" "$@"
}
others() { seq 1 "$COUNT" | grep -vx "$1"; }

make_keys() {
  mkdir -p "$KEYS"
  chmod 700 "$KEYS"
  [[ -f $KEYS/id_ed25519 ]] || ssh-keygen -q -t ed25519 -N "" -C zkha-hosts -f "$KEYS/id_ed25519"
  [[ -f $KEYS/host_ed25519 ]] || ssh-keygen -q -t ed25519 -N "" -C zkha-host -f "$KEYS/host_ed25519"
  local all=()
  for n in $(seq 1 "$COUNT"); do all+=("$(address "$n")"); done
  # The hosts share one host key; clients check it (no trust on first use).
  echo "$(
    IFS=,
    echo "${all[*]}"
  ) $(cut -d' ' -f1-2 "$KEYS/host_ed25519.pub")" >"$KEYS/known_hosts"
  ssh_config >"$KEYS/config"
}

ssh_config() {
  cat <<EOF
Host $PREFIX.*
  User root
  IdentityFile $KEYS/id_ed25519
  IdentitiesOnly yes
  UserKnownHostsFile $KEYS/known_hosts
  StrictHostKeyChecking yes
  ConnectTimeout 5
  ServerAliveInterval 2
  ServerAliveCountMax 3
EOF
}

start_engine() {
  local n=$1 dir=$RUN/h$1
  mkdir -p "$dir" "$STATE/h$n"
  # Each host's containers under a cgroup of their own, with equal CPU shares: on this machine's
  # few cores, JVMs restarting on one host (cut off, their sessions lost) cannot take the CPU
  # the servers of the other hosts need, as they could not on separate machines.
  in_host "$n" dockerd --data-root "$STATE/h$n/docker" --exec-root "$dir/exec" \
    --cgroup-parent "/zkha-host-$n" \
    -H "unix://$(socket "$n")" --pidfile "$dir/dockerd.pid" \
    --iptables=false --ip-masq=false --bip "172.2$n.255.1/24" --dns "172.2$n.255.1" \
    --default-address-pool "base=$(subnet "$n"),size=24" \
    >"$dir/dockerd.log" 2>&1 &
  for _ in $(seq 1 60); do
    engine "$n" info >/dev/null 2>&1 && return 0
    sleep 1
  done
  tail -20 "$dir/dockerd.log" >&2
  die "the engine of host $n did not answer within 60 s"
}

# The engine sends its containers' lookups to its bridge address (--dns); a dnsmasq there with no
# upstream answers "no such name" at once. Without it each lookup (the ZooKeeper client's reverse
# lookup of a server address at every connection among them) waits 10 to 20 s for no answer.
start_dns() {
  local n=$1
  command -v dnsmasq >/dev/null || die "dnsmasq not found: install dnsmasq-base"
  in_host "$n" dnsmasq --no-resolv --no-hosts --listen-address="172.2$n.255.1" --bind-interfaces \
    --address=/#/ --pid-file="$RUN/h$n/dnsmasq.pid" || die "dnsmasq did not start on host $n"
}

start_sshd() {
  local n=$1 dir=$RUN/h$1
  mkdir -p /run/sshd
  echo "environment=\"DOCKER_HOST=unix://$(socket "$n")\" $(cat "$KEYS/id_ed25519.pub")" \
    >"$dir/authorized_keys"
  cat >"$dir/sshd_config" <<EOF
ListenAddress $(address "$n"):22
HostKey $KEYS/host_ed25519
AuthorizedKeysFile $dir/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
PermitUserEnvironment DOCKER_HOST
PidFile $dir/sshd.pid
EOF
  in_host "$n" /usr/sbin/sshd -f "$dir/sshd_config" -E "$dir/sshd.log"
}

# Each host reaches the others' addresses on the bridge, and their container subnets through
# them: engines run without NAT, so replies go back to a container's own address.
route_peers() {
  local n=$1
  for m in $(others "$n"); do
    in_host "$n" ip route replace "$(subnet "$m")" via "$(address "$m")"
  done
}

in_store() { nsenter --net=/run/netns/zkha-store "$@"; }

s3proxy_jar() {
  local jar=$CACHE/s3proxy/s3proxy-$S3PROXY_VERSION-jar-with-dependencies.jar
  if [[ ! -s $jar ]]; then
    command -v mvn >/dev/null || die "mvn is needed to fetch S3Proxy"
    mvn -B -q -Dmaven.repo.local="$CACHE/s3proxy/m2" dependency:copy \
      -Dartifact="org.gaul:s3proxy:$S3PROXY_VERSION:jar:jar-with-dependencies" \
      -DoutputDirectory="$CACHE/s3proxy" >&2 || die "mvn could not fetch org.gaul:s3proxy:$S3PROXY_VERSION"
  fi
  echo "$jar"
}

store_up() {
  local jar dir=$RUN/store
  jar=$(s3proxy_jar)
  ip netns add zkha-store
  ip link add zkha-s0 type veth peer name eth0 netns zkha-store
  ip link set zkha-s0 master "$BRIDGE"
  ip link set zkha-s0 up
  in_store ip link set lo up
  in_store ip addr add "$STORE_ADDRESS/24" dev eth0
  in_store ip link set eth0 up
  # Replies go back to the containers' own addresses (the engines do no NAT).
  for n in $(seq 1 "$COUNT"); do in_store ip route replace "$(subnet "$n")" via "$(address "$n")"; done
  mkdir -p "$dir"
  local key secret
  key=$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
  secret=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
  printf 'S3_ENDPOINT=http://%s:%s\nS3_ACCESS_KEY=%s\nS3_SECRET_KEY=%s\n' \
    "$STORE_ADDRESS" "$STORE_PORT" "$key" "$secret" >"$dir/s3.env"
  chmod 600 "$dir/s3.env"
  cat >"$dir/s3proxy.properties" <<PROPERTIES
s3proxy.endpoint=http://$STORE_ADDRESS:$STORE_PORT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$key
s3proxy.credential=$secret
jclouds.provider=transient
jclouds.identity=$key
jclouds.credential=$secret
PROPERTIES
  in_store java -jar "$jar" --properties "$dir/s3proxy.properties" >"$dir/s3proxy.log" 2>&1 &
  for _ in $(seq 1 60); do
    if timeout 1 bash -c "exec 3<>/dev/tcp/$STORE_ADDRESS/$STORE_PORT" 2>/dev/null; then
      make_bucket flink-ha "$key" "$secret"
      say "store: S3 on http://$STORE_ADDRESS:$STORE_PORT, bucket flink-ha"
      return 0
    fi
    sleep 1
  done
  tail -20 "$dir/s3proxy.log" >&2
  die "the store did not answer within 60 s"
}

# PUT /<bucket> signed with AWS signature version 2, which S3Proxy accepts beside version 4.
make_bucket() {
  local bucket=$1 key=$2 secret=$3 date signature status
  date=$(LC_ALL=C date -u '+%a, %d %b %Y %H:%M:%S GMT')
  signature=$(printf 'PUT\n\n\n%s\n/%s' "$date" "$bucket" |
    openssl dgst -sha1 -hmac "$secret" -binary | base64)
  status=$(timeout 10 bash -c "exec 3<>/dev/tcp/$STORE_ADDRESS/$STORE_PORT
    printf 'PUT /%s HTTP/1.0\r\nHost: %s:%s\r\nDate: %s\r\nAuthorization: AWS %s:%s\r\nContent-Length: 0\r\n\r\n' \
      '$bucket' '$STORE_ADDRESS' '$STORE_PORT' '$date' '$key' '$signature' >&3
    head -1 <&3")
  [[ $status == *" 200"* ]] || die "the store did not create bucket $bucket: $status"
}

database_up() {
  local image=$1 dir=$RUN/store password pid
  [[ -d $dir ]] || die "the hosts are not up"
  database_down
  password=$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')
  docker run -d --name "$DB_CONTAINER" --network none --label zkha-hosts=database \
    -e POSTGRES_USER=oozie -e POSTGRES_DB=oozie -e POSTGRES_PASSWORD="$password" \
    "$image" >/dev/null || die "could not start $image"
  pid=$(docker inspect -f '{{.State.Pid}}' "$DB_CONTAINER")
  ip link add zkha-d0 type veth peer name eth0 netns "$pid"
  ip link set zkha-d0 master "$BRIDGE"
  ip link set zkha-d0 up
  nsenter --net="/proc/$pid/ns/net" ip addr add "$DB_ADDRESS/24" dev eth0
  nsenter --net="/proc/$pid/ns/net" ip link set eth0 up
  for n in $(seq 1 "$COUNT"); do
    nsenter --net="/proc/$pid/ns/net" ip route replace "$(subnet "$n")" via "$(address "$n")"
  done
  printf 'DB_URL=jdbc:postgresql://%s:5432/oozie\nDB_USER=oozie\nDB_PASSWORD=%s\n' \
    "$DB_ADDRESS" "$password" >"$dir/db.env"
  chmod 600 "$dir/db.env"
  for _ in $(seq 1 90); do
    # Over TCP on its address, as the servers connect (initdb's own server listens on no port).
    if docker exec "$DB_CONTAINER" pg_isready -q -h "$DB_ADDRESS" -U oozie -d oozie; then
      say "database: PostgreSQL on $DB_ADDRESS:5432, database oozie"
      return 0
    fi
    sleep 1
  done
  docker logs --tail 20 "$DB_CONTAINER" >&2
  die "the database did not answer within 90 s"
}

database_down() {
  if docker info >/dev/null 2>&1; then
    docker rm -f "$DB_CONTAINER" >/dev/null 2>&1 || true
  fi
  ip link del zkha-d0 2>/dev/null || true
}

store_down() {
  local pids
  pids=$(ip netns pids zkha-store 2>/dev/null || true)
  # shellcheck disable=SC2086
  [[ -z $pids ]] || kill -9 $pids 2>/dev/null || true
  ip netns del zkha-store 2>/dev/null || true
  ip link del zkha-s0 2>/dev/null || true
}

boot() {
  local n=$1
  ip link set "zkha-h$n" up
  start_engine "$n"
  start_dns "$n"
  start_sshd "$n"
}

# What an earlier run left in a kept data root (its engine may have been lost, not stopped).
clean_engine() {
  local n=$1
  engine "$n" ps -aq | xargs -r docker -H "unix://$(socket "$n")" rm -f >/dev/null
  engine "$n" volume ls -q | xargs -r docker -H "unix://$(socket "$n")" volume rm -f >/dev/null
  engine "$n" network prune -f >/dev/null
}

up() {
  down >/dev/null
  [[ $# -gt 0 ]] || die "name the images the hosts need"
  command -v sshd >/dev/null || die "sshd not found: install openssh-server"
  make_keys
  mkdir -p "$RUN"
  ip link add "$BRIDGE" type bridge
  ip addr add "$GATEWAY/24" dev "$BRIDGE"
  ip link set "$BRIDGE" up
  for n in $(seq 1 "$COUNT"); do
    ip netns add "$(namespace "$n")"
    ip link add "zkha-h$n" type veth peer name eth0 netns "$(namespace "$n")"
    ip link set "zkha-h$n" master "$BRIDGE"
    in_host "$n" ip link set lo up
    in_host "$n" ip addr add "$(address "$n")/24" dev eth0
    in_host "$n" ip link set eth0 up
    in_host "$n" sysctl -q -w net.ipv4.ip_forward=1
    route_peers "$n"
    boot "$n"
    clean_engine "$n"
  done
  store_up
  for n in $(seq 1 "$COUNT"); do
    for image in "$@"; do load "$n" "$image"; done
  done
  say "up: $(for n in $(seq 1 "$COUNT"); do printf '%s ' "$(address "$n")"; done)"
}

# Images go as they would to a real host without a registry: `docker save | ssh host docker load`.
# A host that has the same image id already (its data root is kept) is skipped.
load() {
  local n=$1 image=$2 want have
  want=$(docker image inspect -f '{{.Id}}' "$image") || die "image $image is missing here"
  have=$(engine "$n" image inspect -f '{{.Id}}' "$image" 2>/dev/null || true)
  if [[ $want == "$have" ]]; then
    say "host $n has $image"
    return 0
  fi
  docker save "$image" | ssh -F "$KEYS/config" "$(address "$n")" docker load -q >/dev/null
  say "host $n: loaded $image"
}

pids_of() {
  local n=$1
  # Processes in the host's namespace (engine, containerd, shims, sshd) and in its containers,
  # which have namespaces of their own.
  ip netns pids "$(namespace "$n")" 2>/dev/null || true
  if [[ -S $(socket "$n") ]]; then
    engine "$n" ps -q 2>/dev/null | xargs -r docker -H "unix://$(socket "$n")" inspect \
      -f '{{.State.Pid}}' 2>/dev/null | grep -vx 0 || true
  fi
}

crash() {
  local n=$1
  ip link set "zkha-h$n" down
  local pids
  pids=$(pids_of "$n" | sort -u)
  # shellcheck disable=SC2086
  [[ -z $pids ]] || kill -9 $pids 2>/dev/null || true
  rm -f "$(socket "$n")" "$RUN/h$n/dockerd.pid" "$RUN/h$n/sshd.pid" "$RUN/h$n/dnsmasq.pid"
  say "host $n crashed"
}

partition() {
  local n=$1
  for m in $(others "$n"); do
    in_host "$n" ip route replace prohibit "$(address "$m")/32"
    in_host "$n" ip route replace prohibit "$(subnet "$m")"
    in_host "$m" ip route replace prohibit "$(address "$n")/32"
    in_host "$m" ip route replace prohibit "$(subnet "$n")"
  done
  say "host $n cut off from $(others "$n" | xargs)"
}

heal() {
  local n=$1
  for m in $(others "$n"); do
    in_host "$n" ip route del prohibit "$(address "$m")/32" 2>/dev/null || true
    in_host "$m" ip route del prohibit "$(address "$n")/32" 2>/dev/null || true
  done
  for m in $(seq 1 "$COUNT"); do route_peers "$m"; done
  say "host $n joined again"
}

down() {
  for n in $(seq 1 "$COUNT"); do
    [[ -e /run/netns/$(namespace "$n") ]] || continue
    if [[ -S $(socket "$n") ]] && engine "$n" info >/dev/null 2>&1; then
      # Volumes too: the next run starts clean; images stay in the kept data root.
      clean_engine "$n" || true
      local pid
      pid=$(cat "$RUN/h$n/dockerd.pid" 2>/dev/null || true)
      if [[ -n $pid ]]; then
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 30); do
          kill -0 "$pid" 2>/dev/null || break
          sleep 0.5
        done
      fi
    fi
    local pids
    pids=$(pids_of "$n" | sort -u)
    # shellcheck disable=SC2086
    [[ -z $pids ]] || kill -9 $pids 2>/dev/null || true
    # Mounts a killed engine left behind under its exec root.
    grep -o " $RUN/h$n/[^ ]*" /proc/mounts | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
    ip netns del "$(namespace "$n")" 2>/dev/null || true
    rmdir /sys/fs/cgroup/*/"zkha-host-$n" /sys/fs/cgroup/"zkha-host-$n" 2>/dev/null || true
  done
  database_down
  store_down
  for n in $(seq 1 "$COUNT"); do ip link del "zkha-h$n" 2>/dev/null || true; done
  ip link del "$BRIDGE" 2>/dev/null || true
  rm -rf "$RUN"
  say "down"
}

[[ $(id -u) == 0 ]] || die "run as root: namespaces, links and engines need it"
command=${1:-}
shift || true
case $command in
  up) up "$@" ;;
  down) down ;;
  partition | heal | crash | boot)
    [[ ${1:-} =~ ^[1-3]$ ]] || die "$command needs a host number, 1 to $COUNT"
    "$command" "$1"
    ;;
  database)
    [[ -n ${1:-} ]] || die "database needs the PostgreSQL image"
    database_up "$1"
    ;;
  ssh-config) ssh_config ;;
  *) die "usage: hosts.sh up IMAGE... | down | partition N | heal N | crash N | boot N | database IMAGE | ssh-config" ;;
esac
