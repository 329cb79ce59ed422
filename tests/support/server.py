"""The app as a teacher starts it: ``streamlit run app.py`` on 127.0.0.1, in a process
of its own, stopped when the ``with`` block ends."""

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
ARTIFACTS = ROOT / "artifacts"

# The process behind each running ``streamlit_server``, by URL (a test may kill it).
SERVERS = {}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_serving(url, process, log_path, seconds=60):
    """Return once the Streamlit server at ``url`` answers its health check; raise if
    ``process`` ends or ``seconds`` pass first (its log is at ``log_path``)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"streamlit did not start; see {log_path}")
        time.sleep(0.3)


@contextlib.contextmanager
def streamlit_server(log_name="streamlit-server.log", env=None, port=None,
                     script="app.py", args=()):
    """Start ``streamlit run app.py`` as a teacher would, on 127.0.0.1 (a free port, or
    ``port``); yield its URL once it answers, stop it afterwards. ``env``: more
    environment variables for the server (e.g. its class database); ``script`` and
    ``args``: another script, more ``streamlit run`` options. ``SERVERS[url]`` is its
    process meanwhile."""
    port = port or free_port()
    ARTIFACTS.mkdir(exist_ok=True)
    log = open(ARTIFACTS / log_name, "w")
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", *args],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
    )
    url = f"http://127.0.0.1:{port}"
    SERVERS[url] = server
    try:
        wait_until_serving(url, server, ARTIFACTS / log_name)
        yield url
    finally:
        SERVERS.pop(url, None)
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
