"""Browser tests: Debian's Chromium, driven by the `playwright` package, against the real app.

They skip with their reason when Chromium, playwright or the admin build is missing, so `make
test` passes on a bare machine; CI installs Chromium and builds the SPA first, and fails if they
skip. Never `playwright install`: it downloads a browser, which fails here (DESIGN.md).
"""

from __future__ import annotations

import importlib.util
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.config import DEFAULT_ADMIN_DIR
from tests.browser.harness import Admin, BrowserSession, admin_app, shop_app
from tests.support.databases import DatabaseTarget

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _missing() -> str | None:
    if importlib.util.find_spec("playwright") is None:
        return "the `playwright` package (`pip install -e '.[dev]'`)"
    if not CHROMIUM.exists() and shutil.which("chromium") is None:
        return "Chromium (`apt-get install -y chromium`)"
    if not (DEFAULT_ADMIN_DIR / "index.html").is_file():
        return "the admin build (`make admin`, Node.js 20.19+)"
    return None


@pytest.fixture(scope="module")
def browser_session() -> Iterator[BrowserSession]:
    """One headless Chromium per test module.

    Playwright's sync API keeps its event loop marked as running on the main thread while it is
    open, so it must be closed before the suite's async tests run again: hence not per session.
    """
    missing = _missing()
    if missing is not None:
        pytest.skip(f"browser tests need {missing}")
    from playwright.sync_api import sync_playwright

    executable = CHROMIUM if CHROMIUM.exists() else Path(shutil.which("chromium") or "chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield BrowserSession(browser)
        finally:
            browser.close()


@pytest.fixture
def admin(database: DatabaseTarget, browser_session: BrowserSession) -> Iterator[Admin]:
    """The real app serving the admin build, with two tenants, an admin and a viewer."""
    with admin_app(database, browser_session) as running:
        yield running


@pytest.fixture
def shop_admin(database: DatabaseTarget, browser_session: BrowserSession) -> Iterator[Admin]:
    """The app with the installed modules; commerce on in bravo."""
    with shop_app(database, browser_session) as running:
        yield running
