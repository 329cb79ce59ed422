"""Driving the real app in Debian's Chromium with Playwright: the browser's flags, a
page of a given size, waiting for a script run to end, drawing on the canvas, an
axe-core audit and full-page screenshots (into ``artifacts/``)."""

import contextlib
import subprocess
from pathlib import Path

from tests.support.server import ARTIFACTS, ROOT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
AXE_VERSION = "4.14.1"  # axe-core, the engine behind browsers' accessibility checks
AXE_DIR = ROOT / ".cache" / "axe"
# The live view draws in an open shadow root: its host element, and the progress text it
# shows ("Iteration i / n") as a JavaScript expression.
LIVE = "[data-testid='stBidiComponentIsolated']"
PROGRESS_TEXT = ("(() => { const h = document.querySelector(\"" + LIVE + "\"); "
                 "const t = h && h.shadowRoot && h.shadowRoot.querySelector('.lv-progress-text'); "
                 "return t ? t.textContent : ''; })()")


def launch(playwright):
    """Debian's Chromium under ``playwright``. Missing Chromium is an error, not a skip."""
    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"{CHROMIUM} is missing: install Debian's chromium package "
                           "(run_tests.sh does)")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


@contextlib.contextmanager
def sized_page(browser, width, height, **options):
    """A page in a fresh browser context (a session of its own) of this window size;
    ``options`` go to ``browser.new_context``."""
    context = browser.new_context(viewport={"width": width, "height": height}, **options)
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        yield page
    finally:
        context.close()


def axe_script():
    """axe-core's script, installed from the npm registry the first time."""
    script = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
    if not script.exists():
        AXE_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--silent",
                        "--prefix", str(AXE_DIR), f"axe-core@{AXE_VERSION}"],
                       check=True, timeout=300)
    return script.read_text()


def axe_violations(page, axe_source):
    """Run axe-core on the page as it is now; its violations as short strings."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=axe_source)
    results = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, help: v.help,
            nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' :: ' + n.failureSummary)}));
    }""")
    return [f"{v['id']}: {v['help']} -> {v['nodes']}" for v in results]


def wait_idle(page, timeout=30_000):
    """Wait until the app has drawn a page and finished its script run."""
    page.wait_for_selector("[data-testid='stMain'] h1", timeout=timeout)
    page.wait_for_selector(IDLE, timeout=timeout)


def boxes_inside_the_viewport(page, locators):
    """Of ``locators`` (name -> locator), those whose box is not wholly on screen."""
    size = page.viewport_size
    outside = {}
    for name, locator in locators.items():
        box = locator.bounding_box()
        if not (box and box["x"] >= 0 and box["y"] >= 0
                and box["x"] + box["width"] <= size["width"]
                and box["y"] + box["height"] <= size["height"]):
            outside[name] = box
    return outside


def draw(page, points):
    """One pen stroke through ``points`` given in pixels of the drawing square (0-280),
    which sits under the strip of the canvas widget's toolbar."""
    from playground.drawing_pad import BAND

    canvas = page.locator("canvas.upper-canvas").first
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    x0, y0 = box["x"], box["y"] + BAND
    page.mouse.move(x0 + points[0][0], y0 + points[0][1])
    page.mouse.down()
    for x, y in points[1:]:
        page.mouse.move(x0 + x, y0 + y, steps=3)
    page.mouse.up()
    page.wait_for_timeout(500)
    wait_idle(page)


def screenshot(page, name):
    """The whole page: Streamlit scrolls inside its own container, so the viewport is
    made as tall as the page for the picture, then put back."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.mouse.move(5, 600)  # no hover tooltip over the picture
    page.evaluate("document.activeElement && document.activeElement.blur()")
    size = page.viewport_size
    height = page.evaluate(
        "Math.max(...[...document.querySelectorAll('[data-testid=stMain], "
        "[data-testid=stMainBlockContainer]')].map(e => e.scrollHeight))")
    page.set_viewport_size({"width": size["width"],
                            "height": min(max(height + 80, size["height"]), 5000)})
    page.wait_for_timeout(600)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))
    page.set_viewport_size(size)
