#!/usr/bin/env bash
# Brings the default stack up on the local Docker engine with a local state backend. Needs
# nothing but Docker and the Pulumi CLI (and this package's own npm dependencies).
set -euo pipefail
cd "$(dirname "$0")/.."

fail() {
  echo "npm start: $*" >&2
  exit 1
}

command -v pulumi >/dev/null 2>&1 ||
  fail "the Pulumi CLI is not installed. Install it (see the Pulumi docs, 'Download & install'), then run npm start again."
docker info >/dev/null 2>&1 ||
  fail "no Docker engine answers. Start Docker (or run: sudo bash scripts/start-dockerd.sh), then run npm start again."

npm run build --silent

# State stays in this directory: no Pulumi Cloud account needed.
mkdir -p .pulumi-state
export PULUMI_BACKEND_URL="${PULUMI_BACKEND_URL:-file://$PWD/.pulumi-state}"
# Development passphrase for the local stack's secrets; set your own for anything real.
export PULUMI_CONFIG_PASSPHRASE="${PULUMI_CONFIG_PASSPHRASE-zk-ha-dev}"

stack="${PULUMI_STACK:-dev}"
pulumi stack select --create "$stack" >/dev/null

# Nothing to set: the stack builds the Oozie image from images/oozie (the first run fetches its
# jars, a few minutes) unless oozieImage names one, and runs PostgreSQL with a generated password
# unless oozieDbUrl (and oozieDbPassword) name your own.
pulumi up --yes --stack "$stack" "$@"
