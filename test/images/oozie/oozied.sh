#!/usr/bin/env bash
# oozied.sh run: starts the server in the foreground with Oozie 5's class path layout
# (embedded-oozie-server/*, then lib/*, then libtools/*). Logs what lib/ holds so tests can
# tell whether the curator jar was there when the process started.
set -euo pipefail
: "${OOZIE_HOME:=/opt/oozie}"
if [[ "${1:-}" != run ]]; then
  echo "usage: oozied.sh run" >&2
  exit 2
fi
if [[ -f "$OOZIE_HOME/lib/curator-x-discovery-4.2.0.jar" ]]; then
  echo "oozied.sh: lib has curator-x-discovery-4.2.0.jar at start"
else
  echo "oozied.sh: lib lacks curator-x-discovery-4.2.0.jar at start"
fi
exec java -Xmx256m -XX:+ExitOnOutOfMemoryError \
  -cp "$OOZIE_HOME/embedded-oozie-server/*:$OOZIE_HOME/lib/*:$OOZIE_HOME/libtools/*" \
  OozieZkHarness "$OOZIE_HOME/conf/oozie-site.xml"
