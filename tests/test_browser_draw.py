"""Draw in a real browser: every part of the drawing square takes ink (the canvas
widget's own toolbar covers none of it), and on a 1280x720 projector the whole canvas,
Clear and the prediction are on screen together without scrolling."""

import math
import re

import pytest

from playground.drawing_pad import BAND, SIZE
from tests.support.browser import boxes_inside_the_viewport, screenshot, sized_page, wait_idle

pytestmark = pytest.mark.browser

INSET = 8  # each stroke starts this far inside the drawing square's edge
STROKE = 100  # and runs this far towards the square's centre
PEN = 22  # the page's default pen width
# where each stroke starts, in drawing-square pixels: the corners and the edges' middles
STARTS = {
    "top-left": (INSET, INSET), "top": (SIZE / 2, INSET),
    "top-right": (SIZE - INSET, INSET), "right": (SIZE - INSET, SIZE / 2),
    "bottom-right": (SIZE - INSET, SIZE - INSET), "bottom": (SIZE / 2, SIZE - INSET),
    "bottom-left": (INSET, SIZE - INSET), "left": (INSET, SIZE / 2),
}


def canvas_box(page):
    canvas = page.locator("canvas.upper-canvas").first
    canvas.scroll_into_view_if_needed()
    return canvas.bounding_box()


def stroke_towards_centre(page, start):
    """One pen stroke from ``start`` (drawing-square pixels) straight towards the
    square's centre, STROKE pixels long; returns its end."""
    box = canvas_box(page)
    x0, y0 = box["x"], box["y"] + BAND  # the drawing square's top-left on screen
    dx, dy = SIZE / 2 - start[0], SIZE / 2 - start[1]
    length = math.hypot(dx, dy)
    end = (start[0] + STROKE * dx / length, start[1] + STROKE * dy / length)
    page.mouse.move(x0 + start[0], y0 + start[1])
    page.mouse.down()
    for k in range(1, 11):
        t = k / 10
        page.mouse.move(x0 + start[0] + t * (end[0] - start[0]),
                        y0 + start[1] + t * (end[1] - start[1]), steps=2)
    page.mouse.up()
    page.wait_for_timeout(500)
    wait_idle(page)
    return end


def ink_alpha_at(page, point):
    """The canvas's own ink (alpha 0-255) at ``point`` of the drawing square: the
    drawing layer, transparent but for the strokes (the background is a layer below)."""
    return page.locator("canvas.dc-canvas.lower-canvas").first.evaluate(
        "(c, [x, y]) => c.getContext('2d').getImageData(x, y, 1, 1).data[3]",
        [round(point[0]), round(point[1]) + BAND])


def chart_arrays(page):
    """Each plotly chart's title and first trace's z, as the browser drew them."""
    return page.evaluate("""() => [...document.querySelectorAll('.js-plotly-plot')].map(g => {
        const title = g.layout && g.layout.title ? g.layout.title.text : null;
        const trace = g._fullData && g._fullData[0];
        const z = trace && trace.z ? Array.from(trace.z, row => Array.from(row)) : null;
        return {title, z};
    })""")


def stage(page, title):
    """The image of the preprocessing stage whose chart title holds ``title``."""
    page.get_by_text(title).first.wait_for()
    return next(c["z"] for c in chart_arrays(page) if c["title"] and title in c["title"])


def clear(page):
    page.get_by_role("button", name="Clear", exact=True).click()
    page.wait_for_timeout(300)
    wait_idle(page)
    page.locator("canvas.upper-canvas").first.wait_for()
    page.wait_for_timeout(1000)  # the fresh canvas is ready for the pen


@pytest.mark.parametrize("where", list(STARTS))
def test_a_stroke_starting_near_any_edge_or_corner_inks(app_url, page, where):
    page.goto(f"{app_url}/draw")
    wait_idle(page)
    page.locator("canvas.upper-canvas").first.wait_for()
    page.wait_for_timeout(1000)
    start = STARTS[where]
    end = stroke_towards_centre(page, start)

    assert ink_alpha_at(page, (SIZE / 2, SIZE / 2)) == 0, "nothing drawn at the centre"
    assert ink_alpha_at(page, start) > 200, f"no ink where the stroke began ({where})"
    assert ink_alpha_at(page, end) > 200, f"no ink where the stroke ended ({where})"
    # the page read all of it: the ink it cropped spans the stroke, start to end
    cropped = stage(page, "1. your ink")
    height, width = len(cropped), len(cropped[0])
    span_x = abs(end[0] - start[0]) + PEN - max(0, PEN / 2 - min(start[0], SIZE - start[0]))
    span_y = abs(end[1] - start[1]) + PEN - max(0, PEN / 2 - min(start[1], SIZE - start[1]))
    assert width >= span_x - 6 and height >= span_y - 6, (where, height, width, span_x, span_y)
    counts = stage(page, "3. 8×8")
    assert sum(map(sum, counts)) > 0, "the 8x8 features hold the ink"
    metric = page.locator("[data-testid='stMetric']").filter(has_text="Prediction")
    assert re.search(r"Prediction\s+\d", metric.inner_text()), "the neuron answers"
    assert page.locator("[data-testid='stException']").count() == 0


def test_strokes_in_every_corner_count_together_and_clear_wipes_them(app_url, page):
    page.goto(f"{app_url}/draw")
    wait_idle(page)
    page.locator("canvas.upper-canvas").first.wait_for()
    page.wait_for_timeout(1000)
    for where in ("top-left", "top-right", "bottom-right", "bottom-left"):
        stroke_towards_centre(page, STARTS[where])
    cropped = stage(page, "1. your ink")
    # corner to corner: the ink spans the whole square but the insets' margins
    assert len(cropped) >= SIZE - 2 * INSET and len(cropped[0]) >= SIZE - 2 * INSET
    clear(page)
    assert page.locator("[data-testid='stMetric']").count() == 0
    assert ink_alpha_at(page, STARTS["top-right"]) == 0


def test_on_a_1280x720_projector_canvas_clear_and_prediction_fit_together(browser, app_url):
    with sized_page(browser, 1280, 720) as page:
        page.goto(f"{app_url}/draw")
        wait_idle(page)
        page.locator("canvas.upper-canvas").first.wait_for()
        page.wait_for_timeout(1000)
        assert page.evaluate(
            "document.querySelector('[data-testid=stMain]').scrollTop") == 0
        # a 1, drawn without scrolling: the canvas is fully on screen from the start
        box = page.locator("canvas.upper-canvas").first.bounding_box()
        assert box["y"] + box["height"] <= 720, box
        page.mouse.move(box["x"] + 140, box["y"] + BAND + 30)
        page.mouse.down()
        for k in range(1, 23):
            page.mouse.move(box["x"] + 140, box["y"] + BAND + 30 + 10 * k, steps=2)
        page.mouse.up()
        page.wait_for_timeout(500)
        wait_idle(page)
        prediction = page.locator("[data-testid='stMetric']").filter(has_text="Prediction")
        prediction.wait_for()
        page.evaluate("document.querySelector('[data-testid=stMain]').scrollTo(0, 0)")
        page.wait_for_timeout(300)
        outside = boxes_inside_the_viewport(page, {
            "canvas": page.locator("canvas.upper-canvas").first,
            "Clear": page.get_by_role("button", name="Clear", exact=True),
            "Prediction": prediction,
        })
        assert not outside, f"not on screen at 1280x720: {outside}"
        assert re.search(r"Prediction\s+1\b", prediction.inner_text())
        page.mouse.move(5, 600)
        page.screenshot(path="artifacts/draw-1280x720.png")


def test_draw_at_800_px_wide_has_nothing_clipped(browser, app_url):
    with sized_page(browser, 800, 900) as page:
        page.goto(f"{app_url}/draw")
        wait_idle(page)
        page.locator("canvas.upper-canvas").first.wait_for()
        # every control's box lies inside the page's width
        for locator in (page.get_by_role("button", name="Clear", exact=True),
                        page.get_by_text("Upload a photo", exact=True),
                        page.get_by_text("The ten-digit model (ten neurons)"),
                        page.locator("canvas.upper-canvas").first):
            box = locator.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 800, box
        screenshot(page, "draw-800")
