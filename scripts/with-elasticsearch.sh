#!/usr/bin/env bash
# Run a command with ELASTICSEARCH_URL pointing at a real node: the one given, or a test node started
# here on its own port (and stopped afterwards). If the node cannot start, fail loudly: search tests
# are never skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -n "${ELASTICSEARCH_URL:-}" ]; then
    exec "$@"
fi

export ES_PORT="${SPORTELLO_TEST_ES_PORT:-9250}"
if ! output="$(scripts/elasticsearch.sh start)"; then
    echo "make test: Elasticsearch could not be started on port $ES_PORT (see the log above); search tests cannot run." >&2
    exit 1
fi
trap 'scripts/elasticsearch.sh stop' EXIT
url_line="$(printf '%s\n' "$output" | grep -o 'ELASTICSEARCH_URL=[^[:space:]]*' | tail -n 1)"
export "$url_line"
echo "Testing against $ELASTICSEARCH_URL"
"$@"
