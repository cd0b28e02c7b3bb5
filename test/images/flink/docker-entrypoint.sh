#!/usr/bin/env bash
# Starts one Flink process in the foreground as uid 9999, like the official image's entrypoint
# does for `jobmanager` and `taskmanager`, but without bin/ scripts (the PyPI distribution has none):
# BashJavaUtils derives the JVM memory flags and dynamic properties from the configuration,
# exactly as bin/jobmanager.sh and bin/taskmanager.sh do, then java runs the entrypoint class.
# The configuration file is uploaded by the component: config.yaml (1.19+) or flink-conf.yaml.
set -euo pipefail

FLINK_HOME="${FLINK_HOME:-/opt/flink}"
CONF="${FLINK_CONF_DIR:-$FLINK_HOME/conf}"

# As the official image: ENABLE_BUILT_IN_PLUGINS lists jars of opt/ (";"-separated) that become
# plugins, each linked into plugins/<jar name without .jar>/.
enable_built_in_plugins() {
  local jar
  IFS=';' read -r -a jars <<<"${ENABLE_BUILT_IN_PLUGINS:-}"
  for jar in "${jars[@]}"; do
    jar="${jar// /}"
    [[ -n "$jar" ]] || continue
    [[ -f "$FLINK_HOME/opt/$jar" ]] || {
      echo "ENABLE_BUILT_IN_PLUGINS: $FLINK_HOME/opt/$jar does not exist" >&2
      exit 1
    }
    mkdir -p "$FLINK_HOME/plugins/${jar%.jar}"
    ln -sfn "$FLINK_HOME/opt/$jar" "$FLINK_HOME/plugins/${jar%.jar}/$jar"
  done
}

case "${1:-}" in
  jobmanager)
    class=org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint
    params=GET_JM_RESOURCE_PARAMS
    ;;
  taskmanager)
    class=org.apache.flink.runtime.taskexecutor.TaskManagerRunner
    params=GET_TM_RESOURCE_PARAMS
    ;;
  *)
    exec "$@"
    ;;
esac

enable_built_in_plugins

config="$CONF/config.yaml"
[[ -f "$config" ]] || config="$CONF/flink-conf.yaml"
[[ -f "$config" ]] || { echo "no $CONF/config.yaml or flink-conf.yaml" >&2; exit 1; }

java_opts="$(sed -n -E 's/^env\.java\.opts(\.all)?: //p' "$config" | tail -n 1)"
classpath="$(printf '%s:' "$FLINK_HOME"/lib/*.jar)"
classpath="${classpath%:}"

output="$(java -cp "$FLINK_HOME/bin/bash-java-utils.jar:$classpath" \
  org.apache.flink.runtime.util.bash.BashJavaUtils "$params" --configDir "$CONF" 2>&1)" || {
  echo "$output" >&2
  exit 1
}
results="$(printf '%s\n' "$output" | sed -n 's/^BASH_JAVA_UTILS_EXEC_RESULT://p')"
jvm_params="$(printf '%s\n' "$results" | head -n 1)"
dynamic="$(printf '%s\n' "$results" | tail -n 1)"

# As the official image: started as root, Flink itself runs as the flink user.
as_flink=()
if [[ "$(id -u)" == 0 ]]; then
  as_flink=(setpriv --reuid=flink --regid=flink --init-groups)
fi
# Word splitting of the option strings is intended.
# shellcheck disable=SC2086
exec "${as_flink[@]}" java $jvm_params $java_opts \
  -Dlog4j.configurationFile="file:$CONF/log4j-console.properties" \
  -Dlog.file="$FLINK_HOME/log/$1.log" \
  -cp "$classpath" "$class" --configDir "$CONF" $dynamic
