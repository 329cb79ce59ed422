"""Does the Train page hold up when a whole class presses Train at once?

    python benchmarks/load_test.py [--sessions 1 8 16] [--speed Normal Instant]
                                   [--blas-threads default 1]
                                   [--driver async|threads] [--session-ttl 2]
                                   [--nice-browsers 10] [--lone-repeats 3] [--timeout 180]

Starts its own ``streamlit run app.py`` on 127.0.0.1 (a free port, headless) and, for
each N in ``--sessions``, opens N real browser sessions at once (one Chromium, N
browser contexts, driven concurrently). Session k opens
``/train?neg=A&pos=B&iterations=2000&lr=0.05`` with its own digit pair, chooses the
animation speed (``--speed``: Normal, the app's default, plays a run over 2.5 s; Instant
shows only the end, so it measures the server's work alone) and waits; when all N are
ready they press Train together, and each waits for its final ``Test accuracy`` metric.
Every session must show ITS OWN ``Test accuracy`` (computed for its pair with the
tutorial's code, ``tests/support/tutorial_reference.py``), the live view's progress must read
``Iteration 2000 / 2000``, and the digit selectboxes must still show its own pair.

The server does a run's math at full speed and sends the browser its trajectory once
(the Train click's script run); the browser plays it back in the live view (a Components
v2 element, drawing in an open shadow root) and, when the last frame is on screen, sends
an "ended" event; the page then shows the final metrics and "Look inside". So a Train
is two short visits to the server with the playback, in the browser, between them.

Reported per N, in two tables (plain, then markdown for the README):

* time: each session's time from its click to the final ``Test accuracy`` on screen
  (browser clock: the target); min / median / max and the slowest against a lone
  session (the median of ``--lone-repeats`` lone runs); when the live view showed
  ``Iteration 2000 / 2000`` (the playback's end); at the server's door (each session
  reaches the server through its own relay, ``Doors``, in this process, which notes
  what passes): from the Train request passing in to the trajectory passing out, and
  from the "ended" event passing in to the message with the final ``Test accuracy``
  passing out: the server's own share, whatever the browsers sharing its CPUs do; the
  time until the whole page is done; the CPU seconds the server, the browsers and
  everything else on the machine used meanwhile;
* memory: the server's VmRSS (the process and any children) before, at its peak
  (sampled every 100 ms by a background thread), with the N sessions open and idle,
  a few seconds after they closed, and after the expired sessions were swept.

Targets: with 8 sessions the slowest click -> final ``Test accuracy`` within 2x a lone
session's, every session right (issue 10; it was 3x before the run moved to the
browser); each extra session under 30 MB; memory back within 10% of the baseline after
the sessions close.

Streamlit keeps a closed tab's session for ``server.disconnectedSessionTTL`` seconds
(default 120) so a reconnecting browser finds its state, and drops expired sessions only
when its session store is next written (the next disconnect). So this server gets a
short TTL (``--session-ttl``) and, after the TTL, one light visit to the home page is
opened and closed: that disconnect sweeps the expired sessions away.

Each combination of ``--speed`` and ``--blas-threads`` gets a fresh server and its own
rows in the tables.

``--blas-threads default 1`` runs the whole sweep twice: the server started with
OpenBLAS's own thread count, and with OPENBLAS_NUM_THREADS=1. (app.py itself now calls
``threadpool_limits(1)``, so "default" means one BLAS thread from the first script run
on; to see BLAS unlimited, run against a copy of the app without that line.)

The browsers share this machine's CPUs with the server; in a classroom they run on the
students' own computers. So Chromium runs at nice 10 (``--nice-browsers``) and the
server gets the CPUs first; the CPU seconds of both are reported. Each browser plays its
run itself: a lone Chromium uses about 1.4 CPU s (all its processes: the page's
renderer ~1.0, the GPU process that composites its frames ~0.25) for one Train at
Normal, the live view's playback, Streamlit's redraws and the results; eight at once
used 10-12 CPU s here, on the server's two cores (each round prints the split by
Chromium process, and each session's Train step by step). With many sessions the browsers,
not the server, set the pace: each round prints how far apart the N Train requests left
the browsers ("requests within ... ms"); when that spread is seconds, the sessions no
longer pressed Train together and the round measures Chromium.

(Before the live view, every frame was a server round-trip that re-mounted four plotly
charts; an option served the browsers an empty stand-in for plotly to see the server
alone. The live view draws no plotly, and the result charts after the run are part of
what a student waits for, so the option is gone.)

``--driver async`` (default) drives all contexts from one asyncio loop (one Playwright);
``--driver threads`` gives each context its own thread, event loop and Playwright
connection to the same Chromium (over CDP). Both work; the threads driver costs the
client side more (a Playwright driver process per session), so async is the default.

Loopback only, bounded in time (every wait has a timeout), and the server and the
browser are stopped at the end. Run by hand; the test suite never asserts times.
"""

import argparse
import asyncio
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

import numpy as np  # noqa: E402

from tests.support import tutorial_reference as tutorial  # noqa: E402
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, IDLE  # noqa: E402
from tests.support.server import wait_until_serving  # noqa: E402

ITERATIONS = 2000
LEARNING_RATE = 0.05
# Session k trains PAIRS[k]: the pairs whose test accuracy is not 100% come first, so a
# session showing another session's result is caught by the accuracy as well.
PAIRS = [(1, 8), (3, 5), (4, 8), (1, 2), (1, 4), (7, 9), (5, 9), (0, 1), (2, 3), (6, 7),
         (0, 9), (2, 6), (3, 7), (5, 6), (0, 4), (2, 8), (1, 3), (4, 5), (1, 9), (2, 7),
         (3, 9), (6, 8), (0, 5), (1, 6), (4, 7), (2, 9), (0, 3), (5, 7), (1, 7), (3, 6),
         (8, 9), (0, 2), (4, 6), (2, 5), (1, 5), (7, 8), (0, 7), (3, 4), (6, 9), (2, 4),
         (5, 8), (0, 6), (3, 8), (4, 9), (0, 8)]
WARM_UP_PAIR = (0, 1)  # a first visit loads the libraries and caches before measuring

# In the page: note when the click happened, when the live view's progress first reads
# the final iteration (it draws in an open shadow root: a MutationObserver there), when
# the final Test accuracy metric appears, and when the script run after it ended
# (browser clock, performance.now()).
OBSERVE = """target => {
    const t = window.__load = {clicked: null, end: null, result: null, idle: null};
    document.addEventListener("pointerdown", () => {
        if (t.clicked === null) t.clicked = performance.now();
    }, true);
    const host = document.querySelector("[data-testid='stBidiComponentIsolated']");
    const text = host.shadowRoot.querySelector(".lv-progress-text");
    new MutationObserver(() => {
        if (t.clicked !== null && t.end === null && text.textContent === target)
            t.end = performance.now();
    }).observe(text, {subtree: true, childList: true, characterData: true});
    const check = () => {
        if (t.clicked === null) return;
        if (t.result === null && [...document.querySelectorAll(
                "[data-testid='stMetric']")].some(m => m.textContent.includes("Test accuracy")))
            t.result = performance.now();
        if (t.result !== null && t.idle === null && document.querySelector(
                "[data-testid='stApp'][data-test-script-state='notRunning']"))
            t.idle = performance.now();
    };
    new MutationObserver(check).observe(document.body, {
        subtree: true, childList: true, characterData: true, attributes: true,
        attributeFilter: ["data-test-script-state"]});
}"""
PROGRESS = "[data-testid='stBidiComponentIsolated'] .lv-progress-text"  # pierces the shadow


def expected_accuracy(negative, positive, iterations=ITERATIONS, learning_rate=LEARNING_RATE):
    """The Test accuracy the app must show, from the tutorial's own code."""
    X_train, Y_train, X_test, Y_test = tutorial.tutorial_data(negative, positive)
    params, _ = tutorial.optimize(np.zeros((64, 1)), 0.0, X_train, Y_train, iterations,
                                  learning_rate)
    accuracy = np.mean(tutorial.predict(params["w"], params["b"], X_test) == Y_test)
    return f"{100 * accuracy:.2f}%"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ---------------------------------------------------------------- the server and /proc

def _children():
    """{ppid: [pid, ...]} for every process now."""
    tree = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            tree.setdefault(ppid, []).append(int(entry))
    return tree


def process_tree(pid):
    children, tree, todo = _children(), [], [pid]
    while todo:
        p = todo.pop()
        tree.append(p)
        todo.extend(children.get(p, []))
    return tree


def rss_mb(pids):
    """Sum of VmRSS over ``pids``, in MB (processes that ended count 0)."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                        break
        except OSError:
            pass
    return total / 1024


def cpu_seconds(pids):
    """User + system CPU time used so far by ``pids``."""
    ticks = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            pass
    return ticks / os.sysconf("SC_CLK_TCK")


class Server:
    """``streamlit run app.py`` on 127.0.0.1, as a teacher would start it."""

    def __init__(self, blas_threads, session_ttl):
        self.blas_threads = blas_threads
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            env.pop(name, None)
        if blas_threads != "default":
            env["OPENBLAS_NUM_THREADS"] = env["OMP_NUM_THREADS"] = str(blas_threads)
        self.log = tempfile.NamedTemporaryFile(
            "w", prefix="load-test-server-", suffix=".log", delete=False)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py",
             "--server.port", str(self.port), "--server.address", "127.0.0.1",
             "--server.headless", "true", "--browser.gatherUsageStats", "false",
             "--server.disconnectedSessionTTL", str(session_ttl)],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT,
            start_new_session=True)
        try:
            wait_until_serving(self.url, self.process, self.log.name)
        except RuntimeError:
            self.stop()
            raise

    def pids(self):
        return process_tree(self.process.pid)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=15)
        self.log.close()


class MemorySampler(threading.Thread):
    """The server's RSS every 100 ms, in the background: [(time, MB)]."""

    def __init__(self, server, interval=0.1):
        super().__init__(daemon=True)
        self.server, self.interval = server, interval
        self.samples = []
        self._halt = threading.Event()

    def run(self):
        pids, k = self.server.pids(), 0
        while not self._halt.is_set():
            if k % 20 == 0:  # children are looked up every 2 s
                pids = self.server.pids()
            self.samples.append((time.monotonic(), rss_mb(pids)))
            k += 1
            self._halt.wait(self.interval)

    def peak(self, start, end):
        return max((mb for t, mb in self.samples if start <= t <= end), default=float("nan"))

    def stop(self):
        self._halt.set()
        self.join(timeout=5)


# ---------------------------------------------------------------- the browser sessions

@dataclass
class Session:
    index: int
    pair: tuple
    expected: str
    context: object = None
    page: object = None
    seconds: float = float("nan")       # click -> the final Test accuracy shown (browser)
    end_seconds: float = float("nan")   # click -> "Iteration 2000 / 2000" shown (browser)
    idle_seconds: float = float("nan")  # click -> the script run ended (whole page drawn)
    # at the door: "armed", "sent" (the Train request in), "trajectory" (out), "ended"
    # (the event in), "result" (the final Test accuracy out), "last" (the latest out)
    wire: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)
    url: str = ""  # the session's own door to the server
    train_at: tuple = None  # (x, y) of the Train button on the page

    def _between(self, start, end):
        if start in self.wire and end in self.wire:
            return self.wire[end] - self.wire[start]
        return float("nan")

    @property
    def wire_train_seconds(self):
        """The Train request passing into the server -> its trajectory passing out (the
        math and the page's script run, at the session's door: no browser in it)."""
        return self._between("sent", "trajectory")

    @property
    def wire_end_seconds(self):
        """The "ended" event passing in -> the message with the final Test accuracy
        passing out (the page with the results)."""
        return self._between("ended", "result")


class WebSocketFrames:
    """The frames a browser sends on a websocket, read from the bytes as they pass
    (RFC 6455: a browser masks every frame it sends): ``feed(data)`` returns
    ``(opcode, payload)`` of each frame completed by ``data``, unmasked (opcode 2: a
    binary message, as Streamlit's are; 9 and 10: ping and pong)."""

    def __init__(self):
        self.buffer = b""

    def feed(self, data):
        self.buffer += data
        payloads = []
        while len(self.buffer) >= 2:
            length, at = self.buffer[1] & 0x7F, 2
            if length == 126:
                if len(self.buffer) < 4:
                    break
                length, at = int.from_bytes(self.buffer[2:4], "big"), 4
            elif length == 127:
                if len(self.buffer) < 10:
                    break
                length, at = int.from_bytes(self.buffer[2:10], "big"), 10
            masked = self.buffer[1] & 0x80
            mask, at = (self.buffer[at:at + 4], at + 4) if masked else (b"", at)
            if len(self.buffer) < at + length:
                break
            payload = self.buffer[at:at + length]
            if masked:
                payload = (np.frombuffer(payload, np.uint8)
                           ^ np.resize(np.frombuffer(mask, np.uint8), length)).tobytes()
            payloads.append((self.buffer[0] & 0x0F, payload))
            self.buffer = self.buffer[at + length:]
        return payloads


class Doors:
    """One doorway in front of the server per session: a TCP relay on its own port of
    127.0.0.1, run by this process (not niced, in its own thread), that notes when the
    session's Train request passes in, when the trajectory passes out, when the
    browser's "ended" event passes in and when the final result passes out.

    The browsers' own clocks cannot tell the server's share: on this machine they share
    the two cores with the server, and a starved browser notices a message late. The
    relay asks the server not to compress the websocket, so the trajectory (the live
    view's data: ``"frames"``) and the final ``Test accuracy`` metric can be seen in the
    bytes going out; the frames coming in are unmasked to see the "ended" event.
    """

    TRAJECTORY = b'"frames"'
    RESULT = b"Test accuracy"
    ENDED = b'"ended"'
    STREAM = b"GET /_stcore/stream"
    COMPRESSION = re.compile(rb"(?im)^Sec-WebSocket-Extensions:[^\r\n]*\r\n")

    def __init__(self, server_port):
        self.server_port = server_port
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.listeners = []

    def open(self, session):
        """Give ``session`` its own door; its ``url`` leads to the server through it."""
        async def listen():
            listener = await asyncio.start_server(
                lambda r, w: self._relay(session, r, w), "127.0.0.1", 0)
            self.listeners.append(listener)
            return listener.sockets[0].getsockname()[1]
        port = asyncio.run_coroutine_threadsafe(listen(), self.loop).result(30)
        session.url = f"http://127.0.0.1:{port}"

    async def _relay(self, session, browser_in, browser_out):
        try:
            server_in, server_out = await asyncio.open_connection("127.0.0.1",
                                                                  self.server_port)
        except OSError:
            browser_out.close()
            return
        first = await browser_in.read(65536)
        stream = first.startswith(self.STREAM)
        if stream:
            first = self.COMPRESSION.sub(b"", first, count=1)
        server_out.write(first)

        async def inwards():
            frames = WebSocketFrames()
            while data := await browser_in.read(1 << 20):
                now, wire = time.monotonic(), session.wire
                messages = [p for op, p in frames.feed(data) if op == 2] if stream else []
                if messages and "armed" in wire:
                    if "sent" not in wire:
                        wire["sent"] = now  # the click's rerun request
                    elif "trajectory" in wire and "ended" not in wire and any(
                            self.ENDED in message for message in messages):
                        wire["ended"] = now  # the live view's last frame is on screen
                server_out.write(data)
                await server_out.drain()

        async def outwards():
            tail = b""
            while data := await server_in.read(1 << 20):
                wire = session.wire
                if stream and "sent" in wire:
                    now, seen = time.monotonic(), tail + data
                    if "trajectory" not in wire and self.TRAJECTORY in seen:
                        wire["trajectory"] = now
                    if "result" not in wire and self.RESULT in seen:
                        wire["result"] = now
                    tail = data[-len(self.TRAJECTORY) - len(self.RESULT):]
                    wire["last"] = now  # the run's last message, so far
                browser_out.write(data)
                await browser_out.drain()

        # when either side hangs up, so does the door (a closed tab disconnects at once)
        both = [asyncio.ensure_future(inwards()), asyncio.ensure_future(outwards())]
        try:
            await asyncio.wait(both, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in both:
                task.cancel()
            for writer in (server_out, browser_out):
                writer.close()
            await asyncio.gather(*both, return_exceptions=True)

    def close(self):
        async def shut():
            for listener in self.listeners:
                listener.close()
            relays = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for relay in relays:  # connections still open: cut them, quietly
                relay.cancel()
            await asyncio.gather(*relays, return_exceptions=True)
        asyncio.run_coroutine_threadsafe(shut(), self.loop).result(30)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)


async def wait_idle(page, timeout):
    await page.wait_for_selector("[data-testid='stMain'] h1", timeout=timeout)
    await page.wait_for_selector(IDLE, timeout=timeout)


async def open_session(browser, url, session, timeout, speed="Normal"):
    """Open /train with the session's pair, choose the animation speed, wait until idle."""
    negative, positive = session.pair
    session.context = await browser.new_context(viewport={"width": 1600, "height": 1000})
    page = session.page = await session.context.new_page()
    page.set_default_timeout(timeout)
    await page.goto(f"{session.url or url}/train?neg={negative}&pos={positive}"
                    f"&iterations={ITERATIONS}&lr={LEARNING_RATE}")
    await wait_idle(page, timeout)
    await page.locator(PROGRESS).wait_for(timeout=timeout)  # the live view is drawn
    await page.get_by_text(speed, exact=True).click()
    await page.get_by_role("radio", name=speed, checked=True).wait_for(timeout=timeout)
    await page.wait_for_timeout(500)  # the rerun the click asked for has started...
    await wait_idle(page, timeout)    # ...and ended
    await page.evaluate(OBSERVE, f"Iteration {ITERATIONS} / {ITERATIONS}")
    # where a student clicks Train, found now: Playwright finds a button by its role
    # with a script that walks the page's whole DOM (tens of ms of each browser, all at
    # the moment the round starts), which is the test's work, not the app's
    train = page.get_by_role("button", name="Train", exact=True)
    await train.scroll_into_view_if_needed()
    box = await train.bounding_box()
    session.train_at = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


async def train_session(session, timeout):
    """Press Train, wait for the final result and the end of the run, then check it."""
    page = session.page
    session.wire["armed"] = time.monotonic()  # the next message in is the click's rerun
    await page.mouse.click(*session.train_at)
    await page.wait_for_function("window.__load.idle !== null", timeout=timeout, polling=50)
    await wait_idle(page, timeout)
    times = await page.evaluate("window.__load")
    session.seconds = (times["result"] - times["clicked"]) / 1000
    if times["end"] is not None:
        session.end_seconds = (times["end"] - times["clicked"]) / 1000
    session.idle_seconds = (times["idle"] - times["clicked"]) / 1000
    await check_session(session)


async def check_session(session):
    page, (negative, positive) = session.page, session.pair
    progress = await page.locator(PROGRESS).inner_text()
    if progress != f"Iteration {ITERATIONS} / {ITERATIONS}":
        session.problems.append(f"progress reads {progress!r}")
    metric = page.locator("[data-testid='stMetric']").filter(has_text="Test accuracy").first
    shown = await metric.inner_text()
    if session.expected not in shown:
        session.problems.append(f"Test accuracy {shown.split()[-1]!r}, expected "
                                f"{session.expected}")
    for name, digit in (("Negative digit (label 0)", negative),
                        ("Positive digit (label 1)", positive)):
        value = await page.get_by_role("combobox", name=name).input_value()
        if value != str(digit):
            session.problems.append(f"{name} shows {value}, expected {digit}")
    if await page.locator("[data-testid='stException']").count():
        session.problems.append("an exception box is shown")


async def close_session(session):
    if session.context is not None:
        await session.context.close()
        session.context = session.page = None


async def guarded(coroutine, session):
    """Run one step of one session; a failure is noted on the session, not raised."""
    try:
        await coroutine
    except Exception as error:  # noqa: BLE001 - reported in the table
        session.problems.append(f"{type(error).__name__}: {str(error).splitlines()[0]}")


def browser_executable(nice):
    """Chromium, or a wrapper that starts it at lower priority (``nice``): every
    Chromium process and thread inherits it, so the server gets the CPUs first, as it
    would with the students' browsers on their own machines."""
    if nice <= 0:
        return CHROMIUM
    wrapper = tempfile.NamedTemporaryFile(
        "w", prefix="load-test-chromium-", suffix=".sh", delete=False)
    with wrapper:
        wrapper.write(f'#!/bin/sh\nexec nice -n {int(nice)} {CHROMIUM} "$@"\n')
    os.chmod(wrapper.name, 0o755)
    return wrapper.name


class AsyncDriver:
    """One Playwright, one Chromium, all contexts on one asyncio loop (in a thread)."""

    def __init__(self, executable=CHROMIUM):
        self.executable = executable
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.call(self._start())

    def call(self, coroutine, timeout=600):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    async def _start(self):
        from playwright.async_api import async_playwright

        self.playwright = await async_playwright().start()
        self.browser = await self.playwright.chromium.launch(
            executable_path=self.executable, args=CHROMIUM_ARGS)

    def run(self, step, sessions, timeout):
        """``step(browser, session)`` for every session at once; wait for all."""
        async def together():
            await asyncio.gather(*(guarded(step(self.browser, s), s) for s in sessions))
        self.call(asyncio.wait_for(together(), timeout), timeout + 30)

    def close(self):
        async def stop():
            await self.browser.close()
            await self.playwright.stop()
        try:
            self.call(stop(), 60)
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(timeout=10)


class ThreadDriver:
    """One Chromium; each session gets its own thread, event loop and Playwright,
    connected to that Chromium over CDP."""

    def __init__(self, executable=CHROMIUM):
        self.executable = executable
        self.host = AsyncDriver.__new__(AsyncDriver)
        self.cdp_port = free_port()
        self.host.loop = asyncio.new_event_loop()
        self.host.thread = threading.Thread(target=self.host.loop.run_forever, daemon=True)
        self.host.thread.start()
        self.host.call(self._launch())
        self.workers = {}  # session index -> (loop, thread, playwright, browser)

    async def _launch(self):
        from playwright.async_api import async_playwright

        self.host.playwright = await async_playwright().start()
        self.host.browser = await self.host.playwright.chromium.launch(
            executable_path=self.executable,
            args=CHROMIUM_ARGS + [f"--remote-debugging-port={self.cdp_port}",
                                  "--remote-debugging-address=127.0.0.1"])

    def _worker(self, session):
        if session.index not in self.workers:
            loop = asyncio.new_event_loop()
            thread = threading.Thread(target=loop.run_forever, daemon=True)
            thread.start()

            async def connect():
                from playwright.async_api import async_playwright

                playwright = await async_playwright().start()
                browser = await playwright.chromium.connect_over_cdp(
                    f"http://127.0.0.1:{self.cdp_port}")
                return playwright, browser
            playwright, browser = asyncio.run_coroutine_threadsafe(connect(), loop).result(120)
            self.workers[session.index] = (loop, thread, playwright, browser)
        return self.workers[session.index]

    def run(self, step, sessions, timeout):
        workers = [self._worker(s) for s in sessions]  # connected before the step starts
        futures = [asyncio.run_coroutine_threadsafe(
            asyncio.wait_for(guarded(step(browser, s), s), timeout), loop)
            for s, (loop, _, _, browser) in zip(sessions, workers)]
        for future in futures:
            future.result(timeout + 30)

    def close(self):
        for loop, thread, playwright, browser in self.workers.values():
            async def stop(playwright=playwright, browser=browser):
                await browser.close()
                await playwright.stop()
            try:
                asyncio.run_coroutine_threadsafe(stop(), loop).result(60)
            finally:
                loop.call_soon_threadsafe(loop.stop)
                thread.join(timeout=10)
        AsyncDriver.close(self.host)


# ---------------------------------------------------------------- one round of N sessions

def machine_busy_seconds():
    """CPU time all processes of the machine have used so far (from /proc/stat)."""
    with open("/proc/stat") as f:
        values = [int(v) for v in f.readline().split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    return (sum(values[:8]) - idle) / os.sysconf("SC_CLK_TCK")


class CpuMeter:
    """CPU seconds used by the server, by this script's browsers (Chromium and the
    Playwright drivers) and by everything else on the machine, between two reads."""

    def __init__(self, server):
        self.server = server
        self.start = self._read()

    def _read(self):
        server = set(self.server.pids())
        clients = set(process_tree(os.getpid())) - server - {os.getpid()}
        parts = {}  # the clients' CPU by Chromium process kind
        for pid in clients:
            kind = chromium_kind(pid)
            parts[kind] = parts.get(kind, 0.0) + cpu_seconds([pid])
        return cpu_seconds(server), cpu_seconds(clients), machine_busy_seconds(), parts

    def used(self):
        """(server, browsers, everything else) CPU s since the start; ``self.parts``
        then holds the browsers' share by Chromium process kind."""
        (s0, c0, m0, p0), (s1, c1, m1, p1) = self.start, self._read()
        self.parts = {kind: used - p0.get(kind, 0.0) for kind, used in p1.items()}
        return s1 - s0, c1 - c0, max(0.0, (m1 - m0) - (s1 - s0) - (c1 - c0))


def chromium_kind(pid):
    """What a client process is: Chromium's "renderer" (one per page), "gpu-process"
    (it composites every page's frames), "browser", another Chromium helper, or "driver"
    (Playwright's)."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            words = f.read().replace(b"\0", b" ").decode(errors="replace").split()
    except OSError:
        return "gone"
    if not words or "chrom" not in os.path.basename(words[0]):
        return "driver"
    kind = next((w.split("=", 1)[1] for w in words if w.startswith("--type=")), "browser")
    return kind if kind in ("renderer", "gpu-process", "browser") else "helpers"


def timeline(session):
    """One session's Train, step by step: the door's times from the Train request going
    in, the browser's from the click (the two clocks start within a few ms)."""
    def at(name):
        return f"{session._between('sent', name):.2f}"
    return (f"trajectory out {at('trajectory')}, Iteration {ITERATIONS} shown "
            f"{session.end_seconds:.2f}, \"ended\" in {at('ended')}, result out "
            f"{at('result')}, Test accuracy shown {session.seconds:.2f} s")


@dataclass
class Round:
    n: int
    sessions: list
    before: float       # MB, the server idle just before the sessions opened
    peak: float         # MB, the highest sample from opening to closing
    open_idle: float    # MB, all N sessions trained and idle, still open
    after_close: float  # MB, a few seconds after the contexts closed
    after: float        # MB, after the expired sessions were swept away
    swept: bool
    train_wall: float   # s, from the Train clicks until every session was idle
    cpu: tuple          # CPU s in that time: (server, browsers, everything else)
    load: float         # the 1-minute load average as the round began

    def times(self):
        return [s.seconds for s in self.sessions if s.seconds == s.seconds]

    def of(self, name):
        """A per-session time (a ``Session`` attribute) of every session that has it."""
        return [v for v in (getattr(s, name) for s in self.sessions) if v == v]

    def idle_times(self):
        return self.of("idle_seconds")

    @property
    def ok(self):
        return (all(not s.problems for s in self.sessions)
                and len(self.times()) == len(self.sessions))


def settle(server, seconds):
    """RSS after ``seconds`` of quiet (the median of the last second's samples)."""
    time.sleep(max(0.0, seconds - 1))
    pids, values = server.pids(), []
    for _ in range(10):
        values.append(rss_mb(pids))
        time.sleep(0.1)
    return statistics.median(values)


def sweep_expired(driver, url, ttl, timeout):
    """Wait out the disconnected-session TTL, then open and close one light page: its
    disconnect writes the session store, which drops the expired sessions."""
    time.sleep(ttl + 1)
    probe = Session(-1, WARM_UP_PAIR, "")

    async def visit(browser, session):
        session.context = await browser.new_context()
        session.page = await session.context.new_page()
        await session.page.goto(url + "/")
        await wait_idle(session.page, timeout * 1000)
        await close_session(session)
    driver.run(visit, [probe], timeout)
    return not probe.problems


def run_round(driver, server, sampler, doors, sessions, setup, args):
    timeout_ms, url = args.timeout * 1000, server.url
    for session in sessions:
        doors.open(session)
    load = os.getloadavg()[0]
    before = settle(server, 1)
    start = time.monotonic()
    driver.run(lambda browser, s: open_session(browser, url, s, timeout_ms, setup.speed),
               sessions, args.timeout)
    print(f"  ({len(sessions)} sessions opened in {time.monotonic() - start:.0f} s)",
          flush=True)
    ready = [s for s in sessions if not s.problems]
    meter, clicked = CpuMeter(server), time.monotonic()
    driver.run(lambda browser, s: train_session(s, timeout_ms), ready, args.timeout)
    train_wall, cpu = time.monotonic() - clicked, meter.used()
    print("  CPU s of the clients: " + ", ".join(
        f"{kind} {used:.2f}" for kind, used in sorted(meter.parts.items(), key=lambda kv: -kv[1])
        if used >= 0.005), flush=True)
    open_idle = settle(server, 2)
    driver.run(lambda browser, s: close_session(s), sessions, args.timeout)
    end = time.monotonic()
    after_close = settle(server, 3)
    swept = sweep_expired(driver, url, args.session_ttl, args.timeout)
    after = settle(server, 3)
    return Round(len(sessions), sessions, before, sampler.peak(start, end), open_idle,
                 after_close, after, swept, train_wall, cpu, load)


@dataclass(frozen=True)
class Setup:
    speed: str
    blas_threads: str

    def label(self, show_blas):
        return self.speed + (f", BLAS {self.blas_threads}" if show_blas else "")


def measure(setup, args, expected):
    server = Server(setup.blas_threads, args.session_ttl)
    print(f"\n== {setup.speed}; server with BLAS threads: "
          f"{setup.blas_threads} "
          f"(server.disconnectedSessionTTL={args.session_ttl}, driver {args.driver}, "
          f"browsers at nice {args.nice_browsers}; server log {server.log.name})",
          flush=True)
    sampler = MemorySampler(server)
    sampler.start()
    doors = Doors(server.port)
    driver, executable = None, browser_executable(args.nice_browsers)
    try:
        driver = (AsyncDriver if args.driver == "async" else ThreadDriver)(executable)
        fresh = settle(server, 1)
        warm = Session(-1, WARM_UP_PAIR, expected[WARM_UP_PAIR])
        run_round(driver, server, sampler, doors, [warm], setup, args)
        print(f"  server RSS just started {fresh:.0f} MB; after a warm-up visit "
              f"{settle(server, 1):.0f} MB", flush=True)
        rounds = []
        for n in args.sessions:
            for _ in range(args.lone_repeats if n == 1 else 1):
                sessions = [Session(k, PAIRS[k], expected[PAIRS[k]]) for k in range(n)]
                r = run_round(driver, server, sampler, doors, sessions, setup, args)
                times = r.times() or [float("nan")]
                sent = [s.wire["sent"] for s in r.sessions if "sent" in s.wire]
                together = (f"requests within {1000 * (max(sent) - min(sent)):.0f} ms; "
                            if len(sent) > 1 else "")
                print(f"  N={n:2d}: {together}click->final Test accuracy max "
                      f"{max(times):.2f} s; server CPU "
                      f"{r.cpu[0]:.1f} s, browsers {r.cpu[1]:.1f} s, others {r.cpu[2]:.1f} s"
                      f" in {r.train_wall:.1f} s; RSS {r.before:.0f} -> peak {r.peak:.0f}"
                      f" -> open {r.open_idle:.0f} -> closed {r.after_close:.0f} -> swept "
                      f"{r.after:.0f} MB; {'OK' if r.ok else 'PROBLEMS'}", flush=True)
                if n > 1:  # where each session's time went, the slowest first
                    for s in sorted(r.sessions, key=lambda s: -s.seconds):
                        print(f"      session {s.index} {s.pair}: " + timeline(s), flush=True)
                for s in r.sessions:
                    for problem in s.problems:
                        print(f"      session {s.index} {s.pair}: {problem}", flush=True)
                rounds.append(r)
        return merge_lone(rounds)
    finally:  # whatever happened: the browser, the sampler and the server stop
        try:
            if driver is not None:
                driver.close()
        finally:
            try:
                sampler.stop()
                doors.close()
            finally:
                server.stop()
                if executable != CHROMIUM:
                    os.unlink(executable)


def merge_lone(rounds):
    """The repeated lone rounds become one row (their sessions pooled, medians)."""
    lone = [r for r in rounds if r.n == 1]
    if len(lone) <= 1:
        return rounds

    def median(name):
        return statistics.median(getattr(r, name) for r in lone)
    merged = Round(1, [s for r in lone for s in r.sessions], median("before"),
                   max(r.peak for r in lone), median("open_idle"), median("after_close"),
                   median("after"), all(r.swept for r in lone), median("train_wall"),
                   tuple(statistics.median(r.cpu[k] for r in lone) for k in range(3)),
                   median("load"))
    merged.repeats = len(lone)
    return [merged if r is lone[0] else r for r in rounds if r.n != 1 or r is lone[0]]


# ---------------------------------------------------------------- the report

def spread(values):
    values = sorted(values) or [float("nan")]
    return (f"{values[0]:.2f} / {statistics.median(values):.2f} / {values[-1]:.2f} s",
            values[-1])


def lone_time(rounds, name="seconds"):
    """The median lone session's time ``name`` (a ``Session`` attribute), or None."""
    lone = next((r for r in rounds if r.n == 1 and r.of(name)), None)
    return statistics.median(lone.of(name)) if lone else None


def median_max(values):
    if not values:
        return "—"  # Instant: no playback, so no "ended"
    values = sorted(values)
    return f"{statistics.median(values):.2f} / {values[-1]:.2f} s"


TIME_COLUMNS = ["setting", "N", "click → final Test accuracy shown, min / median / max",
                "slowest ÷ lone", "click → Iteration 2000 / 2000 shown, max",
                "at the server: Train in → trajectory out, median / max",
                "at the server: \"ended\" in → Test accuracy out, median / max",
                "click → page done, max", "CPU s: server / browsers / others",
                "own result & pair"]
MEMORY_COLUMNS = ["setting", "N", "RSS before", "peak", "N open", "per session",
                  "closed (within TTL)", "swept", "swept ÷ before"]


def rows(label, rounds):
    lone = lone_time(rounds)
    times, memory = [], []
    for r in rounds:
        n = f"1 (×{r.repeats})" if getattr(r, "repeats", 1) > 1 else str(r.n)
        shown, slowest = spread(r.times())
        times.append([
            label, n, shown, f"{slowest / lone:.1f}×" if lone else "—",
            f"{max(r.of('end_seconds') or [float('nan')]):.2f} s",
            median_max(r.of("wire_train_seconds")), median_max(r.of("wire_end_seconds")),
            f"{max(r.idle_times() or [float('nan')]):.2f} s",
            " / ".join(f"{c:.1f}" for c in r.cpu),
            "yes" if r.ok else f"NO ({sum(bool(s.problems) for s in r.sessions)} of "
                               f"{len(r.sessions)})"])
        memory.append([
            label, n, f"{r.before:.0f} MB", f"{r.peak:.0f} MB", f"{r.open_idle:.0f} MB",
            f"{(r.peak - r.before) / r.n:+.1f} MB", f"{r.after_close:.0f} MB",
            f"{r.after:.0f} MB" + ("" if r.swept else " (sweep failed)"),
            f"{r.after / r.before:.2f}"])
    return times, memory


def print_table(columns, table, markdown):
    if markdown:
        print("| " + " | ".join(columns) + " |")
        print("|" + "|".join("---" for _ in columns) + "|")
        for row in table:
            print("| " + " | ".join(row) + " |")
        return
    widths = [max(len(c), *(len(row[i]) for row in table)) for i, c in enumerate(columns)]
    print("  ".join(c.ljust(w) for c, w in zip(columns, widths)))
    print("  ".join("-" * w for w in widths))
    for row in table:
        print("  ".join(v.ljust(w) for v, w in zip(row, widths)))


def verdicts(label, rounds):
    lone = lone_time(rounds)
    lines = []
    for r in rounds:
        where = f"{label}, N={r.n}"
        if not r.ok:
            lines.append(f"{where}: WRONG, MIXED-UP OR MISSING RESULTS (see above)")
        if r.n == 8 and lone and r.times():
            ratio = max(r.times()) / lone
            line = (f"{where}: slowest click -> final Test accuracy {ratio:.1f}× a lone "
                    f"session's ({'meets' if ratio <= 2 else 'MISSES'} the 2× target)")
            for name, what in (("wire_train_seconds", "Train in -> trajectory out"),
                               ("wire_end_seconds", '"ended" in -> result out')):
                alone = lone_time(rounds, name)
                if alone and r.of(name):
                    line += (f"; at the server, {what}: slowest {max(r.of(name)):.2f} s, "
                             f"lone {alone:.2f} s")
            lines.append(line)
        if r.n > 1:
            per, held = (r.peak - r.before) / r.n, (r.open_idle - r.before) / r.n
            lines.append(f"{where}: {per:.1f} MB per session at the peak, {held:.1f} MB "
                         f"held while open ({'meets' if per < 30 else 'MISSES'} the 30 MB "
                         "target)")
        lines.append(f"{where}: {r.after:.0f} MB after the sweep = {r.after / r.before:.2f}×"
                     f" before ({'meets' if r.after <= 1.1 * r.before else 'MISSES'} the "
                     "10% target)")
    return lines


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, nargs="+", default=[1, 8, 16],
                        help="the numbers of simultaneous sessions (default 1 8 16)")
    parser.add_argument("--blas-threads", nargs="+", default=["default"],
                        help="'default' (OpenBLAS decides) and/or a number, e.g. 1: one "
                             "server per value, run one after the other (default: default)")
    parser.add_argument("--driver", choices=["async", "threads"], default="async")
    parser.add_argument("--speed", choices=["Instant", "Fast", "Normal", "Slow"], nargs="+",
                        default=["Normal", "Instant"],
                        help="the Animation choices to measure (default Normal Instant)")
    parser.add_argument("--nice-browsers", type=int, default=10,
                        help="run Chromium at this nice level so that the server, not the "
                             "browsers sharing its CPUs, gets them first (default 10; 0: off)")
    parser.add_argument("--session-ttl", type=int, default=2,
                        help="server.disconnectedSessionTTL for this server, s (default 2)")
    parser.add_argument("--lone-repeats", type=int, default=3,
                        help="how many times the lone session (N=1) is measured")
    parser.add_argument("--timeout", type=int, default=180,
                        help="the longest any step of a round may take, s (default 180)")
    args = parser.parse_args(argv)
    if max(args.sessions) > len(PAIRS) or min(args.sessions) < 1:
        parser.error(f"--sessions must be between 1 and {len(PAIRS)}")
    for blas in args.blas_threads:
        if blas != "default" and not (blas.isdigit() and int(blas) > 0):
            parser.error("--blas-threads takes 'default' or positive numbers")
    if not os.path.exists(CHROMIUM):
        parser.error(f"{CHROMIUM} is missing (Debian's chromium package)")

    pairs = {WARM_UP_PAIR, *PAIRS[:max(args.sessions)]}
    expected = {pair: expected_accuracy(*pair) for pair in pairs}
    print(f"Train page, {ITERATIONS} iterations at lr {LEARNING_RATE}; speeds {args.speed}; "
          f"sessions {args.sessions}; {os.cpu_count()} CPUs, load "
          f"average {os.getloadavg()[0]:.2f}", flush=True)

    times, memory, lines = [], [], []
    show_blas = args.blas_threads != ["default"]
    for blas in args.blas_threads:
        for speed in args.speed:
            setup = Setup(speed, blas)
            rounds = measure(setup, args, expected)
            for table, more in zip((times, memory), rows(setup.label(show_blas), rounds)):
                table += more
            lines += verdicts(setup.label(show_blas), rounds)
    for markdown in (False, True):
        print("\nMarkdown (for the README):" if markdown else "")
        print("\nTime (Train pressed in all N sessions at once; lone = median of N=1):\n")
        print_table(TIME_COLUMNS, times, markdown)
        print("\nServer memory (VmRSS; per session = (peak - before) / N):\n")
        print_table(MEMORY_COLUMNS, memory, markdown)
    print()
    for line in lines:
        print(line)
    return 1 if any("WRONG" in line for line in lines) else 0


if __name__ == "__main__":
    sys.exit(main())
