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

# There is no official Oozie image and a database password has no default: ask for both
# before Pulumi starts, with the exact commands.
missing=()
pulumi config get oozieImage --stack "$stack" >/dev/null 2>&1 ||
  missing+=("pulumi config set oozieImage <your Oozie 5 image>   # there is no official Oozie image")
pulumi config get oozieDbPassword --stack "$stack" >/dev/null 2>&1 ||
  missing+=("pulumi config set --secret oozieDbPassword <password>   # the shared Oozie database")
if ((${#missing[@]} > 0)); then
  echo "npm start: the $stack stack needs settings only you can give. Run:" >&2
  for line in "${missing[@]}"; do echo "  $line" >&2; done
  echo "(and oozieDbUrl if your database is not jdbc:postgresql://oozie-db:5432/oozie), then npm start again." >&2
  exit 1
fi

pulumi up --yes --stack "$stack" "$@"
