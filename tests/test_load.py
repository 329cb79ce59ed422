"""A small classroom in the browser: several sessions at once on one server.

* Four sessions train four different digit pairs at the same time, and each one ends
  up with its own pair and its own result (the tutorial's test accuracy for its pair).
* Four students opening a link to /train on a freshly started server all get the
  framed app (navigation bar, settings from their link), not an error.

The timings and the memory of many sessions are measured by hand with
``benchmarks/load_test.py``; these tests check only correctness and isolation (no
wall-clock asserts). The pages live in one Chromium (one context, so one Streamlit
session, each) and are driven in turns: every step is started on all four pages before
any of them is waited for, so the script runs overlap on the server.
"""

import contextlib
import os
import subprocess
import sys
import time
import urllib.request

import numpy as np
import pytest

from tests import tutorial_reference as ref
from tests.conftest import ROOT, _free_port, screenshot, wait_idle

pytestmark = pytest.mark.browser

ITERATIONS, LEARNING_RATE = 300, 0.05
# Four pairs whose expected test accuracies all differ (87.50%, 94.44%, 95.83%, 97.22%),
# so a session showing another session's run is caught by its accuracy, too.
PAIRS = [(1, 8), (7, 9), (3, 8), (1, 2)]
WAIT = 90_000  # ms: generous, for a loaded 2-core machine; only a failure waits this long

PROGRESS = "(document.querySelector(\"[data-testid='stProgress']\") || {innerText: ''}).innerText"
NEGATIVE, POSITIVE = "Negative digit (label 0)", "Positive digit (label 1)"


def link(app_url, pair):
    return (f"{app_url}/train?neg={pair[0]}&pos={pair[1]}"
            f"&iterations={ITERATIONS}&lr={LEARNING_RATE}")


@contextlib.contextmanager
def contexts(browser, n):
    opened = [browser.new_context(viewport={"width": 1600, "height": 1000})
              for _ in range(n)]
    try:
        yield opened
    finally:
        for context in opened:
            context.close()


def open_pages(browser_contexts):
    pages = [context.new_page() for context in browser_contexts]
    for page in pages:
        page.set_default_timeout(WAIT)
    return pages


def shown_pair(page):
    return tuple(int(page.get_by_role("combobox", name=name).input_value())
                 for name in (NEGATIVE, POSITIVE))


def expected_test_accuracy(negative, positive):
    X_train, Y_train, X_test, Y_test = ref.tutorial_data(negative, positive)
    params, _ = ref.optimize(np.zeros((64, 1)), 0.0, X_train, Y_train, ITERATIONS,
                             LEARNING_RATE)
    return f"{100 * np.mean(ref.predict(params['w'], params['b'], X_test) == Y_test):.2f}%"


def test_four_sessions_training_at_once_each_keep_their_own_run(app_url, browser):
    expected = {pair: expected_test_accuracy(*pair) for pair in PAIRS}
    assert len(set(expected.values())) == len(PAIRS), expected

    with contexts(browser, 1 + len(PAIRS)) as (first, *others):
        # One visit first, so the shared server has left Streamlit's legacy pages/
        # mode whichever test ran before (the first visitors of a fresh server are the
        # next test's subject).
        page = open_pages([first])[0]
        page.goto(f"{app_url}/train")
        page.locator("[data-testid='stTopNavLink']").first.wait_for()
        first.close()

        pages = open_pages(others)
        # all four open their link (the loads and first script runs overlap)...
        for page, pair in zip(pages, PAIRS):
            page.goto(link(app_url, pair), wait_until="commit")
        for page in pages:
            wait_idle(page, timeout=WAIT)
            page.get_by_text("Instant", exact=True).click()
        for page in pages:
            page.get_by_role("radio", name="Instant", checked=True).wait_for()
            page.wait_for_timeout(300)  # let the rerun of that click start, then end
            wait_idle(page, timeout=WAIT)
            page.wait_for_function(f"{PROGRESS}.includes('Iteration 0 / {ITERATIONS}')",
                                   timeout=WAIT, polling=100)

        # ...then all four press Train before any result is awaited
        for page in pages:
            page.get_by_role("button", name="Train", exact=True).click()
        for page in pages:
            page.wait_for_function(
                f"{PROGRESS}.includes('Iteration {ITERATIONS} / {ITERATIONS}')",
                timeout=WAIT, polling=100)
        for page in pages:
            wait_idle(page, timeout=WAIT)

        shown, want = {}, {}
        for page, pair in zip(pages, PAIRS):
            metric = page.locator("[data-testid='stMetric']").filter(
                has_text="Test accuracy").first
            shown[pair] = {
                "pair": shown_pair(page),
                "progress": page.locator("[data-testid='stProgress']").inner_text().strip(),
                "test accuracy": metric.inner_text().split()[-1],
                "exceptions": page.locator("[data-testid='stException']").count(),
            }
            want[pair] = {"pair": pair, "progress": f"Iteration {ITERATIONS} / {ITERATIONS}",
                          "test accuracy": expected[pair], "exceptions": 0}
        screenshot(pages[-1], "load-four-sessions")
        assert shown == want


@contextlib.contextmanager
def fresh_server():
    """A server of its own, started just now (as the teacher starts it before class)."""
    port = _free_port()
    log = open(ROOT / "artifacts" / "streamlit-fresh-server.log", "w")
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"})
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not start; see {log.name}")
            time.sleep(0.3)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
        log.close()


def test_students_opening_a_link_at_once_on_a_fresh_server_all_get_the_app(browser):
    """The first visitors of a fresh server start in Streamlit's legacy pages/ mode; the
    first run to frame itself switches that mode off for the whole process while the
    others are still on their way, so each run must see for itself that it is bare
    (``playground.state.enter_page``), or those students get an error, not the app."""
    (ROOT / "artifacts").mkdir(exist_ok=True)
    with fresh_server() as url, contexts(browser, len(PAIRS)) as browser_contexts:
        pages = open_pages(browser_contexts)
        for page, pair in zip(pages, PAIRS):
            page.goto(link(url, pair), wait_until="commit")
        shown, want = {}, {}
        for page, pair in zip(pages, PAIRS):
            wait_idle(page, timeout=WAIT)
            # framed: the navigation bar, or (a bare run) an error box: whichever first
            page.locator("[data-testid='stTopNavLink'], [data-testid='stException']"
                         ).first.wait_for()
            wait_idle(page, timeout=WAIT)
            framed = page.locator("[data-testid='stTopNavLink']").count()
            shown[pair] = {
                "navigation links": framed,
                "exceptions": page.locator("[data-testid='stException']").count(),
                "pair": shown_pair(page) if framed else None,
            }
            want[pair] = {"navigation links": 6, "exceptions": 0, "pair": pair}
        if shown != want:
            screenshot(pages[-1], "load-fresh-server")
        assert shown == want
