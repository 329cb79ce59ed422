#!/usr/bin/env bash
# Install what the tests need, then run them all:
#   Debian's chromium (the browser tests drive the real app in it), postgresql (the
#   class store is tested against a real PostgreSQL server that the tests start) and
#   haproxy (the school deployment, run_school.sh, is tested behind it), the
#   Python packages of requirements.txt in .venv (or the virtual environment you
#   activated), then pytest. Needs root or sudo for apt-get when a package is missing.
set -euo pipefail
cd "$(dirname "$0")"
source tools/python_env.sh

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v npm >/dev/null 2>&1 || missing+=(npm)  # axe-core, the accessibility audit
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
command -v haproxy >/dev/null 2>&1 || missing+=(haproxy)
if [ ${#missing[@]} -gt 0 ]; then
    apt_install "${missing[@]}"
fi
install_requirements
exec "$PYTHON" -m pytest "$@"
