#!/usr/bin/env bash
# CI: the README's first command on a stock machine. With a PATH holding only the
# system's directories (its python3, no other Python, no activated environment),
# `bash run_app.sh` must create .venv, install everything and serve the app.
set -euo pipefail
cd "$(dirname "$0")/.."
port=8597
log="$(mktemp)"
env -i HOME="$HOME" PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
    bash run_app.sh --server.port "$port" --server.address 127.0.0.1 \
    --server.headless true >"$log" 2>&1 &
pid=$!
cleanup() { kill "$pid" 2>/dev/null || true; pkill -f "server.port $port" 2>/dev/null || true; }
trap cleanup EXIT
for _ in $(seq 1 600); do
    if curl -fs "http://127.0.0.1:$port/_stcore/health" >/dev/null 2>&1; then
        echo "run_app.sh serves the app with only the system's python3 on PATH ($(.venv/bin/python --version))"
        exit 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then break; fi
    sleep 1
done
echo "run_app.sh did not start the app; its output:" >&2
cat "$log" >&2
exit 1
