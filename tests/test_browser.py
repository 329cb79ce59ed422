"""The real app in a real browser: ``streamlit run app.py`` driven by Chromium.

These check what only a browser shows: the pages render with no exception box, and
training is animated live (the progress text advances while the class watches).
Screenshots land in ``artifacts/``.
"""

import re

import pytest

from playground import navigation

from tests.support.browser import (PROGRESS_TEXT, boxes_inside_the_viewport, draw, screenshot,
                                   sized_page, wait_idle)
from tests.support.server import ARTIFACTS

pytestmark = pytest.mark.browser

PAGES = {p.url_path or "home": p.url for p in navigation.PAGES}


def test_a_link_to_a_page_works_on_a_freshly_started_server(app_url, page):
    """The first visitor of a new server follows a link straight to /train."""
    page.goto(f"{app_url}/train?neg=3&pos=8")
    wait_idle(page)
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.get_by_role("heading", name="Train the neuron").is_visible()
    nav = page.locator("[data-testid='stTopNavLink']")
    assert nav.count() == 7, "the navigation bar of app.py frames the page"
    assert page.get_by_role("combobox", name="Negative digit (label 0)").input_value() == "3"
    assert page.get_by_role("combobox", name="Positive digit (label 1)").input_value() == "8"


@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_loads_clean(app_url, page, name):
    page.goto(app_url + PAGES[name])
    wait_idle(page)
    if name == "train":  # the live view, drawn in the browser
        page.locator(".lv-progress-text").wait_for()
    elif name not in ("draw", "class"):  # every other page opens with charts
        page.locator(".js-plotly-plot").first.wait_for()
    page.wait_for_timeout(500)  # let the charts paint before the screenshot
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.locator("h1").count() >= 1
    screenshot(page, f"page-{name}")


# On every animation frame, the progress text the class sees.
RECORD_PROGRESS = f"""() => {{
    window.__progress = [];
    (function sample() {{
        window.__progress.push({PROGRESS_TEXT});
        requestAnimationFrame(sample);
    }})();
}}"""


def iteration_shown(page):
    text = page.locator(".lv-progress-text").inner_text()
    return int(re.search(r"Iteration (\d+) /", text).group(1))


def click(page, name):
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_timeout(300)
    wait_idle(page)


def test_train_shows_the_run_live_then_100_percent(app_url, page):
    page.goto(f"{app_url}/train")
    wait_idle(page)
    page.locator(".lv-progress-text").wait_for()
    assert iteration_shown(page) == 0
    progressbar = page.get_by_role("progressbar")
    assert progressbar.get_attribute("aria-valuemax") == "1000"
    page.evaluate(RECORD_PROGRESS)  # the browser notes the text on every frame
    page.get_by_role("button", name="Train", exact=True).click()
    page.wait_for_timeout(1200)
    assert page.locator("[data-testid='stMetric']").filter(has_text="Test accuracy").count() == 0, \
        "the final numbers are not revealed while the run plays"
    screenshot(page, "train-live")
    page.wait_for_function("window.__progress.some(t => t.includes('Iteration 1000 / 1000'))",
                           timeout=30_000)

    seen = [int(m.group(1)) for t in page.evaluate("window.__progress")
            if (m := re.search(r"Iteration (\d+) / 1000", t))]
    # a slideshow of server-drawn frames showed 14 distinct values; the browser plays dozens
    assert len(set(seen)) >= 25, f"the progress should advance smoothly, saw {sorted(set(seen))}"
    assert seen[seen.index(1000):] == [1000] * len(seen[seen.index(1000):])
    after_click = seen[[i for i, v in enumerate(seen) if v == 0][-1]:]
    assert after_click == sorted(after_click), "it never goes back"

    metric = page.locator("[data-testid='stMetric']").filter(has_text="Test accuracy").first
    metric.wait_for(timeout=15_000)
    wait_idle(page)
    assert "100.00%" in metric.inner_text()
    assert progressbar.get_attribute("aria-valuenow") == "1000"
    assert page.locator("[data-testid='stException']").count() == 0
    screenshot(page, "train-done")


@pytest.mark.parametrize("width, height", [(1280, 720), (800, 1000)])
def test_train_fits_a_projector_and_a_narrow_window(app_url, browser, width, height):
    """After Train, on a 1280x720 projector: the button, the progress, every live view
    and the accuracies, all without scrolling. At 800 px: nothing clipped sideways."""
    with sized_page(browser, width, height) as page:
        page.goto(f"{app_url}/train")
        wait_idle(page)
        page.get_by_role("button", name="Train", exact=True).click()
        page.get_by_role("button", name="Pause", exact=True).wait_for()
        screenshot(page, f"train-{width}-mid-run")
        page.locator("[data-testid='stMetric']").filter(has_text="Test accuracy").wait_for()
        wait_idle(page)
        page.mouse.move(5, 5)
        page.wait_for_timeout(300)
        page.screenshot(path=str(ARTIFACTS / f"train-{width}x{height}-end.png"))
        scroller = page.locator("[data-testid='stMain']")
        assert scroller.evaluate("e => e.scrollTop") == 0
        panels = page.locator(".lv-panel")
        assert panels.count() == 5, "cost, accuracy, sigmoid, weights, gradient"
        wanted = {"Train": page.get_by_role("button", name="Train", exact=True),
                  "progress": page.get_by_role("progressbar"),
                  "Train accuracy": page.locator("[data-testid='stMetric']").filter(has_text="Train accuracy"),
                  "Test accuracy": page.locator("[data-testid='stMetric']").filter(has_text="Test accuracy")}
        if width >= 1280:
            wanted.update({f"live view {i}": panels.nth(i) for i in range(panels.count())})
            outside = boxes_inside_the_viewport(page, wanted)
            assert not outside, f"out of view at {width}x{height}: {outside}"
        speeds = [page.get_by_role("radio", name=name) for name in ("Slow", "Normal", "Fast", "Instant")]
        for control in speeds + list(wanted.values()):
            box = control.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= width, "nothing clipped sideways"


def test_play_pause_step_reset_in_the_browser(app_url, page):
    page.goto(f"{app_url}/train?iterations=10000")
    wait_idle(page)
    page.get_by_text("Slow", exact=True).click()  # Play goes at 10000 iterations per 8 s
    wait_idle(page)
    assert iteration_shown(page) == 0
    page.get_by_role("button", name="Play", exact=True).click()
    page.wait_for_function(f"() => /Iteration [1-9]\\d* \\//.test({PROGRESS_TEXT})",
                           timeout=15_000)
    first = iteration_shown(page)
    page.wait_for_timeout(1500)  # past the first segment: the next one joined on
    assert iteration_shown(page) > first + 1250, "Play keeps training, segment after segment"
    assert page.get_by_role("button", name="Step", exact=True).is_disabled()

    click(page, "Pause")
    held = iteration_shown(page)
    assert 0 < held < 10_000, "paused in the middle of the run"
    page.wait_for_timeout(1200)
    wait_idle(page)
    assert iteration_shown(page) == held, "Pause holds the frame on screen"
    assert page.get_by_role("button", name="Play", exact=True).is_visible()
    screenshot(page, "train-paused")

    click(page, "Step")  # the server's run is at the frame the class saw, not ahead
    page.wait_for_function(f"{PROGRESS_TEXT}.includes('Iteration {held + 1} /')")
    click(page, "+100")
    page.wait_for_function(f"{PROGRESS_TEXT}.includes('Iteration {held + 101} /')")
    click(page, "Reset")
    page.wait_for_function(f"{PROGRESS_TEXT}.includes('Iteration 0 /')")
    assert page.locator("[data-testid='stException']").count() == 0


def test_after_pausing_a_train_play_goes_on_from_the_frame_shown(app_url, page):
    """Train plays the whole run as one playback; Pause in the middle, and Play on the
    live view continues from there (the server's still picture says it can)."""
    page.goto(f"{app_url}/train?iterations=5000")
    wait_idle(page)
    page.get_by_text("Slow", exact=True).click()  # the run takes 8 s on screen
    wait_idle(page)
    click(page, "Train")
    page.wait_for_function(f"() => /Iteration [1-9]\\d{{3,}} \\//.test({PROGRESS_TEXT})",
                           timeout=15_000)
    click(page, "Pause")
    held = iteration_shown(page)
    assert 0 < held < 5000
    page.locator("[data-testid='stMetric']").filter(has_text="Test accuracy").wait_for()
    wait_idle(page)
    play = page.get_by_role("button", name="Play", exact=True)
    page.wait_for_function(
        "() => { const h = document.querySelector(\"[data-testid='stBidiComponentIsolated']\");"
        " const b = h && h.shadowRoot && h.shadowRoot.querySelector('.lv-button');"
        " return b && !b.disabled; }", timeout=10_000)
    assert play.is_enabled(), "the run can go on"
    play.click()
    page.wait_for_function(
        f"() => {{ const m = /Iteration (\\d+) \\//.exec({PROGRESS_TEXT});"
        f" return m && +m[1] > {held}; }}", timeout=15_000)
    assert page.locator("[data-testid='stException']").count() == 0


def assert_shows(picture, counts):
    """The element shows the 8x8 image ``counts`` (0-16: white to black), each pixel a
    square of the same grey (read at each square's centre, inside a 1 px border)."""
    import io
    import numpy as np
    from PIL import Image

    picture.scroll_into_view_if_needed()
    shot = np.asarray(Image.open(io.BytesIO(picture.screenshot())).convert("L"), dtype=float)
    inner = shot[1:-1, 1:-1]
    cell = inner.shape[0] / 8
    centres = ((np.arange(8) + 0.5) * cell).astype(int)
    shown = inner[np.ix_(centres, centres)]
    np.testing.assert_allclose(shown, np.round(255 - counts / 16 * 255), atol=3)


def test_a_shared_link_trains_the_expected_run(app_url, page):
    from tests.support import tutorial_reference as ref
    import numpy as np

    X_train, Y_train, X_test, Y_test = ref.tutorial_data(3, 8)
    params, _ = ref.optimize(np.zeros((64, 1)), 0.0, X_train, Y_train, 300, 0.05)
    expected = 100 * np.mean(ref.predict(params["w"], params["b"], X_test) == Y_test)

    page.goto(f"{app_url}/train?neg=3&pos=8&lr=0.05&iterations=300")
    wait_idle(page)
    page.get_by_text("Instant", exact=True).click()
    wait_idle(page)
    click(page, "Train")
    page.wait_for_function(f"{PROGRESS_TEXT}.includes('Iteration 300 / 300')")
    wait_idle(page)
    metric = page.locator("[data-testid='stMetric']").filter(has_text="Test accuracy").first
    assert f"{expected:.2f}%" in metric.inner_text()
    # the sigmoid view marks as mistakes exactly the test images the neuron gets wrong
    wrong = int(np.sum(ref.predict(params["w"], params["b"], X_test) != Y_test))
    assert wrong > 0
    sigmoid = page.locator(".lv-sigmoid")
    assert sigmoid.get_attribute("data-test-mistakes") == str(wrong)
    assert sigmoid.get_attribute("data-dots") == str(X_train.shape[1] + X_test.shape[1])

    # the confusion matrix drill-down: the four squares hold the test set's counts
    squares = page.locator(".mv-square")
    counts = np.zeros((2, 2), dtype=int)
    predicted = ref.predict(params["w"], params["b"], X_test)[0]
    for true, pred in zip(Y_test[0].astype(int), predicted.astype(int)):
        counts[true, pred] += 1
    assert squares.all_inner_texts() == [str(n) for n in counts.ravel()]
    # click the bottom-right square (true 8, read as 8): its images, in the browser
    squares.nth(3).scroll_into_view_if_needed()
    squares.nth(3).click()
    title = page.locator(".mv-drill-title")
    expect_text = f"{counts[1, 1]} test images of 8 read correctly as 8"
    page.wait_for_function(
        "t => { const h = document.querySelectorAll(\"[data-testid='stBidiComponentIsolated']\");"
        " return [...h].some(e => e.shadowRoot && e.shadowRoot.textContent.includes(t)); }",
        arg=expect_text)
    assert title.inner_text().startswith(expect_text)
    shown = min(int(counts[1, 1]), 24)
    assert page.locator(".mv-drill .mv-digit").count() == shown
    if counts[1, 1] > 24:
        assert "(the first 24 shown)" in title.inner_text()
    assert page.locator(".mv-square[aria-pressed='true']").inner_text() == str(counts[1, 1])
    assert page.locator(".mv-grid").nth(1).locator(".mv-digit").count() == 16, "the hardest"
    # each picture is its own test image, pixel for pixel (the view paints one strip of
    # images per grid and shows each figure's part of it)
    images = np.round(16 * X_test.T).reshape(-1, 8, 8)
    right_8s = np.flatnonzero((Y_test[0] == 1) & (predicted == 1))
    for k in (0, shown // 2, shown - 1):
        assert_shows(page.locator(".mv-drill .mv-digit").nth(k), images[right_8s[k]])
    p = 1 / (1 + np.exp(-(params["w"][:, 0] @ X_test + params["b"])))
    y = Y_test[0]
    loss = -(y * np.log(p) + (1 - y) * np.log(1 - p))
    assert_shows(page.locator(".mv-grid").nth(1).locator(".mv-digit").first,
                 images[int(np.argmax(loss))])
    screenshot(page, "train-confusion")

    page.get_by_role("tab", name="Replay").click()
    page.wait_for_timeout(500)
    screenshot(page, "train-replay")
    assert page.locator("[data-testid='stException']").count() == 0


def predicted_digit(page):
    metric = page.locator("[data-testid='stMetric']").filter(has_text="Prediction")
    metric.wait_for()
    return int(re.search(r"Prediction\s+(\d)", metric.inner_text()).group(1))


def test_drawing_a_large_1_and_a_small_off_centre_0(app_url, page):
    import math

    page.goto(f"{app_url}/draw")
    wait_idle(page)
    assert "Draw a digit in the white square" in \
        page.locator("[data-testid='stAlert']").first.inner_text()

    # a tall 1 down the middle, from the very top of the drawing square
    draw(page, [(140, 10 + 10 * i) for i in range(24)])
    assert predicted_digit(page) == 1
    screenshot(page, "draw-one")

    page.get_by_role("button", name="Clear", exact=True).click()
    page.wait_for_timeout(300)
    wait_idle(page)
    assert page.locator("[data-testid='stMetric']").count() == 0
    page.locator("canvas.upper-canvas").first.wait_for()
    page.wait_for_timeout(1000)  # the fresh canvas is ready for the pen

    # a small 0 in the bottom-left corner: an ellipse 40 px wide, 60 px tall
    draw(page, [(60 + 20 * math.sin(t / 12 * math.tau), 210 - 30 * math.cos(t / 12 * math.tau))
                for t in range(14)])
    assert predicted_digit(page) == 0
    assert page.locator("[data-testid='stException']").count() == 0
    screenshot(page, "draw-zero")


def _bad_uploads():
    import io
    import struct
    import zlib

    import numpy as np
    from PIL import Image

    def png(array):
        buffer = io.BytesIO()
        Image.fromarray(array).save(buffer, format="PNG")
        return buffer.getvalue()

    noisy = png((np.random.default_rng(0).random((200, 200)) * 255).astype(np.uint8))
    tiny = png(np.zeros((1, 1), np.uint8))
    header = bytearray(tiny[16:29])
    header[0:8] = struct.pack(">II", 100_000, 100_000)  # a "bomb": 10^10 pixels declared
    bomb = tiny[:16] + bytes(header) + struct.pack(">I", zlib.crc32(b"IHDR" + bytes(header))) \
        + tiny[33:]
    return {
        "not-an-image.png": (b"this is not a picture at all" * 10, "That file can't be used"),
        "truncated.png": (noisy[:3000], "That file can't be used"),
        "bomb.png": (bomb, "That file can't be used"),
        "huge.png": (b"\x89PNG\r\n\x1a\n" + bytes(20_000_000), "5.0MB"),
    }


@pytest.mark.parametrize("name", ["not-an-image.png", "truncated.png", "bomb.png", "huge.png"])
def test_a_bad_upload_gets_a_clear_message(app_url, page, tmp_path, name):
    data, message = _bad_uploads()[name]
    page.goto(f"{app_url}/draw")
    wait_idle(page)
    page.get_by_text("Upload a photo", exact=True).click()
    wait_idle(page)
    path = tmp_path / name
    path.write_bytes(data)
    page.locator("input[type='file']").set_input_files(str(path))
    page.get_by_text(message).first.wait_for(timeout=20_000)
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.locator("[data-testid='stMetric']").count() == 0


def test_lab_charts_render_and_the_map_loads_a_pair(app_url, page):
    page.goto(f"{app_url}/lab")
    wait_idle(page)
    page.locator(".js-plotly-plot").first.wait_for()
    page.get_by_role("tab", name="Pair difficulty map").click()
    squares = page.locator("[data-testid='stPlotlyChart'] path.point")
    squares.first.wait_for()
    assert squares.count() == 90, "one square per ordered pair of different digits"
    cells = [(r, c) for r in range(10) for c in range(10) if r != c]
    box = squares.nth(cells.index((3, 8))).bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.get_by_text("Current pair: 3 vs 8").wait_for(timeout=20_000)
    screenshot(page, "lab-map")
    page.get_by_role("tab", name="Against scikit-learn").click()
    page.get_by_text("Predictions that agree").wait_for()
    assert page.locator("[data-testid='stException']").count() == 0
    screenshot(page, "lab-sklearn")
