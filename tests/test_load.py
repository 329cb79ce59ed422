"""A small classroom in the browser: four students at once on a freshly started server.

The teacher starts the server and shares four links to /train, one digit pair each.
All four students open them at the same moment: each must get the framed app
(navigation bar, the settings of their own link), not an error. Then all four press
Train together: each must end up with their own pair and their own result (the
tutorial's test accuracy for that pair).

The server is the test's own, started just now: the first visitors of a fresh server
are part of the scenario (each must get app.py's navigation frame even though no
session has run it before), and one server for both halves keeps the test short.

The timings and the memory of many sessions are measured by hand with
``benchmarks/load_test.py``; this test checks only correctness and isolation (no
wall-clock asserts). The pages live in one Chromium (one context, so one Streamlit
session, each) and are driven in turns: every step is started on all four pages before
any of them is waited for, so the script runs overlap on the server.
"""

import contextlib

import numpy as np
import pytest

from tests.support import tutorial_reference as ref
from tests.support.browser import screenshot, wait_idle
from tests.support.server import streamlit_server

pytestmark = pytest.mark.browser

ITERATIONS, LEARNING_RATE = 300, 0.05
# Four pairs whose expected test accuracies all differ (87.50%, 94.44%, 95.83%, 97.22%),
# so a session showing another session's run is caught by its accuracy, too.
PAIRS = [(1, 8), (7, 9), (3, 8), (1, 2)]
WAIT = 90_000  # ms: generous, for a loaded 2-core machine; only a failure waits this long

from tests.support.browser import PROGRESS_TEXT as PROGRESS  # the live view's progress text
NEGATIVE, POSITIVE = "Negative digit (label 0)", "Positive digit (label 1)"


def expected_test_accuracy(negative, positive):
    X_train, Y_train, X_test, Y_test = ref.tutorial_data(negative, positive)
    params, _ = ref.optimize(np.zeros((64, 1)), 0.0, X_train, Y_train, ITERATIONS,
                             LEARNING_RATE)
    return f"{100 * np.mean(ref.predict(params['w'], params['b'], X_test) == Y_test):.2f}%"


@contextlib.contextmanager
def pages_in_own_contexts(browser, n):
    """``n`` pages, each in a context of its own (so a Streamlit session of its own)."""
    contexts = [browser.new_context(viewport={"width": 1600, "height": 1000})
                for _ in range(n)]
    try:
        pages = [context.new_page() for context in contexts]
        for page in pages:
            page.set_default_timeout(WAIT)
        yield pages
    finally:
        for context in contexts:
            context.close()


def shown_pair(page):
    return tuple(int(page.get_by_role("combobox", name=name).input_value())
                 for name in (NEGATIVE, POSITIVE))


def test_four_students_at_once_each_get_the_app_and_their_own_run(browser):
    expected = {pair: expected_test_accuracy(*pair) for pair in PAIRS}
    assert len(set(expected.values())) == len(PAIRS), expected

    with streamlit_server("streamlit-fresh-server.log") as url, pages_in_own_contexts(browser, len(PAIRS)) as pages:
        # all four open their link on the fresh server at the same moment...
        for page, (negative, positive) in zip(pages, PAIRS):
            page.goto(f"{url}/train?neg={negative}&pos={positive}"
                      f"&iterations={ITERATIONS}&lr={LEARNING_RATE}", wait_until="commit")
        opened = {}
        for page, pair in zip(pages, PAIRS):
            wait_idle(page, timeout=WAIT)
            # framed: the navigation bar; a bare run: an error box. Whichever comes first.
            page.locator("[data-testid='stTopNavLink'], [data-testid='stException']"
                         ).first.wait_for()
            wait_idle(page, timeout=WAIT)
            framed = page.locator("[data-testid='stTopNavLink']").count()
            opened[pair] = {
                "navigation links": framed,
                "exceptions": page.locator("[data-testid='stException']").count(),
                "pair": shown_pair(page) if framed else None,
            }
        framed_app = {pair: {"navigation links": 7, "exceptions": 0, "pair": pair}
                      for pair in PAIRS}
        if opened != framed_app:
            screenshot(pages[-1], "load-first-visitors")
        assert opened == framed_app, "every first visitor gets the framed app"

        for page in pages:
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
                "progress": page.locator(".lv-progress-text").inner_text().strip(),
                "test accuracy": metric.inner_text().split()[-1],
                "exceptions": page.locator("[data-testid='stException']").count(),
            }
            want[pair] = {"pair": pair, "progress": f"Iteration {ITERATIONS} / {ITERATIONS}",
                          "test accuracy": expected[pair], "exceptions": 0}
        screenshot(pages[-1], "load-four-sessions")
        assert shown == want, "each session shows its own pair and its own result"
