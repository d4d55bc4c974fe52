#!/usr/bin/env bash
# `make run`: serve Sportello with the worker beside it, on the real search engine when it can be had.
#
# Unless ELASTICSEARCH_URL is set already, a local Elasticsearch node is started (scripts/elasticsearch.sh,
# the same node `make test` uses, on port $ES_PORT, default 9200) when Java is present, the demo content
# is indexed, and the node is stopped again when this script stops (Ctrl+C, or a signal to its process
# group) — unless it was already running before, in which case it is left as it was. When the node
# cannot start, Sportello runs on the database search and says so.
set -uo pipefail
cd "$(dirname "$0")/.."

PY="${PY:-.venv/bin/python}"
HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-8000}"
# The worker's emails link to where this run serves (SPORTELLO_BASE_URL defaults to HOST:PORT).
export HOST PORT
export ES_PORT="${ES_PORT:-9200}"
started_node=""
worker=""

cleanup() {
    trap - EXIT INT TERM
    [ -n "$worker" ] && kill "$worker" 2>/dev/null
    [ -n "$worker" ] && wait "$worker" 2>/dev/null
    if [ -n "$started_node" ]; then
        echo "make run: stopping the Elasticsearch node it started" >&2
        scripts/elasticsearch.sh stop || true
    fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ -z "${ELASTICSEARCH_URL:-}" ]; then
    if ! command -v java >/dev/null 2>&1; then
        echo "make run: no Java on this machine, so no Elasticsearch: search uses the database (ranked, no typo tolerance)." >&2
    else
        scripts/elasticsearch.sh status >/dev/null 2>&1 || started_node=yes
        if output="$(scripts/elasticsearch.sh start)"; then
            export "$(printf '%s\n' "$output" | grep -o 'ELASTICSEARCH_URL=[^[:space:]]*' | tail -n 1)"
        else
            started_node=""
            echo "make run: Elasticsearch could not start (see above): search uses the database instead." >&2
        fi
    fi
fi

if [ -n "${ELASTICSEARCH_URL:-}" ]; then
    echo "make run: indexing the content into $ELASTICSEARCH_URL" >&2
    if ! "$PY" manage.py search_index rebuild; then
        echo "make run: indexing failed: search answers from the database until the worker catches up." >&2
    fi
fi

echo "Sportello on http://$HOST:$PORT/ (admin: /admin/), search: ${ELASTICSEARCH_URL:-database}. Stop with Ctrl+C."
"$PY" manage.py run_worker &
worker=$!
.venv/bin/uvicorn config.asgi:application --host "$HOST" --port "$PORT" --lifespan off
