#!/usr/bin/env bash
# Start the playground: creates .venv (or uses the virtual environment you activated),
# installs requirements.txt into it, then runs `streamlit run app.py`.
# Extra arguments go to Streamlit, e.g. `bash run_app.sh --server.port 8080`.
set -euo pipefail
cd "$(dirname "$0")"
source tools/python_env.sh
install_requirements
exec "$PYTHON" -m streamlit run app.py "$@"
