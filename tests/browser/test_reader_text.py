"""Issue 28 in a real Chromium, at 1280 px (the phone's 390 px is checked in every language by
test_languages.py's page walk, and English pages at 1280 px by test_pages.py): no English left
on a Chinese page, a link to another page of the app opens in the same tab and keeps the
reader's view, and each browser tab says which page it is."""

from __future__ import annotations

import pytest

from tests.browser.pages import PAGES
from tests.browser.reader_text import (
    english_on_chinese_page,
    internal_links,
    internal_links_with_a_target,
)
from tests.browser.streamlit_page import EXCEPTION, goto, settle
from tests.browser.test_languages import ZH_TITLES, with_lang

pytestmark = pytest.mark.browser

INDICATOR = "/indicator?id=key_process_cnc_rate"
ZH_PAGES = [(p.path, ZH_TITLES[p.name]) for p in PAGES] + [(INDICATOR, "关键工序数控化率")]


@pytest.mark.parametrize(("path", "title"), ZH_PAGES, ids=[p for p, _ in ZH_PAGES])
def test_a_chinese_page_has_no_english_and_no_link_that_opens_a_tab(
    path, title, page, console, app_url
):
    goto(page, app_url + with_lang(path, "zh"))
    assert page.locator(EXCEPTION).count() == 0
    assert english_on_chinese_page(page) == []
    assert internal_links_with_a_target(page, app_url) == []
    assert page.title().startswith(title + " · "), page.title()  # the tab names the page
    assert page.title().endswith("中国智能制造进展追踪")
    assert console.errors == [], "\n".join(console.errors)


def test_a_link_to_another_page_keeps_the_view_and_stays_in_the_tab(page, console, app_url):
    goto(page, app_url + "/?area=standards&area=technology&horizon=2025&lang=zh")
    links = [h for h in internal_links(page) if h.startswith("/indicator?id=")]
    assert links, "the Overview links its indicators"
    assert all("area=standards" in h and "horizon=2025" in h and "lang=zh" in h for h in links)
    pages_before = len(page.context.pages)
    page.locator(f'[data-testid="stMain"] a[href="{links[0]}"]').first.click()
    page.wait_for_url("**/indicator?**")
    settle(page)
    assert len(page.context.pages) == pages_before  # no new tab
    assert "area=standards" in page.url and "horizon=2025" in page.url and "lang=zh" in page.url
    assert page.locator(EXCEPTION).count() == 0
    assert console.errors == [], "\n".join(console.errors)
