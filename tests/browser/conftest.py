"""Browser test fixtures: one database built by the ETL, one app server on 127.0.0.1, one
headless Debian Chromium and one browser context (1280 px wide) per session; a new page, and so
a new Streamlit session, per test."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from tests.browser.server import serve
from tests.browser.streamlit_page import (
    CHROMIUM,
    CHROMIUM_ARGS,
    HEIGHT,
    WIDTH,
    ConsoleLog,
)

REPO = Path(__file__).resolve().parents[2]
ASSESSED_ON = date(2026, 11, 24)
ARTIFACTS = REPO / "test-artifacts"


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not Path(CHROMIUM).exists():
        pytest.skip(
            f"browser tests need Debian's Chromium at {CHROMIUM} "
            "(apt-get install -y chromium, or `make chromium`); none is downloaded"
        )
    return CHROMIUM


@pytest.fixture(scope="session")
def browser_db(tmp_path_factory) -> Path:
    from etl.build import DEFAULT_DATASETS, build

    db = tmp_path_factory.mktemp("browserdb") / "tracker.duckdb"
    build(DEFAULT_DATASETS, db, ASSESSED_ON)
    return db


@pytest.fixture(scope="session")
def app_url(chromium_path, browser_db, tmp_path_factory) -> Iterator[str]:
    """Base URL of the app serving the test database, one server for the session."""
    log_path = tmp_path_factory.mktemp("server") / "streamlit.log"
    with serve(browser_db, log_path) as base:
        yield base


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS, timeout=30_000)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def console(app_url) -> ConsoleLog:
    return ConsoleLog(origin=app_url)


@pytest.fixture(scope="session")
def context(browser):
    """One browser context for the session (1280 x 900, downloads accepted), so the app's
    scripts and styles load from cache after the first page. Each test still gets its own page,
    and so its own Streamlit session."""
    ctx = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, accept_downloads=True)
    ctx.set_default_timeout(30_000)
    ctx.set_default_navigation_timeout(30_000)
    try:
        yield ctx
    finally:
        ctx.close()


@pytest.fixture
def page(context, console):
    """A new page, console errors collected in `console`. Every action and wait is bounded by
    the context's default timeouts."""
    pg = context.new_page()
    console.attach(pg)
    try:
        yield pg
    finally:
        pg.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    path = ARTIFACTS / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path
