"""Shared fixtures: a clean Streamlit cache per test, and for browser tests a real
``streamlit run app.py`` on 127.0.0.1 driven by Playwright in Debian's Chromium."""

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
AXE_VERSION = "4.14.1"  # axe-core, the engine behind browsers' accessibility checks
AXE_DIR = ROOT / ".cache" / "axe"

# Class mode keeps its database in a data folder: the tests' own, never the project's
# data/ (a test that needs its own database sets PLAYGROUND_DATABASE_URL itself).
os.environ.setdefault("PLAYGROUND_DATA_DIR", tempfile.mkdtemp(prefix="playground-tests-"))


@pytest.fixture(autouse=True)
def _clear_streamlit_caches():
    """st.cache_data is process-global and would leak between AppTest instances."""
    import streamlit as st

    st.cache_data.clear()
    yield
    st.cache_data.clear()


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_serving(url, process, log_path, seconds=60):
    """Return once the Streamlit server at ``url`` answers its health check; raise if
    ``process`` ends or ``seconds`` pass first (its log is at ``log_path``)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"streamlit did not start; see {log_path}")
        time.sleep(0.3)


# The process behind each running ``streamlit_server``, by URL (a test may kill it).
SERVERS = {}


@contextlib.contextmanager
def streamlit_server(log_name="streamlit-server.log", env=None, port=None):
    """Start ``streamlit run app.py`` as a teacher would, on 127.0.0.1 (a free port, or
    ``port``); yield its URL once it answers, stop it afterwards. ``env``: more
    environment variables for the server (e.g. its class database);
    ``SERVERS[url]`` is its process meanwhile."""
    port = port or _free_port()
    ARTIFACTS.mkdir(exist_ok=True)
    log = open(ARTIFACTS / log_name, "w")
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
    )
    url = f"http://127.0.0.1:{port}"
    SERVERS[url] = server
    try:
        wait_until_serving(url, server, ARTIFACTS / log_name)
        yield url
    finally:
        SERVERS.pop(url, None)
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


@pytest.fixture(scope="session")
def app_url(tmp_path_factory):
    """One server for the browser tests of the whole session (its class database in a
    folder of its own, not the checkout's data/)."""
    data = tmp_path_factory.mktemp("app-data")
    with streamlit_server(env={"PLAYGROUND_DATA_DIR": str(data),
                               "PLAYGROUND_DATABASE_URL": ""}) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium under Playwright. Missing Chromium is an error, not a skip."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"{CHROMIUM} is missing: install Debian's chromium package "
                           "(.ci/run does)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@contextlib.contextmanager
def sized_page(browser, width, height):
    """A page in a fresh browser context (a session of its own) of this window size."""
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def page(browser):
    with sized_page(browser, 1600, 1000) as page:
        yield page


@pytest.fixture(scope="session")
def axe_source():
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
    page.set_viewport_size({"width": size["width"], "height": min(max(height + 80, size["height"]), 5000)})
    page.wait_for_timeout(600)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))
    page.set_viewport_size(size)
