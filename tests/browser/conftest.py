"""Browser journeys and accessibility checks in Debian's Chromium, driven by Playwright.

The site is the suite's own `app` (tests/conftest.py: a fresh SQLite file, or
TEST_DATABASE_URL, with the schema built by the migrations) served by werkzeug on
127.0.0.1 and a free port, in a thread of this process; the suite wipes it after each test
as usual. Screenshots of each journey step go to test-artifacts/screenshots/<journey>/.

Without /usr/bin/chromium or the `browser` extra (playwright) the tests fail to collect,
saying what to install (see helpers.py, which every test module imports first).
"""

from __future__ import annotations

import re
import threading
from typing import TYPE_CHECKING

import pytest
from werkzeug.serving import make_server

from careercenter.codes.demo_codes import load_demo_codes
from careercenter.codes.importers import import_icd10cm
from tests import factories

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext

CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# The ICD-10-CM categories the journeys' jobs name: the whole code set takes a minute to
# load, and the suite empties the database after every test. The CPT, HCPCS and modifier
# demo files load whole, as `flask codes load-demo` does.
ICD10CM_PREFIXES = ["E11"]
TIMEOUT_MS = 15_000


FAILED = pytest.StashKey[bool]()


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: drives Debian's Chromium against the live app")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call" and report.failed:
        item.stash[FAILED] = True
    return report


@pytest.fixture(scope="session")
def live_server(app):
    """The app served on 127.0.0.1 and a free port; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    from tests.browser.helpers import CHROMIUM

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def new_context(request, browser: Browser, live_server):
    """A factory of separate browsers (cookies and all): one per person in a journey.

    When the test fails, each page is saved to test-artifacts/screenshots/failures/."""
    contexts: list[BrowserContext] = []

    def make() -> BrowserContext:
        context = browser.new_context(
            base_url=live_server, accept_downloads=True, viewport={"width": 1280, "height": 900}
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context

    yield make
    if request.node.stash.get(FAILED, False):
        folder = request.config.rootpath / "test-artifacts" / "screenshots" / "failures"
        folder = folder / re.sub(r"[^\w.-]+", "_", request.node.name)
        pages = [page for context in contexts for page in context.pages]
        for number, page in enumerate(pages, start=1):
            page.screenshot(path=folder / f"browser-{number}.png", full_page=True)
    for context in contexts:
        context.close()


@pytest.fixture
def new_page(new_context):
    """A page in a browser of its own."""
    return lambda: new_context().new_page()


@pytest.fixture
def demo_codes(app):
    """The demo code data, so key codes in jobs link to code pages."""
    with app.app_context():
        import_icd10cm(only_prefixes=ICD10CM_PREFIXES)
        load_demo_codes(with_icd10cm=False)


@pytest.fixture
def latest_posting_id(app):
    return lambda: factories.latest_posting_id(app)
