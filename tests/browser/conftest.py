"""Fixtures for the browser suite: one index, one live server and one Chromium per session."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import CORPUS, DATA, GOOD_FIXTURES, ROOT, need
from tests.servers import live_server as serving

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "artifacts"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"]


@pytest.fixture(scope="session")
def browser_index(tmp_path_factory) -> Path:
    """An index of the sample corpus, the mini fixtures, xss.pdf and a fire and rescue report of no
    known family (print-ligatures.pdf: the generic profile reads it), with the fast hash embedder."""
    from index.engine import ingest_files

    root = tmp_path_factory.mktemp("browser-index")
    paths = sorted(CORPUS.glob("*.pdf")) + GOOD_FIXTURES + [DATA / "xss.pdf", DATA / "print-ligatures.pdf"]
    results = ingest_files(paths, root, embedder="hash")
    failed = [r.line() for r in results if r.status == "failed"]
    assert not failed, failed
    return root


@pytest.fixture(scope="session")
def live_server(browser_index) -> str:
    """Serve the app on a free local port in a daemon thread; yields its base URL."""
    from service.app import create_app

    with serving(create_app({"INDEX": str(browser_index), "TESTING": True})) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, driven by Playwright (never a downloaded browser); skipped, or failed
    under REPORTQA_REQUIRE_ALL=1, when it is not installed."""
    need(CHROMIUM.exists(), f"the browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def allowed_errors() -> list[str]:
    """Substrings of console errors that a test provokes on purpose (a 500 it stages, say)."""
    return []


@pytest.fixture
def page(browser, live_server, allowed_errors):
    """A fresh browser context (empty localStorage) per test; fails on any unexpected page error."""
    context = browser.new_context(base_url=live_server, viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(f"uncaught: {exc}"))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    yield page
    context.close()
    unexpected = [e for e in errors if not any(a in e for a in allowed_errors)]
    assert not unexpected, f"errors in the page: {unexpected}"


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def reports(live_server) -> list[dict]:
    """The served index's reports, as GET /api/reports lists them."""
    with urllib.request.urlopen(f"{live_server}/api/reports") as response:
        return json.load(response)["reports"]
