#!/usr/bin/env bash
# Run a command with REDIS_TEST_URL pointing at a real Redis: the one given, or a throwaway server
# started here (installed with apt-get when missing) on its own port, stopped afterwards. The channel
# layer tests use it; the rest of the suite keeps the in-memory layer.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -n "${REDIS_TEST_URL:-}" ]; then
    exec "$@"
fi

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v redis-server >/dev/null 2>&1; then
    echo "installing Debian's redis-server" >&2
    apt=(env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 -y -qq)
    as_root "${apt[@]}" install redis-server >/dev/null 2>&1 || {
        as_root "${apt[@]}" update >/dev/null
        as_root "${apt[@]}" install redis-server >/dev/null
    }
fi

port="${SPORTELLO_TEST_REDIS_PORT:-6390}"
dir="$(mktemp -d)"
redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --dir "$dir" \
    --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log"
cleanup() {
    local pid
    pid="$(cat "$dir/redis.pid" 2>/dev/null || true)"
    if [ -n "$pid" ]; then
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done  # it writes its log as it stops
    fi
    rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
for _ in $(seq 1 50); do
    if redis-cli -p "$port" ping >/dev/null 2>&1; then break; fi
    sleep 0.1
done
if ! redis-cli -p "$port" ping >/dev/null 2>&1; then
    echo "make test: Redis could not be started on port $port:" >&2
    cat "$dir/redis.log" >&2
    exit 1
fi
export REDIS_TEST_URL="redis://127.0.0.1:$port/0"
echo "Channel layer tests against $REDIS_TEST_URL"
"$@"
