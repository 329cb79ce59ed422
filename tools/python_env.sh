# Sourced by run_app.sh and run_tests.sh: sets PYTHON to an interpreter that has the
# project's packages installed, creating the project's own virtual environment if needed.
#
# - Inside a virtual environment the user has activated, that one is used.
# - Otherwise ./.venv is created with the system's python3 and used (Debian and Ubuntu
#   refuse `pip install` into the system Python: PEP 668, externally managed).
# - Where python3's venv module is missing (Debian's python3-venv package), it is
#   installed with apt-get (as root, or with sudo).

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_install() {
    export DEBIAN_FRONTEND=noninteractive
    as_root apt-get update -qq
    as_root apt-get install -y -qq "$@" >/dev/null
}

if [ -n "${VIRTUAL_ENV:-}" ] && [ -x "$VIRTUAL_ENV/bin/python" ]; then
    PYTHON="$VIRTUAL_ENV/bin/python"
else
    if [ ! -x .venv/bin/python ]; then
        if ! command -v python3 >/dev/null 2>&1; then
            echo "python3 is missing: install Python 3.11 or newer first." >&2
            exit 1
        fi
        if ! python3 -m venv .venv >/dev/null 2>&1; then
            rm -rf .venv
            echo "Installing Debian's python3-venv (needed to create .venv)..." >&2
            apt_install python3-venv
            python3 -m venv .venv
        fi
    fi
    PYTHON="$PWD/.venv/bin/python"
fi

# Installs the requirements (and this project, editable) only when they changed.
install_requirements() {
    local stamp
    stamp="$(dirname "$(dirname "$PYTHON")")/.logreg-playground-installed"
    local want
    want="$("$PYTHON" -c 'import sys; print(sys.prefix)') $(cat requirements.txt pyproject.toml | cksum)"
    if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
        "$PYTHON" -m pip install -q --disable-pip-version-check -r requirements.txt
        echo "$want" > "$stamp"
    fi
}
