#!/usr/bin/env bash
# `make run`: the background processes (resume worker, and the indexer daemon once it exists), then the
# API in the foreground. Ctrl-C stops them all. Logs of the background processes: .devstack/logs/.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="$ROOT/.venv/bin"
DEVSTACK_DIR="${DEVSTACK_DIR:-$ROOT/.devstack}"
LOGS="$DEVSTACK_DIR/logs"
mkdir -p "$LOGS"

# The API's JWT secret: JWT_SECRET when set, else the random one of this checkout (devstack/jwt-secret.sh).
if [ -z "${JWT_SECRET:-}" ]; then
  JWT_SECRET="$("$ROOT/devstack/jwt-secret.sh")"
  export JWT_SECRET
fi

children=()
stop_children() {
  for pid in "${children[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${children[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap stop_children EXIT INT TERM

start() {  # name, command...
  local name="$1"; shift
  "$@" >>"$LOGS/$name.log" 2>&1 &
  children+=("$!")
  echo "started $name (pid $!, log $LOGS/$name.log)"
}

start worker "$BIN/hr-worker"
if [ -x "$BIN/hr-indexer" ]; then
  # After an update that changed the mapping or the skill synonyms, the live index is rebuilt first (behind
  # the alias: searches go on); otherwise the new code would query fields the old index does not have.
  "$BIN/hr-indexer" create --reindex-if-changed
  start indexer "$BIN/hr-indexer" run
fi

"$BIN/hr-api"
