"""The baked pages in Chromium (docs/site.md): axe-core's WCAG 2.1 AA rules with no violation,
in English and Chinese, and no sideways scroll on a 390 px wide phone."""

from __future__ import annotations

import pytest

from tests.browser.test_accessibility import AXE_VERSION, axe_run, describe

pytestmark = pytest.mark.browser

PATHS = ["/indicators/key_process_cnc_rate", "/goals", "/indicators/no-such-indicator"]


@pytest.fixture(scope="module")
def phone(browser):
    ctx = browser.new_context(viewport={"width": 390, "height": 844})
    ctx.set_default_timeout(30_000)
    try:
        yield ctx
    finally:
        ctx.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("path", PATHS)
def test_baked_pages_pass_axe_and_fit_a_phone(path, lang, phone, app_url):
    address = app_url + ("/zh" if lang == "zh" else "") + path
    page = phone.new_page()
    try:
        response = page.goto(address)
        assert response is not None
        assert response.status == (404 if "no-such" in path else 200)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, address
        result = axe_run(page)
        assert result["testEngine"]["version"] == AXE_VERSION
        violations = result["violations"]
        assert not violations, f"{address}: {len(violations)} rule(s)\n" + describe(violations)
    finally:
        page.close()
