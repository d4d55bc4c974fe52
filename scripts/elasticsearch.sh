#!/usr/bin/env bash
# A real single-node Elasticsearch 8 for development, tests and CI.
#
#   scripts/elasticsearch.sh fetch    download the server once (Maven Central), install the dictionaries
#   scripts/elasticsearch.sh start    start a node on 127.0.0.1:$ES_PORT and print ELASTICSEARCH_URL=…
#   scripts/elasticsearch.sh stop     stop the node that `start` started on $ES_PORT
#   scripts/elasticsearch.sh status   say whether a node answers on $ES_PORT (exit 0 if so, 3 if not)
#
# Environment: ES_PORT (9200), ES_HEAP (512m), ES_VERSION (8.19.21), ES_START_TIMEOUT (120 s),
# SPORTELLO_CACHE (where the server is kept), SPORTELLO_ES_RUN (data, logs and pid file of the node).
#
# Maven Central serves the real server only as the integ-test-zip distribution: no bundled JDK (it runs on
# the machine's Java 17) and no modules but transport-netty4, x-pack-core, x-pack-security and apm, so
# the node has only Lucene's core analysis (see search/analysis.py). Elasticsearch refuses to run as
# root, so as root the node runs as the system user sportello-es, and the cache defaults to
# /var/cache/sportello, which that user can reach (a home directory may be closed to it).
set -euo pipefail

ES_VERSION="${ES_VERSION:-8.19.21}"
ES_PORT="${ES_PORT:-9200}"
ES_HEAP="${ES_HEAP:-512m}"
ES_USER="sportello-es"
START_TIMEOUT="${ES_START_TIMEOUT:-120}"
if [ "$(id -u)" -eq 0 ]; then DEFAULT_CACHE=/var/cache/sportello; else DEFAULT_CACHE="$HOME/.cache/sportello"; fi
CACHE="${SPORTELLO_CACHE:-$DEFAULT_CACHE}"
ES_HOME="$CACHE/elasticsearch-$ES_VERSION"
RUN_DIR="${SPORTELLO_ES_RUN:-$CACHE/es-run-$ES_PORT}"
PID_FILE="$RUN_DIR/es.pid"
REPO="$(cd "$(dirname "$0")/.." && pwd)"
URL="http://127.0.0.1:$ES_PORT"
ARTIFACT="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip"

say() { printf 'elasticsearch: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }
is_root() { [ "$(id -u)" -eq 0 ]; }

as_root() {
    if is_root; then "$@"
    elif command -v sudo >/dev/null 2>&1; then sudo "$@"
    else die "need root (or sudo) to run: $*"
    fi
}

# Installs the Debian packages not yet installed; the package lists are refreshed only if the install
# cannot find something without them (a fresh machine has none).
ensure_packages() {
    local missing=() pkg
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$pkg")
    done
    [ "${#missing[@]}" -eq 0 ] && return 0
    say "installing Debian packages: ${missing[*]}"
    local apt=(env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 -y -qq)
    if ! as_root "${apt[@]}" install "${missing[@]}" >/dev/null 2>&1; then
        as_root "${apt[@]}" update >/dev/null
        as_root "${apt[@]}" install "${missing[@]}" >/dev/null
    fi
}

ensure_tools() {
    local pkgs=()
    command -v java >/dev/null 2>&1 || pkgs+=(openjdk-17-jre-headless)
    command -v mvn >/dev/null 2>&1 || pkgs+=(maven)
    command -v curl >/dev/null 2>&1 || pkgs+=(curl)
    command -v unzip >/dev/null 2>&1 || pkgs+=(unzip)
    [ "${#pkgs[@]}" -eq 0 ] || ensure_packages "${pkgs[@]}"
}

# Copies only what differs, so a second `fetch` changes nothing and a running node's files stay put.
sync_file() {
    cmp -s "$1" "$2/$(basename "$1")" 2>/dev/null || cp -L "$1" "$2/"
}

# Debian's dictionaries are UTF-8 (`SET UTF-8` in both .aff files), which is what Elasticsearch reads the
# .dic files as; a dictionary in another encoding would load as garbage, so refuse it here.
install_dictionaries() {
    ensure_packages hunspell-it hunspell-en-us
    local lang dir extra
    for lang in it_IT en_US; do
        grep -q '^SET UTF-8' "/usr/share/hunspell/$lang.aff" \
            || die "/usr/share/hunspell/$lang.aff is not UTF-8; Elasticsearch would misread it"
        dir="$ES_HOME/config/hunspell/$lang"
        mkdir -p "$dir"
        sync_file "/usr/share/hunspell/$lang.aff" "$dir"
        sync_file "/usr/share/hunspell/$lang.dic" "$dir"
        # Sportello's own word lists (contact-center nouns Debian's dictionary lacks) load beside it:
        # Elasticsearch reads every .dic file of the locale's directory with its one .aff file.
        for extra in "$REPO/search/hunspell/$lang/"*.dic; do
            if [ -f "$extra" ]; then sync_file "$extra" "$dir"; fi
        done
    done
}

download() {
    [ -x "$ES_HOME/bin/elasticsearch" ] && return 0
    mkdir -p "$CACHE"
    local zip="$CACHE/elasticsearch-$ES_VERSION.zip" tmp
    if [ ! -f "$zip" ]; then
        say "downloading $ARTIFACT from Maven Central"
        if ! mvn -B -Dstyle.color=never dependency:copy -Dartifact="$ARTIFACT" -DoutputDirectory="$CACHE" \
            >"$CACHE/mvn.log" 2>&1; then
            tail -n 30 "$CACHE/mvn.log" >&2
            die "could not download $ARTIFACT (Maven's output above)"
        fi
    fi
    tmp="$(mktemp -d "$CACHE/unzip.XXXXXX")"
    unzip -q "$zip" -d "$tmp" || { rm -rf "$tmp"; die "could not unzip $zip"; }
    rm -rf "$ES_HOME"
    mv "$tmp/elasticsearch-$ES_VERSION" "$ES_HOME"
    rmdir "$tmp"
    # Maven keeps its own copy in ~/.m2, so the one here is no longer needed.
    rm -f "$zip"
}

fetch() {
    ensure_tools
    mkdir -p "$CACHE"
    # Two nodes started at once (tests beside a development node) must not unpack over each other.
    exec 8>"$CACHE/.fetch.lock"
    flock 8
    download
    install_dictionaries
    flock -u 8
    exec 8>&-
}

# Something answers as Elasticsearch on the port (not merely something listening there).
answers() {
    curl -fsS --max-time 5 "$URL/_cluster/health" 2>/dev/null | grep -q '"cluster_name"'
}

node_pid() {
    local pid
    [ -f "$PID_FILE" ] || return 1
    pid="$(cat "$PID_FILE" 2>/dev/null)" || return 1
    # A stale pid file may name a process that reused the number: only an Elasticsearch counts.
    [ -n "$pid" ] && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'org.elasticsearch.bootstrap' \
        && echo "$pid"
}

# The cause of a failed start: the errors this start logged (the log also holds earlier runs), then the
# end of the launcher's output, where JVM and settings errors land.
show_logs() {
    local log="$RUN_DIR/logs/elasticsearch.log" out="$RUN_DIR/logs/startup.out"
    if [ -s "$log" ]; then
        tail -n +"$((LOG_MARK + 1))" "$log" | grep -E '\]\[(ERROR|FATAL)|^Caused by|^[a-zA-Z.]+(Exception|Error):' \
            | head -n 20 >&2 || true
    fi
    if [ -s "$out" ]; then
        say "last lines of $out:"
        tail -n 20 "$out" >&2
    fi
}

# Starts the node in the background; the launcher's `-d` returns once the node is up or has failed.
launch() {
    rm -f "$PID_FILE"
    local run=()
    if is_root; then
        id "$ES_USER" >/dev/null 2>&1 || useradd --system --user-group --no-create-home \
            --home-dir /nonexistent --shell /usr/sbin/nologin "$ES_USER"
        # The node writes its keystore into config/, and its data, logs and pid file into the run dir.
        chown -R "$ES_USER:" "$ES_HOME" "$RUN_DIR"
        run=(runuser -u "$ES_USER" --)
    fi
    local java_home
    java_home="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
    say "starting Elasticsearch $ES_VERSION on $URL (heap $ES_HEAP, run dir $RUN_DIR)"
    # Single-node discovery bound to loopback: the production bootstrap checks (vm.max_map_count, file
    # descriptors) only warn. The node must not inherit the lock descriptors, or it would hold them.
    local status=0
    timeout "$START_TIMEOUT" "${run[@]}" env ES_JAVA_HOME="$java_home" \
        ES_JAVA_OPTS="-Xms$ES_HEAP -Xmx$ES_HEAP" ES_TMPDIR="$RUN_DIR/tmp" \
        "$ES_HOME/bin/elasticsearch" -d -p "$PID_FILE" \
        -Ediscovery.type=single-node \
        -Enetwork.host=127.0.0.1 \
        -Ehttp.port="$ES_PORT" \
        -Etransport.port=0 \
        -Expack.security.enabled=false \
        -Ecluster.routing.allocation.disk.threshold_enabled=false \
        -Eaction.destructive_requires_name=false \
        -Epath.data="$RUN_DIR/data" \
        -Epath.logs="$RUN_DIR/logs" \
        >"$RUN_DIR/logs/startup.out" 2>&1 8>&- 9>&- || status=$?
    if [ "$status" -ne 0 ]; then
        show_logs
        [ "$status" -ne 124 ] || give_up "did not start within ${START_TIMEOUT}s"
        die "Elasticsearch $ES_VERSION failed to start on $URL (logs above, all of them in $RUN_DIR/logs)"
    fi
}

# A node that never became ready is stopped, so the next `start` begins afresh.
give_up() {
    local pid
    if pid="$(node_pid)"; then kill "$pid" 2>/dev/null || true; fi
    die "Elasticsearch $1 on $URL (logs above, all of them in $RUN_DIR/logs); stopped it"
}

start() {
    if answers; then
        say "a node already answers on $URL; not starting another"
        echo "ELASTICSEARCH_URL=$URL"
        return 0
    fi
    fetch
    mkdir -p "$RUN_DIR/data" "$RUN_DIR/logs" "$RUN_DIR/tmp"
    # A second `start` on the same port while the first is still starting waits for that node.
    local started=$SECONDS pid
    exec 9>>"$RUN_DIR/start.lock"
    flock 9
    LOG_MARK=0
    if [ -f "$RUN_DIR/logs/elasticsearch.log" ]; then LOG_MARK="$(wc -l <"$RUN_DIR/logs/elasticsearch.log")"; fi
    if pid="$(node_pid)"; then
        say "the node started earlier (pid $pid) is still starting; waiting for it"
    else
        launch
    fi
    until curl -fsS --max-time 10 "$URL/_cluster/health?wait_for_status=yellow&timeout=5s" >/dev/null 2>&1; do
        if ! node_pid >/dev/null; then
            show_logs
            die "Elasticsearch exited while starting on $URL (logs above, all of them in $RUN_DIR/logs)"
        fi
        if [ $((SECONDS - started)) -ge "$START_TIMEOUT" ]; then
            show_logs
            give_up "did not answer within ${START_TIMEOUT}s"
        fi
        sleep 1
    done
    flock -u 9
    exec 9>&-
    say "ready after $((SECONDS - started))s (pid $(node_pid))"
    echo "ELASTICSEARCH_URL=$URL"
}

stop() {
    local pid
    if ! pid="$(node_pid)"; then
        rm -f "$PID_FILE"
        if answers; then
            say "a node answers on $URL but was not started by this script (no pid file in $RUN_DIR); left alone"
        else
            say "no node running on $URL"
        fi
        return 0
    fi
    kill "$pid" 2>/dev/null || true
    local waited=0
    while kill -0 "$pid" 2>/dev/null; do
        if [ "$waited" -ge 60 ]; then
            say "still running after 60s; killing pid $pid"
            kill -9 "$pid" 2>/dev/null || true
        fi
        sleep 1
        waited=$((waited + 1))
    done
    rm -f "$PID_FILE"
    say "stopped the node on $URL (pid $pid)"
}

status() {
    local pid=""
    pid="$(node_pid)" || true
    if answers; then
        say "running on $URL${pid:+ (pid $pid, started by this script)}"
    elif [ -n "$pid" ]; then
        say "process $pid is up but does not answer on $URL (starting, or stuck: see $RUN_DIR/logs)"
        return 3
    else
        say "not running on $URL"
        return 3
    fi
}

case "${1:-}" in
    fetch) fetch ;;
    start) start ;;
    stop) stop ;;
    status) status ;;
    *) echo "usage: $0 fetch|start|stop|status" >&2; exit 2 ;;
esac
