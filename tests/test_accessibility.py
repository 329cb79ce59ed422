"""Every page passes axe-core's accessibility audit in a real browser (zero violations):
a projector is not the only screen a class uses, and a screen reader user is a student too."""

import pytest

from tests.support.browser import axe_violations, wait_idle

pytestmark = pytest.mark.browser

PAGES = {"home": "/", "data": "/data", "train": "/train", "draw": "/draw",
         "concepts": "/concepts", "lab": "/lab", "class": "/class"}


@pytest.mark.parametrize("name", list(PAGES))
def test_the_page_has_no_accessibility_violations(app_url, page, axe_source, name):
    page.goto(app_url + PAGES[name])
    wait_idle(page)
    if name == "train":  # the live view, drawn in the browser
        page.locator(".lv-progress-text").wait_for()
    elif name not in ("draw", "class"):  # the others open with charts
        page.locator(".js-plotly-plot").first.wait_for()
    page.wait_for_timeout(500)
    violations = axe_violations(page, axe_source)
    assert not violations, "\n".join(violations)


def test_train_after_a_run_has_no_accessibility_violations(app_url, page, axe_source):
    """The results and the "Look inside" tabs appear only after a run: audit them too."""
    page.goto(app_url + "/train?neg=3&pos=8")
    wait_idle(page)
    page.get_by_role("button", name="Train", exact=True).click()
    page.locator("[data-testid='stMetric']").filter(has_text="Test accuracy").wait_for()
    wait_idle(page)
    page.locator(".mv-square").first.wait_for()  # the confusion matrix
    page.mouse.move(5, 5)  # the button's tooltip away
    page.wait_for_timeout(800)
    violations = axe_violations(page, axe_source)
    assert not violations, "\n".join(violations)
