#!/usr/bin/env bash
# Print the development JWT secret: generated at random on first use and kept in $DEVSTACK_DIR/jwt_secret
# (mode 600), so logins survive a restart of `make run` and no secret written in the repository is ever used.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEVSTACK_DIR="${DEVSTACK_DIR:-$ROOT/.devstack}"
SECRET_FILE="$DEVSTACK_DIR/jwt_secret"

if [ ! -s "$SECRET_FILE" ]; then
  mkdir -p "$DEVSTACK_DIR"
  (umask 077 && head -c 48 /dev/urandom | base64 | tr -d '\n' >"$SECRET_FILE")
  echo "generated a JWT secret in $SECRET_FILE" >&2
fi
cat "$SECRET_FILE"
