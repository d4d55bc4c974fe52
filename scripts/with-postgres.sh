#!/usr/bin/env bash
# Run a command with DATABASE_TEST_URL pointing at a real PostgreSQL: the one given, or a throwaway cluster
# started here (Debian's postgresql, installed with apt-get when missing) with default settings
# (max_connections=100) on port SPORTELLO_TEST_PG_PORT (default 5433), deleted afterwards. Run as root, the
# cluster runs as the system user `postgres` (PostgreSQL refuses root).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -n "${DATABASE_TEST_URL:-}" ]; then
    exec "$@"
fi

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

if [ -z "$(pg_bin)" ] || [ ! -x "$(pg_bin)/initdb" ]; then
    echo "installing Debian's postgresql" >&2
    apt=(env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 -y -qq)
    as_root "${apt[@]}" install postgresql >/dev/null 2>&1 || {
        as_root "${apt[@]}" update >/dev/null
        as_root "${apt[@]}" install postgresql >/dev/null
    }
fi
bin="$(pg_bin)"

port="${SPORTELLO_TEST_PG_PORT:-5433}"
dir="$(mktemp -d)"
if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /usr/sbin/nologin postgres
    chown postgres "$dir"
    run_pg() { runuser -u postgres -- "$@"; }
else
    run_pg() { "$@"; }
fi
stop() {
    run_pg "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$dir"
}
trap stop EXIT

run_pg "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || {
    echo "make test: initdb failed:" >&2; cat "$dir/initdb.log" >&2; exit 1
}
if ! run_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 \
        -o "-p $port -c listen_addresses=127.0.0.1 -k $dir -c fsync=off" start >/dev/null; then
    echo "make test: PostgreSQL could not be started on port $port:" >&2
    cat "$dir/postgres.log" >&2
    exit 1
fi
"$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -q -v ON_ERROR_STOP=1 \
    -c "CREATE ROLE sportello LOGIN SUPERUSER" -c "CREATE DATABASE sportello OWNER sportello" >/dev/null
export DATABASE_TEST_URL="postgres://sportello@127.0.0.1:$port/sportello"
echo "Testing on PostgreSQL at $DATABASE_TEST_URL"
"$@"
