"""The sidebar area filter, driven as a person would, and kept in the address (?area=...)."""

from __future__ import annotations

import re

import pytest

from tests.browser.pages import (
    ALL_AREAS,
    WORK_AREAS,
    sidebar,
    tabs,
    target_count,
    ticked,
    toggle,
    url_areas,
)
from tests.browser.streamlit_page import EXCEPTION, goto, settle

pytestmark = pytest.mark.browser


def test_sidebar_filter_changes_url_and_page(page, console, app_url):
    goto(page, app_url + "/")
    assert ticked(page) == ALL_AREAS
    assert url_areas(page.url) == []
    everything = target_count(page)

    toggle(page, "Applications")
    assert ticked(page) == [a for a in ALL_AREAS if a != "Applications"]
    areas = url_areas(page.url)
    assert areas and "applications" not in areas and "standards" in areas
    fewer = target_count(page)
    assert 0 < fewer < everything

    # The filter survives a page switch and is applied there.
    nav = page.locator('[data-testid="stSidebarNavLink"]')
    nav.filter(has=page.get_by_text("Work areas", exact=True)).click()
    page.wait_for_url(re.compile(r"/work-areas\?"))
    settle(page)
    assert url_areas(page.url) == areas
    assert ticked(page) == [a for a in ALL_AREAS if a != "Applications"]
    assert tabs(page) == WORK_AREAS

    toggle(page, "Standards")
    assert tabs(page) == [a for a in WORK_AREAS if a != "Standards"]
    assert "standards" not in url_areas(page.url)

    sidebar(page).get_by_role("button", name="Select all areas").click()
    page.wait_for_function("() => !location.search.includes('area=')", timeout=15_000)
    settle(page)
    assert ticked(page) == ALL_AREAS
    assert tabs(page) == WORK_AREAS

    assert page.locator(EXCEPTION).count() == 0
    assert console.errors == [], "\n".join(console.errors)


def test_area_in_url_opens_filtered(page, console, app_url):
    goto(page, app_url + "/work-areas?area=standards")
    assert ticked(page) == ["Standards"]
    assert url_areas(page.url) == ["standards"]
    assert tabs(page) == ["Standards"]
    assert page.locator('[data-testid="stMain"] h2', has_text="Standards").count() == 1

    # A page with none of its areas selected says so instead of showing nothing.
    nav = page.locator('[data-testid="stSidebarNavLink"]')
    nav.filter(has=page.get_by_text("Forward priorities", exact=True)).click()
    page.wait_for_url(re.compile(r"/priorities\?area=standards$"))
    settle(page)
    notice = page.locator('[data-testid="stAlertContentInfo"]')
    assert notice.count() == 1
    assert "No area of this page is selected" in notice.inner_text()

    assert page.locator(EXCEPTION).count() == 0
    assert console.errors == [], "\n".join(console.errors)


def test_unknown_area_in_url_shows_notice(page, console, app_url):
    goto(page, app_url + "/?area=nonsense")
    warning = page.locator('[data-testid="stAlertContentWarning"]')
    assert warning.count() == 1
    assert warning.is_visible()
    assert "nonsense" in warning.inner_text()
    assert ticked(page) == ALL_AREAS  # nothing usable asked for: every area
    assert page.locator('[data-testid="stMain"] h1').first.inner_text().strip() == "Overview"
    assert page.locator(EXCEPTION).count() == 0
    assert page.locator('[data-testid="stAlertContentError"]').count() == 0
    assert console.errors == [], "\n".join(console.errors)
