"""Shared fixtures: a clean Streamlit cache per test, and for browser tests a real
``streamlit run app.py`` on 127.0.0.1 driven by Playwright in Debian's Chromium (the
helpers themselves are in ``tests/support``)."""

import os
import tempfile

import pytest

from tests.support import browser as chromium
from tests.support.lesson import PROJECTOR
from tests.support.postgres import postgres_server
from tests.support.server import streamlit_server

# Class mode keeps its database in a data folder: the tests' own, never the project's
# data/ (a test that needs its own database sets PLAYGROUND_DATABASE_URL itself).
os.environ.setdefault("PLAYGROUND_DATA_DIR", tempfile.mkdtemp(prefix="playground-tests-"))


@pytest.fixture(autouse=True)
def _clear_streamlit_caches():
    """st.cache_data and st.cache_resource are process-global and would leak between
    AppTest instances."""
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


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
    """Debian's Chromium under Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = chromium.launch(playwright)
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    with chromium.sized_page(browser, 1600, 1000) as page:
        yield page


@pytest.fixture
def people(browser):
    """New browser contexts (each a separate person's browser, with a projector's
    window), closed at the end: ``page = people()``."""
    made = []

    def new():
        context = browser.new_context(viewport=PROJECTOR)
        made.append(context)
        page = context.new_page()
        page.set_default_timeout(30_000)
        return page

    yield new
    for context in made:
        context.close()



@pytest.fixture(scope="session")
def axe_source():
    """axe-core's script, installed from the npm registry the first time."""
    return chromium.axe_script()


@pytest.fixture(scope="session")
def postgres_server_url():
    """One private PostgreSQL server for the whole test session (its ``playground``
    database's URL)."""
    with postgres_server() as url:
        yield url
