"""How smooth and how light is Train's live view, in a real browser, on the real page?

    python benchmarks/bench_live_view.py [--repeats 5] [--throttle 1 4]
                                         [--plotly drawn|stubbed] [--timeout 90]

Starts its own ``streamlit run app.py`` on 127.0.0.1 (a free port, headless, its class
database in a temporary folder) and drives Debian's Chromium through Playwright. Each
trial opens ``/train`` in a fresh browser context (a 1280x720 projector window: the
tutorial's 0 vs 1, 1000 iterations, learning rate 0.05), makes sure the animation speed
is **Normal** (a run lasts 2.5 s on screen), sets the CPU throttling
(``Emulation.setCPUThrottlingRate``: 4 stands for a low-end school laptop), lets the
page settle, presses **Train** (a mouse click where the button is, found beforehand:
finding it by its role is a script over the page's whole DOM, the test's work) and
waits until the final ``Test accuracy`` metric is on the page and the script run after
it has ended; then presses Train again on the same page. The two are reported apart: the first Train of a page also draws the results'
elements for the first time (their code is loaded and their styles made then);
"again" is a class pressing Train once more. Trials alternate
between the throttling rates (``--throttle``), ``--repeats`` pages of each; one
unmeasured page first warms the server.

Per Train, measured:

(a) the distinct ``Iteration i / n`` values shown per second of playback: from the
    click until the run's last iteration is on screen, a ``requestAnimationFrame`` loop
    (installed before the page's own scripts) reads the live view's progress text, in
    its open shadow root, on every frame; the values after the click, each once,
    divided by the time from the first to ``Iteration 1000 / 1000`` (as
    ``tests/test_live_view_component.py`` counts them);
(b) click -> the final ``Test accuracy`` metric on the page (the browser's clock: a
    ``pointerdown`` listener, and a MutationObserver that notes when the metric appears;
    on "again", once the last run's metric has gone);
(c) the page's main-thread work for the whole Train, from just before the click until
    the page is idle again plus a second (``Performance.getMetrics`` TaskDuration);
(d) the server's CPU time for the Train, read from the server itself to the nanosecond
    (``benchmarks/cpu_clock``: a thread the benchmark adds to the server through
    ``PYTHONPATH`` answers with ``time.process_time``; /proc counts in 10 ms ticks,
    too coarse for ~50 ms), over the same window, minus the server's CPU over
    an equally long idle window right after (the session open, nothing happening). It
    is split at mid-playback into the click's script run (record the trajectory, send
    it) and the end (the "ended" event, then the page with the results).

And, in this process, alternating with the trials: the tutorial's plain ``optimize``
(``tests/support/tutorial_reference.py``) for the same 1000 iterations (CPU time, best of 5 per
trial), and the app's own math for the click (``logreg.trajectory.record`` of the run
with the snapshots Normal sends, and ``payload``), so the server's CPU can be read as a
ratio to the plain loop; both with one BLAS thread, as the server runs its math. Every Train must end on ``Iteration 1000 / 1000`` and show the
tutorial's test accuracy.

``--plotly stubbed`` serves the browser an empty stand-in for Streamlit's plotly chart
module (the rest of the page is real): what the result charts cost the browser.

Prints every Train, then medians and markdown tables against the issue's targets.
Loopback only, every wait bounded; the server and the browser are stopped at the end.
The machine's load average is printed: other work on the machine slows the browser (a
throttled one most). Run by hand; the test suite never asserts times.
"""

import argparse
import os
import re
import statistics
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

import numpy as np  # noqa: E402

from benchmarks.cpu_clock import ServerClock  # noqa: E402
from logreg import load_digit_pair, trajectory  # noqa: E402
from logreg.run import TrainingRun  # noqa: E402
from logreg.settings import RunSettings  # noqa: E402
from playground.server import one_blas_thread  # noqa: E402
from tests.support import tutorial_reference as tutorial  # noqa: E402
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, IDLE  # noqa: E402
from tests.support.server import streamlit_server  # noqa: E402

NEGATIVE, POSITIVE, ITERATIONS, LEARNING_RATE = 0, 1, 1000, 0.05
SPEED, SECONDS = "Normal", 2.5  # a run's screen time at Normal (playground.session.SPEEDS)
FINAL = f"Iteration {ITERATIONS} / {ITERATIONS}"
VIEWPORT = {"width": 1280, "height": 720}
SETTLE = 1.0  # s after the page is idle again, still counted (late paints, the last rAF)
ATTEMPTS = ("first", "again")  # two Trains per fresh page
# Streamlit loads its plotly chart component as a module of its own; ``--plotly stubbed``
# serves this stand-in instead, which draws nothing
PLOTLY_MODULE = re.compile(r".*/PlotlyChart\.[^/]*\.js$")
NO_CHART = "export default function PlotlyChart() { return null }"

# Before the page's own scripts: the progress text on every animation frame (only its
# changes are kept), the click, and when the final Test accuracy metric appears.
INIT = """
(() => {
  const b = window.__bench = {armed: false, clicked: null, progress: [], metric: null,
                              metricText: null, gone: true, before: null, moved: false};
  let node = null, last = null;
  const LIVE = "[data-testid='stBidiComponentIsolated']";
  const metric = () => [...document.querySelectorAll("[data-testid='stMetric']")].find(
      (m) => m.textContent.includes('Test accuracy'));
  b.arm = () => {  // before a click: forget the last Train
    const host = document.querySelector(LIVE);
    node = host && host.shadowRoot && host.shadowRoot.querySelector('.lv-progress-text');
    Object.assign(b, {armed: true, clicked: null, progress: [], metric: null,
                      metricText: null, gone: !metric(), before: node && node.textContent,
                      moved: false});
  };
  // on every animation frame from the click until the new run's last iteration is on
  // screen, then no more (an endless loop would keep an idle page drawing frames)
  const sample = (now) => {
    if (!node || !node.isConnected) {
      const host = document.querySelector(LIVE);
      node = host && host.shadowRoot && host.shadowRoot.querySelector('.lv-progress-text');
    }
    if (node) {
      const text = node.textContent;
      if (text !== last) { last = text; b.progress.push([now, text]); }
      if (text !== b.before) b.moved = true;
      const words = text.split(' ');  // Iteration i / n
      if (b.moved && words.length === 4 && words[1] === words[3]) return;  // the end
    }
    requestAnimationFrame(sample);
  };
  document.addEventListener('pointerdown', () => {
    if (b.armed && b.clicked === null) {
      b.clicked = performance.now(); last = null; requestAnimationFrame(sample);
    }
  }, true);
  // the final metric: the last Train's (if any) must go first, then the new one appear
  const check = () => {
    if (b.clicked === null || b.metric !== null) return;
    const m = metric();
    if (!b.gone) { if (!m) b.gone = true; return; }
    if (m) { b.metric = performance.now(); b.metricText = m.innerText; }
  };
  const watch = () => new MutationObserver(check).observe(document.body,
      {subtree: true, childList: true, characterData: true});
  if (document.body) watch(); else document.addEventListener('DOMContentLoaded', watch);
})();
"""


def expected_accuracy():
    X_train, Y_train, X_test, Y_test = tutorial.tutorial_data(NEGATIVE, POSITIVE)
    params, _ = tutorial.optimize(np.zeros((64, 1)), 0.0, X_train, Y_train, ITERATIONS,
                                  LEARNING_RATE)
    accuracy = np.mean(tutorial.predict(params["w"], params["b"], X_test) == Y_test)
    return f"{100 * accuracy:.2f}%"


# ---------------------------------------------------------------- in this process

def best_cpu(function, repeats=5):
    """The least CPU time (this process, s) of ``repeats`` calls of ``function``."""
    best = float("inf")
    for _ in range(repeats):
        start = time.process_time()
        function()
        best = min(best, time.process_time() - start)
    return best


class PlainLoop:
    """The tutorial's optimize for the same run, and the app's own math for a click."""

    def __init__(self):
        self.data = tutorial.tutorial_data(NEGATIVE, POSITIVE)
        self.pair = load_digit_pair(NEGATIVE, POSITIVE)
        self.frames = trajectory.frames_for(SECONDS)
        self.tutorial, self.ours = [], []

    def _tutorial(self):
        X_train, Y_train, _, _ = self.data
        tutorial.optimize(np.zeros((64, 1)), 0.0, X_train, Y_train, ITERATIONS, LEARNING_RATE)

    def _ours(self):
        run = TrainingRun(RunSettings(NEGATIVE, POSITIVE, LEARNING_RATE, ITERATIONS), self.pair)
        traj = trajectory.record(run, run.remaining, self.frames)
        trajectory.payload(run, traj, playback="p1", seconds=SECONDS)

    def measure(self):
        self.tutorial.append(best_cpu(self._tutorial))
        self.ours.append(best_cpu(self._ours))


# ---------------------------------------------------------------- one page in the browser

def progress_values(rows, before):
    """[(time ms, iteration)] of the progress after the click, each value once: from the
    new run's first frame (above 0) on; what the page showed before the click (the last
    run's end) is skipped until the new run replaced it."""
    values, started = [], False
    for t, text in rows:
        parts = text.split()
        if len(parts) != 4 or parts[0] != "Iteration":
            continue
        started = started or text != before
        i = int(parts[1])
        if started and i > 0 and (not values or values[-1][1] != i):
            values.append((t, i))
    return values


def choose_speed(page, timeout):
    radio = page.get_by_role("radio", name=SPEED, exact=True)
    if not radio.is_checked():
        page.get_by_text(SPEED, exact=True).click()
        page.get_by_role("radio", name=SPEED, checked=True).wait_for(timeout=timeout)
        page.wait_for_timeout(500)
    page.wait_for_selector(IDLE, timeout=timeout)


def stub_plotly(context):
    """Serve an empty stand-in for Streamlit's plotly chart module (``--plotly
    stubbed``): the page is real except that its plotly charts draw nothing."""
    context.route(PLOTLY_MODULE, lambda route: route.fulfill(
        status=200, content_type="text/javascript", body=NO_CHART))


def open_page(browser, url, throttle, timeout_ms, plotly):
    """/train in a fresh context, settled, Normal chosen, CPU throttled: (context,
    page, cdp)."""
    context = browser.new_context(viewport=VIEWPORT)
    if plotly == "stubbed":
        stub_plotly(context)
    page = context.new_page()
    page.set_default_timeout(timeout_ms)
    page.add_init_script(INIT)
    page.goto(f"{url}/train")
    page.wait_for_selector("[data-testid='stMain'] h1", timeout=timeout_ms)
    page.wait_for_selector(IDLE, timeout=timeout_ms)
    page.wait_for_function("() => { const h = document.querySelector("
                           "\"[data-testid='stBidiComponentIsolated']\"); return h && "
                           "h.shadowRoot && h.shadowRoot.querySelector('.lv-progress-text'); }")
    choose_speed(page, timeout_ms)
    cdp = context.new_cdp_session(page)
    cdp.send("Performance.enable")
    if throttle > 1:
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": throttle})
    return context, page, cdp


def train_once(page, cdp, clock, timeout_ms, expected):
    """Press Train on the open page; what was measured, as a dict."""
    def busy():
        metrics = cdp.send("Performance.getMetrics")["metrics"]
        return next(m["value"] for m in metrics if m["name"] == "TaskDuration")

    train = page.get_by_role("button", name="Train", exact=True)
    train.wait_for()
    # where a user would click, found before the measurement: Playwright finds a button
    # by its role with a script in the page that walks the whole DOM (tens of ms on
    # this page), which is the test's work, not the app's
    train.scroll_into_view_if_needed()
    box = train.bounding_box()
    page.wait_for_timeout(1000)  # settle: the page drawn, nothing pending
    page.evaluate("window.__bench.arm()")
    task0, cpu0, wall0 = busy(), clock.seconds(), time.monotonic()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    # mid-playback the server is idle between the click's script run and the end's
    page.wait_for_function(
        "() => { const b = window.__bench, p = b.progress.at(-1); return p && "
        "b.progress.some(q => q[1] !== b.before) && +p[1].split(' ')[1] >= 400; }",
        polling=50, timeout=timeout_ms)
    cpu_mid, wall_mid = clock.seconds(), time.monotonic()
    page.wait_for_function("window.__bench.metric !== null", polling=100, timeout=timeout_ms)
    page.wait_for_selector(IDLE, timeout=timeout_ms)
    page.wait_for_timeout(int(SETTLE * 1000))
    task1, cpu1, wall1 = busy(), clock.seconds(), time.monotonic()
    bench = page.evaluate("({...window.__bench, arm: null})")
    # the idle baseline: as long again, the session open and nothing happening
    time.sleep(wall1 - wall0)
    idle_rate = (clock.seconds() - cpu1) / (time.monotonic() - wall1)

    problems = []
    shown = bench["metricText"] or ""
    if expected not in shown:
        problems.append(f"Test accuracy shows {shown!r}, expected {expected}")
    values = progress_values(bench["progress"], bench["before"])
    iterations = [i for _, i in values]
    if not iterations or iterations[-1] != ITERATIONS:
        problems.append(f"the progress ended at {bench['progress'][-1:]}")
    elif any(a >= b for a, b in zip(iterations, iterations[1:])):
        problems.append("the progress went back or repeated")
    if page.locator("[data-testid='stException']").count():
        problems.append("an exception box is shown")
    clicked = bench["clicked"]
    final_at = next((t for t, i in values if i == ITERATIONS), float("nan"))
    playback = (final_at - values[0][0]) / 1000 if values else float("nan")
    return {
        "values": len(values),
        "playback": playback,
        "rate": len(values) / playback if playback > 0 else float("nan"),
        "first_frame": (values[0][0] - clicked) / 1000 if values else float("nan"),
        "end_shown": (final_at - clicked) / 1000,
        "final": (bench["metric"] - clicked) / 1000,
        "task": task1 - task0,
        "server": (cpu1 - cpu0) - idle_rate * (wall1 - wall0),
        "server_click": (cpu_mid - cpu0) - idle_rate * (wall_mid - wall0),
        "server_end": (cpu1 - cpu_mid) - idle_rate * (wall1 - wall_mid),
        "idle_rate": idle_rate,
        "problems": problems,
    }


def trial(browser, url, clock, throttle, timeout, expected, plotly="drawn"):
    """A fresh page, Train pressed on it twice: the first Train (the page also loads
    what the results need the first time) and the same again."""
    timeout_ms = timeout * 1000
    context, page, cdp = open_page(browser, url, throttle, timeout_ms, plotly)
    try:
        rows = []
        for attempt in ATTEMPTS:
            row = train_once(page, cdp, clock, timeout_ms, expected)
            rows.append({**row, "throttle": throttle, "attempt": attempt})
        return rows
    finally:
        context.close()


# ---------------------------------------------------------------- the report

def median(rows, key):
    values = [r[key] for r in rows if r[key] == r[key]]
    return statistics.median(values) if values else float("nan")


def spread(rows, key, fmt):
    values = sorted(r[key] for r in rows if r[key] == r[key])
    if not values:
        return "—"
    text = fmt.format(statistics.median(values))
    return text + (f" ({fmt.format(values[0])}–{fmt.format(values[-1])})"
                   if len(values) > 1 else "")


def verdict(value, target, at_least):
    if value != value:
        return "—"
    met = value >= target if at_least else value <= target
    return "**yes**" if met else "**NO**"


def describe(r):
    return (f"{r['values']:3d} values in {r['playback']:.2f} s = {r['rate']:5.1f}/s; click -> "
            f"first frame {r['first_frame']:.2f} s, -> {FINAL} {r['end_shown']:.2f} s, -> "
            f"Test accuracy {r['final']:.2f} s; main thread {r['task']:.2f} s; server CPU "
            f"{r['server']:.3f} s (click {r['server_click']:.3f} + end {r['server_end']:.3f};"
            f" idle {1000 * r['idle_rate']:.1f} ms/s)"
            + ("; PROBLEMS: " + "; ".join(r["problems"]) if r["problems"] else ""))


def report(trials, loop, args, loads):
    plain = min(loop.tutorial)  # the loop at its best, as bench_optimize.py reports it
    ours = min(loop.ours)
    print("\nPer Train:")
    for r in trials:
        print(f"  x{r['throttle']} {r['attempt']:5s}: {describe(r)}")
    print(f"\nIn this process: the tutorial's optimize, {ITERATIONS} iterations: "
          f"{1000 * plain:.1f} ms CPU (best; the median of the per-trial bests "
          f"{1000 * statistics.median(loop.tutorial):.1f} ms); the app's record + payload "
          f"for the click: {1000 * ours:.1f} ms ({ours / plain:.2f}x the plain loop)")

    def rows_of(throttle, attempt):
        return [r for r in trials if r["throttle"] == throttle and r["attempt"] == attempt]

    def cells(key, fmt, throttle):
        return [spread(rows_of(throttle, a), key, fmt) for a in ATTEMPTS]

    def met(key, throttle, target, at_least):
        return " / ".join(verdict(median(rows_of(throttle, a), key), target, at_least)
                          for a in ATTEMPTS)

    full = rows_of(1, ATTEMPTS[0]) + rows_of(1, ATTEMPTS[1])
    server = median(full, "server")
    table = [
        ("distinct `Iteration i / n` values per second of playback, full CPU",
         *cells("rate", "{:.1f}", 1), "≥ 30", met("rate", 1, 30, True)),
        ("… under 4× CPU throttling", *cells("rate", "{:.1f}", 4), "≥ 20",
         met("rate", 4, 20, True)),
        ("click → final `Test accuracy` shown, 4× throttling",
         *cells("final", "{:.2f} s", 4), "≤ 4.0 s", met("final", 4, 4.0, False)),
        ("… full CPU", *cells("final", "{:.2f} s", 1), "", ""),
        ("click → `Iteration 1000 / 1000` shown (the playback's end), 4× / full CPU",
         *[f"{median(rows_of(4, a), 'end_shown'):.2f} s / "
           f"{median(rows_of(1, a), 'end_shown'):.2f} s" for a in ATTEMPTS], "", ""),
        ("main-thread work for one whole Train (TaskDuration), full CPU",
         *cells("task", "{:.2f} s", 1), "≤ 0.8 s", met("task", 1, 0.8, False)),
        ("… 4× throttling", *cells("task", "{:.2f} s", 4), "", ""),
        ("server CPU for one Train at Normal (full-CPU pages)",
         *cells("server", "{:.3f} s", 1), "≤ 0.06 s",
         met("server", 1, 0.06, False)),
        ("… of it: the click's script run + the end (after \"ended\")",
         *[f"{median(rows_of(1, a), 'server_click'):.3f} + "
           f"{median(rows_of(1, a), 'server_end'):.3f} s" for a in ATTEMPTS], "", ""),
    ]
    head = (f"Markdown (for the README): Train at {SPEED}, {NEGATIVE} vs {POSITIVE}, "
            f"{ITERATIONS} iterations, a fresh 1280×720 page per trial; median (min–max) "
            f"of {args.repeats} trials; plotly {args.plotly}; load average "
            f"{min(loads):.1f}–{max(loads):.1f} on {os.cpu_count()} CPUs")
    print(f"\n{head}\n")
    print("| what | first Train on the page | the same again | target | met (first / again) |")
    print("|---|---|---|---|---|")
    for row in table:
        print("| " + " | ".join(row) + " |")
    print(f"\nAgainst the tutorial's plain `optimize` ({ITERATIONS} iterations, 0 vs 1, in "
          f"this process, CPU, best of {5 * len(loop.tutorial)}): {1000 * plain:.1f} ms\n")
    print("| what | CPU | ÷ plain loop |")
    print("|---|---|---|")
    print(f"| the tutorial's plain `optimize` | {1000 * plain:.1f} ms | 1 |")
    print(f"| the app's math for the click (`trajectory.record` + `payload`) | "
          f"{1000 * ours:.1f} ms | {ours / plain:.2f} |")
    print(f"| the server, one whole Train at Normal (median of all full-CPU Trains) | "
          f"{1000 * server:.0f} ms | {server / plain:.1f} |")
    return any(r["problems"] for r in trials)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5,
                        help="fresh pages per throttling rate (default 5)")
    parser.add_argument("--throttle", type=int, nargs="+", default=[1, 4],
                        help="CPU throttling rates to measure (default 1 4)")
    parser.add_argument("--plotly", choices=["drawn", "stubbed"], default="drawn",
                        help="stubbed: the browser gets an empty stand-in for Streamlit's "
                             "plotly chart module (to see what the result charts cost)")
    parser.add_argument("--timeout", type=int, default=90,
                        help="the longest any wait may take, s (default 90)")
    args = parser.parse_args(argv)
    if not os.path.exists(CHROMIUM):
        parser.error(f"{CHROMIUM} is missing (Debian's chromium package)")

    from playwright.sync_api import sync_playwright

    one_blas_thread()  # as the server runs the math (playground/server.py), for both loops
    expected = expected_accuracy()
    loop = PlainLoop()
    loads = [os.getloadavg()[0]]
    print(f"Train at {SPEED}, {NEGATIVE} vs {POSITIVE}, {ITERATIONS} iterations; throttling "
          f"{args.throttle}, {args.repeats} pages each, Train twice per page; plotly "
          f"{args.plotly}; {os.cpu_count()} CPUs, load average {loads[0]:.2f}", flush=True)
    data = tempfile.TemporaryDirectory(prefix="bench-live-view-")
    clock = ServerClock()
    env = {"PLAYGROUND_DATA_DIR": data.name, "PLAYGROUND_DATABASE_URL": "", **clock.env}
    trials = []
    with data, streamlit_server("bench-live-view-server.log", env=env) as url, \
            sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for warm in trial(browser, url, clock, 1, args.timeout, expected, args.plotly):
                print(f"  warm-up, {warm['attempt']}: {describe(warm)}", flush=True)
            for k in range(args.repeats):
                for throttle in args.throttle:
                    loop.measure()
                    for r in trial(browser, url, clock, throttle, args.timeout, expected,
                                   args.plotly):
                        trials.append(r)
                        print(f"  {k + 1}/{args.repeats} x{throttle} {r['attempt']:5s}: "
                              f"{describe(r)}", flush=True)
                    loads.append(os.getloadavg()[0])
                    print(f"  (load average {loads[-1]:.2f})", flush=True)
        finally:
            browser.close()
            clock.close()
    failed = report(trials, loop, args, loads)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
