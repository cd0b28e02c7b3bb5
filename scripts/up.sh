#!/usr/bin/env bash
# Brings the default stack up on the local Docker engine with a local state backend.
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

# There is no official Oozie image: ask for one before Pulumi starts, with the exact command.
# The database needs nothing: the stack runs PostgreSQL with a generated password unless
# oozieDbUrl (and oozieDbPassword) name your own.
if ! pulumi config get oozieImage --stack "$stack" >/dev/null 2>&1; then
  echo "npm start: the $stack stack needs a setting only you can give. Run:" >&2
  echo "  pulumi config set oozieImage <your Oozie 5 image>   # there is no official Oozie image" >&2
  echo "then npm start again." >&2
  exit 1
fi

pulumi up --yes --stack "$stack" "$@"
