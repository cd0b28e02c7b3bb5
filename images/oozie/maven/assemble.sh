#!/bin/sh
# The Oozie image's fetch stage: lays out the jars of Oozie 5.2.1 under DEST from pom.xml and its
# modules (see pom.xml), then adds to the webapp's WEB-INF/lib the Hadoop client jars it lacks.
#
#   sh assemble.sh DEST
#
# Offline (mvn -o) when a Maven repository is at repository/ next to this script.
set -eu

here="$(cd "$(dirname "$0")" && pwd)"
dest="${1:?usage: assemble.sh DEST}"

if [ -d "$here/repository" ]; then
  set -- -o "-Dmaven.repo.local=$here/repository"
else
  set --
fi
mvn -B -q "$@" -f "$here/pom.xml" package "-Doozie.layout=$dest"

# libext/ into WEB-INF/lib, but only artifacts the war does not carry, so that the versions
# Oozie was released with win: the artifactId is the file name up to "-<digit>".
lib="$dest/embedded-oozie-server/webapp/WEB-INF/lib"
added=""
for jar in "$dest"/libext/*.jar; do
  name="${jar##*/}"
  id="$(echo "$name" | sed -E 's/-[0-9].*\.jar$//')"
  present=""
  for have in "$lib/$id"-[0-9]*.jar; do
    [ -e "$have" ] && present="$have"
  done
  if [ -z "$present" ]; then
    cp -p "$jar" "$lib/"
    added="$added $name"
  fi
done
rm -rf "$dest/libext" "$dest.markers"
echo "assemble.sh: added to WEB-INF/lib:$added"

# What the server and the start script rely on.
for f in "$lib"/oozie-core-5.2.1.jar "$lib"/hadoop-common-2.6.0.jar \
  "$dest"/embedded-oozie-server/oozie-server-5.2.1.jar "$dest"/libtools/oozie-tools-5.2.1.jar; do
  test -s "$f" || { echo "assemble.sh: missing $f" >&2; exit 1; }
done
ls "$lib"/curator-x-discovery-*.jar >/dev/null
test "$(ls "$lib" | grep -c '^postgresql-')" = 1 || { echo "assemble.sh: not one PostgreSQL driver" >&2; exit 1; }
test "$(ls "$lib" | grep -c '^servlet-api-')" = 0 || { echo "assemble.sh: Servlet 2.5 API in lib" >&2; exit 1; }
