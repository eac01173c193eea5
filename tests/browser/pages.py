"""The app's pages as a browser sees them. Kept by hand in step with dashboard.py's PAGES
definitions (test_page_list_matches_dashboard fails when they drift apart)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Page

from tests.browser.streamlit_page import settle


@dataclass(frozen=True)
class AppPage:
    name: str  # screenshot file name
    url_path: str  # st.Page(url_path=...)
    title: str  # the page's st.title
    charts: bool  # has Plotly charts with every area selected
    default: bool = False  # the default page is served at "/", not at /<url_path>

    @property
    def path(self) -> str:
        return "/" if self.default else f"/{self.url_path}"


PAGES = [
    AppPage("overview", "overview", "Overview", charts=True, default=True),
    AppPage("work-areas", "work-areas", "Work areas", charts=True),
    AppPage("priorities", "priorities", "Forward priorities", charts=True),
    AppPage("targets", "targets", "Targets vs actual", charts=True),
    AppPage("indicator", "indicator", "Indicators", charts=False),
    AppPage("data", "data", "Data", charts=False),
    AppPage("sources", "sources", "Sources & method", charts=False),
    AppPage("changes", "changes", "What's new", charts=False),
]
BY_NAME = {p.name: p for p in PAGES}

WORK_AREAS = [
    "Technological breakthroughs",
    "Solution supply",
    "Leadership and demonstration",
    "Standards",
]
PRIORITIES = ["Applications", "Supply support", "Infrastructure"]

ALL_AREAS = WORK_AREAS + PRIORITIES
TARGET_COUNT = re.compile(r"\(of (\d+) targets?\)")


def url_areas(url: str) -> list[str]:
    return parse_qs(urlsplit(url).query).get("area", [])


def sidebar(page: Page):
    return page.locator('[data-testid="stSidebar"]')


def ticked(page: Page) -> list[str]:
    return [a for a in ALL_AREAS if sidebar(page).get_by_role("checkbox", name=a).is_checked()]


def toggle(page: Page, area: str) -> None:
    """Click an area's checkbox label in the sidebar and wait for the rerun it starts."""
    before = page.url
    sidebar(page).get_by_text(area, exact=True).click()
    page.wait_for_function("u => location.href !== u", arg=before, timeout=15_000)
    settle(page)


def target_count(page: Page) -> int:
    """The Overview's "(of N targets)"."""
    text = page.locator('[data-testid="stMain"]').inner_text()
    found = TARGET_COUNT.search(text)
    assert found, "the overview's target count is missing"
    return int(found.group(1))


def tabs(page: Page) -> list[str]:
    """The labels of the area pages' area choice (a segmented control: one button per selected
    area; one area is drawn at a time)."""
    group = page.locator('[data-testid="stMain"] [data-testid="stButtonGroup"]').first
    return [t.strip() for t in group.locator("button").all_inner_texts()]
