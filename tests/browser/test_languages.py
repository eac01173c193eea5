"""Both languages in a real Chromium: a page in Chinese (headings, labels, statuses, axis
titles), the switch in the sidebar (kept in the URL with the filters and across pages), and
every page of both languages at a phone's width (390 px): nothing scrolls sideways and each
table starts with its indicator (pinned) and its status."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from tests.browser.pages import PAGES
from tests.browser.reader_text import english_on_chinese_page, internal_links_with_a_target
from tests.browser.streamlit_page import (
    EXCEPTION,
    ConsoleLog,
    charts_drawn,
    full_page_screenshot,
    goto,
    settle,
)
from tests.browser.test_pages import README_SHOTS, UPDATE_SCREENSHOTS, save_readme_copy

pytestmark = pytest.mark.browser

# page name -> its title in Chinese
ZH_TITLES = {
    "overview": "概览",
    "work-areas": "工作领域",
    "priorities": "下一步重点",
    "targets": "目标与实际",
    "indicator": "指标",
    "data": "数据",
    "sources": "来源与方法",
    "changes": "最新变化",
}
PHONE = {"width": 390, "height": 844}


def test_a_cjk_font_is_installed():
    """Without one, Chromium draws Chinese as empty boxes (make chromium installs
    fonts-noto-cjk)."""
    if not shutil.which("fc-list"):
        pytest.skip("fc-list not found: cannot tell which fonts Chromium has")
    fonts = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout
    assert fonts.strip(), "no CJK font: apt-get install fonts-noto-cjk (make chromium)"


def with_lang(path: str, lang: str) -> str:
    return path + ("&" if "?" in path else "?") + f"lang={lang}"


def test_targets_page_in_chinese(page, console, app_url, artifacts):
    goto(page, app_url + "/targets?lang=zh")
    main = page.locator('[data-testid="stMain"]')
    assert main.locator("h1").first.inner_text().strip() == "目标与实际"
    assert page.locator(EXCEPTION).count() == 0
    text = main.inner_text()
    assert "数据截至" in text and "各状态的含义" in text and "数据与目标的对应关系" in text
    # the navigation, in the order of dashboard.py, in Chinese
    nav = page.locator('[data-testid="stSidebarNavLink"]')
    assert [t.strip().splitlines()[-1] for t in nav.all_inner_texts()] == list(ZH_TITLES.values())
    sidebar = page.locator('[data-testid="stSidebar"]')
    for label in ("显示的领域", "技术攻关", "全选领域", "显示的目标", "全部目标"):
        assert sidebar.get_by_text(label, exact=True).count() > 0, label
    # statuses on the chart's bars, and its axis title, drawn in Chinese
    total, drawn = charts_drawn(page)
    assert total == drawn == 1
    chart = page.locator('[data-testid="stPlotlyChart"]').first
    # (svg text: text_content, not inner_text)
    assert chart.locator(".xtitle").text_content() == "最新报告数值占目标的百分比"
    svg_text = chart.text_content() or ""
    assert "已实现" in svg_text and "目标（100%）" in svg_text
    # the table's column titles (drawn on a canvas; its header cells are in the DOM for a11y)
    grid = page.locator('[data-testid="stDataFrame"]').first
    headers = grid.locator('[role="columnheader"]').all_inner_texts()
    assert [h.strip() for h in headers[:2]] == ["指标", "状态"], headers
    shot = artifacts / "targets-zh.png"
    full_page_screenshot(page, shot)
    if UPDATE_SCREENSHOTS:
        save_readme_copy(shot, README_SHOTS / shot.name)
    assert console.errors == [], "\n".join(console.errors)


def test_overview_in_chinese_screenshot(page, console, app_url, artifacts):
    goto(page, app_url + "/?lang=zh")
    main = page.locator('[data-testid="stMain"]')
    assert main.locator("h1").first.inner_text().strip() == "概览"
    text = main.inner_text()
    for words in (
        "2025年目标是否实现？",
        "已达到",
        "无法判定",
        "主要指标",
        "> 1亿",
        "2025年3月31日",
    ):
        assert words in text, words
    total, drawn = charts_drawn(page)
    assert total == drawn == 2
    shot = artifacts / "overview-zh.png"
    full_page_screenshot(page, shot)
    if UPDATE_SCREENSHOTS:
        save_readme_copy(shot, README_SHOTS / shot.name)
    assert console.errors == [], "\n".join(console.errors)


def test_switching_language_keeps_filters_and_page(page, console, app_url):
    goto(page, app_url + "/targets?area=standards&horizon=2025")
    main = page.locator('[data-testid="stMain"]')
    assert main.locator("h1").first.inner_text().strip() == "Targets vs actual"
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text("简体中文", exact=True).click()
    page.wait_for_url(re.compile(r".*lang=zh.*"))
    main.locator("h1", has_text="目标与实际").wait_for()
    settle(page)
    assert "area=standards" in page.url and "horizon=2025" in page.url
    # another page keeps the language and the filters
    label = page.get_by_text("数据", exact=True)
    page.locator('[data-testid="stSidebarNavLink"]').filter(has=label).click()
    main.locator("h1", has_text="数据").wait_for()
    settle(page)
    assert "/data" in page.url and "lang=zh" in page.url and "area=standards" in page.url
    assert "horizon=2025" in page.url  # kept though its radio's labels changed language
    # and back to English: lang leaves the URL
    sidebar.get_by_text("English", exact=True).click()
    main.locator("h1", has_text="Data").wait_for()
    settle(page)
    assert "lang=" not in page.url and "area=standards" in page.url
    assert console.errors == [], "\n".join(console.errors)


@pytest.fixture(scope="module")
def phone(browser):
    ctx = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    ctx.set_default_timeout(30_000)
    ctx.set_default_navigation_timeout(30_000)
    try:
        yield ctx
    finally:
        ctx.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("app_page", PAGES, ids=[p.name for p in PAGES])
def test_no_page_scrolls_sideways_on_a_phone(app_page, lang, phone, app_url, artifacts):
    pg = phone.new_page()
    console = ConsoleLog(origin=app_url)
    console.attach(pg)
    try:
        goto(pg, app_url + with_lang(app_page.path, lang))
        h1 = pg.locator('[data-testid="stMain"] h1').first.inner_text().strip()
        assert h1 == (ZH_TITLES[app_page.name] if lang == "zh" else app_page.title)
        assert pg.locator(EXCEPTION).count() == 0
        width = pg.evaluate(
            "() => [document.scrollingElement.scrollWidth, window.innerWidth,"
            " document.querySelector('[data-testid=\"stMain\"]').scrollWidth]"
        )
        assert width[0] <= width[1], f"the page scrolls sideways: {width}"
        # issue 28: no English left on a Chinese page; links to pages stay in the tab
        if lang == "zh":
            assert english_on_chinese_page(pg) == []
        assert internal_links_with_a_target(pg, app_url) == []
        assert width[2] <= width[1], f"the main area scrolls sideways: {width}"
        # every table shows its first columns (indicator or area, then status or value)
        # within the screen
        for grid in pg.locator('[data-testid="stDataFrame"]').all():
            if not grid.is_visible():
                continue
            box = grid.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 391, box
        full_page_screenshot(pg, artifacts / f"phone-{lang}-{app_page.name}.png")
        assert console.errors == [], "\n".join(console.errors)
    finally:
        pg.close()


def test_phone_targets_table_shows_indicator_and_status(phone, app_url):
    """The first two columns of the targets table (indicator, pinned; status) fit in 390 px."""
    pg = phone.new_page()
    try:
        goto(pg, app_url + "/targets?lang=zh")
        grid = pg.locator('[data-testid="stDataFrame"]').first
        grid_box = grid.bounding_box()
        headers = grid.locator('[role="columnheader"]')
        names = [h.strip() for h in headers.all_inner_texts()]
        assert names[:2] == ["指标", "状态"], names
        assert grid_box is not None and grid_box["width"] >= 340, grid_box
    finally:
        pg.close()
