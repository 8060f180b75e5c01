#!/usr/bin/env bash
# Single-node OpenSearch 2.19.6 for dev and CI, run from Maven Central jars (no Docker).
#
#   devstack/opensearch.sh build    compile devstack/opensearch (skipped when up to date)
#   devstack/opensearch.sh start    build if needed, start in the background, wait for yellow/green
#   devstack/opensearch.sh stop     SIGTERM, then SIGKILL after 30 s
#   devstack/opensearch.sh status   exit 0 if up, 3 if down
#
# Env: DEVSTACK_DIR (default <repo>/.devstack), OPENSEARCH_PORT (9200), OPENSEARCH_HEAP (1g).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PROJECT="$HERE/opensearch"
DEVSTACK_DIR="${DEVSTACK_DIR:-$(cd "$HERE/.." && pwd)/.devstack}"
NODE_DIR="$DEVSTACK_DIR/opensearch"
PID_FILE="$NODE_DIR/node.pid"
LOG_DIR="$NODE_DIR/logs"
CONSOLE_LOG="$LOG_DIR/console.log"
PORT="${OPENSEARCH_PORT:-9200}"
HEAP="${OPENSEARCH_HEAP:-1g}"
URL="http://127.0.0.1:$PORT"
BUILT_STAMP="$PROJECT/target/.built"
MAIN_CLASS="dev.hrsearch.DevNode"
START_TIMEOUT=120
STOP_TIMEOUT=30

log() { echo "opensearch: $*" >&2; }

# --- build -----------------------------------------------------------------

is_built() {
    [[ -f "$BUILT_STAMP" && -f "$PROJECT/target/classes/dev/hrsearch/DevNode.class" ]] || return 1
    compgen -G "$PROJECT/target/lib/opensearch-*.jar" >/dev/null || return 1
    # stale if the pom or a source file changed after the last build
    [[ -z "$(find "$PROJECT/pom.xml" "$PROJECT/src" -newer "$BUILT_STAMP" -print -quit)" ]]
}

cmd_build() {
    if is_built; then
        log "build up to date"
        return 0
    fi
    if our_pid >/dev/null; then
        log "sources changed but the node is running from target/: run '$0 stop' first"
        exit 1
    fi
    log "building (mvn package; first run downloads ~80 MB of jars into ~/.m2) ..."
    # a fresh target/lib, so jars of an older version never linger next to the new ones
    rm -rf "$PROJECT/target/lib" "$PROJECT/target/classes"
    # (sed: Debian's Maven 3.8.7 prints bare ANSI resets even with -q -B)
    mvn -q -B -f "$PROJECT/pom.xml" package -DskipTests 2>&1 | sed 's/\x1b\[[0-9;]*m//g' >&2
    touch "$BUILT_STAMP"
    log "build done"
}

# --- helpers ---------------------------------------------------------------

# Body of GET $URL$1, or non-zero when nothing answers.
http_get() { curl -fsS --max-time 5 "$URL$1" 2>/dev/null; }

# Value of a string field in compact JSON read from stdin.
json_str() { sed -n "s/.*\"$1\" *: *\"\\([^\"]*\\)\".*/\\1/p" | head -n1; }

health() { http_get /_cluster/health | json_str status; }

# PID from the pid file, only if that process is alive and is our node.
our_pid() {
    local pid
    [[ -f "$PID_FILE" ]] || return 1
    pid="$(cat "$PID_FILE" 2>/dev/null || true)"
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    kill -0 "$pid" 2>/dev/null || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "$MAIN_CLASS" || return 1
    echo "$pid"
}

# --- start -----------------------------------------------------------------

wait_until_up() {
    local pid="$1" deadline=$((SECONDS + START_TIMEOUT)) status
    while ((SECONDS < deadline)); do
        status="$(health || true)"
        if [[ "$status" == green || "$status" == yellow ]]; then
            return 0
        fi
        if ! kill -0 "$pid" 2>/dev/null; then
            log "node process $pid exited during startup"
            return 1
        fi
        sleep 1
    done
    log "not green/yellow after ${START_TIMEOUT}s"
    return 1
}

cmd_start() {
    local pid root version started=$SECONDS
    if root="$(http_get /)"; then
        version="$(json_str number <<<"$root")"
        if [[ -z "$version" ]]; then
            log "something that is not OpenSearch answers on $URL; set OPENSEARCH_PORT"
            exit 1
        fi
        log "OpenSearch already answers on $URL: reusing it ($version, $(health || echo '?'))"
        return 0
    fi
    cmd_build
    mkdir -p "$NODE_DIR/data" "$LOG_DIR" "$NODE_DIR/tmp"

    if pid="$(our_pid)"; then
        log "node $pid is already running (pid file) but not answering yet; waiting for it"
    else
        rm -f "$PID_FILE"  # stale pid file from a crash / kill -9
        log "starting on $URL (heap $HEAP, data $NODE_DIR/data)"
        (
            cd "$NODE_DIR"
            exec nohup java \
                -Xms"$HEAP" -Xmx"$HEAP" -XX:+UseG1GC \
                -XX:+HeapDumpOnOutOfMemoryError -XX:HeapDumpPath="$NODE_DIR/tmp" \
                -XX:-OmitStackTraceInFastThrow -XX:+ShowCodeDetailsInExceptionMessages \
                -Dfile.encoding=UTF-8 -Djava.awt.headless=true -Djna.nosys=true \
                -Djava.io.tmpdir="$NODE_DIR/tmp" \
                -Djava.locale.providers=SPI,CLDR \
                -Dopensearch.set.netty.runtime.available.processors=false \
                -Dio.netty.noUnsafe=true -Dio.netty.noKeySetOptimization=true \
                -Dio.netty.recycler.maxCapacityPerThread=0 -Dio.netty.allocator.numDirectArenas=0 \
                -Dlog4j.shutdownHookEnabled=false -Dlog4j2.disable.jmx=true \
                -Dopensearch.path.home="$NODE_DIR" \
                -Dopensearch.path.conf="$PROJECT/config" \
                -Dopensearch.path.data="$NODE_DIR/data" \
                -Dopensearch.path.logs="$LOG_DIR" \
                -Dopensearch.http.port="$PORT" \
                -cp "$PROJECT/target/classes:$PROJECT/target/lib/*" \
                "$MAIN_CLASS"
        ) >>"$CONSOLE_LOG" 2>&1 </dev/null &
        pid=$!
        echo "$pid" >"$PID_FILE"
    fi

    if ! wait_until_up "$pid"; then
        echo "----- last 40 lines of $CONSOLE_LOG -----" >&2
        tail -n 40 "$CONSOLE_LOG" >&2 || true
        cmd_stop >/dev/null 2>&1 || true
        exit 1
    fi
    # Single node: indexes that don't ask for replicas get none, so health can be green.
    # (Only honoured as a cluster setting, not as a node setting; persisted in the data dir.)
    curl -fsS --max-time 10 -XPUT "$URL/_cluster/settings" -H 'content-type: application/json' \
        -d '{"persistent":{"cluster.default_number_of_replicas":0}}' >/dev/null ||
        log "warning: could not set cluster.default_number_of_replicas=0"
    log "up on $URL ($(health)) in $((SECONDS - started))s, pid $pid"
}

# --- stop ------------------------------------------------------------------

cmd_stop() {
    local pid deadline
    if ! pid="$(our_pid)"; then
        rm -f "$PID_FILE"
        log "not running"
        return 0
    fi
    log "stopping pid $pid"
    kill -TERM "$pid" 2>/dev/null || true
    deadline=$((SECONDS + STOP_TIMEOUT))
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do
        sleep 0.5
    done
    if kill -0 "$pid" 2>/dev/null; then
        log "still alive after ${STOP_TIMEOUT}s: SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
        while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
    fi
    rm -f "$PID_FILE"
    log "stopped"
}

# --- status ----------------------------------------------------------------

cmd_status() {
    local root
    if root="$(http_get /)"; then
        printf 'opensearch  %s  up (%s, %s)\n' "$URL" "$(json_str number <<<"$root")" "$(health || echo '?')"
        return 0
    fi
    printf 'opensearch  %s  down\n' "$URL"
    return 3
}

case "${1:-}" in
    build) cmd_build ;;
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    *)
        echo "usage: $0 {build|start|stop|status}" >&2
        exit 2
        ;;
esac
