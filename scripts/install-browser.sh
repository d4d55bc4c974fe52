#!/usr/bin/env bash
# What the browser journeys need: Debian's Chromium, and axe-core (from the npm registry) for the
# accessibility checks. Idempotent; Playwright is a Python test dependency and drives this Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v chromium >/dev/null 2>&1; then
    echo "installing Debian's chromium" >&2
    apt=(env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 -y -qq)
    as_root "${apt[@]}" install chromium >/dev/null 2>&1 || {
        as_root "${apt[@]}" update >/dev/null
        as_root "${apt[@]}" install chromium >/dev/null
    }
fi

AXE_DIR=var/e2e-tools
if [ ! -f "$AXE_DIR/node_modules/axe-core/axe.min.js" ]; then
    echo "installing axe-core from the npm registry" >&2
    mkdir -p "$AXE_DIR"
    npm install --silent --no-audit --no-fund --prefix "$AXE_DIR" axe-core@4 >/dev/null
fi
