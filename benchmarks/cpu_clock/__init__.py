"""Ask a server started with ``BENCH_CPU_CLOCK`` (see ``sitecustomize.py`` here) for its
CPU time: ``ServerClock``."""

import os
import socket
import tempfile
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))


class ServerClock:
    """The CPU seconds a server process has used, read from the server itself.

        clock = ServerClock()
        streamlit_server(env={**clock.env, ...})  # the server answers on clock.path
        used = clock.seconds()                    # once it is serving
    """

    def __init__(self):
        self.folder = tempfile.mkdtemp(prefix="bench-cpu-clock-")
        self.path = os.path.join(self.folder, "server.sock")
        self.env = {"PYTHONPATH": os.pathsep.join(
                        [HERE] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]),
                    "BENCH_CPU_CLOCK": self.path}
        self._me = os.path.join(self.folder, f"asker-{uuid.uuid4().hex[:8]}.sock")
        self._socket = None

    def seconds(self, timeout=5.0):
        if self._socket is None:
            self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
            self._socket.bind(self._me)
        self._socket.settimeout(timeout)
        deadline = time.monotonic() + timeout
        while True:
            try:
                self._socket.sendto(b"?", self.path)
                return int(self._socket.recv(32)) / 1e9
            except (FileNotFoundError, ConnectionRefusedError):
                if time.monotonic() > deadline:
                    raise RuntimeError(f"the server's CPU clock never answered on {self.path} "
                                       "(was it started with ServerClock.env?)")
                time.sleep(0.05)

    def close(self):
        if self._socket is not None:
            self._socket.close()
            self._socket = None
