"""The server's own CPU clock, for the benchmarks (never loaded by the app itself).

The kernel counts a process's CPU time in /proc in 10 ms ticks, as coarse as the thing a
benchmark measures (a Train costs the server ~50 ms). A benchmark that puts this folder
on the server's ``PYTHONPATH`` and names a socket path in ``BENCH_CPU_CLOCK`` gets a
thread in the server that answers every datagram on that Unix socket with
``time.process_time_ns()``: the CPU time of all the server's threads so far, to the
nanosecond, including threads that have ended (Streamlit starts one per script run).
The thread sleeps in ``recvfrom`` between questions: it costs the server nothing else.
"""

import os
import socket
import threading
import time


def _serve(path):
    clock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    clock.bind(path)
    while True:
        _, sender = clock.recvfrom(16)
        clock.sendto(str(time.process_time_ns()).encode("ascii"), sender)


if os.environ.get("BENCH_CPU_CLOCK"):
    threading.Thread(target=_serve, args=(os.environ["BENCH_CPU_CLOCK"],), daemon=True,
                     name="bench-cpu-clock").start()
