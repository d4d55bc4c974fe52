#!/usr/bin/env bash
# A real single-node Elasticsearch 8 for development, tests and CI.
#
#   scripts/elasticsearch.sh fetch    download the server once (Maven Central), install the dictionaries
#   scripts/elasticsearch.sh start    start a node on 127.0.0.1:$ES_PORT and print ELASTICSEARCH_URL
#   scripts/elasticsearch.sh stop     stop the node started by `start`
#   scripts/elasticsearch.sh status   say whether it answers
#
# Maven Central serves the real server as the integ-test-zip distribution: no bundled JDK (it runs on the
# machine's Java 17) and only the core, transport and security modules. Elasticsearch refuses to run as
# root, so as root the node runs as the system user `sportello-es`.
set -euo pipefail

ES_VERSION="${ES_VERSION:-8.19.9}"
ES_PORT="${ES_PORT:-9200}"
ES_HEAP="${ES_HEAP:-512m}"
# As root the node runs as another user, who must be able to read the cache: keep it out of /root.
if [ "$(id -u)" -eq 0 ]; then DEFAULT_CACHE=/var/cache/sportello; else DEFAULT_CACHE="$HOME/.cache/sportello"; fi
CACHE="${SPORTELLO_CACHE:-$DEFAULT_CACHE}"
ES_HOME="$CACHE/elasticsearch-$ES_VERSION"
RUN_DIR="${SPORTELLO_ES_RUN:-$CACHE/es-run-$ES_PORT}"
PID_FILE="$RUN_DIR/es.pid"
ES_USER="sportello-es"
REPO="$(cd "$(dirname "$0")/.." && pwd)"
URL="http://127.0.0.1:$ES_PORT"

say() { printf 'elasticsearch: %s\n' "$*" >&2; }

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

ensure_java() {
    if ! command -v java >/dev/null 2>&1; then
        say "installing Java 17 (Debian's openjdk-17-jre-headless)"
        as_root apt-get update -qq
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >/dev/null
    fi
}

ensure_dictionaries() {
    if [ ! -f /usr/share/hunspell/it_IT.aff ] || [ ! -f /usr/share/hunspell/en_US.aff ]; then
        say "installing Debian's hunspell-it and hunspell-en-us"
        as_root apt-get update -qq
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hunspell-it hunspell-en-us >/dev/null
    fi
    local lang
    for lang in it_IT en_US; do
        mkdir -p "$ES_HOME/config/hunspell/$lang"
        cp -L "/usr/share/hunspell/$lang.aff" "/usr/share/hunspell/$lang.dic" "$ES_HOME/config/hunspell/$lang/"
        # Sportello's own word list (contact-center nouns the Debian dictionary lacks) sits beside it.
        if [ -d "$REPO/search/hunspell/$lang" ]; then
            cp "$REPO/search/hunspell/$lang/"*.dic "$ES_HOME/config/hunspell/$lang/"
        fi
    done
}

fetch() {
    ensure_java
    if [ ! -x "$ES_HOME/bin/elasticsearch" ]; then
        mkdir -p "$CACHE"
        local zip="$CACHE/elasticsearch-$ES_VERSION.zip"
        if [ ! -f "$zip" ]; then
            say "downloading org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION"
            mvn -q -B dependency:copy \
                -Dartifact="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip" \
                -DoutputDirectory="$CACHE" -Dmdep.overWriteIfNewer=false -Dstyle.color=never >&2
        fi
        local tmp
        tmp="$(mktemp -d "$CACHE/unzip.XXXXXX")"
        (cd "$tmp" && jar xf "$zip" 2>/dev/null || unzip -q "$zip" -d "$tmp")
        mv "$tmp/elasticsearch-$ES_VERSION" "$ES_HOME"
        rm -rf "$tmp"
        chmod +x "$ES_HOME"/bin/*
    fi
    ensure_dictionaries
}

answers() { curl -fsS "$URL/_cluster/health" >/dev/null 2>&1; }

start() {
    if answers; then
        say "a node already answers on $URL"
        echo "ELASTICSEARCH_URL=$URL"
        return 0
    fi
    fetch
    mkdir -p "$RUN_DIR/data" "$RUN_DIR/logs" "$RUN_DIR/tmp"
    local run=()
    if [ "$(id -u)" -eq 0 ]; then
        id "$ES_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$ES_USER"
        chown -R "$ES_USER" "$ES_HOME" "$RUN_DIR"
        run=(runuser -u "$ES_USER" --)
    fi
    local java_home
    java_home="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
    say "starting Elasticsearch $ES_VERSION on $URL (heap $ES_HEAP)"
    env ES_JAVA_HOME="$java_home" ES_JAVA_OPTS="-Xms$ES_HEAP -Xmx$ES_HEAP" ES_TMPDIR="$RUN_DIR/tmp" \
        "${run[@]}" "$ES_HOME/bin/elasticsearch" -d -p "$PID_FILE" \
        -Ediscovery.type=single-node \
        -Enetwork.host=127.0.0.1 \
        -Ehttp.port="$ES_PORT" \
        -Etransport.port=0 \
        -Expack.security.enabled=false \
        -Ecluster.routing.allocation.disk.threshold_enabled=false \
        -Eaction.destructive_requires_name=false \
        -Epath.data="$RUN_DIR/data" \
        -Epath.logs="$RUN_DIR/logs" \
        >"$RUN_DIR/logs/startup.out" 2>&1 || true
    local waited=0
    until curl -fsS "$URL/_cluster/health?wait_for_status=yellow&timeout=5s" >/dev/null 2>&1; do
        sleep 2
        waited=$((waited + 2))
        if [ "$waited" -ge 180 ] || { [ -f "$PID_FILE" ] && ! kill -0 "$(cat "$PID_FILE")" 2>/dev/null; } \
            || { [ ! -f "$PID_FILE" ] && [ "$waited" -ge 30 ]; }; then
            say "Elasticsearch did not start on $URL; last lines of its logs:"
            tail -n 40 "$RUN_DIR/logs/startup.out" 1>&2 2>/dev/null || true
            exit 1
        fi
    done
    say "ready after ${waited}s"
    echo "ELASTICSEARCH_URL=$URL"
}

stop() {
    if [ -f "$PID_FILE" ]; then
        local pid
        pid="$(cat "$PID_FILE")"
        if kill "$pid" 2>/dev/null; then
            for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
        fi
        rm -f "$PID_FILE"
        say "stopped"
    else
        say "no node started by this script on port $ES_PORT"
    fi
}

status() {
    if answers; then say "running on $URL"; else say "not running on $URL"; return 1; fi
}

case "${1:-}" in
    fetch) fetch ;;
    start) start ;;
    stop) stop ;;
    status) status ;;
    *) echo "usage: $0 fetch|start|stop|status" >&2; exit 2 ;;
esac
