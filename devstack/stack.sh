#!/usr/bin/env bash
# The local services for development and CI: PostgreSQL and Redis from Debian's packages, and a real
# OpenSearch node built from Maven Central jars (devstack/opensearch.sh). Data lives under .devstack/.
#
#   devstack/stack.sh up|down|status [postgres|redis|opensearch ...]
#   OPENSEARCH_NODES=3 devstack/stack.sh up     a three-node OpenSearch cluster instead of one node
#
# Each service is reused when something already answers on its configured URL (DATABASE_URL, REDIS_URL,
# OPENSEARCH_URL), e.g. the containers of compose.yaml; only what this script started is stopped by `down`.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEVSTACK_DIR="${DEVSTACK_DIR:-$ROOT/.devstack}"
export DEVSTACK_DIR

DATABASE_URL="${DATABASE_URL:-postgresql+asyncpg://hr:hr@127.0.0.1:5432/hr}"
REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/0}"
OPENSEARCH_URL="${OPENSEARCH_URL:-http://127.0.0.1:9200}"

log() { printf '%s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# --- package installs -------------------------------------------------------------------------------

APT_UPDATED=0
apt_install() {
  command -v apt-get >/dev/null || die "apt-get not found: install $* by hand"
  [ "$(id -u)" = 0 ] || die "$* missing and not root: install them (sudo apt-get install $*)"
  if [ "$APT_UPDATED" = 0 ]; then
    log "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    APT_UPDATED=1
  fi
  log "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# Run a command as the postgres OS user when we are root (postgres refuses to run as root).
as_pg() {
  if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

# --- PostgreSQL ---------------------------------------------------------------------------------------

# postgresql+asyncpg://user:pass@host:port/db -> fields
parse_pg_url() {
  local rest="${DATABASE_URL#*://}"
  PG_USER="${rest%%:*}"; rest="${rest#*:}"
  PG_PASSWORD="${rest%%@*}"; rest="${rest#*@}"
  PG_HOST="${rest%%:*}"; rest="${rest#*:}"
  PG_PORT="${rest%%/*}"; PG_DB="${rest#*/}"; PG_DB="${PG_DB%%\?*}"
}

pg_bin() {
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  [ -n "$dir" ] && printf '%s' "$dir"
}

pg_answers() { PGPASSWORD="$PG_PASSWORD" psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$PG_DB" -Atqc 'select 1' >/dev/null 2>&1; }

# The cluster's directory: under .devstack/ when the postgres user can reach it there, else (a checkout in
# a private directory) under the postgres user's home, keyed by the checkout's path.
pg_dir() {
  local dir="$DEVSTACK_DIR/postgres"
  if [ "$(id -u)" = 0 ]; then
    mkdir -p "$dir" && chown postgres:postgres "$dir"
    if ! runuser -u postgres -- test -w "$dir"; then
      dir="$(getent passwd postgres | cut -d: -f6)/hr-devstack/$(printf '%s' "$ROOT" | md5sum | cut -c1-12)"
      mkdir -p "$dir" && chown -R postgres:postgres "$(dirname "$dir")"
    fi
  fi
  printf '%s' "$dir"
}

postgres_up() {
  parse_pg_url
  [ -n "$(pg_bin)" ] && command -v psql >/dev/null || apt_install postgresql postgresql-contrib
  if pg_answers; then log "postgres    reusing the server on $PG_HOST:$PG_PORT"; return; fi
  local bin dir data run
  bin="$(pg_bin)"; dir="$(pg_dir)"; data="$dir/data"; run="$dir/run"
  mkdir -p "$run"
  [ "$(id -u)" = 0 ] && chown -R postgres:postgres "$dir"
  if [ ! -s "$data/PG_VERSION" ]; then
    log "postgres    initdb $data"
    as_pg "$bin/initdb" -D "$data" -U postgres --auth-local=trust --auth-host=scram-sha-256 -E UTF8 \
      --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log"; die "initdb failed"; }
  fi
  if ! as_pg "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    as_pg "$bin/pg_ctl" -D "$data" -l "$dir/postgres.log" -w -t 60 start \
      -o "-c listen_addresses=$PG_HOST -p $PG_PORT -k $run -c shared_buffers=256MB -c max_connections=200" \
      >/dev/null || { tail -n 40 "$dir/postgres.log"; die "postgres did not start"; }
  fi
  # The role and database of DATABASE_URL, created once.
  as_pg psql -h "$run" -p "$PG_PORT" -U postgres -d postgres -Atq -v ON_ERROR_STOP=1 >/dev/null <<SQL
SELECT 'CREATE ROLE "$PG_USER" LOGIN CREATEDB PASSWORD ''$PG_PASSWORD'''
  WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PG_USER') \gexec
SELECT 'CREATE DATABASE "$PG_DB" OWNER "$PG_USER"'
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$PG_DB') \gexec
SQL
  pg_answers || die "postgres started but $PG_USER@$PG_HOST:$PG_PORT/$PG_DB does not answer"
  log "postgres    up on $PG_HOST:$PG_PORT ($data)"
}

postgres_down() {
  local bin data
  data="$(pg_dir)/data"
  bin="$(pg_bin)" || true
  if [ -n "$bin" ] && [ -s "$data/postmaster.pid" ]; then
    as_pg "$bin/pg_ctl" -D "$data" -m fast -w -t 60 stop >/dev/null 2>&1 || true
    log "postgres    stopped"
  fi
}

postgres_status() {
  parse_pg_url
  if command -v psql >/dev/null && pg_answers; then
    echo "postgres    postgresql://$PG_HOST:$PG_PORT/$PG_DB  up"
  else
    echo "postgres    postgresql://$PG_HOST:$PG_PORT/$PG_DB  down"; return 3
  fi
}

# --- Redis --------------------------------------------------------------------------------------------

parse_redis_url() {
  local rest="${REDIS_URL#*://}"; rest="${rest##*@}"; rest="${rest%%/*}"
  REDIS_HOST="${rest%%:*}"; REDIS_PORT="${rest#*:}"
  [ "$REDIS_PORT" = "$rest" ] && REDIS_PORT=6379
  return 0
}

redis_answers() { [ "$(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ]; }

redis_up() {
  parse_redis_url
  command -v redis-server >/dev/null && command -v redis-cli >/dev/null || apt_install redis-server redis-tools
  if redis_answers; then log "redis       reusing the server on $REDIS_HOST:$REDIS_PORT"; return; fi
  local dir="$DEVSTACK_DIR/redis"
  mkdir -p "$dir"
  redis-server --bind "$REDIS_HOST" --port "$REDIS_PORT" --dir "$dir" --daemonize yes \
    --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" --save "" --appendonly no
  for _ in $(seq 1 50); do redis_answers && break; sleep 0.1; done
  redis_answers || { tail -n 40 "$dir/redis.log"; die "redis did not start"; }
  log "redis       up on $REDIS_HOST:$REDIS_PORT"
}

redis_down() {
  local pidfile="$DEVSTACK_DIR/redis/redis.pid" pid
  [ -s "$pidfile" ] || return 0
  pid="$(cat "$pidfile")"
  if kill "$pid" 2>/dev/null; then
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    log "redis       stopped"
  fi
  rm -f "$pidfile"
}

redis_status() {
  parse_redis_url
  if command -v redis-cli >/dev/null && redis_answers; then
    echo "redis       redis://$REDIS_HOST:$REDIS_PORT  up"
  else
    echo "redis       redis://$REDIS_HOST:$REDIS_PORT  down"; return 3
  fi
}

# --- OpenSearch ---------------------------------------------------------------------------------------

# OPENSEARCH_URL may list several nodes (comma-separated): the first one's port is node 1's; a cluster's
# other nodes follow it (OPENSEARCH_NODES, read by opensearch.sh).
opensearch_env() {
  local rest="${OPENSEARCH_URL%%,*}"; rest="${rest#*://}"; rest="${rest%%/*}"
  export OPENSEARCH_PORT="${rest##*:}"
}
opensearch_up() { opensearch_env; "$ROOT/devstack/opensearch.sh" start; }
opensearch_down() { opensearch_env; "$ROOT/devstack/opensearch.sh" stop; }
opensearch_status() { opensearch_env; "$ROOT/devstack/opensearch.sh" status; }

# --- main ---------------------------------------------------------------------------------------------

usage() { log "usage: devstack/stack.sh up|down|status [postgres|redis|opensearch ...]"; exit 2; }

[ $# -ge 1 ] || usage
action="$1"; shift
services=("$@")
[ ${#services[@]} -gt 0 ] || services=(postgres redis opensearch)
for s in "${services[@]}"; do
  case "$s" in postgres|redis|opensearch) ;; *) log "unknown service: $s"; usage ;; esac
done

case "$action" in
  up)     for s in "${services[@]}"; do "${s}_up"; done ;;
  down)   for ((i=${#services[@]}-1; i>=0; i--)); do "${services[$i]}_down"; done ;;
  status) rc=0; for s in "${services[@]}"; do "${s}_status" || rc=3; done; exit "$rc" ;;
  *)      usage ;;
esac
