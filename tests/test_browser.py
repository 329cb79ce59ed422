"""The real app in a real browser: ``streamlit run app.py`` driven by Chromium.

These check what only a browser shows: the pages render with no exception box, and
training is animated live (the progress text advances while the class watches).
Screenshots land in ``artifacts/``.
"""

import re
import pytest

from tests.conftest import screenshot, wait_idle

pytestmark = pytest.mark.browser

PAGES = {"home": "/", "data": "/data", "train": "/train", "draw": "/draw",
         "concepts": "/concepts", "lab": "/lab"}


def test_a_link_to_a_page_works_on_a_freshly_started_server(app_url, page):
    """The first visitor of a new server follows a link straight to /train."""
    page.goto(f"{app_url}/train?neg=3&pos=8")
    wait_idle(page)
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.get_by_role("heading", name="Train the neuron").is_visible()
    nav = page.locator("[data-testid='stTopNavLink']")
    assert nav.count() == 6, "the navigation bar of app.py frames the page"
    assert page.get_by_role("combobox", name="Negative digit (label 0)").input_value() == "3"
    assert page.get_by_role("combobox", name="Positive digit (label 1)").input_value() == "8"


@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_loads_clean(app_url, page, name):
    page.goto(app_url + PAGES[name])
    wait_idle(page)
    page.wait_for_timeout(500)  # let the charts paint before the screenshot
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.locator("h1").count() >= 1
    screenshot(page, f"page-{name}")


RECORD_PROGRESS = """() => {
    window.__progress = [];
    setInterval(() => {
        const bar = document.querySelector("[data-testid='stProgress']");
        const text = bar ? bar.innerText : "";
        const seen = window.__progress;
        if (text && seen[seen.length - 1] !== text) seen.push(text);
    }, 20);
}"""


def test_train_shows_the_run_live_then_100_percent(app_url, page):
    page.goto(f"{app_url}/train")
    wait_idle(page)
    progress = page.locator("[data-testid='stProgress']")
    assert "Iteration 0 / 1000" in progress.inner_text()
    page.evaluate(RECORD_PROGRESS)  # the browser notes every text the bar shows
    page.get_by_role("button", name="Train").click()
    page.wait_for_timeout(1200)
    screenshot(page, "train-live")
    page.wait_for_function("window.__progress.some(t => t.includes('Iteration 1000 / 1000'))",
                           timeout=30_000)

    seen = [int(m.group(1)) for t in page.evaluate("window.__progress")
            if (m := re.search(r"Iteration (\d+) / 1000", t))]
    assert len(set(seen)) >= 5, f"the progress should advance visibly, saw {seen}"
    assert seen == sorted(seen) and seen[-1] == 1000

    wait_idle(page)
    metric = page.locator("[data-testid='stMetric']").filter(has_text="Test accuracy")
    assert "100.00%" in metric.inner_text()
    assert page.locator(".js-plotly-plot").count() >= 3, "cost, accuracy and weights"
    assert page.locator("[data-testid='stException']").count() == 0
    screenshot(page, "train-done")
