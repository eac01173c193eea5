"""Every page in a real browser at 1280 px: it loads, its charts draw, nothing errs, nothing
scrolls sideways; a full-page screenshot of each is kept in test-artifacts/screenshots/."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.browser.pages import PAGES
from tests.browser.reader_text import internal_links_with_a_target
from tests.browser.server import serve
from tests.browser.streamlit_page import (
    ALL_CHARTS_DRAWN,
    CHART,
    EXCEPTION,
    ConsoleLog,
    charts_drawn,
    full_page_screenshot,
    goto,
    horizontal_overflow,
)

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
README_SHOTS = REPO / "docs" / "screenshots"
UPDATE_SCREENSHOTS = os.environ.get("UPDATE_SCREENSHOTS") == "1"


def save_readme_copy(shot: Path, target: Path) -> None:
    """The README's copy of a screenshot: 256 colours, no dithering (a UI has few), so the
    committed PNG is about a third of the size and reads the same."""
    from PIL import Image  # Pillow comes with Streamlit

    target.parent.mkdir(parents=True, exist_ok=True)
    with Image.open(shot) as im:
        quantized = im.convert("RGB").quantize(
            colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
        )
        quantized.save(target, optimize=True)


def test_page_list_matches_dashboard():
    """The hard-coded page list is dashboard.py's: update tests/browser/pages.py when not."""
    from bench.common import app_pages

    declared = [(p.url_path, p.default) for p in app_pages(REPO / "dashboard.py")]
    assert declared == [(p.url_path, p.default) for p in PAGES]


@pytest.mark.parametrize("app_page", PAGES, ids=[p.name for p in PAGES])
def test_page_loads_draws_and_fits(app_page, page, console, app_url, artifacts):
    goto(page, app_url + app_page.path)
    main = page.locator('[data-testid="stMain"]')

    assert main.locator("h1").first.inner_text().strip() == app_page.title
    assert page.locator(EXCEPTION).count() == 0, page.locator(EXCEPTION).all_inner_texts()
    errors = page.locator('[data-testid="stAlertContentError"]').all_inner_texts()
    assert not errors
    assert "As of " in main.inner_text()  # every page says how recent its figures are

    total, drawn = charts_drawn(page)
    assert drawn == total, f"{total - drawn} of {total} charts did not draw"
    if app_page.charts:
        assert total > 0
        for chart in page.locator(CHART).all():
            assert chart.locator(".main-svg").count() > 0
    else:
        assert total == 0

    assert horizontal_overflow(page) == {}, "scrolls sideways at 1280 px"
    # issue 28: a link to another page stays in the tab; the tab names the page
    assert internal_links_with_a_target(page, app_url) == []
    assert page.title() == f"{app_page.title} · China intelligent manufacturing progress tracker"

    # The navigation lists every page, in the order of dashboard.py.
    nav = page.locator('[data-testid="stSidebarNavLink"]')
    assert nav.count() == len(PAGES)
    # (each link's text starts with its material icon's name: the label is the last line)
    assert [t.strip().splitlines()[-1] for t in nav.all_inner_texts()] == [p.title for p in PAGES]

    shot = artifacts / f"{app_page.name}.png"
    full_page_screenshot(page, shot)
    if UPDATE_SCREENSHOTS:
        save_readme_copy(shot, README_SHOTS / shot.name)

    # Pages with a tab per area: a picture of every other tab too (artifacts only).
    tab_labels = page.locator('[data-testid="stTab"]')
    for i in range(1, tab_labels.count()):
        tab_labels.nth(i).click()
        page.wait_for_function(ALL_CHARTS_DRAWN, timeout=10_000)
        full_page_screenshot(page, artifacts / f"{app_page.name}-tab{i + 1}.png")

    assert console.errors == [], "\n".join(console.errors)


def test_navigation_links_open_their_pages(page, console, app_url):
    """Clicking through the sidebar navigation reaches each page at its own address."""
    goto(page, app_url + "/")
    for app_page in PAGES[1:] + PAGES[:1]:
        label = page.get_by_text(app_page.title, exact=True)
        page.locator('[data-testid="stSidebarNavLink"]').filter(has=label).click()
        page.wait_for_url(re.compile(re.escape(app_url + app_page.path) + r"(\?.*)?$"))
        page.locator('[data-testid="stMain"] h1', has_text=app_page.title).wait_for()
    assert page.locator(EXCEPTION).count() == 0
    assert console.errors == [], "\n".join(console.errors)


def test_shared_link_as_first_visit_after_start(browser_db, context, tmp_path):
    """A page link opened as the very first visit of a freshly started server (how a shared
    link meets a restarted app) opens that page, filtered, under no "Page not found" dialog."""
    with serve(browser_db, tmp_path / "streamlit.log") as base:
        page = context.new_page()
        console = ConsoleLog(origin=base)
        console.attach(page)
        try:
            goto(page, base + "/targets?area=standards")
            assert page.get_by_text("Page not found").count() == 0
            assert page.locator('[data-testid="stMain"] h1').first.inner_text() == (
                "Targets vs actual"
            )
            assert page.url == base + "/targets?area=standards"
            assert page.locator(EXCEPTION).count() == 0
            assert console.errors == [], "\n".join(console.errors)
        finally:
            page.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_2025_verdict_is_within_the_overviews_first_two_screens(browser, app_url, lang):
    """At 1400 x 1000, the verdict table's last row ends within 2,000 px of the page's top."""
    from tests.browser.streamlit_page import settle

    pg = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        goto(pg, f"{app_url}/?lang={lang}")
        settle(pg)
        rows = pg.locator('[data-testid="stMain"] [data-testid="stMarkdownContainer"] table')
        rows = rows.first.locator("tbody tr")
        assert rows.count() == 13  # every goal due by 2025, on one page
        bottom = pg.evaluate(
            """(el) => el.getBoundingClientRect().bottom + window.scrollY""",
            rows.last.element_handle(),
        )
        assert bottom <= 2000, bottom
    finally:
        pg.close()
