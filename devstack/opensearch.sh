#!/usr/bin/env bash
# OpenSearch 3.9.0 for dev and CI, run from Maven Central jars (no Docker) on a JDK 21+: one node, or a
# cluster of OPENSEARCH_NODES nodes on 127.0.0.1, each its own JVM. OPENSEARCH_VERSION=2.19.6 (with
# OPENSEARCH_PORT=9210) builds and runs the 2.x line side by side, from its own build and data directories.
#
#   devstack/opensearch.sh build           compile devstack/opensearch (skipped when up to date)
#   devstack/opensearch.sh start           build if needed, start every node, wait for yellow/green
#   devstack/opensearch.sh stop            stop every node started from DEVSTACK_DIR: SIGTERM, SIGKILL after 30 s
#   devstack/opensearch.sh status          one line per node; exit 0 if all answer, 3 otherwise
#   devstack/opensearch.sh start-node I    (cluster) start node I again, wait until it has joined
#   devstack/opensearch.sh stop-node I     (cluster) stop node I: SIGTERM, SIGKILL after 30 s
#   devstack/opensearch.sh kill-node I     (cluster) SIGKILL node I, as a crash would
#
# Env: DEVSTACK_DIR (default <repo>/.devstack), OPENSEARCH_VERSION (3.9.0; another version builds into
# devstack/opensearch/target-VERSION and runs from $DEVSTACK_DIR/opensearch-VERSION; 3.x needs Java 21+:
# JAVA_HOME if it is one, else the newest JDK 21+ under /usr/lib/jvm, else java on PATH; 2.x runs on java),
# OPENSEARCH_NODES (1), OPENSEARCH_PORT (9200; node I of a
# cluster answers on PORT+I-1), OPENSEARCH_TRANSPORT_PORT (9300; a cluster's node I talks to the others on
# TRANSPORT_PORT+I-1), OPENSEARCH_HEAP (1g for one node, 512m for each node of a cluster),
# OPENSEARCH_JAVA_OPTS (more JVM options, split on spaces, last on the command line so they win).
#
# One node lives in $DEVSTACK_DIR/opensearch (node.pid, data/, logs/), node I of a cluster in
# $DEVSTACK_DIR/opensearch/node-I (another OPENSEARCH_VERSION: $DEVSTACK_DIR/opensearch-VERSION[/node-I]).
# Once up, cluster.default_number_of_replicas is 0 on one node (so its indexes can be green) and 1 on a
# cluster (every shard survives the loss of a node).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PROJECT="$HERE/opensearch"
DEVSTACK_DIR="${DEVSTACK_DIR:-$(cd "$HERE/.." && pwd)/.devstack}"
NODES="${OPENSEARCH_NODES:-1}"
PORT="${OPENSEARCH_PORT:-9200}"
TRANSPORT_PORT="${OPENSEARCH_TRANSPORT_PORT:-9300}"
# pom.xml's opensearch.version: built into target/, run from $DEVSTACK_DIR/opensearch, on the default java.
DEFAULT_VERSION="3.9.0"
VERSION="${OPENSEARCH_VERSION:-$DEFAULT_VERSION}"
MAIN_CLASS="dev.hrsearch.DevNode"
# Name of a multi-node cluster: a node only joins nodes that carry the same one.
CLUSTER_NAME="hrsearch-dev-cluster"
START_TIMEOUT=120
# Several JVMs starting at once share the CPU: a cluster gets longer to form.
CLUSTER_START_TIMEOUT=240
STOP_TIMEOUT=30

if ! [[ "$NODES" =~ ^[1-9]$ ]]; then
    echo "opensearch: OPENSEARCH_NODES must be a number from 1 to 9, not '$NODES'" >&2
    exit 2
fi
if ! [[ "$VERSION" =~ ^([0-9]+)\.[0-9]+\.[0-9]+$ ]]; then
    echo "opensearch: OPENSEARCH_VERSION must look like 3.9.0 or 2.19.6, not '$VERSION'" >&2
    exit 2
fi
MAJOR="${BASH_REMATCH[1]}"
# Maven arguments, Java and directories of this version; another version never shares them with the default.
MVN_ARGS=()
JAVA="java"
if [[ "$VERSION" == "$DEFAULT_VERSION" ]]; then
    BUILD_DIR="$PROJECT/target"
    NODE_ROOT="$DEVSTACK_DIR/opensearch"
    LOG_NAME="opensearch"
else
    BUILD_DIR="$PROJECT/target-$VERSION"
    NODE_ROOT="$DEVSTACK_DIR/opensearch-$VERSION"
    LOG_NAME="opensearch $VERSION"
    MVN_ARGS=(-Dopensearch.version="$VERSION" -Ddevnode.build.directory="$BUILD_DIR")
    ((MAJOR >= 3)) || MVN_ARGS=(-Popensearch-2 "${MVN_ARGS[@]}")
fi
BUILT_STAMP="$BUILD_DIR/.built"
if ((NODES == 1)); then HEAP="${OPENSEARCH_HEAP:-1g}"; else HEAP="${OPENSEARCH_HEAP:-512m}"; fi
URL="http://127.0.0.1:$PORT"

log() { echo "$LOG_NAME: $*" >&2; }

# Feature release of the java binary $1 (17, 21, 25; 1 for 1.8), empty when it does not run.
java_release() { "$1" -version 2>&1 | sed -n 's/.* version "\([0-9]*\).*/\1/p' | head -n1; }

# OpenSearch 3 needs Java 21+: JAVA (and the JAVA_HOME Maven gets) become the first JDK 21+ of JAVA_HOME,
# /usr/lib/jvm (newest first) and PATH. 2.x keeps the default java.
select_java() {
    ((MAJOR >= 3)) || return 0
    local candidate release
    for candidate in ${JAVA_HOME:+"$JAVA_HOME/bin/java"} \
        $(ls -d /usr/lib/jvm/*/bin/java 2>/dev/null | sort -rV) "$(command -v java || true)"; do
        [[ -x "$candidate" ]] || continue
        release="$(java_release "$candidate")"
        if [[ -n "$release" ]] && ((release >= 21)); then
            JAVA="$candidate"
            export JAVA_HOME="$(cd "$(dirname "$candidate")/.." && pwd)"
            return 0
        fi
    done
    log "needs Java 21+, and none was found (JAVA_HOME, /usr/lib/jvm, PATH): install a JDK 21+ or set JAVA_HOME to one"
    exit 1
}

# --- build -----------------------------------------------------------------

is_built() {
    [[ -f "$BUILT_STAMP" && -f "$BUILD_DIR/classes/dev/hrsearch/DevNode.class" ]] || return 1
    compgen -G "$BUILD_DIR/lib/opensearch-$VERSION.jar" >/dev/null || return 1
    # stale if the pom or a source file changed after the last build
    [[ -z "$(find "$PROJECT/pom.xml" "$PROJECT/src" -newer "$BUILT_STAMP" -print -quit)" ]]
}

cmd_build() {
    select_java
    if is_built; then
        log "build up to date"
        return 0
    fi
    if [[ -n "$(running_dirs)" ]]; then
        log "sources changed but a node is running from ${BUILD_DIR#"$PROJECT/"}/: run '$0 stop' first"
        exit 1
    fi
    log "building (mvn package; first run downloads ~80 MB of jars into ~/.m2) ..."
    # a fresh target/lib, so jars of an older version never linger next to the new ones
    rm -rf "$BUILD_DIR/lib" "$BUILD_DIR/classes"
    # (sed: Debian's Maven 3.8.7 prints bare ANSI resets even with -q -B; grep: Maven's own guava warns
    # about sun.misc.Unsafe on JDK 24+)
    mvn -q -B -f "$PROJECT/pom.xml" package -DskipTests "${MVN_ARGS[@]}" 2>&1 |
        sed 's/\x1b\[[0-9;]*m//g' | { grep -v -e 'sun\.misc\.Unsafe' -e 'UnsafeAtomicHelper' || true; } >&2
    touch "$BUILT_STAMP"
    log "build done"
}

# --- nodes -----------------------------------------------------------------
# Node I (1..NODES): its directory, ports, name and URL. One node keeps the layout of earlier versions.

node_dir() {
    if ((NODES == 1)); then echo "$NODE_ROOT"; else echo "$NODE_ROOT/node-$1"; fi
}
http_port() { echo $((PORT + $1 - 1)); }
transport_port() { echo $((TRANSPORT_PORT + $1 - 1)); }
node_url() { echo "http://127.0.0.1:$(http_port "$1")"; }
node_name() { echo "node-$1"; }

# Comma-separated over all nodes: "$1 I" for I in 1..NODES.
each_node() {
    local i out=()
    for ((i = 1; i <= NODES; i++)); do out+=("$("$1" "$i")"); done
    (IFS=,; echo "${out[*]}")
}
seed_host() { echo "127.0.0.1:$(transport_port "$1")"; }

# The node index given on the command line, checked.
node_arg() {
    if ((NODES == 1)); then
        log "start-node/stop-node/kill-node work on a cluster: set OPENSEARCH_NODES (2-9)"
        exit 2
    fi
    if ! [[ "${1:-}" =~ ^[1-9]$ ]] || (($1 > NODES)); then
        log "node index must be 1..$NODES, not '${1:-}'"
        exit 2
    fi
    echo "$1"
}

# --- helpers ---------------------------------------------------------------

# Body of GET <url>$2, or non-zero when nothing answers.
http_get() { curl -fsS --max-time 5 "$1$2" 2>/dev/null; }

# Value of a string / number field in compact JSON read from stdin.
json_str() { sed -n "s/.*\"$1\" *: *\"\([^\"]*\)\".*/\\1/p" | head -n1; }
json_num() { sed -n "s/.*\"$1\" *: *\([0-9][0-9]*\).*/\\1/p" | head -n1; }

health() { http_get "$1" /_cluster/health | json_str status; }

# Cluster health as seen by the first node that answers: "<status> <number of nodes>".
cluster_health() {
    local i body
    for ((i = 1; i <= NODES; i++)); do
        if body="$(http_get "$(node_url "$i")" /_cluster/health)"; then
            echo "$(json_str status <<<"$body") $(json_num number_of_nodes <<<"$body")"
            return 0
        fi
    done
    return 1
}

# True when something listens on 127.0.0.1:$1.
port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# PID from the pid file in node directory $1, only if that process is alive and is that node.
our_pid() {
    local dir="$1" pid
    [[ -f "$dir/node.pid" ]] || return 1
    pid="$(cat "$dir/node.pid" 2>/dev/null || true)"
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    kill -0 "$pid" 2>/dev/null || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "-Dopensearch.path.home=$dir " || return 1
    echo "$pid"
}

# True while the process in the pid file of node directory $1 lives (right after launch it may not have
# become java yet, so this does not ask our_pid).
alive() {
    local pid
    pid="$(cat "$1/node.pid" 2>/dev/null || true)"
    [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null
}

# Node directories under DEVSTACK_DIR whose node is running (one node's and a cluster's alike).
running_dirs() {
    local dir
    for dir in "$NODE_ROOT" "$NODE_ROOT"/node-*; do
        [[ -d "$dir" ]] && our_pid "$dir" >/dev/null && echo "$dir"
    done
    return 0
}

show_log() {
    local console="$1/logs/console.log"
    echo "----- last 40 lines of $console -----" >&2
    tail -n 40 "$console" >&2 || true
}

# --- start -----------------------------------------------------------------

# Start the JVM of node I in the background; its pid goes to the node's pid file.
launch_node() {
    local i="$1" dir cluster=() modern=() slices=() cores
    cores="$(nproc)"
    dir="$(node_dir "$i")"
    # Concurrent segment search (the index asks for it on every request) runs, since OpenSearch 3, in half
    # the node's cores as slices, at most 4: one slice on 2 or 3 cores, so a search never spreads. Two slices
    # there: at 1M on this project's 2-core machines skills_match p95 36-40 -> 27-31 ms and experience_match
    # 31-33 -> 20-30 ms, the same hits and scores, 100 uncached searches/s still served (benchmarks/README.md,
    # "Issue 15, session 25"). From 4 cores up OpenSearch's own default gives two or more.
    if ((MAJOR >= 3 && cores >= 2 && cores < 4)); then
        slices=(-Dopensearch.setting.search.concurrent.max_slice_count=2)
    fi
    if ((MAJOR >= 3)); then
        # Java 21+ (as OpenSearch 3's own jvm.options): Lucene 10's vectorized code paths (Panama), and its
        # native calls (madvise) without the "restricted method" warning.
        modern=(--add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED)
    fi
    mkdir -p "$dir/data" "$dir/logs" "$dir/tmp"
    rm -f "$dir/node.pid" # stale pid file from a crash / kill -9
    if ((NODES > 1)); then
        cluster=(
            # C1 only: several JVMs compiling at once on a laptop's cores start 2-3x faster (3 nodes on
            # 2 cores: 20 s instead of 50 s); steady-state speed matters less for a dev cluster.
            -XX:TieredStopAtLevel=1
            -Dopensearch.cluster.name="$CLUSTER_NAME"
            -Dopensearch.node.name="$(node_name "$i")"
            -Dopensearch.transport.port="$(transport_port "$i")"
            -Dopensearch.discovery.seed_hosts="$(each_node seed_host)"
            -Dopensearch.cluster.initial_cluster_manager_nodes="$(each_node node_name)"
        )
    fi
    (
        cd "$dir"
        exec nohup "$JAVA" \
            -Xms"$HEAP" -Xmx"$HEAP" -XX:+UseG1GC \
            -XX:+HeapDumpOnOutOfMemoryError -XX:HeapDumpPath="$dir/tmp" \
            -XX:-OmitStackTraceInFastThrow -XX:+ShowCodeDetailsInExceptionMessages \
            "${modern[@]}" \
            -Dfile.encoding=UTF-8 -Djava.awt.headless=true -Djna.nosys=true \
            -Djava.io.tmpdir="$dir/tmp" \
            -Djava.locale.providers=SPI,CLDR \
            -Dopensearch.set.netty.runtime.available.processors=false \
            -Dio.netty.noUnsafe=true -Dio.netty.noKeySetOptimization=true \
            -Dio.netty.recycler.maxCapacityPerThread=0 -Dio.netty.allocator.numDirectArenas=0 \
            -Dlog4j.shutdownHookEnabled=false -Dlog4j2.disable.jmx=true \
            -Dopensearch.path.home="$dir" \
            -Dopensearch.path.conf="$PROJECT/config" \
            -Dopensearch.path.data="$dir/data" \
            -Dopensearch.path.logs="$dir/logs" \
            -Dopensearch.http.port="$(http_port "$i")" \
            "${cluster[@]}" "${slices[@]}" ${OPENSEARCH_JAVA_OPTS:-} \
            -cp "$BUILD_DIR/classes:$BUILD_DIR/lib/*" \
            "$MAIN_CLASS"
    ) >>"$dir/logs/console.log" 2>&1 </dev/null &
    echo "$!" >"$dir/node.pid"
}

# Refuse to start node I when another process holds one of its ports.
check_ports() {
    local i="$1" port
    if port_taken "$(http_port "$i")"; then
        log "port $(http_port "$i") (HTTP of node $i) is taken by another process: set OPENSEARCH_PORT"
        return 1
    fi
    ((NODES > 1)) || return 0 # one node picks a free transport port in 9300-9400 itself
    port="$(transport_port "$i")"
    if port_taken "$port"; then
        log "port $port (transport of node $i) is taken by another process: set OPENSEARCH_TRANSPORT_PORT"
        return 1
    fi
}

# Start the nodes that are not running; each one's pid file names it.
start_nodes() {
    local i dir pid
    for ((i = 1; i <= NODES; i++)); do
        dir="$(node_dir "$i")"
        if pid="$(our_pid "$dir")"; then
            log "node $i (pid $pid) is already running"
            continue
        fi
        check_ports "$i" || return 1
        launch_node "$i"
        log "starting node $i on $(node_url "$i") (heap $HEAP, data $dir/data)"
    done
}

# Wait until all NODES nodes form a yellow/green cluster; a node that dies meanwhile ends the wait.
wait_until_up() {
    local timeout="$1" deadline i dir state
    deadline=$((SECONDS + timeout))
    while ((SECONDS < deadline)); do
        state="$(cluster_health || true)"
        if [[ "$state" =~ ^(green|yellow)\ ([0-9]+)$ ]] && ((BASH_REMATCH[2] >= NODES)); then
            return 0
        fi
        for ((i = 1; i <= NODES; i++)); do
            dir="$(node_dir "$i")"
            if ! alive "$dir"; then
                log "node $i exited during startup"
                show_log "$dir"
                return 1
            fi
        done
        sleep 1
    done
    log "not green/yellow with $NODES node(s) after ${timeout}s (last: ${state:-no answer})"
    for ((i = 1; i <= NODES; i++)); do show_log "$(node_dir "$i")"; done
    return 1
}

# Default replicas of new indexes: none on one node (so health can be green), one on a cluster.
# (Only honoured as a cluster setting, not as a node setting; persisted in the data dir.)
set_default_replicas() {
    local replicas=$((NODES > 1 ? 1 : 0))
    curl -fsS --max-time 10 -XPUT "$URL/_cluster/settings" -H 'content-type: application/json' \
        -d "{\"persistent\":{\"cluster.default_number_of_replicas\":$replicas}}" >/dev/null ||
        log "warning: could not set cluster.default_number_of_replicas=$replicas"
}

cmd_start() {
    local root version state started=$SECONDS timeout=$START_TIMEOUT
    if ((NODES > 1)) && our_pid "$NODE_ROOT" >/dev/null; then
        log "the single node of $DEVSTACK_DIR runs on $URL: stop it first ('$0 stop' or 'make down')"
        exit 1
    fi
    if root="$(http_get "$URL" /)"; then
        version="$(json_str number <<<"$root")"
        if [[ -z "$version" ]]; then
            log "something that is not OpenSearch answers on $URL; set OPENSEARCH_PORT"
            exit 1
        fi
        # Asked for a version by name: another one already on the port is not it (e.g. 3.9.0 on 9200).
        if [[ -n "${OPENSEARCH_VERSION:-}" && "$version" != "$VERSION" ]]; then
            log "OpenSearch $version answers on $URL, not $VERSION: set OPENSEARCH_PORT (e.g. 9210)"
            exit 1
        fi
        if ((NODES == 1)); then
            log "OpenSearch already answers on $URL: reusing it ($version, $(health "$URL" || echo '?'))"
            return 0
        fi
        state="$(cluster_health || echo '? 0')"
        if ((${state#* } >= NODES)); then
            log "OpenSearch already answers on $URL: reusing it ($version, ${state% *}, ${state#* } nodes)"
            return 0
        fi
        # Fewer nodes than asked: fine when the missing ones are ours to start (after kill-node).
        if [[ -z "$(running_dirs)" ]]; then
            log "OpenSearch on $URL has ${state#* } node(s), not $NODES, and was not started here:" \
                "stop it or set OPENSEARCH_PORT"
            exit 1
        fi
    fi
    cmd_build
    ((NODES == 1)) || timeout=$CLUSTER_START_TIMEOUT
    if ! start_nodes || ! wait_until_up "$timeout"; then
        cmd_stop >/dev/null 2>&1 || true
        exit 1
    fi
    set_default_replicas
    log "up on $URL ($(health "$URL"), $NODES node(s)) in $((SECONDS - started))s"
    ((NODES == 1)) || log "clients reach every node with OPENSEARCH_URL=$(each_node node_url)"
}

# Start node I of the cluster again (after stop-node / kill-node) and wait until it has joined.
cmd_start_node() {
    local i dir url pid deadline
    i="$(node_arg "$@")"
    dir="$(node_dir "$i")"
    url="$(node_url "$i")"
    cmd_build
    if pid="$(our_pid "$dir")"; then
        log "node $i (pid $pid) is already running"
    else
        check_ports "$i" || exit 1
        launch_node "$i"
        log "starting node $i on $url"
    fi
    # A node answers cluster health only once it has joined a cluster with an elected manager.
    deadline=$((SECONDS + START_TIMEOUT))
    while [[ -z "$(health "$url" || true)" ]]; do
        if ! alive "$dir"; then
            log "node $i exited during startup"
            show_log "$dir"
            exit 1
        fi
        if ((SECONDS >= deadline)); then
            log "node $i did not join the cluster in ${START_TIMEOUT}s"
            show_log "$dir"
            exit 1
        fi
        sleep 0.5
    done
    log "node $i joined on $url ($(health "$url"))"
}

# --- stop ------------------------------------------------------------------

# SIGTERM the nodes running from the given directories, SIGKILL those still alive after STOP_TIMEOUT.
stop_dirs() {
    local dir pid deadline pids=()
    for dir in "$@"; do
        pid="$(our_pid "$dir")" || continue
        log "stopping pid $pid ($dir)"
        kill -TERM "$pid" 2>/dev/null || true
        pids+=("$pid")
    done
    deadline=$((SECONDS + STOP_TIMEOUT))
    for pid in "${pids[@]}"; do
        while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.5; done
        if kill -0 "$pid" 2>/dev/null; then
            log "pid $pid still alive after ${STOP_TIMEOUT}s: SIGKILL"
            kill -KILL "$pid" 2>/dev/null || true
            while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
        fi
    done
    for dir in "$@"; do rm -f "$dir/node.pid"; done
}

cmd_stop() {
    local dirs
    mapfile -t dirs < <(running_dirs)
    if ((${#dirs[@]} == 0)); then
        rm -f "$NODE_ROOT/node.pid" "$NODE_ROOT"/node-*/node.pid
        log "not running"
        return 0
    fi
    stop_dirs "${dirs[@]}"
    log "stopped"
}

cmd_stop_node() {
    local i
    i="$(node_arg "$@")"
    stop_dirs "$(node_dir "$i")"
    log "node $i stopped"
}

cmd_kill_node() {
    local i dir pid
    i="$(node_arg "$@")"
    dir="$(node_dir "$i")"
    if ! pid="$(our_pid "$dir")"; then
        log "node $i is not running"
        return 0
    fi
    kill -KILL "$pid"
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
    rm -f "$dir/node.pid"
    log "node $i (pid $pid) killed"
}

# --- status ----------------------------------------------------------------

cmd_status() {
    local i url root rc=0 name=""
    for ((i = 1; i <= NODES; i++)); do
        url="$(node_url "$i")"
        ((NODES == 1)) || name="$(node_name "$i")  "
        if root="$(http_get "$url" /)"; then
            printf 'opensearch  %s%s  up (%s, %s)\n' "$name" "$url" "$(json_str number <<<"$root")" \
                "$(health "$url" || echo '?')"
        else
            printf 'opensearch  %s%s  down\n' "$name" "$url"
            rc=3
        fi
    done
    return "$rc"
}

case "${1:-}" in
    build) cmd_build ;;
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    start-node) cmd_start_node "${@:2}" ;;
    stop-node) cmd_stop_node "${@:2}" ;;
    kill-node) cmd_kill_node "${@:2}" ;;
    *)
        echo "usage: $0 {build|start|stop|status|start-node I|stop-node I|kill-node I}" >&2
        exit 2
        ;;
esac
