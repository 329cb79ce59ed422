"""Take the README's screenshots: ``.venv/bin/python tools/take_screenshots.py``.

Starts ``streamlit run app.py`` on a free port, drives Debian's Chromium through
Playwright at a projector's width (1280 px) and saves each page, whole, into
docs/screenshots/. Look at them before committing: they are what a teacher sees first.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import expect, sync_playwright  # noqa: E402

from tests.support.browser import (  # noqa: E402
    CHROMIUM, CHROMIUM_ARGS, PROGRESS_TEXT, draw, wait_idle)
from tests.support.lesson import (  # noqa: E402
    enter_the_challenge, join, share_a_run, start_challenge, start_class)
from tests.support.server import streamlit_server  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
WIDTH, HEIGHT = 1280, 720


def save(page, name, whole=True):
    """The page (whole: Streamlit scrolls inside its own container, so the viewport is
    made as tall as the page for the picture), without a hover tooltip or focus ring."""
    page.mouse.move(5, 5)
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.wait_for_timeout(400)
    if whole:
        height = page.evaluate(
            "Math.max(...[...document.querySelectorAll('[data-testid=stMain], "
            "[data-testid=stMainBlockContainer]')].map(e => e.scrollHeight))")
        page.set_viewport_size({"width": WIDTH, "height": min(max(height + 40, HEIGHT), 4000)})
        page.wait_for_timeout(600)
    page.screenshot(path=str(OUT / f"{name}.png"))
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
    print("saved", OUT / f"{name}.png")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    with streamlit_server("screenshots.log") as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}).new_page()
        page.set_default_timeout(60_000)
        for name, path in [("home", "/"), ("data", "/data"), ("concepts", "/concepts"),
                           ("lab", "/lab"), ("class", "/class")]:
            page.goto(url + path)
            wait_idle(page)
            page.wait_for_timeout(1500)  # the charts paint
            save(page, name)

        page.goto(f"{url}/train?neg=3&pos=8")
        wait_idle(page)
        page.get_by_role("button", name="Train", exact=True).click()
        page.wait_for_function(f"{PROGRESS_TEXT}.includes('Iteration 1000 / 1000')")
        page.locator("[data-testid='stMetric']").filter(has_text="Test accuracy").wait_for()
        wait_idle(page)
        save(page, "train", whole=False)  # what the projector shows
        page.get_by_role("tab", name="Replay").click()
        wait_idle(page)
        page.wait_for_timeout(1000)
        save(page, "train-replay")

        page.goto(f"{url}/train?neg=3&pos=8&iterations=5000")
        wait_idle(page)
        page.get_by_text("Slow", exact=True).click()
        wait_idle(page)
        page.get_by_role("button", name="Train", exact=True).click()
        page.wait_for_timeout(2500)
        page.get_by_role("button", name="Pause", exact=True).click()
        page.locator("[data-testid='stMetric']").filter(has_text="Test accuracy").wait_for()
        wait_idle(page)
        page.wait_for_timeout(800)
        save(page, "train-paused", whole=False)
        square = page.locator(".mv-square").nth(1)
        square.scroll_into_view_if_needed()
        square.click()
        page.wait_for_timeout(500)
        wait_idle(page)
        save(page, "train-confusion")

        page.goto(f"{url}/draw")
        wait_idle(page)
        draw(page, [(120, 30), (80, 170), (220, 170)])  # a 4's slant and bar
        draw(page, [(180, 90), (180, 260)])  # and its stem
        page.wait_for_timeout(1000)
        save(page, "draw")
        class_scene(browser, url)
        browser.close()


def class_scene(browser, url):
    """A lesson: a teacher's board with three students' runs and a challenge on, then
    the winners' card."""
    def person():
        page = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}).new_page()
        page.set_default_timeout(60_000)
        return page
    teacher = person()
    code, _ = start_class(teacher, url)
    students = [(person(), name) for name in ("Amira", "Ben", "Chloé")]
    for page, name in students:
        join(page, url, code, name)
        share_a_run(page)
    start_challenge(teacher, 3, 8, target=97, most_iterations=500)
    for (page, _), (rate, steps) in zip(students, [(0.5, 3), (0.05, 5), (0.005, 2)]):
        enter_the_challenge(page, rate, steps)
    expect(teacher.locator("[data-testid='stDataFrame']").first).to_contain_text(
        "Chloé", timeout=15_000)  # the challenge's table has all three
    wait_idle(teacher)
    teacher.wait_for_timeout(1500)
    save(teacher, "class-challenge")
    teacher.get_by_role("button", name="End the challenge").click()
    teacher.get_by_text("The winners").first.wait_for()
    wait_idle(teacher)
    teacher.wait_for_timeout(1500)
    save(teacher, "class-winners")


if __name__ == "__main__":
    main()
