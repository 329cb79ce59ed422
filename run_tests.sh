#!/usr/bin/env bash
# Install what the tests need, then run them all:
#   Debian's chromium (the browser tests drive the real app in it), the Python
#   packages of requirements.txt, and pytest. Needs root or sudo for apt-get.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v chromium >/dev/null 2>&1; then
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq chromium >/dev/null
fi
python -m pip install -q -r requirements.txt
python -m pytest "$@"
