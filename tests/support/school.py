"""The school deployment in the tests: ``bash run_school.sh`` started as a school starts
it (its own process group, free ports, the tests' Python environment), stopped with
SIGTERM (what Ctrl-C does), and checked to leave nothing running."""

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time

from tests.support.server import ARTIFACTS, ROOT, free_port


def free_ports(n):
    """A base port with ``n`` free ports from it on."""
    for _ in range(200):
        base = free_port()
        if base + n >= 65535:
            continue
        try:
            for port in range(base, base + n):
                with socket.socket() as s:
                    s.bind(("127.0.0.1", port))
            return base
        except OSError:
            continue
    raise RuntimeError("no free ports")


class School:
    """A running ``run_school.sh``: its URL, process and log."""

    def __init__(self, process, url, worker_port, log_path):
        self.process, self.url, self.worker_port, self.log_path = (
            process, url, worker_port, log_path)

    def log(self):
        return self.log_path.read_text()

    def worker_pids(self):
        """{worker number: the pid of its latest start}, from the launcher's output."""
        return {int(k): int(pid) for k, pid in
                re.findall(r"^worker (\d+): pid (\d+)", self.log(), re.M)}

    def healthy(self, port):
        import urllib.request

        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health",
                                        timeout=2) as response:
                return response.status == 200
        except OSError:
            return False


def _listening(ports):
    """Of ``ports``, those something on this machine still listens on."""
    busy = []
    for port in ports:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                busy.append(port)
    return busy


@contextlib.contextmanager
def school(tmp_path, workers=2, env=None):
    """``bash run_school.sh`` with ``workers`` workers on free ports, its class store in
    ``tmp_path`` (or ``env``'s); stopped with SIGTERM (Ctrl-C) afterwards, and nothing it
    started may be left running."""
    port, worker_port = free_port(), free_ports(workers)
    ARTIFACTS.mkdir(exist_ok=True)
    log_path = ARTIFACTS / f"school-{port}.log"
    process = subprocess.Popen(
        ["bash", "run_school.sh", "--workers", str(workers), "--port", str(port),
         "--worker-port", str(worker_port), "--log-dir", str(tmp_path / "logs")],
        cwd=ROOT, stdout=open(log_path, "w"), stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, as a terminal would give it
        env={**os.environ, "VIRTUAL_ENV": sys.prefix, "PLAYGROUND_DATA_DIR": str(tmp_path),
             "PYTHONUNBUFFERED": "1", **(env or {})})
    running = School(process, f"http://127.0.0.1:{port}", worker_port, log_path)
    try:
        deadline = time.monotonic() + 120
        while "The playground is served at" not in running.log():
            assert process.poll() is None, f"run_school.sh ended:\n{running.log()}"
            assert time.monotonic() < deadline, f"run_school.sh did not start:\n{running.log()}"
            time.sleep(0.3)
        yield running
    finally:
        process.send_signal(signal.SIGTERM)  # what Ctrl-C in its terminal does
        try:
            process.wait(timeout=30)
        finally:
            ports = [port, *range(worker_port, worker_port + workers)]
            left = _listening(ports)
            with contextlib.suppress(ProcessLookupError):  # whatever it left, for the
                os.killpg(process.pid, signal.SIGKILL)  # next test
            assert not left, f"run_school.sh left processes listening on {left}"


def worker_of(page):
    """The worker HAProxy keeps this browser on (its affinity cookie)."""
    return next((c["value"] for c in page.context.cookies() if c["name"] ==
                 "PLAYGROUND_WORKER"), None)


def in_class(page, code, name, timeout=30_000):
    """Wait until the page says it is in class ``code`` as ``name`` (the line on every
    page but Class)."""
    page.get_by_text(f"Class {code}", exact=True).first.wait_for(timeout=timeout)
    page.get_by_text(f"joined as {name}", exact=True).first.wait_for(timeout=timeout)
