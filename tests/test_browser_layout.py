"""Draw, Lab, Data and Concepts on a projector (1280x720) and a narrow window (800 px):
no label or number cut short with "…", nothing wider than the window, no chart title
cut at its chart's edge, no legend over a title."""

import pytest

from tests.support.browser import screenshot, sized_page, wait_idle

pytestmark = pytest.mark.browser

SIZES = {"1280": (1280, 720), "800": (800, 900)}
PAGES = {"draw": ("/draw", None), "data": ("/data", None), "concepts": ("/concepts", None),
         "lab-race": ("/lab?neg=3&pos=8", None), "lab-map": ("/lab", "Pair difficulty map"),
         "lab-sklearn": ("/lab", "Against scikit-learn")}

# What a browser shows clipped, found in the page as drawn (each a short description).
PROBLEMS = """() => {
    const problems = [];
    const main = document.querySelector("[data-testid='stMain']");
    const width = document.documentElement.clientWidth;
    const visible = (e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== "hidden";
    const label = (e) => (e.innerText || e.textContent || "").trim().slice(0, 60);
    // text cut short with an ellipsis
    for (const e of main.querySelectorAll("*")) {
        if (!visible(e) || !e.textContent.trim()) continue;
        const style = getComputedStyle(e);
        if (style.textOverflow === "ellipsis" && e.scrollWidth > e.clientWidth + 1)
            problems.push(`cut with …: "${label(e)}"`);
    }
    // controls and metrics reaching past the window's right edge
    for (const e of main.querySelectorAll(
            "[data-testid='stWidgetLabel'], [data-testid='stMetric'], button, [role='radio'], "
            + "[role='switch'], [data-testid='stSlider'], canvas")) {
        if (!visible(e)) continue;
        const box = e.getBoundingClientRect();
        if (box.width > 0 && (box.right > width + 1 || box.left < -1))
            problems.push(`past the window's edge (${Math.round(box.left)}-${Math.round(box.right)}): "${label(e)}"`);
    }
    // chart titles inside their chart; legends off the titles
    for (const plot of main.querySelectorAll(".js-plotly-plot")) {
        const svg = plot.querySelector(".main-svg");
        if (!svg || !visible(plot)) continue;
        const frame = svg.getBoundingClientRect();
        const titles = [...plot.querySelectorAll(".gtitle, .annotation-text, .g-xtitle, .g-ytitle")]
            .filter(visible);
        for (const t of titles) {
            const box = t.getBoundingClientRect();
            if (box.width === 0) continue;
            if (box.left < frame.left - 1 || box.right > frame.right + 1 || box.top < frame.top - 1)
                problems.push(`chart text cut at the chart's edge: "${label(t)}"`);
        }
        for (const legend of plot.querySelectorAll(".legend")) {
            const l = legend.getBoundingClientRect();
            for (const t of plot.querySelectorAll(".gtitle, .annotation-text")) {
                const box = t.getBoundingClientRect();
                if (box.width && l.left < box.right && box.left < l.right && l.top < box.bottom
                        && box.top < l.bottom)
                    problems.push(`legend over the title "${label(t)}"`);
            }
        }
    }
    return problems;
}"""


def draw_a_seven(page):
    from playground.drawing_pad import BAND

    canvas = page.locator("canvas.upper-canvas").first
    canvas.wait_for()
    page.wait_for_timeout(1000)
    box = canvas.bounding_box()
    x0, y0 = box["x"], box["y"] + BAND
    points = [(70, 50), (210, 50), (120, 250)]
    page.mouse.move(x0 + points[0][0], y0 + points[0][1])
    page.mouse.down()
    for (xa, ya), (xb, yb) in zip(points, points[1:]):
        for k in range(1, 11):
            page.mouse.move(x0 + xa + (xb - xa) * k / 10, y0 + ya + (yb - ya) * k / 10, steps=2)
    page.mouse.up()
    page.wait_for_timeout(500)
    wait_idle(page)
    page.locator("[data-testid='stMetric']").filter(has_text="Prediction").wait_for()


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("name", list(PAGES))
def test_nothing_is_cut_or_covered(browser, app_url, name, size):
    width, height = SIZES[size]
    with sized_page(browser, width, height) as page:
        path, tab = PAGES[name]
        page.goto(app_url + path)
        wait_idle(page)
        if name == "draw":
            draw_a_seven(page)
        if tab:
            page.get_by_role("tab", name=tab).click()
        if name != "draw":
            page.locator(".js-plotly-plot >> visible=true").first.wait_for()
        page.wait_for_timeout(1500)  # the charts lay out their titles and legends
        problems = page.evaluate(PROBLEMS)
        screenshot(page, f"layout-{name}-{size}")
        assert not problems, "\n".join(problems)
        assert page.locator("[data-testid='stException']").count() == 0
