"""Every page passes axe-core's accessibility audit in a real browser (zero violations):
a projector is not the only screen a class uses, and a screen reader user is a student too."""

import pytest

from tests.conftest import axe_violations, wait_idle

pytestmark = pytest.mark.browser

PAGES = {"home": "/", "data": "/data", "train": "/train", "draw": "/draw",
         "concepts": "/concepts", "lab": "/lab"}


@pytest.mark.parametrize("name", list(PAGES))
def test_the_page_has_no_accessibility_violations(app_url, page, axe_source, name):
    page.goto(app_url + PAGES[name])
    wait_idle(page)
    if name != "draw":
        page.locator(".js-plotly-plot").first.wait_for()
    page.wait_for_timeout(500)
    violations = axe_violations(page, axe_source)
    assert not violations, "\n".join(violations)
