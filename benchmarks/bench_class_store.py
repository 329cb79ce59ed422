"""How fast is the class store, on SQLite and on PostgreSQL, here?

    python benchmarks/bench_class_store.py [--seconds 3] [--threads 30]

For each database: shares per second from one thread, then from 30 threads at once
(each a student of one class; half runs, half drawings; the flood limit lifted), with
each share's latency; then the board's read cost for a class of 30 students with 30
runs and 300 drawings: milliseconds per ``board()`` and per ``board_version()``.
SQLite is a file in a temporary folder, set up as the store always sets it up (WAL,
synchronous=NORMAL); PostgreSQL is a private server started with Debian's binaries
(``tests/support/postgres.py``) with its durable defaults (fsync on). Prints a markdown
table. Run by hand; the figures it prints are not asserted by any test.
"""

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from classroom import open_store  # noqa: E402
from logreg.settings import RunSettings  # noqa: E402
from tests.support.postgres import postgres_server  # noqa: E402

RUN = dict(settings=RunSettings(3, 8, learning_rate=0.5), iteration=1000, train_accuracy=0.99,
           test_accuracy=0.98, train_cost=0.05, test_cost=0.07,
           curve_iterations=list(range(0, 1000, 10)),
           curve_costs=[0.6931 / (1 + k) for k in range(100)],
           weights=[(k - 32) / 40 for k in range(64)], bias=-0.1)
DRAWING = [(k % 17) / 16 for k in range(64)]  # as drawings come: ink counts / 16


def share(store, code, student, k):
    """One share, a run or a drawing in turn; its latency in seconds."""
    start = time.perf_counter()
    if k % 2:
        store.share_run(code, student, RUN, uuid.uuid4().hex)
    else:
        store.share_drawing(code, student, DRAWING, k % 10, (k + 1) % 10, uuid.uuid4().hex)
    return time.perf_counter() - start


def sharing_rate(store, n_threads, seconds):
    """(shares per second, latencies) with ``n_threads`` students sharing non-stop."""
    code, _ = store.create_class()
    students = [store.join(code, f"Student {k}") for k in range(n_threads)]
    latencies = [[] for _ in students]
    barrier = threading.Barrier(n_threads + 1)
    stop = []

    def student_loop(k):
        barrier.wait()
        n = 0
        while not stop:
            latencies[k].append(share(store, code, students[k], n))
            n += 1

    threads = [threading.Thread(target=student_loop, args=(k,)) for k in range(n_threads)]
    [t.start() for t in threads]
    barrier.wait()
    start = time.perf_counter()
    time.sleep(seconds)
    stop.append(True)
    [t.join() for t in threads]
    elapsed = time.perf_counter() - start
    every = sorted(x for xs in latencies for x in xs)
    return len(every) / elapsed, every


def per_call_ms(function, repeats):
    """Median milliseconds of ``function()`` over ``repeats`` calls."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return 1e3 * statistics.median(times)


def a_full_board(store):
    """A class of 30 students, each with a run and 10 drawings shared."""
    code, _ = store.create_class()
    for k in range(30):
        student = store.join(code, f"Student {k}")
        store.share_run(code, student, RUN, uuid.uuid4().hex)
        for d in range(10):
            store.share_drawing(code, student, DRAWING, d, d, uuid.uuid4().hex)
    return code


def measure(name, url, args):
    with open_store(url, share_limit=10**9) as store:
        single, _ = sharing_rate(store, 1, args.seconds)
        many, latencies = sharing_rate(store, args.threads, args.seconds)
        code = a_full_board(store)
        board = store.board(code)
        assert len(board.runs) == 30 and len(board.drawings) == 300
        board_ms = per_call_ms(lambda: store.board(code), 50)
        version_ms = per_call_ms(lambda: store.board_version(code), 500)
    p50, p95 = (1e3 * latencies[int(q * (len(latencies) - 1))] for q in (0.5, 0.95))
    return (f"| {name} | {single:,.0f} | {many:,.0f} | {p50:.1f} / {p95:.1f} / "
            f"{1e3 * latencies[-1]:.0f} ms | {board_ms:.1f} ms | {version_ms:.2f} ms |")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--threads", type=int, default=30)
    args = parser.parse_args(argv)

    rows = []
    with tempfile.TemporaryDirectory() as folder:
        rows.append(measure("SQLite (file, WAL)", f"sqlite:///{folder}/bench.sqlite3", args))
    with postgres_server(fast=False) as url:
        rows.append(measure("PostgreSQL 15 (unix socket, fsync on)", url, args))
    print(f"class store, {os.cpu_count()} cores; sharing for {args.seconds:g} s each\n")
    print(f"| database | shares/s, 1 thread | shares/s, {args.threads} threads at once "
          f"| latency with {args.threads} threads: median / p95 / max "
          "| board() (30 runs, 300 drawings) | board_version() |")
    print("|---|---|---|---|---|---|")
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
