#!/usr/bin/env bash
# The playground for a whole school: K app processes ("workers", `streamlit run app.py`)
# behind HAProxy on one port, with a cookie that keeps each browser on its worker, health
# checks, and a browser whose worker died sent to another one. A worker that dies is
# started again; Ctrl-C (or SIGTERM) stops everything this script started.
#
#   bash run_school.sh [--workers K] [--port 8501] [--worker-port 8601]
#                      [--servers HOST:PORT,...] [--log-dir logs]
#
# The class store is the SQLite file in data/ (the workers share it), or PostgreSQL when
# PLAYGROUND_DATABASE_URL is set. HAProxy is Debian's haproxy package, installed here if
# it is missing (root or sudo), as run_tests.sh installs chromium. The HAProxy config is
# deploy/haproxy.cfg; deploy/README.md says how to run it across several machines.
set -euo pipefail
cd "$(dirname "$0")"

workers=$(nproc)
port=8501
worker_port=8601
servers=""
log_dir=logs
usage() { sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
    case "$1" in
        --workers) workers="$2"; shift 2 ;;
        --port) port="$2"; shift 2 ;;
        --worker-port) worker_port="$2"; shift 2 ;;
        --servers) servers="$2"; shift 2 ;;
        --log-dir) log_dir="$2"; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "run_school.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done
for value in "$workers" "$port" "$worker_port"; do
    if ! [[ "$value" =~ ^[0-9]+$ ]]; then
        echo "run_school.sh: --workers, --port and --worker-port take whole numbers" >&2
        exit 2
    fi
done
if [ "$workers" -eq 0 ] && [ -z "$servers" ]; then
    echo "run_school.sh: no workers: give --workers 1 or more, or --servers" >&2
    exit 2
fi

source tools/python_env.sh
if ! command -v haproxy >/dev/null 2>&1; then
    echo "Installing Debian's haproxy..." >&2
    apt_install haproxy
fi
install_requirements
mkdir -p "$log_dir"
run_dir=$(mktemp -d "${TMPDIR:-/tmp}/playground-school.XXXXXX")

declare -A pids=()
haproxy_pid=""

start_worker() {  # worker k (1..K) on worker_port + k - 1, only reachable from here
    local k=$1
    "$PYTHON" -m streamlit run app.py --server.port $((worker_port + k - 1)) \
        --server.address 127.0.0.1 --server.headless true \
        >>"$log_dir/worker-$k.log" 2>&1 &
    pids[$k]=$!
    echo "worker $k: pid ${pids[$k]}, port $((worker_port + k - 1)), log $log_dir/worker-$k.log"
}

stop() {
    trap - INT TERM EXIT
    echo "Stopping the workers and HAProxy..."
    local all=("${pids[@]}" ${haproxy_pid:+"$haproxy_pid"}) pid alive
    kill "${all[@]}" 2>/dev/null || true
    for _ in $(seq 1 50); do  # 10 s to stop cleanly, then no more waiting
        alive=0
        for pid in "${all[@]}"; do
            kill -0 "$pid" 2>/dev/null && alive=1
        done
        [ "$alive" -eq 0 ] && break
        sleep 0.2
    done
    kill -9 "${all[@]}" 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$run_dir"
}
trap 'stop; exit 0' INT TERM
trap stop EXIT

healthy() {  # something answers Streamlit's health check at this port
    "$PYTHON" -c "import sys, urllib.request as u; u.urlopen(sys.argv[1], timeout=2)" \
        "http://127.0.0.1:$1/_stcore/health" >/dev/null 2>&1
}
for k in $(seq 1 "$workers"); do
    start_worker "$k"
done
for k in $(seq 1 "$workers"); do  # HAProxy then starts with every worker up
    for _ in $(seq 1 240); do
        healthy $((worker_port + k - 1)) && break
        kill -0 "${pids[$k]}" 2>/dev/null || break
        sleep 0.5
    done
done

# deploy/haproxy.cfg, then one server line per worker (and per --servers address)
config="$run_dir/haproxy.cfg"
cp deploy/haproxy.cfg "$config"
for k in $(seq 1 "$workers"); do
    echo "    server w$k 127.0.0.1:$((worker_port + k - 1)) check cookie w$k" >>"$config"
done
k=0
for address in ${servers//,/ }; do
    k=$((k + 1))
    echo "    server r$k $address check cookie r$k" >>"$config"
done
PLAYGROUND_BIND="*:$port" haproxy -f "$config" -db &
haproxy_pid=$!

for _ in $(seq 1 600); do
    if healthy "$port"; then  # the proxy answers, with a healthy worker behind it
        echo "The playground is served at http://localhost:$port (HAProxy in front of" \
             "$workers local worker(s)${servers:+ and $servers}). Ctrl-C stops it."
        break
    fi
    kill -0 "$haproxy_pid" 2>/dev/null || { echo "HAProxy did not start" >&2; exit 1; }
    sleep 0.5
done

# Supervise: a worker that dies is started again (HAProxy's health check takes it back);
# HAProxy itself dying ends everything.
while true; do
    sleep 1
    if ! kill -0 "$haproxy_pid" 2>/dev/null; then
        echo "HAProxy stopped; stopping the workers." >&2
        exit 1
    fi
    for k in "${!pids[@]}"; do
        if ! kill -0 "${pids[$k]}" 2>/dev/null; then
            wait "${pids[$k]}" 2>/dev/null || true
            echo "worker $k (pid ${pids[$k]}) stopped; starting it again"
            start_worker "$k"
        fi
    done
done
